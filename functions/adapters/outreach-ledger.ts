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
 *     logs; only after deleting the `uncertain` ledger item does a redrive send. We choose a rare
 *     held email over a duplicate.
 *   - Crash after SES accepted but before `sent` is recorded: the same `uncertain` path; the
 *     fault-injection tests in test/e2e/faults.test.ts pin it down.
 *   - Guards that stop an email (suppressed, no consent, cooldown) are recorded under the same claim,
 *     so a later redelivery finds the outcome and does nothing. Deferrals happen before the claim
 *     (quiet hours) or release it (hourly ceiling): the deferred copy claims when it comes back.
 *   - Escalation alerts use the same protocol in their own ledger (`ESC#<feedbackKey>`), except that
 *     an alert whose publish may have happened is marked uncertain and never repeated.
 *   - The SES message id is written next to the outcome (`MSG#<id>`), so bounce and complaint events,
 *     which name only that id, can find their outreach; losing that pointer in a crash costs a
 *     delivery status, never a send (suppression is keyed by the address, not the pointer).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, paginateScan, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '#clients/dynamodb';
import type { DeliveryStatus } from '#domain/ses-event';
import { requireEnv } from '../env';

export type ClaimResult = 'claimed' | 'done' | 'in-flight' | 'uncertain';
export type OutreachStatus = 'sending' | 'sent' | 'suppressed' | 'unconsented' | 'cooldown' | 'failed' | 'uncertain';
export type { DeliveryStatus } from '#domain/ses-event';

/** Two ledgers share the claim → act → record protocol: outreach emails and escalation alerts. */
export type Ledger = 'OUT' | 'ESC';
const keyOf = (id: string, ledger: Ledger) => ({ pk: `${ledger}#${id}`, sk: ledger });

export async function claimOutreach(outreachId: string, leaseMs: number, now: Date, attributes: Record<string, unknown>, ledger: Ledger = 'OUT'): Promise<ClaimResult> {
  try {
    await documents.send(
      new PutCommand({
        TableName: requireEnv('OUTREACH_TABLE'),
        Item: { ...keyOf(outreachId, ledger), status: 'sending', leaseUntil: now.getTime() + leaseMs, claimedAt: now.toISOString(), ...attributes },
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return 'claimed';
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
    const existing = err.Item ? unmarshalled(err.Item) : await getOutreach(outreachId, ledger);
    if (!existing || existing.status !== 'sending') return 'done';
    return Number(existing.leaseUntil) > now.getTime() ? 'in-flight' : 'uncertain';
  }
}

export async function recordOutcome(outreachId: string, status: Exclude<OutreachStatus, 'sending'>, fields: Record<string, unknown>, ledger: Ledger = 'OUT'): Promise<void> {
  const entries = Object.entries({ status, ...fields });
  await documents.send(
    new UpdateCommand({
      TableName: requireEnv('OUTREACH_TABLE'),
      Key: keyOf(outreachId, ledger),
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
        Key: keyOf(outreachId, 'OUT'),
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
export async function releaseClaim(outreachId: string, ledger: Ledger = 'OUT'): Promise<void> {
  await documents.send(
    new DeleteCommand({
      TableName: requireEnv('OUTREACH_TABLE'),
      Key: keyOf(outreachId, ledger),
      ConditionExpression: '#s = :sending',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':sending': 'sending' },
    }),
  );
}

export async function getOutreach(outreachId: string, ledger: Ledger = 'OUT'): Promise<Record<string, unknown> | undefined> {
  const res = await documents.send(
    new GetCommand({ TableName: requireEnv('OUTREACH_TABLE'), Key: keyOf(outreachId, ledger), ConsistentRead: true }),
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

/** Adds a suppression; an address already suppressed keeps its first reason and date (a bounce stays a bounce). */
export async function suppress(customerKey: string, reason: string, at: Date): Promise<void> {
  try {
    await documents.send(
      new PutCommand({
        TableName: requireEnv('OUTREACH_TABLE'),
        Item: { pk: `SUPP#${customerKey}`, sk: 'SUPP', reason, at: at.toISOString() },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
  }
}

/** Lifts a suppression (an operator's decision, e.g. a customer who asked to hear from us again). */
export async function unsuppress(customerKey: string): Promise<boolean> {
  const res = await documents.send(
    new DeleteCommand({ TableName: requireEnv('OUTREACH_TABLE'), Key: { pk: `SUPP#${customerKey}`, sk: 'SUPP' }, ReturnValues: 'ALL_OLD' }),
  );
  return Boolean(res.Attributes);
}

export interface Suppression {
  customerKey: string;
  reason: string;
  at: string;
}

/** Every suppression. A scan of the outreach table: an operator's occasional read, not a hot path. */
export async function listSuppressions(): Promise<Suppression[]> {
  const out: Suppression[] = [];
  const pages = paginateScan(
    { client: documents },
    { TableName: requireEnv('OUTREACH_TABLE'), FilterExpression: 'begins_with(pk, :p)', ExpressionAttributeValues: { ':p': 'SUPP#' } },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) out.push({ customerKey: String(item.pk).slice('SUPP#'.length), reason: String(item.reason ?? ''), at: String(item.at ?? '') });
  }
  return out.sort((a, b) => a.at.localeCompare(b.at));
}

function unmarshalled(item: unknown): Record<string, unknown> | undefined {
  if (!item || typeof item !== 'object') return undefined;
  // ALL_OLD arrives in wire format ({ S: … }); only the two attributes we read matter here.
  const wire = item as Record<string, { S?: string; N?: string } | undefined>;
  return { status: wire.status?.S, leaseUntil: wire.leaseUntil?.N };
}
