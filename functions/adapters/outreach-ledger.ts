/**
 * The outreach ledger: one item per decided outreach, written before the email is sent.
 *
 * The write path (notify, per SQS batch of up to 10 emails):
 *   1. claim + reserve: ONE transaction per batch — for every email, the ledger item (conditional
 *      put, state=sending, a lease and this attempt's random claim token) and the customer's contact
 *      slot (the cooldown, customer-state.ts). Both or neither, per email and for the batch: a
 *      reserved slot always has a claim, a claim always has its slot, so a crash between them cannot
 *      exist. An email refused by its condition (claimed elsewhere, in cooldown) is answered from the
 *      cancellation and the rest go again without it (claimAndReserveAll).
 *   2. rate slots: ONE update per batch takes the hour's slots for every claimed email, and ONE per
 *      recipient domain the domain's slots for typed addresses (send-rate.ts).
 *   3. SES SendEmail per email, tagged with the outreach id (`cx-outreach`), so SES events find the
 *      ledger item without a pointer item (ids too long for a tag still get the `MSG#` pointer).
 *   4. settle: ONE transaction per batch records every outcome (sent, suppressed, cooldown,
 *      uncertain…) together with the outreach counters. Each outcome is conditional on the claim
 *      being ours (`status = sending AND claimToken = mine`) or, for outcomes decided before any
 *      claim, on no item existing; so a counter moves exactly when its outcome is first recorded.
 *   That is three or four write requests per batch (≈0.4 per email) instead of six per email.
 *
 * Crash-window analysis (why a crash never sends twice):
 *   - Crash before the claim transaction: nothing written; redelivery claims and sends. Exactly once.
 *   - The claim transaction applied but its answer was lost (timeout, crash): the retry repeats it
 *     with the same ClientRequestToken, which DynamoDB answers as done without applying it again;
 *     past that window it finds every item `sending` with its own claim token and carries on as the
 *     holder; a new attempt (another token) finds them held. Claims that cannot be written at all
 *     fail the batch, and any written with a lost answer are released by token first.
 *   - The batch transaction never holds two writes to one item: a second email to the same customer
 *     (or a second copy of an outreach) in a batch goes in the next round and meets the first one's
 *     reservation (or claim) exactly as two concurrent transactions did when each email had its own.
 *   - Error thrown by SES (throttled, rejected), or any failure before SendEmail was called (a
 *     throttled rate slot, the deadline too close): nothing was sent, so the claim is released
 *     (deleted only if it is still ours) and SQS redelivers the message (after maxReceiveCount it
 *     rests in the DLQ). The reservation stays with this outreach id, which may re-reserve it.
 *   - Process dies after claim (before or after SES accepted): the item stays `sending`. When the
 *     lease ends, a redelivery cannot know whether SES took the email, so it does NOT resend; it
 *     records `uncertain` (conditional on the dead attempt's token) and parks the message in the DLQ
 *     with reason `delivery-uncertain` for a person to check the SES logs; only after deleting the
 *     `uncertain` ledger item does a redrive send. We choose a rare held email over a duplicate.
 *   - The lease is the invocation's remaining time + 5 s and notify sends only while its lease
 *     lasts, so an attempt slower than its deadline (possible locally, where nothing kills it) gives
 *     up instead of sending under a claim another attempt may have marked uncertain. (That would not
 *     send twice either — a takeover never sends — but the email would be held for nothing.)
 *   - Another copy of the message arriving while the claim is live ('in-flight') is re-queued with a
 *     delay past the lease instead of failing, so duplicates never exhaust maxReceiveCount and land
 *     in the DLQ without a reason.
 *   - Crash after SES accepted but before the settle transaction: the `uncertain` path above. The
 *     window is one batch's sends (they run in parallel, so per-email recording would not narrow
 *     it); the fault-injection tests in test/e2e/faults.test.ts pin it down.
 *   - The settle transaction applied but its answer was lost: the retry reuses its ClientRequestToken
 *     (DynamoDB makes an identical retry within 10 minutes a no-op) and, failing that, every outcome
 *     in it finds its condition false and is dropped with its counters: never counted twice. A
 *     settle that fails for good fails the batch; its emails then take the `uncertain` path.
 *   - Guards that stop an email (suppressed, no consent, cooldown) are recorded the same way, so a
 *     later redelivery finds the outcome and does nothing. Deferrals happen before the claim
 *     (quiet hours) or release it (hourly ceiling): the deferred copy claims when it comes back.
 *   - Escalation alerts use the claim → act → record protocol in their own ledger (`ESC#<feedbackKey>`),
 *     a whole analyze batch at once (claimAll / recordOutcomes below: one transaction each; the
 *     windows are written out in escalations.ts), except that an alert whose publish may have
 *     happened is marked uncertain and never repeated.
 *   - SES events carry the outreach id in the `cx-outreach` tag; losing an event costs a delivery
 *     status, never a send (suppression is keyed by the address, not the outreach).
 */
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DeleteCommand, GetCommand, paginateScan, PutCommand, TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { documents } from '#clients/dynamodb';
import { aggregate, type CounterFields } from '#domain/counters';
import type { CustomerHistory, Guards, OutreachKind } from '#domain/guards';
import type { DeliveryStatus } from '#domain/ses-event';
import { logger } from '#powertools';
import { requireEnv } from '../env';
import { counterUpdate } from './counter-updates';
import { historyOfOld, reservationUpdate } from './customer-state';

