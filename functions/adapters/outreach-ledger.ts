/**
 * The outreach ledger: one item per decided outreach, written before the email is sent.
 *
 * Crash-window analysis (why a crash never sends twice):
 *   claim (conditional put, state=sending) → SES SendEmail → mark sent.
 *   - Crash before claim: nothing written; redelivery claims and sends. Exactly once.
 *   - Error thrown by SES (throttled, rejected): we know nothing was sent, so the claim is released
 *     and the message retried (and after maxReceiveCount parked in the DLQ).
 *   - Process dies after claim (before or after SES accepted): the item stays `sending`. When the
 *     lease ends, a redelivery cannot know whether SES took the email, so it does NOT resend; the
 *     message is parked in the DLQ with reason `delivery-uncertain` for a person to check the SES
 *     logs and redrive with `force` if needed. We choose a rare held email over a duplicate.
 *   - Crash after SES accepted but before `sent` is recorded: the same `uncertain` path; the
 *     fault-injection test in test/handlers/notify-faults.test.ts pins it down.
 *   - Guards that stop an email (suppressed, no consent, cooldown) are recorded under the same claim,
 *     so a later redelivery finds the outcome and does nothing. Deferrals (quiet hours, hourly
 *     ceiling) happen before the claim: the deferred copy claims when it comes back.
 *   - The SES message id is written next to the outcome (`MSG#<id>`), so bounce and complaint events,
 *     which name only that id, can find their outreach; losing that pointer in a crash costs a
 *     delivery status, never a send (suppression is keyed by the address, not the pointer).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '#clients/dynamodb';
import { requireEnv } from '../env';

export type ClaimResult = 'claimed' | 'done' | 'in-flight' | 'uncertain';
export type OutreachStatus = 'sending' | 'sent' | 'suppressed' | 'unconsented' | 'cooldown' | 'failed' | 'uncertain';
/** What SES reported after the send; kept apart from `status`, which is the exactly-once state. */
export type DeliveryStatus = 'delivered' | 'bounced' | 'soft-bounced' | 'complained' | 'opened' | 'clicked' | 'rejected';

const outreachPk = (id: string) => `OUT#${id}`;
const SK = 'OUT';

export async function claimOutreach(outreachId: string, leaseMs: number, now: Date, attributes: Record<string, unknown>): Promise<ClaimResult> {
  try {
    await documents.send(
      new PutCommand({
        TableName: requireEnv('OUTREACH_TABLE'),
        Item: { pk: outreachPk(outreachId), sk: SK, status: 'sending', leaseUntil: now.getTime() + leaseMs, claimedAt: now.toISOString(), ...attributes },
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return 'claimed';
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
    const existing = err.Item ? unmarshalled(err.Item) : await getOutreach(outreachId);
    if (!existing || existing.status !== 'sending') return 'done';
    return Number(existing.leaseUntil) > now.getTime() ? 'in-flight' : 'uncertain';
  }
}

export async function recordOutcome(outreachId: string, status: Exclude<OutreachStatus, 'sending'>, fields: Record<string, unknown>): Promise<void> {
  const entries = Object.entries({ status, ...fields });
  await documents.send(
    new UpdateCommand({
      TableName: requireEnv('OUTREACH_TABLE'),
      Key: { pk: outreachPk(outreachId), sk: SK },
      UpdateExpression: `SET ${entries.map((_, i) => `#k${i} = :v${i}`).join(', ')} REMOVE leaseUntil`,
      ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#k${i}`, k])),
      ExpressionAttributeValues: Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])),
    }),
  );
}

/** Lets SES events, which carry only the SES message id, find the outreach they are about. */
export async function rememberMessageId(sesMessageId: string, outreachId: string, expiresAt: number): Promise<void> {
  await documents.send(
    new PutCommand({ TableName: requireEnv('OUTREACH_TABLE'), Item: { pk: `MSG#${sesMessageId}`, sk: 'MSG', outreachId, expiresAt } }),
  );
}

export async function outreachIdForMessage(sesMessageId: string): Promise<string | undefined> {
  const res = await documents.send(new GetCommand({ TableName: requireEnv('OUTREACH_TABLE'), Key: { pk: `MSG#${sesMessageId}`, sk: 'MSG' } }));
  return typeof res.Item?.outreachId === 'string' ? res.Item.outreachId : undefined;
}

/** Records an SES event on the outreach; a bounce or complaint is never overwritten by a later open. */
export async function recordDelivery(outreachId: string, delivery: DeliveryStatus, at: string): Promise<void> {
  const final = delivery === 'bounced' || delivery === 'complained' || delivery === 'rejected';
  try {
    await documents.send(
      new UpdateCommand({
        TableName: requireEnv('OUTREACH_TABLE'),
        Key: { pk: outreachPk(outreachId), sk: SK },
        UpdateExpression: 'SET delivery = :d, deliveryAt = :at',
        ConditionExpression: final
          ? 'attribute_exists(pk)'
          : 'attribute_exists(pk) AND (attribute_not_exists(delivery) OR NOT delivery IN (:b, :c, :r))',
        ExpressionAttributeValues: { ':d': delivery, ':at': at, ...(final ? {} : { ':b': 'bounced', ':c': 'complained', ':r': 'rejected' }) },
      }),
    );
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
  }
}

/** Only when we know the email was not sent: lets a retry claim it again. */
export async function releaseClaim(outreachId: string): Promise<void> {
  await documents.send(
    new DeleteCommand({
      TableName: requireEnv('OUTREACH_TABLE'),
      Key: { pk: outreachPk(outreachId), sk: SK },
      ConditionExpression: '#s = :sending',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':sending': 'sending' },
    }),
  );
}

export async function getOutreach(outreachId: string): Promise<Record<string, unknown> | undefined> {
  const res = await documents.send(
    new GetCommand({ TableName: requireEnv('OUTREACH_TABLE'), Key: { pk: outreachPk(outreachId), sk: SK }, ConsistentRead: true }),
  );
  return res.Item;
}

/** The suppression list: bounces, complaints, unsubscribes, manual entries. Keyed by customer key. */
export async function isSuppressed(customerKey: string): Promise<boolean> {
  const res = await documents.send(
    new GetCommand({ TableName: requireEnv('OUTREACH_TABLE'), Key: { pk: `SUPP#${customerKey}`, sk: 'SUPP' } }),
  );
  return Boolean(res.Item);
}

export async function suppress(customerKey: string, reason: string, at: Date): Promise<void> {
  await documents.send(
    new PutCommand({ TableName: requireEnv('OUTREACH_TABLE'), Item: { pk: `SUPP#${customerKey}`, sk: 'SUPP', reason, at: at.toISOString() } }),
  );
}

function unmarshalled(item: unknown): Record<string, unknown> | undefined {
  if (!item || typeof item !== 'object') return undefined;
  // ALL_OLD arrives in wire format ({ S: … }); only the two attributes we read matter here.
  const wire = item as Record<string, { S?: string; N?: string } | undefined>;
  return { status: wire.status?.S, leaseUntil: wire.leaseUntil?.N };
}
