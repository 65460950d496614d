/**
 * Feedback queue → sentiment → decision → store + count (one transaction) → outreach queue.
 * Event: SQS batch with ReportBatchItemFailures (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html).
 *
 * Works on the whole batch at once so that Comprehend, DynamoDB and SQS each see one request per
 * batch rather than per message. Idempotent on the dedupe key: a redelivered event is found
 * stored, changes no counter, and only re-offers its outreach (which notify sends at most once).
 * A later version of a stored response (functions/domain/revisions.ts) replaces it: re-decided,
 * its counters moved by the difference in the same transaction, its follow-up re-offered.
 */
import middy from '@middy/core';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { addUsage, analysisUsageOf, costOf } from '#domain/cost';
import { contributionOf } from '#domain/counters';
import { decide, type Decision } from '#domain/decide';
import { escalationAlertOf } from '#domain/escalation';
import { experimentMarkOf, outreachOf, type ExperimentRecord } from '#domain/experiments/treatment';
import { dedupeKey, FeedbackEvent } from '#domain/feedback-event';
import { toFeedbackRecord, type FeedbackRecord } from '#domain/feedback-record';
import type { CustomerHistory } from '#domain/guards';
import { customerKeyOf } from '#domain/outreach';
import { recoveryLinkOf, recoveryOutcomeOf, type RecoveryLink } from '#domain/recovery';
import { arrivalOf, followUpOf } from '#domain/revisions';
import { customerHashKey } from '#adapters/customer-hash-key';
import { getCustomerHistories, linkRecovery } from '#adapters/customer-state';
import { withoutErased } from '#adapters/erasure-markers';
import { escalateAll, type EscalationResult } from '#adapters/escalations';
import { storeFeedbackBatch, type NewFeedback, type StoredFeedback } from '#adapters/feedback-store';
import { parkInDlq, sendMessages } from '#adapters/queue';
import { logger, metrics } from '#powertools';
import { requireEnv } from '../env';
import { settings } from '../settings';
import { offerToCases } from './case-signals';
import { publishFeedbackMetrics } from './feedback-metrics';
import { analyzeBatchTexts, invocationShare } from './text-analysis';
import { BatchFailures, parseRecordBody } from './sqs-batch';