export type ClaimResult = 'claimed' | 'done' | 'in-flight' | 'uncertain';
export type OutreachStatus = 'sending' | 'sent' | 'suppressed' | 'unconsented' | 'cooldown' | 'failed' | 'uncertain';
export type { DeliveryStatus } from '#domain/ses-event';

/** Two ledgers share the claim → act → record protocol: outreach emails and escalation alerts. */
export type Ledger = 'OUT' | 'ESC';
const keyOf = (id: string, ledger: Ledger) => ({ pk: `${ledger}#${id}`, sk: ledger });

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type Wire = Record<string, { S?: string; N?: string } | undefined>;

export type Claim =
  | { result: 'claimed' }
  | { result: 'done' }
  | { result: 'in-flight'; leaseUntil: number }
  /** A dead attempt's claim: settle it as `uncertain` under its token. */
  | { result: 'uncertain'; heldBy: string }
  /** The cooldown stopped it: nothing was written. */
  | { result: 'cooldown'; history: CustomerHistory };

export interface ClaimRequest {
  outreachId: string;
  /** `pulse` (the re-survey) is exempt from the cooldown: its claim takes no contact slot. */
  kind: OutreachKind | 'pulse';
  feedbackKey: string;
  customerKey: string;
  /** This attempt's random token: a claim whose answer was lost is recognised as ours. */
  token: string;
  leaseMs: number;
  now: Date;
}

const MAX_ATTEMPTS = 5;
const jitter = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * Math.min(1_000, 25 * 2 ** attempt)));
const reasonsOf = (err: unknown) => (err instanceof TransactionCanceledException ? (err.CancellationReasons ?? []) : undefined);
/** Reasons a transaction may be cancelled that a retry can clear (another transaction on the same item, throttling). */
const retryable = (code: string | undefined) => code === 'TransactionConflict' || code === 'ThrottlingError' || code === 'ProvisionedThroughputExceeded' || code === 'RequestLimitExceeded';

/** Claims one outreach and reserves its customer's contact slot (see claimAndReserveAll). */
export async function claimAndReserve(req: ClaimRequest, guards: ClaimGuards): Promise<Claim> {
  return (await claimAndReserveAll([req], guards))[0]!;
}

type ClaimGuards = Pick<Guards, 'cooldownDays' | 'recoveryOverridesGratitude'>;
/** Requests per claim transaction: two items each, under DynamoDB's 100 items per transaction. */
const CLAIM_CHUNK = 50;

