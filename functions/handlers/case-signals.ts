/**
 * What analyze tells the cases handler beside the escalation topic (which already carries
 * escalations): a recovery that opens a case when `cases.open` is `recoveries`, an escalation whose
 * alert is uncertain (an attempt died holding it, so the topic may never have carried it), and a customer's
 * next feedback that won a recovery, which resolves their open cases. Sent for stored and duplicate
 * feedback alike (both are idempotent where they land); a failed send fails the record so SQS
 * brings it back.
 */
import type { SQSRecord } from 'aws-lambda';
import { caseTriggerOf } from '#domain/cases/open';
import type { CaseEventMessage } from '#domain/cases/messages';
import type { FeedbackRecord } from '#domain/feedback-record';
import { sendMessages } from '#adapters/queue';
import { requireEnv } from '../env';
import { settings } from '../settings';
import type { BatchFailures } from './sqs-batch';

type Linked = FeedbackRecord & { recoveredFrom?: string; recoveryOutcome?: 'won' | 'lost' };

/** `alertUncertain`: the escalation alert that would open its case may never have been published. */
export function caseSignalsOf(item: Linked, alertUncertain = false): Array<Extract<CaseEventMessage, { type: 'open' | 'recovered' }>> {
  if (settings.cases.open === 'off') return [];
  const out: Array<Extract<CaseEventMessage, { type: 'open' | 'recovered' }>> = [];
  const trigger = caseTriggerOf(item, settings.cases.open);
  if (trigger === 'recovery' || (trigger === 'escalation' && alertUncertain)) out.push({ type: 'open', feedbackKey: item.pk });
  if (item.recoveryOutcome === 'won' && item.customerKey) out.push({ type: 'recovered', feedbackKey: item.pk, customerKey: item.customerKey });
  return out;
}

export async function offerToCases(items: FeedbackRecord[], recordByKey: Map<string, SQSRecord>, failures: BatchFailures, alertsUncertain: ReadonlySet<string> = new Set()): Promise<void> {
  const messages = items.flatMap((item) => {
    const record = recordByKey.get(item.pk);
    return record ? caseSignalsOf(item, alertsUncertain.has(item.pk)).map((m) => ({ id: `${record.messageId}-${m.type}`.slice(0, 80), record, body: JSON.stringify(m) })) : [];
  });
  if (messages.length === 0) return;
  const failed = await sendMessages(requireEnv('CASE_EVENTS_QUEUE_URL'), messages.map(({ id, body }) => ({ id, body })));
  for (const m of messages) if (failed.has(m.id)) failures.add(m.record, 'case signal not queued');
}
