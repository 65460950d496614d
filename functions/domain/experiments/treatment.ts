/**
 * What the recovery experiment does to one stored feedback: who takes part, the arm written on the
 * record before any email leaves (so the assignment is on file whatever happens next), and the
 * outreach each arm gets —
 * - `none` (the holdout): no recovery email, and the record says why; it is still a recovery in every
 *   count, and still re-surveyed;
 * - `standard`: the usual recovery email, without the offer code;
 * - `offer`: the usual recovery email with `brand.offer.code`;
 * - `delay`: the usual recovery email, `delayHours` later.
 * Every participant (the holdout too) gets the re-survey `resurvey.afterDays` after the decision
 * (after the email, in a delay arm): the same question at the same distance from the email in every
 * arm is what makes the arms comparable. With `resurvey.enabled`, recoveries outside the experiment
 * are re-surveyed as well.
 *
 * Who never takes part: an escalation or a recovery whose case would be P1 (someone must act, so it
 * is never held back or varied), a re-survey answer (its customer already takes part), imported
 * history (no outreach at all), feedback without an email address or without a score (nothing to
 * re-survey on the same scale).
 */
import type { CasesSettings } from '../cases/settings';
import { caseTriggerOf } from '../cases/open';
import { firedRuleOf, priorityOf } from '../cases/routing';
import { outreachFor, type FeedbackRecord } from '../feedback-record';
import { outreachIdOf, type OutreachMessage } from '../outreach';
import { assignRecovery } from './assign';
import type { RecoveryExperiment, Resurvey, Treatment } from './settings';

/** The arm as stored on the feedback record. */
export interface ExperimentMark {
  id: string;
  arm: string;
  treatment: Treatment;
  delayHours?: number;
  /** Why this customer got (or did not get) the email they got: shown wherever the record is. */
  reason: string;
}

export type ExperimentRecord = FeedbackRecord & { experiment?: ExperimentMark };

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The arm of a feedback just decided, or undefined when it does not take part (see the header). */
export function experimentMarkOf(record: FeedbackRecord, experiment: RecoveryExperiment | undefined, cases: Pick<CasesSettings, 'open' | 'priorities'>): ExperimentMark | undefined {
  if (!experiment || record.outreach === false || record.resurveyOf || !record.customer.email || record.metric.type === 'none') return undefined;
  if (caseTriggerOf(record, cases.open) && priorityOf(firedRuleOf(record), cases.priorities) === 'P1') return undefined;
  const assignment = assignRecovery(experiment, record.decision, record.customerKey, new Date(record.receivedAt));
  if (!assignment) return undefined;
  const where = `experiment ${assignment.experiment}, arm ${assignment.arm}`;
  return {
    id: assignment.experiment,
    arm: assignment.arm,
    treatment: assignment.treatment,
    ...(assignment.delayHours ? { delayHours: assignment.delayHours } : {}),
    reason: REASONS[assignment.treatment](where, assignment.delayHours),
  };
}

const REASONS: Record<Treatment, (where: string, delayHours?: number) => string> = {
  none: (where) => `holdout (${where}): no recovery email, re-surveyed like every arm`,
  standard: (where) => `${where}: the recovery email without the offer`,
  offer: (where) => `${where}: the recovery email with the offer code`,
  delay: (where, hours) => `${where}: the recovery email ${hours} h later`,
};

/**
 * Every outreach message a stored record calls for: its gratitude or recovery email as its
 * treatment has it, and the re-survey. Deterministic, so a redelivered feedback offers the same
 * messages with the same outreach ids, and the ledger sends each at most once.
 */
export function outreachOf(record: ExperimentRecord, resurvey: Resurvey): OutreachMessage[] {
  const email = outreachFor(record);
  const mark = record.experiment;
  const delayMs = mark?.treatment === 'delay' && mark.delayHours ? mark.delayHours * HOUR_MS : 0;
  const out: OutreachMessage[] = [];
  if (email && mark?.treatment !== 'none') {
    out.push({
      ...email,
      ...(mark ? { experiment: { id: mark.id, arm: mark.arm, offer: mark.treatment === 'offer' } } : {}),
      ...(delayMs ? { notBefore: new Date(Date.parse(record.receivedAt) + delayMs).toISOString() } : {}),
    });
  }
  const pulse = pulseFor(record, mark ? resurvey.afterDays : resurvey.enabled && email?.kind === 'recovery' ? resurvey.afterDays : undefined, delayMs);
  if (pulse) out.push(pulse);
  return out;
}

/** The re-survey, `afterDays` after the decision (plus the delay of a delayed email). */
function pulseFor(record: ExperimentRecord, afterDays: number | undefined, delayMs: number): OutreachMessage | undefined {
  const email = record.customer.email;
  if (afterDays === undefined || !email || record.metric.type === 'none' || record.outreach === false || record.resurveyOf) return undefined;
  const mark = record.experiment;
  const languages = [...new Set([record.language, record.sentiment?.language].filter((l): l is string => Boolean(l)))];
  return {
    outreachId: outreachIdOf(record.pk, 'pulse'),
    feedbackKey: record.pk,
    kind: 'pulse',
    customer: { ...record.customer, email },
    channel: record.channel,
    receivedAt: record.receivedAt,
    source: record.source,
    ...(languages.length ? { languages } : {}),
    notBefore: new Date(Date.parse(record.receivedAt) + afterDays * DAY_MS + delayMs).toISOString(),
    pulse: { metric: record.metric.type },
    ...(mark ? { experiment: { id: mark.id, arm: mark.arm, offer: false } } : {}),
  };
}

/** How long a message waits before it may be sent: 0 once its `notBefore` has come. */
export const waitOf = (message: Pick<OutreachMessage, 'notBefore'>, now: Date) => (message.notBefore ? Math.max(0, Date.parse(message.notBefore) - now.getTime()) : 0);