/**
 * Claims every outreach of a batch and reserves each customer's contact slot in ONE transaction
 * (see the header), answering one Claim per request, in order. A request whose claim or reservation
 * fails its condition gets its answer from the cancellation (done, in flight, uncertain, ours after
 * a lost answer, cooldown) and leaves the transaction; the rest are tried again without it, so one
 * refused email never holds up the others. A transaction names an item once, so a second email to
 * the same customer (or a second copy of the same outreach) in a batch goes in the next round,
 * where it meets the first one's reservation (or claim) exactly as two separate transactions would.
 * Retries conflicts and lost answers itself: the transaction's ClientRequestToken makes an identical
 * retry a no-op, and past that the claim tokens recognise our own items. Throws when the claims
 * cannot be written; some of them may then exist (a lost answer), which the caller releases.
 */
export async function claimAndReserveAll(reqs: ClaimRequest[], guards: ClaimGuards): Promise<Claim[]> {
  const answers = new Map<ClaimRequest, Claim>();
  let pending = reqs;
  while (pending.length > 0) {
    const round: ClaimRequest[] = [];
    const later: ClaimRequest[] = [];
    const keys = new Set<string>();
    for (const req of pending) {
      const own = [`OUT#${req.outreachId}`, ...(req.kind === 'pulse' ? [] : [`CUST#${req.customerKey}`])];
      if (round.length >= CLAIM_CHUNK || own.some((k) => keys.has(k))) later.push(req);
      else {
        round.push(req);
        for (const k of own) keys.add(k);
      }
    }
    for (const [req, claim] of await claimRound(round, guards)) answers.set(req, claim);
    pending = later;
  }
  return reqs.map((req) => answers.get(req)!);
}

