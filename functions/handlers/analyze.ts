/**
 * Feedback queue → sentiment → decision → store + count (one transaction) → outreach queue.
 * Event: SQS batch with ReportBatchItemFailures (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html).
 *
 * Works on the whole batch at once so that Comprehend, DynamoDB and SQS each see one request per
 * batch rather than per message. Idempotent on the dedupe key: a redelivered event is found
 * stored, changes no counter, and only re-offers its outreach (which notify sends at most once).
 */
import middy from '@middy/core';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { counterBucketOf, dimensionsOf, feedbackIncrements } from '#domain/counters';
import { decide, type Decision } from '#domain/decide';
import { escalationAlertOf } from '#domain/escalation';
import { dedupeKey, FeedbackEvent } from '#domain/feedback-event';
import { outreachFor, toFeedbackRecord, type FeedbackRecord } from '#domain/feedback-record';
import type { CustomerHistory } from '#domain/guards';
import { customerKeyOf } from '#domain/outreach';
import { recoveryLinkOf, type RecoveryLink } from '#domain/recovery';
import { customerHashKey } from '#adapters/customer-hash-key';
import { getCustomerHistories, linkRecovery } from '#adapters/customer-state';
import { withoutErased } from '#adapters/erasure-markers';
import { escalateOnce } from '#adapters/escalations';
import { storeFeedbackBatch, type NewFeedback } from '#adapters/feedback-store';
import { parkInDlq, sendMessages } from '#adapters/queue';
import { analyzeTexts } from '#adapters/sentiment';
import { logger, metrics } from '#powertools';
import { requireEnv } from '../env';
import { settings } from '../settings';
import { offerToCases } from './case-signals';
import { publishFeedbackMetrics } from './feedback-metrics';
import { BatchFailures, parseRecordBody } from './sqs-batch';

async function analyze(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  const failures = new BatchFailures();
  const hashKey = await customerHashKey();
  // Copies received before their customer's erasure (queued, redriven) are acknowledged and dropped.
  const valid = await withoutErased(await parseOrPark(event.Records, failures), ({ feedback }) => feedback, hashKey);
  // One BatchGet for the batch: who among these customers has an open recovery to link to.
  const histories = await getCustomerHistories(valid.flatMap(({ feedback }) => customerKeyOf(feedback.customer, hashKey) ?? []));

  const analyses = await analyzeTexts(
    valid.filter(({ feedback }) => feedback.text?.trim()).map(({ record, feedback }) => ({ key: record.messageId, text: feedback.text!, language: feedback.language })),
    settings.textAnalysis,
  );

  const toStore: Array<NewFeedback & { record: SQSRecord }> = [];
  const seen = new Map<string, SQSRecord>();
  for (const { record, feedback } of valid) {
    const analysis = analyses.get(record.messageId);
    if (analysis instanceof Error) {
      failures.add(record, `sentiment failed: ${analysis.message}`);
      continue;
    }
    const score = analysis?.sentiment;
    const key = dedupeKey(feedback);
    const first = seen.get(key);
    // The same event twice in one batch: store it once, and let the copy share the first one's fate.
    if (first) {
      failures.follow(record, first);
      continue;
    }
    seen.set(key, record);
    const decision = decide(feedback, score, undefined, settings.rules);
    const stored = analysis?.redactedText === undefined ? feedback : { ...feedback, text: analysis.redactedText };
    const item = toFeedbackRecord(stored, score, decision, settings.retentionDays, hashKey);
    const link = await linkToRecovery(item, histories, decision);
    toStore.push({
      record,
      item: (link ? { ...item, recoveredFrom: link.recoveredFrom, recoveryOutcome: link.outcome } : item) as unknown as NewFeedback['item'],
      counters: {
        dims: dimensionsOf(feedback),
        day: counterBucketOf(feedback.occurredAt),
        add: { ...feedbackIncrements(feedback, score, decision), ...(link ? { [`recovery_${link.outcome}`]: 1 } : {}) },
      },
    });
  }

  let outcome: Awaited<ReturnType<typeof storeFeedbackBatch>>;
  try {
    outcome = await storeFeedbackBatch(toStore);
  } catch (err) {
    logger.error('storing feedback failed', { error: err as Error });
    for (const { record } of toStore) failures.add(record, 'store failed');
    return failures.response();
  }

  const recordByKey = new Map(toStore.map((s) => [s.item.pk, s.record]));
  const offers = [...outcome.stored, ...outcome.duplicates].flatMap((item) => {
    const message = outreachFor(item as unknown as FeedbackRecord);
    const record = recordByKey.get(item.pk);
    return message && record ? [{ id: record.messageId, body: JSON.stringify(message) }] : [];
  });
  const unsent = await sendMessages(requireEnv('OUTREACH_QUEUE_URL'), offers);
  for (const id of unsent) failures.addId(id, 'outreach enqueue failed');
  await escalate([...outcome.stored, ...outcome.duplicates] as unknown as FeedbackRecord[], recordByKey, failures, context);
  await offerToCases([...outcome.stored, ...outcome.duplicates] as unknown as FeedbackRecord[], recordByKey, failures);

  metrics.addMetric('FeedbackStored', MetricUnit.Count, outcome.stored.length);
  publishFeedbackMetrics(outcome.stored as unknown as FeedbackRecord[]);
  metrics.addMetric('FeedbackDuplicates', MetricUnit.Count, outcome.duplicates.length);
  metrics.addMetric('OutreachOffered', MetricUnit.Count, offers.length - unsent.size);
  logger.info('batch analyzed', { stored: outcome.stored.length, duplicates: outcome.duplicates.length, erased: outcome.erased.length, outreach: offers.length, failed: failures.size });
  return failures.response();
}

