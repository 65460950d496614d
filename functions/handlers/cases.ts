/**
 * Case events → cases. Event: SQS batch with ReportBatchItemFailures
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html), from the
 * case-events queue, which receives:
 * - escalation alerts, subscribed to the escalation topic (analyze publishes them; it needs no change);
 * - `open` for recoveries and `recovered` when a customer's next feedback wins the recovery (analyze);
 * - `due` and `lead` reminders (EventBridge Scheduler, or an SQS delay when one is under 15 minutes away).
 * Opening is idempotent on the feedback key (one case per feedback); the follow-ups (the first
 * reminder, connector messages) are re-offered on every attempt and de-duplicated where they land.
 *
 * Per batch, not per record: the batch's cases and feedback records are read in one BatchGetItem
 * each, its new cases are stored in one transaction with their counters, and every connector message the batch produces leaves in one SendMessageBatch (per ten) at
 * the end. A record is done only when its messages were queued: a send SQS refuses fails just the
 * records whose messages it held, and SQS brings them again (the ledger in handlers/connectors.ts
 * makes a message queued twice post once).
 *
 * One schedule per case: only the earlier reminder (domain/cases/reminders.ts) is scheduled when the
 * case opens; when it arrives, the next one is scheduled before the reminder's own change is applied
 * or announced, and re-offered on every delivery of it. Crash windows:
 * - opened, then a crash before the first reminder was scheduled: the opening event comes back
 *   (it failed), finds the case and schedules it (schedule names are deterministic: a create that
 *   already happened answers Conflict, which is harmless);
 * - `due` arrived, then a crash before `lead` was scheduled (or the create failed): the `due` event
 *   fails and is redelivered until the `lead` schedule exists — its change (the breach) is applied
 *   once by the case's version, and its chat reminder, found already applied, is queued again (the
 *   delivery ledger posts it once);
 * - `lead` scheduled, then a crash before the breach was saved: `due` comes back, `lead` answers
 *   Conflict, the breach is saved.
 * A case closed when its reminder arrives needs no further reminder.
 */
import middy from '@middy/core';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { applyChanges, caseIdOf, isClosed, type CaseRecord } from '#domain/cases/case';
import { CaseEventMessage, type ConnectorMessage } from '#domain/cases/messages';
import { firstReminderOf, reminderAfter } from '#domain/cases/reminders';
import { caseTriggerOf, newCase, placementOf } from '#domain/cases/open';
import { ownerByTurn } from '#domain/cases/routing';
import { CONNECTORS } from '#domain/cases/settings';
import type { FeedbackRecord } from '#domain/feedback-record';
import { scheduleCaseReminder } from '#adapters/case-reminders';
import { changeCase, getCases, nextTurn, openCasesOfCustomer, openNewCases } from '#adapters/cases-store';
import { getFeedbacks, type StoredFeedback } from '#adapters/feedback-store';
import { parkInDlq, sendMessages } from '#adapters/queue';
import { logger, metrics } from '#powertools';
import { requireEnv } from '../env';
import { settings } from '../settings';
import { countCaseEvents } from './case-metrics';
import { BatchFailures, parseRecordBody } from './sqs-batch';

const CHAT = ['slack', 'teams'] as const;

interface Opening {
  record: SQSRecord;
  feedbackKey: string;
  via: 'escalation' | 'open';
}
/** A connector message to queue, and the record that is done only once it is queued. */
type Outgoing = { record: SQSRecord; message: ConnectorMessage };