function claimItems(req: ClaimRequest, guards: ClaimGuards): TransactItem[] {
  const claim: TransactItem = {
    Put: {
      TableName: requireEnv('OUTREACH_TABLE'),
      Item: {
        ...keyOf(req.outreachId, 'OUT'),
        status: 'sending',
        claimToken: req.token,
        leaseUntil: req.now.getTime() + req.leaseMs,
        claimedAt: req.now.toISOString(),
        kind: req.kind,
        feedbackKey: req.feedbackKey,
        customerKey: req.customerKey,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
  // `pulse` (the re-survey) is exempt from the cooldown: its claim takes no contact slot.
  if (req.kind === 'pulse') return [claim];
  return [claim, { Update: { ...reservationUpdate(req.customerKey, { ...req, kind: req.kind }, req.now, guards), ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } }];
}

/** One transaction for requests naming distinct items; the answer for each. */
async function claimRound(round: ClaimRequest[], guards: ClaimGuards): Promise<Map<ClaimRequest, Claim>> {
  const answers = new Map<ClaimRequest, Claim>();
  let pending = round;
  let requestToken = randomUUID();
  for (let attempt = 1; pending.length > 0; attempt++) {
    const items = pending.map((req) => claimItems(req, guards));
    try {
      await documents.send(new TransactWriteCommand({ TransactItems: items.flat(), ClientRequestToken: requestToken }));
      for (const req of pending) answers.set(req, { result: 'claimed' });
      return answers;
    } catch (err) {
      const reasons = reasonsOf(err);
      const refused = new Map<ClaimRequest, Claim>();
      let at = 0;
      for (const [i, req] of pending.entries()) {
        const [claim, reservation] = [reasons?.[at], items[i]!.length > 1 ? reasons?.[at + 1] : undefined];
        at += items[i]!.length;
        if (claim?.Code === 'ConditionalCheckFailed') refused.set(req, await claimRefused(req, claim.Item as Wire | undefined));
        else if (reservation?.Code === 'ConditionalCheckFailed') refused.set(req, { result: 'cooldown', history: historyOfOld(reservation.Item as Record<string, { S?: string }> | undefined) });
      }
      if (refused.size > 0) {
        for (const [req, claim] of refused) answers.set(req, claim);
        pending = pending.filter((req) => !refused.has(req));
        // A different set of items is a different request.
        requestToken = randomUUID();
        continue;
      }
      if (attempt >= MAX_ATTEMPTS || (reasons && !reasons.some((r) => retryable(r.Code)))) throw err;
      // A conflict, a throttle, or an answer lost on the way: the same transaction again (same token) is applied at most once.
      await jitter(attempt);
    }
  }
  return answers;
}

/** What an existing ledger item means for this attempt's claim. */
async function claimRefused(req: ClaimRequest, held: Wire | undefined): Promise<Claim> {
  // Our own earlier attempt whose answer was lost ('claimed'): the claim and the reservation are both ours.
  return heldClaim(held?.status?.S ? held : wireOf(await getOutreach(req.outreachId)), req.token, req.now);
}

/**
 * What a ledger item a claim found already there means for the claimant holding `token`: settled
 * (`done`), its own claim whose answer was lost (`claimed`), another attempt's live lease
 * (`in-flight`), or a dead attempt's (`uncertain`, never acted on again).
 */
function heldClaim(existing: Wire | undefined, token: string, now: Date): Exclude<Claim, { result: 'cooldown' }> {
  if (existing?.status?.S !== 'sending') return { result: 'done' };
  if (existing.claimToken?.S === token) return { result: 'claimed' };
  const leaseUntil = Number(existing.leaseUntil?.N ?? 0);
  return leaseUntil > now.getTime() ? { result: 'in-flight', leaseUntil } : { result: 'uncertain', heldBy: existing.claimToken?.S ?? '' };
}

export interface Settlement {
  outreachId: string;
  status: Exclude<OutreachStatus, 'sending'>;
  fields: Record<string, unknown>;
  /**
   * Whose claim this outcome settles: this attempt's token, a dead attempt's token (`uncertain`),
   * or `none` for an outcome decided before any claim (suppressed, unconsented, cooldown), written
   * only if no item exists yet.
   */
  claim: { token: string } | 'none';
  /** The item's attributes when it has to be created (`claim: 'none'`). */
  attributes?: Record<string, unknown>;
  /** This outcome's counter increments, applied in the same transaction. */
  counters: Array<{ dims: Array<[string, string]>; day: string; add: CounterFields }>;
}

const SETTLE_CHUNK = 40;

/**
 * Records outcomes and their counter increments, one transaction per chunk (see the header): an
 * outcome whose condition fails was settled elsewhere (or by an earlier attempt of this very call)
 * and is dropped together with its counters. Returns the outcomes this call recorded.
 */
export async function settleOutcomes(settlements: Settlement[]): Promise<Settlement[]> {
  const recorded: Settlement[] = [];
  for (let i = 0; i < settlements.length; i += SETTLE_CHUNK) recorded.push(...(await settleChunk(settlements.slice(i, i + SETTLE_CHUNK))));
  return recorded;
}

async function settleChunk(chunk: Settlement[]): Promise<Settlement[]> {
  const table = requireEnv('OUTREACH_TABLE');
  const metrics = requireEnv('METRICS_TABLE');
  let pending = chunk;
  let requestToken = randomUUID();
  for (let attempt = 1; pending.length > 0; attempt++) {
    const counters = aggregate(pending.flatMap((s) => s.counters)).map((d) => ({ Update: counterUpdate(metrics, d) }));
    try {
      await documents.send(
        new TransactWriteCommand({ TransactItems: [...pending.map((s) => outcomeItem(table, s)), ...counters], ClientRequestToken: requestToken }),
      );
      return pending;
    } catch (err) {
      const reasons = reasonsOf(err);
      const gone = new Set(pending.filter((_, i) => reasons?.[i]?.Code === 'ConditionalCheckFailed'));
      if (gone.size > 0) {
        for (const s of gone) logger.info('outreach outcome already settled', { outreachId: s.outreachId, status: s.status });
        pending = pending.filter((s) => !gone.has(s));
        // A different set of items is a different request.
        requestToken = randomUUID();
        continue;
      }
      if (attempt >= MAX_ATTEMPTS || (reasons && !reasons.some((r) => retryable(r.Code)))) throw err;
      // Conflict, throttle or a lost answer: the identical request again (same token) is applied at most once.
      await jitter(attempt);
    }
  }
  return pending;
}

function outcomeItem(table: string, s: Settlement): TransactItem {
  const key = keyOf(s.outreachId, 'OUT');
  if (s.claim === 'none') {
    return { Put: { TableName: table, Item: { ...key, ...s.attributes, status: s.status, ...s.fields }, ConditionExpression: 'attribute_not_exists(pk)' } };
  }
  const entries = Object.entries({ status: s.status, ...s.fields });
  return {
    Update: {
      TableName: table,
      Key: key,
      UpdateExpression: `SET ${entries.map((_, i) => `#k${i} = :v${i}`).join(', ')} REMOVE leaseUntil`,
      ConditionExpression: s.claim.token ? '#s = :sending AND claimToken = :token' : '#s = :sending AND attribute_not_exists(claimToken)',
      ExpressionAttributeNames: { ...Object.fromEntries(entries.map(([k], i) => [`#k${i}`, k])), '#s': 'status' },
      ExpressionAttributeValues: { ...Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])), ':sending': 'sending', ...(s.claim.token ? { ':token': s.claim.token } : {}) },
    },
  };
}

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

