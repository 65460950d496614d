/**
 * Case events → cases. Event: SQS batch with ReportBatchItemFailures
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html), from the
 * case-events queue, which receives:
 * - escalation alerts, subscribed to the escalation topic (analyze publishes them; it needs no change);
 * - `open` for recoveries and `recovered` when a customer's next feedback wins the recovery (analyze);
 * - `due` and `lead` reminders from EventBridge Scheduler.
 * Opening is idempotent on the feedback key (one case per feedback); the follow-ups (reminders,
 * connector messages) are re-offered on every attempt and de-duplicated where they land.
 */
import middy from '@middy/core';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { applyChanges, caseIdOf, isClosed, type CaseRecord } from '#domain/cases/case';
import { CaseEventMessage, type ConnectorMessage } from '#domain/cases/messages';
import { caseTriggerOf, newCase, placementOf } from '#domain/cases/open';
import { ownerByTurn } from '#domain/cases/routing';
import { CONNECTORS } from '#domain/cases/settings';
import type { FeedbackRecord } from '#domain/feedback-record';
import { scheduleCaseReminder } from '#adapters/case-reminders';
import { changeCase, getCase, nextTurn, openCase, openCasesOfCustomer } from '#adapters/cases-store';
import { getFeedback } from '#adapters/feedback-store';
import { parkInDlq, sendMessages } from '#adapters/queue';
import { logger, metrics } from '#powertools';
import { requireEnv } from '../env';
import { settings } from '../settings';
import { countCaseEvents } from './case-metrics';
import { parseRecordBody, processEachRecord } from './sqs-batch';

const CHAT = ['slack', 'teams'] as const;

async function cases(event: SQSEvent): Promise<SQSBatchResponse> {
  metrics.addMetric('CaseEventsReceived', MetricUnit.Count, event.Records.length);
  return processEachRecord(event, (record: SQSRecord) => caseEvent(record));
}

async function caseEvent(record: SQSRecord): Promise<void> {
  const parsed = parseRecordBody(record, CaseEventMessage);
  if (!parsed.ok) {
    await parkInDlq(requireEnv('CASE_EVENTS_QUEUE_DLQ_URL'), record.body, parsed.reason);
    logger.warn('case event parked', { messageId: record.messageId, reason: parsed.reason });
    return;
  }
  const message = parsed.value;
  const now = new Date();
  switch (message.type) {
    case 'escalation':
    case 'open':
      return openFor(message.feedbackKey, message.type, now);
    case 'recovered':
      return resolveOnRecovery(message.customerKey, message.feedbackKey, now);
    case 'due':
    case 'lead':
      return remind(message.caseId, message.type, now);
  }
}

async function openFor(feedbackKey: string, via: 'escalation' | 'open', now: Date): Promise<void> {
  const cfg = settings.cases;
  let current = await getCase(caseIdOf(feedbackKey));
  if (!current) {
    const record = (await getFeedback(feedbackKey)) as unknown as FeedbackRecord | undefined;
    // analyze stores before it publishes, so a missing record is a race or an erasure: retry, then rest in the DLQ.
    if (!record?.decision) throw new Error(`feedback ${feedbackKey} not found`);
    const trigger = caseTriggerOf(record, cfg.open);
    if (!trigger || (via === 'escalation' && trigger !== 'escalation')) return;
    const placement = placementOf(record, cfg);
    const owner = ownerByTurn(cfg.teams[placement.team]!.members, await nextTurn(placement.team));
    const opened = await openCase(newCase(record, trigger, placement, owner, cfg, now));
    current = opened.case;
    if (opened.result === 'opened') {
      metrics.addMetric('CaseOpened', MetricUnit.Count, 1);
      logger.info('case opened', { caseId: current.id, priority: current.priority, team: current.team });
    }
  }
  if (isClosed(current.status)) return;
  // Re-offered on every attempt: a crash after the case was stored must not lose its reminders or messages.
  await scheduleCaseReminder(current.id, 'due', new Date(current.dueAt), now);
  await scheduleCaseReminder(current.id, 'lead', new Date(current.leadAt), now);
  await announce(current, 'opened', CONNECTORS);
}

async function announce(c: CaseRecord, kind: ConnectorMessage['kind'], connectors: readonly ConnectorMessage['connector'][]): Promise<void> {
  const messages = connectors
    .filter((connector) => settings.cases.connectors[connector])
    .map((connector): ConnectorMessage => ({ caseId: c.id, connector, kind }))
    .map((m) => ({ id: m.connector, body: JSON.stringify(m) }));
  if (messages.length === 0) return;
  const failed = await sendMessages(requireEnv('CONNECTOR_QUEUE_URL'), messages);
  if (failed.size) throw new Error(`could not queue ${[...failed].join(', ')} for case ${c.id}`);
}

/** The customer's next feedback won the recovery: their open cases are resolved (except one opened by that same feedback). */
async function resolveOnRecovery(customerKey: string, feedbackKey: string, now: Date): Promise<void> {
  const open = (await openCasesOfCustomer(customerKey)).filter((c) => c.feedbackKey !== feedbackKey);
  for (const c of open) {
    const out = await changeCase(c.id, (cur) => (isClosed(cur.status) ? undefined : applyChanges(cur, [{ kind: 'status', to: 'resolved' }], 'recovery', now)));
    countCaseEvents(out?.applied?.events ?? [], c);
  }
}

/** At the due time: a case still open is past due (counted once) and its owner reminded; at the lead threshold, the lead is told. */
async function remind(caseId: string, type: 'due' | 'lead', now: Date): Promise<void> {
  const out = await changeCase(caseId, (c) => {
    if (isClosed(c.status)) return undefined;
    const at = Date.parse(type === 'due' ? c.dueAt : c.leadAt);
    // A reminder delivered early (clock skew) does nothing; the schedule does not fire twice.
    if (now.getTime() < at - 60_000) return undefined;
    return applyChanges(c, type === 'due' ? [{ kind: 'breach' }] : [{ kind: 'breach' }, { kind: 'lead-notified' }], 'cx-loop', now);
  });
  if (!out?.applied) return;
  countCaseEvents(out.applied.events, out.case);
  await announce(out.case, type === 'due' ? 'reminder' : 'lead', CHAT);
}

export const handler = middy<SQSEvent, SQSBatchResponse>().use(logMetrics(metrics)).handler(cases);
