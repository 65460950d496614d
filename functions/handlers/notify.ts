/**
 * Outreach queue → guards → render → SES, exactly once per decision (see the ledger for the write
 * path and its crash windows). Event: SQS batch with ReportBatchItemFailures.
 *
 * Works on the whole batch so that DynamoDB sees one claim transaction, one rate-slot update (and
 * one per recipient domain of typed addresses) and one settle transaction per batch; the settle
 * transaction also moves the outreach counters, so they count each outcome exactly once.
 */
import { randomUUID } from 'node:crypto';
import middy from '@middy/core';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { closeTimeIncrements } from '#domain/close-time';
import { costCounterFields, outreachUsageOf, usdOf } from '#domain/cost';
import { aggregate, counterBucketOf } from '#domain/counters';
import { headerSafe } from '#domain/email/escape';
import { pulseLinksFor } from '#domain/experiments/pulse';
import { waitOf } from '#domain/experiments/treatment';
import { bundledTemplates } from '#domain/email/bundled';
import { renderOutreachEmail } from '#domain/email/render';
import { cappedDomainOf, consentAllows, cooldownAllows, quietHoursWait, untilNextHour } from '#domain/guards';
import { customerKeyOf, OutreachMessage } from '#domain/outreach';
import { OUTREACH_TAG, outreachTagValue } from '#domain/ses-event';
import { signUnsubscribeToken } from '#domain/unsubscribe-token';
import { customerHashKey } from '#adapters/customer-hash-key';
import { deferOutreach, SQS_MAX_DELAY_MS } from '#adapters/deferral';
import { isErasedSince } from '#adapters/erasure-markers';
import { sendEmail } from '#adapters/mailer';
import { addCounters } from '#adapters/metrics-store';
import { claimAndReserveAll, releaseClaim, rememberMessageId, settleOutcomes, suppressedAmong, type Claim, type OutreachStatus, type Settlement } from '#adapters/outreach-ledger';
import { parkInDlq } from '#adapters/queue';
import { takeDomainSlotsUpTo, takeSendSlotsUpTo } from '#adapters/send-rate';
import { unsubscribeKeys } from '#adapters/unsubscribe-keys';
import { logger, metrics } from '#powertools';
import { requireEnv } from '../env';
import { settings } from '../settings';
import { BatchFailures, parseRecordBody } from './sqs-batch';

interface Item {
  record: SQSRecord;
  message: OutreachMessage;
  customerKey: string;
  token: string;
  leaseUntil: number;
}

