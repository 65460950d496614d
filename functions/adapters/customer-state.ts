/**
 * Per-customer contact state beside the ledger (`CUST#<customerKey>` / `STATE`): when we last wrote
 * to them and the latest recovery email, for the cooldown and the recovery loop.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '#clients/dynamodb';
import type { CustomerHistory, Guards, OutreachKind } from '#domain/guards';
import { requireEnv } from '../env';
import { chunk } from './queue';

const key = (customerKey: string) => ({ pk: `CUST#${customerKey}`, sk: 'STATE' });
const DAY_MS = 86_400_000;

/** One BatchGet per 100 customers (a whole SQS batch in one request). */
export async function getCustomerHistories(customerKeys: Iterable<string>): Promise<Map<string, CustomerHistory>> {
  const table = requireEnv('OUTREACH_TABLE');
  const found = new Map<string, CustomerHistory>();
  for (const keys of chunk([...new Set(customerKeys)], 100)) {
    let request: Record<string, { Keys: Array<Record<string, unknown>> }> | undefined = { [table]: { Keys: keys.map(key) } };
    for (let attempt = 0; request && Object.keys(request).length && attempt < 5; attempt++) {
      const res = await documents.send(new BatchGetCommand({ RequestItems: request }));
      for (const item of res.Responses?.[table] ?? []) found.set(String(item.pk).slice('CUST#'.length), toHistory(item));
      request = res.UnprocessedKeys as typeof request;
    }
  }
  return found;
}

export type Reservation = { ok: true } | { ok: false; history: CustomerHistory };
type ReservationGuards = Pick<Guards, 'cooldownDays' | 'recoveryOverridesGratitude'>;
type ReservedOutreach = { outreachId: string; kind: OutreachKind; feedbackKey: string };

/**
 * The conditional update that takes the customer's contact slot for this outreach, atomically
 * enforcing the cooldown (two emails for one customer in one batch cannot both pass). Re-reserving
 * for the same outreach is allowed, so a retried send is not blocked by its own earlier attempt.
 * Notify runs it inside the claim transaction (outreach-ledger.ts); `reserveContact` runs it alone.
 */
export function reservationUpdate(customerKey: string, outreach: ReservedOutreach, now: Date, guards: ReservationGuards) {
  const overrides = outreach.kind === 'recovery' && guards.recoveryOverridesGratitude;
  // A response revised from unhappy to happy never gets a thank-you after its recovery email, even
  // with the cooldown off or a gratitude still queued when the recovery went (functions/domain/revisions.ts).
  const thanks = outreach.kind === 'gratitude';
  return {
    TableName: requireEnv('OUTREACH_TABLE'),
    Key: key(customerKey),
    UpdateExpression: `SET lastOutreachAt = :now, lastKind = :kind, lastOutreachId = :id${outreach.kind === 'recovery' ? ', recovery = :recovery' : ''}`,
    ConditionExpression: `(${[
      'attribute_not_exists(lastOutreachAt)',
      // Exactly cooldownDays later is allowed, as in the domain's cooldownAllows.
      'lastOutreachAt <= :cutoff',
      'lastOutreachId = :id',
      ...(overrides ? ['lastKind = :gratitude'] : []),
    ].join(' OR ')})${thanks ? ' AND (attribute_not_exists(recovery) OR recovery.feedbackKey <> :feedbackKey)' : ''}`,
    ExpressionAttributeValues: {
      ':now': now.toISOString(),
      ':kind': outreach.kind,
      ':id': outreach.outreachId,
      ':cutoff': new Date(now.getTime() - guards.cooldownDays * DAY_MS).toISOString(),
      ...(overrides ? { ':gratitude': 'gratitude' } : {}),
      ...(outreach.kind === 'recovery' ? { ':recovery': { feedbackKey: outreach.feedbackKey, sentAt: now.toISOString() } } : {}),
      ...(thanks ? { ':feedbackKey': outreach.feedbackKey } : {}),
    },
  };
}

/** The customer history as a failed reservation returns it (ALL_OLD, wire format). */
export function historyOfOld(old: Record<string, { S?: string }> | undefined): CustomerHistory {
  return { lastOutreachAt: old?.lastOutreachAt?.S, lastKind: old?.lastKind?.S as OutreachKind | undefined };
}

/** `reservationUpdate` on its own (tests, tools); notify reserves inside its claim transaction. */
export async function reserveContact(customerKey: string, outreach: ReservedOutreach, now: Date, guards: ReservationGuards): Promise<Reservation> {
  try {
    await documents.send(new UpdateCommand({ ...reservationUpdate(customerKey, outreach, now, guards), ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }));
    return { ok: true };
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
    return { ok: false, history: historyOfOld(err.Item as Record<string, { S?: string }> | undefined) };
  }
}

/**
 * Claims the customer's open recovery for this feedback. Only the first later feedback links (a
 * recovery is won or lost once); the same feedback redelivered links again, so a retry counts it.
 */
export async function linkRecovery(customerKey: string, recoveryFeedbackKey: string, feedbackKey: string): Promise<boolean> {
  try {
    await documents.send(
      new UpdateCommand({
        TableName: requireEnv('OUTREACH_TABLE'),
        Key: key(customerKey),
        UpdateExpression: 'SET recovery.linkedTo = :me',
        ConditionExpression: 'recovery.feedbackKey = :rec AND (attribute_not_exists(recovery.linkedTo) OR recovery.linkedTo = :me)',
        ExpressionAttributeValues: { ':me': feedbackKey, ':rec': recoveryFeedbackKey },
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

function toHistory(item: Record<string, unknown>): CustomerHistory {
  const recovery = item.recovery as CustomerHistory['recovery'] | undefined;
  return {
    ...(typeof item.lastOutreachAt === 'string' ? { lastOutreachAt: item.lastOutreachAt } : {}),
    ...(item.lastKind === 'gratitude' || item.lastKind === 'recovery' ? { lastKind: item.lastKind } : {}),
    ...(typeof item.lastOutreachId === 'string' ? { lastOutreachId: item.lastOutreachId } : {}),
    ...(recovery?.feedbackKey && recovery.sentAt ? { recovery } : {}),
  };
}
