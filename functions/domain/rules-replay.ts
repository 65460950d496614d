/**
 * "What would these rules have done?" Re-decides stored feedback under candidate rules and guards,
 * pure and side-effect free: no email, no write. The report compares the decisions that were stored
 * (what really happened) with what the candidate would decide, and runs the same guard simulation
 * over both, so the email figures of the two columns are comparable.
 *
 * What the simulation can and cannot see: consent, cooldown (a rolling per-customer history built
 * from the replayed period itself, oldest first), quiet hours (deferred, not lost) and the hourly
 * ceiling (per UTC hour of receipt) are replayed; the suppression list is not (its state today says
 * nothing about who was suppressed then), nor are the contacts made before the period began.
 */
import { decide, type Action, type Decision } from './decide';
import type { FeedbackRecord } from './feedback-record';
import { consentAllows, cooldownAllows, hourBucket, quietHoursWait, type CustomerHistory, type Guards, type OutreachKind } from './guards';
import type { Rules } from './rules';

export interface Candidate {
  rules: Rules;
  guards: Guards;
}

/** Where a decided email ends in the simulation. */
export type EmailFate = 'sent' | 'deferred' | 'no-address' | 'imported' | 'consent' | 'cooldown' | 'rate';

export interface DecisionSummary {
  action: Action;
  rule: string;
  escalated: boolean;
  email?: EmailFate;
}

export interface Flip {
  pk: string;
  receivedAt: string;
  source: string;
  before: DecisionSummary;
  after: DecisionSummary;
}

export interface ReplayColumn {
  decisions: Record<Action, number>;
  escalations: number;
  /** Emails the decisions call for, by how the guards would have let them go. */
  emails: Record<EmailFate, number>;
}

export interface ReplayReport {
  feedback: number;
  before: ReplayColumn;
  after: ReplayColumn;
  /** `gratitude→recovery` → count, only the pairs that changed. */
  transitions: Record<string, number>;
  flipped: Flip[];
  escalationsAdded: string[];
  escalationsRemoved: string[];
}

const ACTIONS: readonly Action[] = ['gratitude', 'recovery', 'none'];
const FATES: readonly EmailFate[] = ['sent', 'deferred', 'no-address', 'imported', 'consent', 'cooldown', 'rate'];

/**
 * `current` are the guards in force now, applied to the stored decisions; `candidate` decides again.
 * Records are replayed oldest first, whatever order they come in.
 */
export function replayRules(records: FeedbackRecord[], current: Pick<Candidate, 'guards'>, candidate: Candidate): ReplayReport {
  const ordered = [...records].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.pk.localeCompare(b.pk));
  const beforeSim = new GuardSimulation(current.guards);
  const afterSim = new GuardSimulation(candidate.guards);
  const report: ReplayReport = {
    feedback: ordered.length,
    before: emptyColumn(),
    after: emptyColumn(),
    transitions: {},
    flipped: [],
    escalationsAdded: [],
    escalationsRemoved: [],
  };

  for (const record of ordered) {
    const stored = storedDecisionOf(record);
    const redecided = decide(record, record.sentiment, undefined, candidate.rules);
    const before = summarize(stored, beforeSim.email(record, stored.action));
    const after = summarize(redecided, afterSim.email(record, redecided.action));
    tally(report.before, before);
    tally(report.after, after);
    if (before.action !== after.action) {
      const key = `${before.action}→${after.action}`;
      report.transitions[key] = (report.transitions[key] ?? 0) + 1;
    }
    if (before.escalated !== after.escalated) (after.escalated ? report.escalationsAdded : report.escalationsRemoved).push(record.pk);
    if (before.action !== after.action || before.escalated !== after.escalated || before.email !== after.email) {
      report.flipped.push({ pk: record.pk, receivedAt: record.receivedAt, source: record.source, before, after });
    }
  }
  return report;
}

/**
 * The decision as the rules made it. A stored decision the cooldown held back in analyze names the
 * email it held (`heldBack`): the guard simulation judges the cooldown again for both columns.
 */
function storedDecisionOf(record: FeedbackRecord): Decision {
  const d = record.decision;
  return d.heldBack ? { ...d, action: d.heldBack } : d;
}

function summarize(decision: Decision, email: EmailFate | undefined): DecisionSummary {
  return { action: decision.action, rule: decision.rule, escalated: Boolean(decision.escalation), ...(email ? { email } : {}) };
}

function tally(column: ReplayColumn, s: DecisionSummary) {
  column.decisions[s.action]++;
  if (s.escalated) column.escalations++;
  if (s.email) column.emails[s.email]++;
}

const emptyColumn = (): ReplayColumn => ({
  decisions: Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<Action, number>,
  escalations: 0,
  emails: Object.fromEntries(FATES.map((f) => [f, 0])) as Record<EmailFate, number>,
});

/** Notify's guards in notify's order, over a timeline: quiet hours → consent → cooldown → hourly ceiling. */
class GuardSimulation {
  private readonly histories = new Map<string, CustomerHistory>();
  private readonly perHour = new Map<string, number>();

  constructor(private readonly guards: Guards) {}

  email(record: FeedbackRecord, action: Action): EmailFate | undefined {
    if (action === 'none') return undefined;
    if (record.outreach === false) return 'imported';
    if (!record.customer.email || !record.customerKey) return 'no-address';
    const at = new Date(record.receivedAt);
    if (!consentAllows(record.customer.consent, this.guards).ok) return 'consent';
    const kind: OutreachKind = action;
    if (!cooldownAllows(this.histories.get(record.customerKey), kind, at, this.guards).ok) return 'cooldown';
    const hour = hourBucket(at);
    const sent = this.perHour.get(hour) ?? 0;
    if (sent >= this.guards.maxPerHour) return 'rate';
    this.perHour.set(hour, sent + 1);
    this.histories.set(record.customerKey, { lastOutreachAt: record.receivedAt, lastKind: kind });
    // Quiet hours only move the email later; it still counts against cooldown and the ceiling.
    return quietHoursWait(at, record.customer.timezone, this.guards.quietHours) > 0 ? 'deferred' : 'sent';
  }
}