async function notify(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  const startedAt = Date.now();
  const failures = new BatchFailures();
  const settlements: Settlement[] = [];
  /** Whose outcome each settlement is: if settling fails, those records fail with it. */
  const settledBy = new Map<Settlement, { record: SQSRecord; message: OutreachMessage }>();
  const settle: Settle = (record, s, message, closedInMs) => {
    // The cost ledger: this outcome's share of the invocation, and the email if one (maybe) went out, counted with its outcome.
    const usage = outreachUsageOf(s.claim !== 'none', s.status === 'sent' || s.status === 'uncertain', {
      batchSize: event.Records.length, durationMs: Date.now() - startedAt, memoryMb: Number(process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? 256), counterRows: 2,
    });
    const counters = outreachCounters(message, s.status, closedInMs);
    const settlement = { ...s, fields: { ...s.fields, costUsd: usdOf(usage) }, counters: [{ ...counters, add: { ...counters.add, ...costCounterFields('outreach', usage) } }] };
    settlements.push(settlement);
    settledBy.set(settlement, { record, message });
  };
  const deferred: OutreachMessage[] = [];
  const now = new Date();
  const { guards } = settings;
  const hashKey = await customerHashKey();

  // 1. Parse; quiet hours (before any claim); suppression (one BatchGet) and consent decide without a claim.
  const parsed: Array<{ record: SQSRecord; message: OutreachMessage; customerKey: string }> = [];
  for (const record of event.Records) {
    const body = parseRecordBody(record, OutreachMessage);
    if (!body.ok) {
      await guarded(failures, record, () => park(record, body.reason));
      continue;
    }
    const message = body.value;
    // A copy received before the customer's erasure (deferred, queued, redriven) is never sent.
    let erased = false;
    try {
      erased = await isErasedSince(message.customer, message.receivedAt, hashKey);
    } catch (err) {
      logger.warn('erasure markers unreadable', { error: err as Error });
      failures.add(record, 'erasure markers unreadable');
      continue;
    }
    if (erased) continue;
    // A re-survey or a delayed arm waits for its time with the scheduler; what comes back is due.
    const dueInMs = waitOf(message, now);
    if (dueInMs > 0) {
      const { notBefore: _, ...due } = message;
      await guarded(failures, record, () => defer(record, message, dueInMs, now, 'not before its time', deferred, JSON.stringify(due)));
      continue;
    }
    const quietMs = quietHoursWait(now, message.customer.timezone, guards.quietHours);
    if (quietMs > 0) {
      await guarded(failures, record, () => defer(record, message, quietMs, now, 'quiet hours', deferred));
      continue;
    }
    parsed.push({ record, message, customerKey: customerKeyOf(message.customer, hashKey)! });
  }
  let suppressed: Set<string>;
  try {
    suppressed = await suppressedAmong(parsed.map((p) => p.customerKey));
  } catch (err) {
    logger.warn('suppression list unreadable', { error: err as Error });
    for (const { record } of parsed) failures.add(record, 'suppression list unreadable');
    return failures.response();
  }
  const candidates: typeof parsed = [];
  for (const p of parsed) {
    const unclaimed = (status: Exclude<OutreachStatus, 'sending'>, reason: string) =>
      settle(p.record, { outreachId: p.message.outreachId, status, fields: { reason, decidedAt: now.toISOString() }, claim: 'none', attributes: attributesOf(p.message, p.customerKey) }, p.message);
    if (suppressed.has(p.customerKey)) unclaimed('suppressed', 'address on the suppression list');
    else {
      const consent = consentAllows(p.message.customer.consent, guards);
      if (!consent.ok) unclaimed('unconsented', consent.reason);
      else candidates.push(p);
    }
  }

  // 2. Claim + reserve for the whole batch in one transaction (outreach-ledger.ts).
  const claimed: Item[] = [];
  // The lease outlives this invocation, so only a dead attempt's claim can ever expire.
  const leaseMs = context.getRemainingTimeInMillis() + 5_000;
  const requests = candidates.map((p) => ({ ...p, token: randomUUID() }));
  let claims: Claim[] = [];
  try {
    claims = await claimAndReserveAll(requests.map(({ message, customerKey, token }) => ({ ...message, customerKey, token, leaseMs, now })), guards);
  } catch (err) {
    // Nothing was sent; claims whose answer was lost are given back (only if ours), and SQS brings the batch again.
    logger.warn('outreach claims not written', { error: err as Error });
    await Promise.all(requests.map((r) => release({ ...r, leaseUntil: 0 }, failures, 'claim not written')));
  }
  await Promise.all(
    claims.map((claim, i) => {
      const { record, message, customerKey, token } = requests[i]!;
      return guarded(failures, record, async () => {
        switch (claim.result) {
          case 'claimed':
            claimed.push({ record, message, customerKey, token, leaseUntil: now.getTime() + leaseMs });
            return;
          case 'done':
            return;
          case 'in-flight':
            // Another attempt holds it: come back after its lease instead of burning receives into the DLQ.
            return defer(record, message, Math.min(SQS_MAX_DELAY_MS, claim.leaseUntil - now.getTime() + 1_000), now, 'another attempt holds this outreach', deferred);
          case 'uncertain':
            settle(record, { outreachId: message.outreachId, status: 'uncertain', fields: { reason: 'a previous attempt died mid-send' }, claim: { token: claim.heldBy } }, message);
            return park(record, 'delivery-uncertain: a previous attempt died after claiming; check SES before redriving');
          case 'cooldown': {
            const verdict = message.kind === 'pulse' ? { ok: true as const } : cooldownAllows(claim.history, message.kind, now, guards);
            const reason = verdict.ok ? 'another outreach to this customer took the slot' : verdict.reason;
            settle(record, { outreachId: message.outreachId, status: 'cooldown', fields: { reason, decidedAt: now.toISOString() }, claim: 'none', attributes: attributesOf(message, customerKey) }, message);
          }
        }
      });
    }),
  );

  // 3. Typed (unverified) addresses first take slots in their recipient domain's hour: one update per
  // domain for the batch (send-rate.ts); verified addresses skip it. Whatever a full domain cannot
  // take waits for the next hour like the ceiling below.
  const byDomain = new Map<string, Item[]>();
  for (const c of claimed) {
    const domain = cappedDomainOf(c.message.customer);
    if (domain) byDomain.set(domain, [...(byDomain.get(domain) ?? []), c]);
  }
  const turnedAway = new Set<Item>();
  await Promise.all(
    [...byDomain].map(async ([domain, items]) => {
      let taken: number;
      try {
        taken = await takeDomainSlotsUpTo(now, domain, guards.maxPerDomainPerHour, items.length);
      } catch (err) {
        logger.warn('domain slots not taken', { error: err as Error });
        for (const c of items) turnedAway.add(c);
        await Promise.all(items.map((c) => release(c, failures, 'domain slots not taken')));
        return;
      }
      for (const c of items.slice(taken)) {
        turnedAway.add(c);
        await guarded(failures, c.record, async () => {
          await releaseClaim(c.message.outreachId, 'OUT', c.token);
          await defer(c.record, c.message, untilNextHour(now), now, 'hourly ceiling for the recipient domain reached', deferred);
        });
      }
    }),
  );
  claimed.splice(0, claimed.length, ...claimed.filter((c) => !turnedAway.has(c)));

  // 4. The hour's send slots for the whole batch in one update; whatever does not fit waits for the next hour.
  let slots = 0;
  try {
    slots = await takeSendSlotsUpTo(now, guards.maxPerHour, claimed.length);
  } catch (err) {
    logger.warn('send slots not taken', { error: err as Error });
    await Promise.all(claimed.map((c) => release(c, failures, 'send slots not taken')));
    claimed.length = 0;
  }
  for (const c of claimed.splice(slots)) {
    await guarded(failures, c.record, async () => {
      await releaseClaim(c.message.outreachId, 'OUT', c.token);
      await defer(c.record, c.message, untilNextHour(now), now, 'hourly outreach ceiling reached', deferred);
    });
  }

  // 5. Send.
  await Promise.all(claimed.map((c) => send(c, failures, settle)));

  // 6. Every outcome and its counters in one transaction; a batch whose outcomes cannot be recorded fails.
  try {
    const recorded = await settleOutcomes(settlements);
    for (const s of recorded) metrics.addMetric(`Outreach_${settledBy.get(s)!.message.kind}_${s.status}`, MetricUnit.Count, 1);
  } catch (err) {
    logger.error('outreach outcomes not recorded', { error: err as Error });
    for (const { record } of settledBy.values()) failures.add(record, 'outcome not recorded');
  }
  await countDeferrals(deferred);
  return failures.response();
}