async function cases(event: SQSEvent): Promise<SQSBatchResponse> {
  metrics.addMetric('CaseEventsReceived', MetricUnit.Count, event.Records.length);
  const failures = new BatchFailures();
  const now = new Date();
  const outgoing: Outgoing[] = [];
  const openings: Opening[] = [];
  const rest: Array<Promise<unknown>> = [];
  for (const record of event.Records) {
    const parsed = parseRecordBody(record, CaseEventMessage);
    if (!parsed.ok) {
      rest.push(
        guarded(failures, record, async () => {
          await parkInDlq(requireEnv('CASE_EVENTS_QUEUE_DLQ_URL'), record.body, parsed.reason);
          logger.warn('case event parked', { messageId: record.messageId, reason: parsed.reason });
        }),
      );
      continue;
    }
    const message = parsed.value;
    switch (message.type) {
      case 'escalation':
      case 'open':
        openings.push({ record, feedbackKey: message.feedbackKey, via: message.type });
        break;
      case 'recovered':
        rest.push(guarded(failures, record, () => resolveOnRecovery(message.customerKey, message.feedbackKey, now)));
        break;
      case 'due':
      case 'lead':
        rest.push(guarded(failures, record, () => remind(record, message.caseId, message.type, now, outgoing)));
        break;
    }
  }
  await Promise.all([openBatch(openings, now, failures, outgoing), ...rest]);
  await queueAll(outgoing, failures);
  return failures.response();
}

/** Runs one record's step; an error fails that record only. */
async function guarded(failures: BatchFailures, record: SQSRecord, step: () => Promise<unknown>): Promise<void> {
  try {
    await step();
  } catch (err) {
    failures.add(record, (err as Error).message);
  }
}

/** The batch's openings: their cases and feedback records read in one request each, the new cases stored in one transaction, then each case's follow-ups. */
async function openBatch(openings: Opening[], now: Date, failures: BatchFailures, outgoing: Outgoing[]): Promise<void> {
  const leaders = new Map<string, Opening>();
  for (const o of openings) {
    // The same feedback twice in a batch (an alert and its redelivery): the copy shares the first one's fate.
    const leader = leaders.get(o.feedbackKey);
    if (leader) failures.follow(o.record, leader.record);
    else leaders.set(o.feedbackKey, o);
  }
  const distinct = [...leaders.values()];
  if (distinct.length === 0) return;
  // Both reads at once: on a first attempt (the usual case) no case exists yet and every feedback record is needed.
  const [stored, records] = await Promise.allSettled([getCases(distinct.map((o) => caseIdOf(o.feedbackKey))), getFeedbacks(distinct.map((o) => o.feedbackKey))]);
  if (stored.status === 'rejected') {
    for (const o of distinct) failures.add(o.record, `cases not read: ${(stored.reason as Error).message}`);
    return;
  }
  // Each case found, or made (not yet stored) from its feedback record.
  const found = new Map<Opening, CaseRecord>();
  const made = new Map<Opening, CaseRecord>();
  await Promise.all(
    distinct.map((o) =>
      guarded(failures, o.record, async () => {
        const current = stored.value.get(caseIdOf(o.feedbackKey));
        if (current) return void found.set(o, current);
        if (records.status === 'rejected') throw records.reason;
        const fresh = await caseFor(o, records.value.get(o.feedbackKey), now);
        if (fresh) made.set(o, fresh);
      }),
    ),
  );
  // The new cases of the batch in one transaction with their counters (cases-store.ts openNewCases).
  if (made.size > 0) {
    try {
      const opened = await openNewCases([...made.values()]);
      for (const [o, c] of made) {
        const out = opened.get(c.id)!;
        found.set(o, out.case);
        if (out.result === 'opened') {
          metrics.addMetric('CaseOpened', MetricUnit.Count, 1);
          logger.info('case opened', { caseId: c.id, priority: c.priority, team: c.team });
        }
      }
    } catch (err) {
      for (const o of made.keys()) failures.add(o.record, `cases not opened: ${(err as Error).message}`);
    }
  }
  await Promise.all([...found].map(([o, c]) => guarded(failures, o.record, () => followUps(o, c, now, outgoing))));
}

/** The case a feedback record opens (not yet stored), or none when it opens none. */
async function caseFor(o: Opening, feedback: StoredFeedback | undefined, now: Date): Promise<CaseRecord | undefined> {
  const cfg = settings.cases;
  const record = feedback as unknown as FeedbackRecord | undefined;
  // analyze stores before it publishes, so a missing record is a race or an erasure: retry, then rest in the DLQ.
  if (!record?.decision) throw new Error(`feedback ${o.feedbackKey} not found`);
  const trigger = caseTriggerOf(record, cfg.open);
  if (!trigger || (o.via === 'escalation' && trigger !== 'escalation')) return undefined;
  const placement = placementOf(record, cfg);
  const owner = ownerByTurn(cfg.teams[placement.team]!.members, await nextTurn(placement.team));
  return newCase(record, trigger, placement, owner, cfg, now);
}

