/**
 * The case a feedback opens: which feedback qualifies under `cases.open`, and the case itself
 * (priority, team, owner, due times), built from the stored feedback record. The stored text is
 * already PII-redacted when redaction is on, so the case never holds more than the record does.
 */
import { truncate } from '../email/escape';
import type { FeedbackRecord } from '../feedback-record';
import { caseIdOf, type CaseRecord } from './case';
import { firedRuleOf, priorityOf, routingInputOf, teamFor } from './routing';
import type { CasesSettings, Person } from './settings';
import { dueTimes } from './sla';

export type CaseTrigger = CaseRecord['trigger'];

/** Does this stored feedback call for a case? Imported history (outreach: false) never does. */
export function caseTriggerOf(record: Pick<FeedbackRecord, 'decision' | 'outreach'>, open: CasesSettings['open']): CaseTrigger | undefined {
  if (open === 'off' || record.outreach === false) return undefined;
  if (record.decision.escalation) return 'escalation';
  const recovery = record.decision.action === 'recovery' || record.decision.heldBack === 'recovery';
  return open === 'recoveries' && recovery ? 'recovery' : undefined;
}

export interface Placement {
  priority: CaseRecord['priority'];
  team: string;
}

export function placementOf(record: FeedbackRecord, settings: CasesSettings): Placement {
  const priority = priorityOf(firedRuleOf(record), settings.priorities);
  return { priority, team: teamFor(routingInputOf(record, priority), settings) };
}

const EXCERPT_CHARS = 2_000;

export function newCase(record: FeedbackRecord, trigger: CaseTrigger, placement: Placement, owner: Person, settings: CasesSettings, now: Date): CaseRecord {
  const team = settings.teams[placement.team]!;
  const { dueAt, leadAt } = dueTimes(now, settings.sla[placement.priority], team);
  const text = record.text?.trim();
  const fired = record.decision.escalation ?? { rule: record.decision.rule, reason: record.decision.reason };
  const at = now.toISOString();
  return {
    id: caseIdOf(record.pk),
    feedbackKey: record.pk,
    ...(record.customerKey ? { customerKey: record.customerKey } : {}),
    trigger,
    rule: fired.rule,
    reason: fired.reason,
    priority: placement.priority,
    team: placement.team,
    owner,
    status: 'open',
    openedAt: at,
    dueAt: dueAt.toISOString(),
    leadAt: leadAt.toISOString(),
    source: record.source,
    channel: record.channel,
    metric: record.metric.type === 'none' ? 'no score' : `${record.metric.type.toUpperCase()} ${record.metric.score}`,
    ...(text ? { excerpt: truncate(text, EXCERPT_CHARS) } : {}),
    customer: {
      ...(record.customer.email ? { email: record.customer.email } : {}),
      ...(record.customer.name ? { name: record.customer.name } : {}),
    },
    notes: [],
    history: [{ at, by: 'cx-loop', what: `opened (${trigger}: ${fired.rule}); ${placement.priority}, team ${placement.team}, owner ${owner.email}` }],
    version: 1,
  };
}