/**
 * Claims many items of one ledger in ONE transaction (escalation alerts: a whole analyze batch's),
 * with the same answers as claimOutreach for each; an item whose claim fails its condition leaves
 * the transaction and the rest are tried again without it. `token` recognises this attempt's own
 * claim after a lost answer ('claimed', not 'in-flight'). Throws when the claims cannot be written;
 * some may then exist (a lost answer): they run out into 'uncertain', never acted on twice.
 */
export async function claimAll(ledger: Ledger, claims: Array<{ id: string; token: string; attributes: Record<string, unknown> }>, leaseMs: number, now: Date): Promise<Map<string, ClaimResult>> {
  const table = requireEnv('OUTREACH_TABLE');
  const answers = new Map<string, ClaimResult>();
  let pending = [...new Map(claims.map((c) => [c.id, c])).values()];
  let requestToken = randomUUID();
  for (let attempt = 1; pending.length > 0; attempt++) {
    try {
      await documents.send(
        new TransactWriteCommand({
          TransactItems: pending.map((c) => ({
            Put: {
              TableName: table,
              Item: { ...keyOf(c.id, ledger), status: 'sending', claimToken: c.token, leaseUntil: now.getTime() + leaseMs, claimedAt: now.toISOString(), ...c.attributes },
              ConditionExpression: 'attribute_not_exists(pk)',
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          })),
          ClientRequestToken: requestToken,
        }),
      );
      for (const c of pending) answers.set(c.id, 'claimed');
      return answers;
    } catch (err) {
      const reasons = reasonsOf(err);
      const refused = pending.filter((_, i) => reasons?.[i]?.Code === 'ConditionalCheckFailed');
      if (refused.length > 0) {
        await Promise.all(
          refused.map(async (c) => {
            const held = reasons![pending.indexOf(c)]!.Item as Wire | undefined;
            const existing = held?.status?.S ? held : wireOf(await getOutreach(c.id, ledger));
            answers.set(c.id, heldClaim(existing, c.token, now).result);
          }),
        );
        pending = pending.filter((c) => !refused.includes(c));
        requestToken = randomUUID();
        continue;
      }
      if (attempt >= MAX_ATTEMPTS || (reasons && !reasons.some((r) => retryable(r.Code)))) throw err;
      await jitter(attempt);
    }
  }
  return answers;
}

/** Records many outcomes of one ledger in ONE transaction (each as recordOutcome would, unconditionally). */
export async function recordOutcomes(ledger: Ledger, outcomes: Array<{ id: string; status: Exclude<OutreachStatus, 'sending'>; fields: Record<string, unknown> }>): Promise<void> {
  const table = requireEnv('OUTREACH_TABLE');
  for (let i = 0; i < outcomes.length; i += 100) {
    const items = outcomes.slice(i, i + 100).map(({ id, status, fields }): TransactItem => {
      const entries = Object.entries({ status, ...fields });
      return {
        Update: {
          TableName: table,
          Key: keyOf(id, ledger),
          UpdateExpression: `SET ${entries.map((_, j) => `#k${j} = :v${j}`).join(', ')} REMOVE leaseUntil`,
          ExpressionAttributeNames: Object.fromEntries(entries.map(([k], j) => [`#k${j}`, k])),
          ExpressionAttributeValues: Object.fromEntries(entries.map(([, v], j) => [`:v${j}`, v])),
        },
      };
    });
    // A single outcome needs no transaction; an identical retry of a transaction (same token) is applied once.
    if (items.length === 1) await documents.send(new UpdateCommand(items[0]!.Update!));
    else await documents.send(new TransactWriteCommand({ TransactItems: items, ClientRequestToken: randomUUID() }));
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

/** For outreach ids too long for an SES tag: lets SES events, which then carry only the SES message id, find the outreach. */
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

/** Only when we know the email was not sent: lets a retry claim it again (only our own claim, when a token is given). */
export async function releaseClaim(outreachId: string, ledger: Ledger = 'OUT', token?: string): Promise<void> {
  await documents.send(
    new DeleteCommand({
      TableName: requireEnv('OUTREACH_TABLE'),
      Key: keyOf(outreachId, ledger),
      ConditionExpression: token ? '#s = :sending AND claimToken = :token' : '#s = :sending',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':sending': 'sending', ...(token ? { ':token': token } : {}) },
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

/** Which of these customers are suppressed: one BatchGet per 100 keys (a whole SQS batch in one request). */
export async function suppressedAmong(customerKeys: string[]): Promise<Set<string>> {
  const table = requireEnv('OUTREACH_TABLE');
  const found = new Set<string>();
  const unique = [...new Set(customerKeys)];
  for (let i = 0; i < unique.length; i += 100) {
    let request: Record<string, { Keys: Array<Record<string, unknown>> }> | undefined = {
      [table]: { Keys: unique.slice(i, i + 100).map((k) => ({ pk: `SUPP#${k}`, sk: 'SUPP' })) },
    };
    for (let attempt = 0; request && Object.keys(request).length; attempt++) {
      if (attempt >= MAX_ATTEMPTS) throw new Error('suppression list not read after retries');
      if (attempt > 0) await jitter(attempt);
      const res = await documents.send(new BatchGetCommand({ RequestItems: request }));
      for (const item of res.Responses?.[table] ?? []) found.add(String(item.pk).slice('SUPP#'.length));
      request = res.UnprocessedKeys as typeof request;
    }
  }
  return found;
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

/** A plain item (GetItem through the document client) in the wire shape cancellation reasons use. */
function wireOf(item: Record<string, unknown> | undefined): Wire | undefined {
  if (!item) return undefined;
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, typeof v === 'number' ? { N: String(v) } : { S: String(v) }]));
}

function unmarshalled(item: unknown): Record<string, unknown> | undefined {
  if (!item || typeof item !== 'object') return undefined;
  // ALL_OLD arrives in wire format ({ S: … }); only the two attributes we read matter here.
  const wire = item as Record<string, { S?: string; N?: string } | undefined>;
  return { status: wire.status?.S, leaseUntil: wire.leaseUntil?.N };
}
