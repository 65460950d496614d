/**
 * Outreach queue → guards → render → SES, exactly once per decision (see the ledger for the crash windows).
 * Event: SQS batch with ReportBatchItemFailures, processed by Powertools' BatchProcessor.
 */
import middy from '@middy/core';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { closeTimeIncrements } from '#domain/close-time';
import { aggregate, counterBucketOf } from '#domain/counters';
import { headerSafe } from '#domain/email/escape';
import { bundledTemplates } from '#domain/email/bundled';
import { renderOutreachEmail } from '#domain/email/render';
import { cappedDomainOf, consentAllows, cooldownAllows, quietHoursWait, untilNextHour } from '#domain/guards';
import { customerKeyOf, OutreachMessage } from '#domain/outreach';
import { signUnsubscribeToken } from '#domain/unsubscribe-token';
import { customerHashKey } from '#adapters/customer-hash-key';
import { reserveContact } from '#adapters/customer-state';
import { deferOutreach } from '#adapters/deferral';
import { isErasedSince } from '#adapters/erasure-markers';
import { sendEmail } from '#adapters/mailer';
import { addCounters } from '#adapters/metrics-store';
import { claimOutreach, isSuppressed, recordOutcome, releaseClaim, rememberMessageId, type OutreachStatus } from '#adapters/outreach-ledger';
import { parkInDlq } from '#adapters/queue';
import { takeDomainSlot, takeSendSlot } from '#adapters/send-rate';
import { unsubscribeKeys } from '#adapters/unsubscribe-keys';
import { logger, metrics } from '#powertools';
import { requireEnv } from '../env';
import { settings } from '../settings';
import { parseRecordBody } from './sqs-batch';

type Outcome = { message: OutreachMessage; status: OutreachStatus | 'deferred'; closedInMs?: number };

const processor = new BatchProcessor(EventType.SQS);

async function notify(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  const outcomes: Outcome[] = [];
  const response = await processPartialResponse(event, (record: SQSRecord) => notifyOne(record, context, outcomes), processor);
  await countOutcomes(outcomes);
  return response;
}

/** Guards in order: quiet hours (defer) → claim → suppression → consent → cooldown → domain and hourly ceilings (defer) → send. */
async function notifyOne(record: SQSRecord, context: Context, outcomes: Outcome[]): Promise<void> {
  const parsed = parseRecordBody(record, OutreachMessage);
  if (!parsed.ok) return park(record, parsed.reason);
  const message = parsed.value;
  const { guards } = settings;
  const now = new Date();
  const hashKey = await customerHashKey();
  const customerKey = customerKeyOf(message.customer, hashKey)!;
  // A copy received before the customer's erasure (deferred, queued, redriven) is never sent.
  if (await isErasedSince(message.customer, message.receivedAt, hashKey)) return;

  const quietMs = quietHoursWait(now, message.customer.timezone, guards.quietHours);
  if (quietMs > 0) return defer(record, message, quietMs, now, 'quiet hours', outcomes);

  // The lease outlives this invocation, so only a dead attempt's claim can ever expire.
  const claim = await claimOutreach(message.outreachId, context.getRemainingTimeInMillis() + 5_000, now, {
    kind: message.kind,
    feedbackKey: message.feedbackKey,
    customerKey,
  });
  if (claim === 'done') return;
  if (claim === 'in-flight') throw new Error('another attempt holds this outreach');
  if (claim === 'uncertain') {
    await recordOutcome(message.outreachId, 'uncertain', { reason: 'a previous attempt died mid-send' });
    outcomes.push({ message, status: 'uncertain' });
    return park(record, 'delivery-uncertain: a previous attempt died after claiming; check SES before redriving');
  }

  const stop = async (status: Exclude<OutreachStatus, 'sending'>, reason: string) => {
    await recordOutcome(message.outreachId, status, { reason });
    outcomes.push({ message, status });
  };
  if (await isSuppressed(customerKey)) return stop('suppressed', 'address on the suppression list');
  const consent = consentAllows(message.customer.consent, guards);
  if (!consent.ok) return stop('unconsented', consent.reason);
  const reservation = await reserveContact(customerKey, message, now, guards);
  if (!reservation.ok) {
    const verdict = cooldownAllows(reservation.history, message.kind, now, guards);
    return stop('cooldown', verdict.ok ? 'another outreach to this customer took the slot' : verdict.reason);
  }
  const domain = cappedDomainOf(message.customer);
  if (domain && !(await takeDomainSlot(now, domain, guards.maxPerDomainPerHour))) {
    await releaseClaim(message.outreachId);
    return defer(record, message, untilNextHour(now), now, 'hourly ceiling for the recipient domain reached', outcomes);
  }
  if (!(await takeSendSlot(now, guards.maxPerHour))) {
    await releaseClaim(message.outreachId);
    return defer(record, message, untilNextHour(now), now, 'hourly outreach ceiling reached', outcomes);
  }

  const unsubscribeUrl = await unsubscribeUrlFor(customerKey, now);
  const email = renderOutreachEmail(message, unsubscribeUrl, settings, bundledTemplates());
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
      tags: { kind: message.kind, channel: message.channel },
    });
  } catch (err) {
    if (sesAnswered(err)) {
      // SES answered with an error, so nothing went out: free the claim for the retry (the SQS
      // redelivery is the backoff; after maxReceiveCount the message rests in the DLQ).
      await releaseClaim(message.outreachId);
      throw err;
    }
    // A timeout or reset may have happened after SES accepted the email: never guess, hold it for a person.
    await recordOutcome(message.outreachId, 'uncertain', { reason: `send outcome unknown: ${(err as Error).name}` });
    outcomes.push({ message, status: 'uncertain' });
    return park(record, 'delivery-uncertain: the send timed out or the connection broke; check SES before redriving');
  }
  const sentAt = new Date();
  await recordOutcome(message.outreachId, 'sent', { messageId, sentAt: sentAt.toISOString() });
  outcomes.push({ message, status: 'sent', closedInMs: sentAt.getTime() - Date.parse(message.receivedAt) });
  try {
    await rememberMessageId(messageId, message.outreachId, Math.floor(sentAt.getTime() / 1000) + 30 * 86_400);
  } catch (err) {
    logger.warn('SES message id not remembered; its delivery events will not update the outreach', { error: err as Error });
  }
}