type Settle = (record: SQSRecord, s: Omit<Settlement, 'counters'>, message: OutreachMessage, closedInMs?: number) => void;

async function send(c: Item, failures: BatchFailures, settle: Settle) {
  const { record, message, customerKey } = c;
  // Past our lease another attempt may already hold this outreach as uncertain (it never sends): do not send under it.
  if (Date.now() > c.leaseUntil) return release(c, failures, 'lease ran out before sending');
  let email: ReturnType<typeof renderOutreachEmail>;
  let unsubscribeUrl: string;
  try {
    unsubscribeUrl = await unsubscribeUrlFor(customerKey, new Date());
    const scores = message.kind === 'pulse' ? await pulseLinks(message, new Date()) : undefined;
    email = renderOutreachEmail(message, unsubscribeUrl, settings, bundledTemplates(), scores);
  } catch (err) {
    logger.warn('email not rendered', { outreachId: message.outreachId, error: err as Error });
    return release(c, failures, 'email not rendered');
  }
  const tag = outreachTagValue(message.outreachId);
  let messageId: string;
  try {
    messageId = await sendEmail({
      from: `${headerSafe(settings.sender.fromName)} <${process.env.CX_SENDER_EMAIL ?? settings.sender.fromAddress}>`,
      to: message.customer.email,
      replyTo: settings.sender.replyTo,
      ...email,
      // RFC 8058 one-click unsubscribe: mail providers POST to the URL without showing our page.
      headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      configurationSet: process.env.SES_CONFIGURATION_SET || undefined,
      // SES publishes the tags with every event of this email: the outreach id finds the ledger item.
      tags: { kind: message.kind, channel: message.channel, ...(tag ? { [OUTREACH_TAG]: tag } : {}) },
    });
  } catch (err) {
    if (sesAnswered(err)) {
      // SES answered with an error, so nothing went out: free the claim for the retry (the SQS
      // redelivery is the backoff; after maxReceiveCount the message rests in the DLQ).
      return release(c, failures, `SES refused: ${(err as Error).name}`);
    }
    // A timeout or reset may have happened after SES accepted the email: never guess, hold it for a person.
    settle(record, { outreachId: message.outreachId, status: 'uncertain', fields: { reason: `send outcome unknown: ${(err as Error).name}` }, claim: { token: c.token } }, message);
    return guarded(failures, record, () => park(record, 'delivery-uncertain: the send timed out or the connection broke; check SES before redriving'));
  }
  const sentAt = new Date();
  settle(record, { outreachId: message.outreachId, status: 'sent', fields: { messageId, sentAt: sentAt.toISOString() }, claim: { token: c.token } }, message, sentAt.getTime() - Date.parse(message.receivedAt));
  if (!tag) {
    try {
      await rememberMessageId(messageId, message.outreachId, Math.floor(sentAt.getTime() / 1000) + 30 * 86_400);
    } catch (err) {
      logger.warn('SES message id not remembered; its delivery events will not update the outreach', { error: err as Error });
    }
  }
}