async function analyze(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  const startedAt = Date.now();
  const failures = new BatchFailures();
  const hashKey = await customerHashKey();
  // Copies received before their customer's erasure (queued, redriven) are acknowledged and dropped.
  const valid = await withoutErased(await parseOrPark(event.Records, failures), ({ feedback }) => feedback, hashKey);
  // Independent of each other, so side by side (one round trip less per batch on the way to the
  // customer's email): one BatchGet for who among these customers has an open recovery to link to,
  // and the batch's text analysis. Both only after the erasure check: no erased customer's text is analyzed.
  const [histories, { outcomes: analyses, notes, spendRecorded }] = await Promise.all([
    getCustomerHistories(valid.flatMap(({ feedback }) => customerKeyOf(feedback.customer, hashKey) ?? [])),
    analyzeBatchTexts(
      valid.map(({ record, feedback }) => ({ key: record.messageId, feedback })),
      settings.textAnalysis,
      settings.budget,
      new Date(),
    ),
  ]);
  const share = invocationShare(valid.map(({ feedback }) => feedback), startedAt);

  const toStore: Array<NewFeedback & { record: SQSRecord }> = [];
  const seen = new Map<string, SQSRecord>();
  for (const { record, feedback } of latestFirst(valid)) {
    const analysis = analyses.get(record.messageId);
    const key = dedupeKey(feedback);
    const first = seen.get(key);
    // The same response twice in one batch: store its latest version once, and let the copies share its fate.
    if (first) {
      failures.follow(record, first);
      continue;
    }
    seen.set(key, record);
    if (analysis instanceof Error) {
      failures.add(record, `sentiment failed: ${analysis.message}`);
      continue;
    }
    const score = analysis?.sentiment;
    const decision = decide(feedback, score, undefined, settings.rules);
    const stored = analysis?.redactedText === undefined ? feedback : { ...feedback, text: analysis.redactedText };
    const item = toFeedbackRecord(stored, score, decision, settings.retentionDays, hashKey);
    const link = await linkToRecovery(item, histories, decision);
    const noted: FeedbackRecord = { ...(link ? { ...item, recoveredFrom: link.recoveredFrom, recoveryOutcome: link.outcome } : item), ...notes.get(record.messageId) };
    // The experiment's arm is stored with the feedback, before any email is offered (functions/domain/experiments/treatment.ts);
    // it decides whether a recovery email goes out, so it comes before the usage estimate that counts that email.
    const experiment = experimentMarkOf(noted, settings.experiments.recovery, settings.cases);
    if (experiment) Object.assign(noted, { experiment });
    const usage = analysisUsageOf(feedback, JSON.stringify(noted).length, analysis?.usage, outreachOf(noted as ExperimentRecord, settings.resurvey).length > 0, share);
    const linked: FeedbackRecord = { ...noted, cost: costOf(usage) };
    toStore.push({ record, ...asNew(linked), revise: (previous) => revisionOf(linked, previous) });
  }

  let outcome: Awaited<ReturnType<typeof storeFeedbackBatch>>;
  try {
    outcome = await storeFeedbackBatch(toStore);
  } catch (err) {
    logger.error('storing feedback failed', { error: err as Error });
    for (const { record } of toStore) failures.add(record, 'store failed');
    await spendRecorded;
    return failures.response();
  }

  const recordByKey = new Map(toStore.map((s) => [s.item.pk, s.record]));
  const revised = outcome.revised.map((r) => r.item);
  const settled = [...outcome.stored, ...outcome.duplicates, ...revised];
  // An email (as the experiment's arm has it) and the re-survey; each entry id names its feedback's SQS message.
  const offers = settled.flatMap((item) => {
    const record = recordByKey.get(item.pk);
    if (!record) return [];
    return outreachOf(item as unknown as ExperimentRecord, settings.resurvey).map((message, i) => ({ id: `${record.messageId}-o${i}`, messageId: record.messageId, body: JSON.stringify(message) }));
  });
  // The customer's email and the team's alert do not wait for each other (each failure fails only its
  // own record); the case signals wait for the alerts, whose uncertain ones they open directly.
  const [unsent] = await Promise.all([
    sendMessages(requireEnv('OUTREACH_QUEUE_URL'), offers),
    escalate(settled as unknown as FeedbackRecord[], recordByKey, failures, context).then((uncertain) =>
      offerToCases(settled as unknown as FeedbackRecord[], recordByKey, failures, uncertain),
    ),
  ]);
  for (const offer of offers) if (unsent.has(offer.id)) failures.addId(offer.messageId, 'outreach enqueue failed');
  for (const { item, previous } of outcome.revised) {
    logger.info('feedback revised', { feedbackKey: item.pk, fromRevision: previous.revision, toRevision: item.revision, action: `${actionOf(previous)} → ${actionOf(item)}` });
  }

  await spendRecorded;
  metrics.addMetric('FeedbackStored', MetricUnit.Count, outcome.stored.length);
  publishFeedbackMetrics(outcome.stored as unknown as FeedbackRecord[]);
  metrics.addMetric('FeedbackDuplicates', MetricUnit.Count, outcome.duplicates.length);
  metrics.addMetric('FeedbackRevised', MetricUnit.Count, revised.length);
  metrics.addMetric('OutreachOffered', MetricUnit.Count, offers.length - unsent.size);
  logger.info('batch analyzed', { stored: outcome.stored.length, duplicates: outcome.duplicates.length, revised: revised.length, erased: outcome.erased.length, outreach: offers.length, failed: failures.size });
  return failures.response();
}