/** Re-offered on every attempt: a crash after the case was stored must not lose its reminder or messages. */
async function followUps(o: Opening, c: CaseRecord, now: Date, outgoing: Outgoing[]): Promise<void> {
  if (isClosed(c.status)) return;
  // Only the first reminder: it schedules the next when it arrives.
  const first = firstReminderOf(c);
  await scheduleCaseReminder(c.id, first.type, first.at, now);
  announce(o.record, c, 'opened', CONNECTORS, outgoing);
}

/** Adds the case's messages to the batch's outgoing ones (queued together at the end). */
function announce(record: SQSRecord, c: CaseRecord, kind: ConnectorMessage['kind'], connectors: readonly ConnectorMessage['connector'][], outgoing: Outgoing[]): void {
  for (const connector of connectors) if (settings.cases.connectors[connector]) outgoing.push({ record, message: { caseId: c.id, connector, kind } });
}

/** Every connector message of the batch in one SendMessageBatch per ten; a record whose message SQS refused fails (and comes back). */
async function queueAll(outgoing: Outgoing[], failures: BatchFailures): Promise<void> {
  if (outgoing.length === 0) return;
  const failed = await sendMessages(
    requireEnv('CONNECTOR_QUEUE_URL'),
    outgoing.map((o, i) => ({ id: String(i), body: JSON.stringify(o.message) })),
  );
  for (const id of failed) {
    const { record, message } = outgoing[Number(id)]!;
    failures.add(record, `could not queue ${message.connector} for case ${message.caseId}`);
  }
}

/** The customer's next feedback won the recovery: their open cases are resolved (except one opened by that same feedback). */
async function resolveOnRecovery(customerKey: string, feedbackKey: string, now: Date): Promise<void> {
  const open = (await openCasesOfCustomer(customerKey)).filter((c) => c.feedbackKey !== feedbackKey);
  for (const c of open) {
    const out = await changeCase(c.id, (cur) => (isClosed(cur.status) ? undefined : applyChanges(cur, [{ kind: 'status', to: 'resolved' }], 'recovery', now)));
    countCaseEvents(out?.applied?.events ?? [], c);
  }
}

/**
 * At the due time: a case still open is past due (counted once) and its owner reminded; at the lead
 * threshold, the lead is told. The next reminder is scheduled first (see the crash windows above).
 */
async function remind(record: SQSRecord, caseId: string, type: 'due' | 'lead', now: Date, outgoing: Outgoing[]): Promise<void> {
  let early: Date | undefined;
  const out = await changeCase(caseId, (c) => {
    if (isClosed(c.status)) return undefined;
    const at = Date.parse(type === 'due' ? c.dueAt : c.leadAt);
    if (now.getTime() < at - 60_000) {
      early = new Date(at);
      return undefined;
    }
    return applyChanges(c, type === 'due' ? [{ kind: 'breach' }] : [{ kind: 'breach' }, { kind: 'lead-notified' }], 'cx-loop', now);
  });
  // Erased, or closed: no reminder left to give.
  if (!out || isClosed(out.case.status)) return;
  // Delivered early (clock skew): offered again at its time (within 15 minutes an SQS delay, which meets no schedule name), never dropped.
  if (early) return scheduleCaseReminder(caseId, type, early, now);
  // Before this reminder is done: if scheduling fails, this event fails and comes back until it succeeds.
  const next = reminderAfter(out.case, type);
  if (next) await scheduleCaseReminder(caseId, next.type, next.at, now);
  if (out.applied) countCaseEvents(out.applied.events, out.case);
  // Applied by an earlier delivery that failed before its messages were queued (the next schedule's
  // create, or the send): queued again — the delivery ledger posts each step once.
  const done = type === 'due' ? out.case.breachedAt : out.case.leadNotifiedAt;
  if (out.applied || done) announce(record, out.case, type === 'due' ? 'reminder' : 'lead', CHAT, outgoing);
}

export const handler = middy<SQSEvent, SQSBatchResponse>().use(logMetrics(metrics)).handler(cases);
