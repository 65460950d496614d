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
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { dayOf, dimensionsOf, feedbackIncrements } from '#domain/counters';
import { decide } from '#domain/decide';
import { dedupeKey, FeedbackEvent } from '#domain/feedback-event';
import { outreachFor, toFeedbackRecord, type FeedbackRecord } from '#domain/feedback-record';
import { storeFeedbackBatch, type NewFeedback } from '#adapters/feedback-store';
import { parkInDlq, sendMessages } from '#adapters/queue';
import { scoreTexts } from '#adapters/sentiment';
import { logger, metrics } from '#powertools';
import { requireEnv } from '../env';
import { settings } from '../settings';
import { BatchFailures, parseRecordBody } from './sqs-batch';

async function analyze(event: SQSEvent): Promise<SQSBatchResponse> {
  const failures = new BatchFailures();
  const valid = await parseOrPark(event.Records, failures);

  const scores = await scoreTexts(
    valid.filter(({ feedback }) => feedback.text?.trim()).map(({ record, feedback }) => ({ key: record.messageId, text: feedback.text!, language: feedback.language })),
  );

  const toStore: Array<NewFeedback & { record: SQSRecord }> = [];
  const seen = new Map<string, SQSRecord>();
  for (const { record, feedback } of valid) {
    const score = scores.get(record.messageId);
    if (score instanceof Error) {
      failures.add(record, `sentiment failed: ${score.message}`);
      continue;
    }
    const key = dedupeKey(feedback);
    const first = seen.get(key);
    // The same event twice in one batch: store it once, and let the copy share the first one's fate.
    if (first) {
      failures.follow(record, first);
      continue;
    }
    seen.set(key, record);
    const decision = decide(feedback, score, undefined, settings.rules);
    const item = toFeedbackRecord(feedback, score, decision, settings.retentionDays);
    toStore.push({
      record,
      item: item as unknown as NewFeedback['item'],
      counters: { dims: dimensionsOf(feedback), day: dayOf(feedback.occurredAt), add: feedbackIncrements(feedback, score, decision) },
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

  metrics.addMetric('FeedbackStored', MetricUnit.Count, outcome.stored.length);
  metrics.addMetric('FeedbackDuplicates', MetricUnit.Count, outcome.duplicates.length);
  metrics.addMetric('OutreachOffered', MetricUnit.Count, offers.length - unsent.size);
  logger.info('batch analyzed', { stored: outcome.stored.length, duplicates: outcome.duplicates.length, outreach: offers.length, failed: failures.size });
  return failures.response();
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