/** A record as stored new: itself and what it adds to the counters. */
const asNew = (record: FeedbackRecord) => ({ item: record as unknown as StoredFeedback, counters: contributionOf(record) });

/**
 * This delivery as a later version of `previous` (stored), or undefined when it changes nothing
 * (a redelivery, an older version arriving late): re-decided against what the earlier version
 * called for, keeping its recovery link, counted once more in `revisions`, and taking the earlier
 * version's contribution out of the counters as its own goes in (functions/adapters/feedback-store.ts).
 */
function revisionOf(next: FeedbackRecord, stored: StoredFeedback): NewFeedback | undefined {
  const previous = stored as unknown as FeedbackRecord;
  const arrival = arrivalOf(previous, next);
  if (arrival === 'stale') logger.info('older version of a response ignored', { feedbackKey: next.pk, revision: next.revision, stored: previous.revision });
  if (arrival !== 'revision') return undefined;
  const decision = followUpOf(previous.decision, next.decision);
  // A response that answered a recovery email keeps answering it; whether it was won follows the new mood.
  const link = previous.recoveredFrom ? { recoveredFrom: previous.recoveredFrom, recoveryOutcome: recoveryOutcomeOf(decision) } : {};
  // The arm is the customer's for good: a later version keeps the one it was stored with.
  const arm = (previous as ExperimentRecord).experiment ? { experiment: (previous as ExperimentRecord).experiment } : {};
  const cost = next.cost ? costOf(addUsage(previous.cost?.usage, next.cost.usage)) : previous.cost;
  const record: FeedbackRecord = { ...next, ...link, ...arm, decision, revisions: (previous.revisions ?? 0) + 1, ...(cost ? { cost } : {}) };
  return { ...asNew(record), uncount: contributionOf(previous), revise: (again) => revisionOf(next, again) };
}

/** Each response's latest version first, so the copies in a batch follow the one that counts. */
function latestFirst<T extends { feedback: FeedbackEvent }>(items: T[]): T[] {
  return [...items].sort((a, b) => (b.feedback.revision ?? -1) - (a.feedback.revision ?? -1));
}

const actionOf = (item: StoredFeedback) => (item as unknown as FeedbackRecord).decision?.action ?? 'none';

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
 * publish fails the record so SQS brings it back (stored as a duplicate, it is alerted then). Returns
 * the feedback whose alert is uncertain (an attempt died holding it): their cases are opened directly.
 */
async function escalate(items: FeedbackRecord[], recordByKey: Map<string, SQSRecord>, failures: BatchFailures, context: Context): Promise<Set<string>> {
  const uncertain = new Set<string>();
  const alerts = items.flatMap((item) => {
    const alert = escalationAlertOf(item, requireEnv('PUBLIC_API_URL'));
    return alert && recordByKey.has(item.pk) ? [alert] : [];
  });
  // The batch's alerts are claimed together and recorded together (functions/adapters/escalations.ts).
  let results: Map<string, EscalationResult>;
  try {
    results = await escalateAll(alerts, new Date(), context.getRemainingTimeInMillis() + 5_000);
  } catch (err) {
    logger.warn('escalation failed', { feedbackKeys: alerts.map((a) => a.feedbackKey), error: err as Error });
    for (const alert of alerts) failures.add(recordByKey.get(alert.feedbackKey)!, 'escalation failed');
    return uncertain;
  }
  for (const [feedbackKey, result] of results) {
    if (result === 'retry') failures.add(recordByKey.get(feedbackKey)!, 'escalation not published yet');
    else if (result === 'published') metrics.addMetric('EscalationPublished', MetricUnit.Count, 1);
    else if (result === 'uncertain') {
      uncertain.add(feedbackKey);
      logger.warn('escalation alert uncertain: an attempt died holding it; opening its case directly', { feedbackKey });
    }
  }
  return uncertain;
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