/** An HTTP status on the error means SES itself answered (throttled, rejected…), as opposed to a network failure. */
const sesAnswered = (err: unknown) => typeof (err as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode === 'number';

async function defer(record: SQSRecord, message: OutreachMessage, delayMs: number, now: Date, reason: string, outcomes: Outcome[]) {
  const how = await deferOutreach(message.outreachId, record.body, delayMs, now);
  outcomes.push({ message, status: 'deferred' });
  logger.info('outreach deferred', { outreachId: message.outreachId, reason, how, delayMs });
}

async function unsubscribeUrlFor(customerKey: string, now: Date): Promise<string> {
  const keys = await unsubscribeKeys();
  const token = signUnsubscribeToken(customerKey, new Date(now.getTime() + settings.brand.unsubscribeLinkDays * 86_400_000), keys.current);
  return `${requireEnv('PUBLIC_API_URL').replace(/\/$/, '')}/unsubscribe?token=${token}`;
}

async function park(record: SQSRecord, reason: string) {
  await parkInDlq(requireEnv('OUTREACH_QUEUE_DLQ_URL'), record.body, reason);
  logger.warn('outreach message parked', { messageId: record.messageId, reason });
}

async function countOutcomes(outcomes: Outcome[]) {
  if (outcomes.length === 0) return;
  for (const o of outcomes) metrics.addMetric(`Outreach_${o.message.kind}_${o.status}`, MetricUnit.Count, 1);
  const deltas = aggregate(
    outcomes.map(({ message, status, closedInMs }) => ({
      dims: [['all', 'all'], ['channel', message.channel]],
      day: counterBucketOf(message.receivedAt),
      add: { [`outreach_${message.kind}_${status}`]: 1, ...(closedInMs !== undefined ? closeTimeIncrements(closedInMs) : {}) },
    })),
  );
  try {
    await addCounters(deltas);
  } catch (err) {
    // The emails went out and the ledger records them; failing the batch now would only redo settled work.
    logger.error('outreach counters not updated', { error: err as Error });
  }
}

export const handler = middy<SQSEvent, SQSBatchResponse>().use(logMetrics(metrics)).handler(notify);
