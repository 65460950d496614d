/** The hourly outreach ceiling: one atomic counter per UTC hour (`RATE#<hour>` / `RATE`), aged out by TTL. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '#clients/dynamodb';
import { hourBucket } from '#domain/guards';
import { requireEnv } from '../env';

/** True when a slot was taken in this hour's budget; false when the hour is full. */
export async function takeSendSlot(now: Date, maxPerHour: number): Promise<boolean> {
  try {
    await documents.send(
      new UpdateCommand({
        TableName: requireEnv('OUTREACH_TABLE'),
        Key: { pk: `RATE#${hourBucket(now)}`, sk: 'RATE' },
        UpdateExpression: 'ADD sent :one SET expiresAt = if_not_exists(expiresAt, :expires)',
        ConditionExpression: 'attribute_not_exists(sent) OR sent < :max',
        ExpressionAttributeValues: { ':one': 1, ':max': maxPerHour, ':expires': Math.floor(now.getTime() / 1000) + 2 * 86_400 },
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}