/**
 * Links feedback to the customer's recovery email within the window, claiming the recovery so it is
 * won or lost once; the same feedback redelivered claims it again and is counted when it is stored.
 */
async function linkToRecovery(item: FeedbackRecord, histories: Map<string, CustomerHistory>, decision: Decision): Promise<RecoveryLink | undefined> {
  if (!item.customerKey) return undefined;
  const link = recoveryLinkOf(histories.get(item.customerKey), item.pk, decision, new Date(item.occurredAt), settings.guards.recoveryWindowDays);
  return link && (await linkRecovery(item.customerKey, link.recoveredFrom, item.pk)) ? link : undefined;
}

/**
 * Alerts the team once per escalated feedback, whether or not the customer can be emailed. A failed
 * publish fails the record so SQS brings it back (stored as a duplicate, it is alerted then).
 */
async function escalate(items: FeedbackRecord[], recordByKey: Map<string, SQSRecord>, failures: BatchFailures, context: Context) {
  const now = new Date();
  await Promise.all(
    items.map(async (item) => {
      const alert = escalationAlertOf(item, requireEnv('PUBLIC_API_URL'));
      const record = recordByKey.get(item.pk);
      if (!alert || !record) return;
      try {
        const result = await escalateOnce(alert, now, context.getRemainingTimeInMillis() + 5_000);
        if (result === 'retry') failures.add(record, 'escalation not published yet');
        else if (result === 'published') metrics.addMetric('EscalationPublished', MetricUnit.Count, 1);
      } catch (err) {
        logger.warn('escalation failed', { feedbackKey: item.pk, error: err as Error });
        failures.add(record, 'escalation failed');
      }
    }),
  );
}

/** Poison messages can never succeed: park them in the DLQ with the reason instead of retrying. */
async function parseOrPark(records: SQSRecord[], failures: BatchFailures) {
  const valid: Array<{ record: SQSRecord; feedback: FeedbackEvent }> = [];
  for (const record of records) {
    const parsed = parseRecordBody(record, FeedbackEvent);
    if (parsed.ok) {
      valid.push({ record, feedback: parsed.value });
      continue;
    }
    try {
      await parkInDlq(requireEnv('FEEDBACK_QUEUE_DLQ_URL'), record.body, parsed.reason);
      logger.warn('poison message parked', { messageId: record.messageId, reason: parsed.reason });
    } catch {
      failures.add(record, 'could not park poison message');
    }
  }
  return valid;
}

export const handler = middy<SQSEvent, SQSBatchResponse>().use(logMetrics(metrics)).handler(analyze);
