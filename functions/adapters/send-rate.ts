/**
 * The hourly outreach ceiling: one atomic counter per UTC hour (`RATE#<hour>` / `RATE`), aged out by
 * TTL. Notify takes the slots for a whole batch in one update; only when the hour cannot fit the
 * batch does it take them one by one, so the last slots of an hour still go out.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '#clients/dynamodb';
import { hourBucket } from '#domain/guards';
import { requireEnv } from '../env';

/** True when `count` slots were taken in this hour's budget; false (nothing taken) when they do not fit. */
export async function takeSendSlots(now: Date, maxPerHour: number, count = 1): Promise<boolean> {
  if (count <= 0) return true;
  if (count > maxPerHour) return false;
  try {
    await documents.send(
      new UpdateCommand({
        TableName: requireEnv('OUTREACH_TABLE'),
        Key: { pk: `RATE#${hourBucket(now)}`, sk: 'RATE' },
        UpdateExpression: 'ADD sent :n SET expiresAt = if_not_exists(expiresAt, :expires)',
        ConditionExpression: 'attribute_not_exists(sent) OR sent <= :room',
        ExpressionAttributeValues: { ':n': count, ':room': maxPerHour - count, ':expires': Math.floor(now.getTime() / 1000) + 2 * 86_400 },
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

/** How many of `wanted` slots this hour still gives: all at once when they fit, else one at a time. */
export async function takeSendSlotsUpTo(now: Date, maxPerHour: number, wanted: number): Promise<number> {
  if (wanted === 0 || (await takeSendSlots(now, maxPerHour, wanted))) return wanted;
  let taken = 0;
  while (taken < wanted && (await takeSendSlots(now, maxPerHour, 1))) taken++;
  return taken;
}

/** One slot (kept for callers sending a single email). */
export const takeSendSlot = (now: Date, maxPerHour: number) => takeSendSlots(now, maxPerHour, 1);