/** Nothing was sent: give the claim back (only if still ours) and let SQS bring the message again. */
async function release(c: Item, failures: BatchFailures, reason: string) {
  failures.add(c.record, reason);
  try {
    await releaseClaim(c.message.outreachId, 'OUT', c.token);
  } catch (err) {
    // The claim then runs out into `uncertain`: held for a person, never sent twice.
    logger.warn('claim not released', { outreachId: c.message.outreachId, error: err as Error });
  }
}

/** Runs one record's step; an error fails that record only. */
async function guarded(failures: BatchFailures, record: SQSRecord, step: () => Promise<unknown>) {
  try {
    await step();
  } catch (err) {
    logger.warn('outreach record failed', { messageId: record.messageId, error: err as Error });
    failures.add(record, (err as Error).message);
  }
}

/** An HTTP status on the error means SES itself answered (throttled, rejected…), as opposed to a network failure. */
const sesAnswered = (err: unknown) => typeof (err as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode === 'number';

const attributesOf = (message: OutreachMessage, customerKey: string) => ({ kind: message.kind, feedbackKey: message.feedbackKey, customerKey });

async function defer(record: SQSRecord, message: OutreachMessage, delayMs: number, now: Date, reason: string, deferred: OutreachMessage[], body = record.body) {
  const how = await deferOutreach(message.outreachId, body, delayMs, now);
  deferred.push(message);
  logger.info('outreach deferred', { outreachId: message.outreachId, reason, how, delayMs });
}

async function unsubscribeUrlFor(customerKey: string, now: Date): Promise<string> {
  const keys = await unsubscribeKeys();
  const token = signUnsubscribeToken(customerKey, new Date(now.getTime() + settings.brand.unsubscribeLinkDays * 86_400_000), keys.current);
  return `${requireEnv('PUBLIC_API_URL').replace(/\/$/, '')}/unsubscribe?token=${token}`;
}

/** The re-survey's answer links: one signed, expiring link per score of the original metric's scale. */
async function pulseLinks(message: OutreachMessage, now: Date) {
  const keys = await unsubscribeKeys();
  const metric = message.pulse?.metric ?? 'nps';
  const expiresAt = new Date(now.getTime() + settings.resurvey.linkDays * 86_400_000);
  return pulseLinksFor({ feedbackKey: message.feedbackKey, metric }, expiresAt, keys.current, requireEnv('PUBLIC_API_URL'));
}

async function park(record: SQSRecord, reason: string) {
  await parkInDlq(requireEnv('OUTREACH_QUEUE_DLQ_URL'), record.body, reason);
  logger.warn('outreach message parked', { messageId: record.messageId, reason });
}

function outreachCounters(message: OutreachMessage, status: OutreachStatus | 'deferred', closedInMs?: number) {
  return {
    dims: [['all', 'all'], ['channel', message.channel]] as Array<[string, string]>,
    day: counterBucketOf(message.receivedAt),
    add: { [`outreach_${message.kind}_${status}`]: 1, ...(closedInMs !== undefined ? closeTimeIncrements(closedInMs) : {}) },
  };
}

/**
 * Deferrals are not outcomes (the deferred copy settles later, and is counted then): they are
 * counted as events, best effort, outside the settle transaction.
 */
async function countDeferrals(deferred: OutreachMessage[]) {
  if (deferred.length === 0) return;
  for (const m of deferred) metrics.addMetric(`Outreach_${m.kind}_deferred`, MetricUnit.Count, 1);
  try {
    await addCounters(aggregate(deferred.map((m) => outreachCounters(m, 'deferred'))));
  } catch (err) {
    logger.warn('deferral counters not updated', { error: err as Error });
  }
}

export const handler = middy<SQSEvent, SQSBatchResponse>().use(logMetrics(metrics)).handler(notify);
