/**
 * Who owns a case: its priority from the rule that fired, its team from the first routing rule
 * whose conditions all hold (else the default team), and its owner by round-robin inside the team.
 */
import type { FeedbackRecord } from '../feedback-record';
import type { CasesSettings, Person, Priority, Route } from './settings';

export interface RoutingInput {
  source: string;
  channel: string;
  survey?: string;
  language?: string;
  tags: string[];
  priority: Priority;
}

/** The rule whose name decides priority: the escalation's when there is one, else the decision's. */
export const firedRuleOf = (record: Pick<FeedbackRecord, 'decision'>) => record.decision.escalation?.rule ?? record.decision.rule;

const matchesRule = (patterns: readonly string[], rule: string) => patterns.some((p) => (p.endsWith('.') ? rule.startsWith(p) : rule === p));

/** P1 before P2 before P3: the most urgent listing wins. */
export function priorityOf(rule: string, priorities: CasesSettings['priorities']): Priority {
  if (matchesRule(priorities.P1, rule)) return 'P1';
  if (matchesRule(priorities.P2, rule)) return 'P2';
  return 'P3';
}

export function routingInputOf(record: FeedbackRecord, priority: Priority): RoutingInput {
  return {
    source: record.source,
    channel: record.channel,
    ...(record.sourceRef?.surveyId ? { survey: record.sourceRef.surveyId } : {}),
    ...(record.language ? { language: record.language.slice(0, 2).toLowerCase() } : {}),
    tags: record.customer.tags ?? [],
    priority,
  };
}

function routeMatches(route: Route, input: RoutingInput): boolean {
  const w = route.when;
  const one = (allowed: readonly string[] | undefined, value: string | undefined) => !allowed || (value !== undefined && allowed.includes(value));
  return (
    one(w.source, input.source) &&
    one(w.channel, input.channel) &&
    one(w.survey, input.survey) &&
    one(w.language, input.language) &&
    one(w.priority, input.priority) &&
    (!w.tags || w.tags.some((t) => input.tags.includes(t)))
  );
}

export function teamFor(input: RoutingInput, settings: Pick<CasesSettings, 'routes' | 'defaultTeam'>): string {
  return settings.routes.find((r) => routeMatches(r, input))?.team ?? settings.defaultTeam;
}

/** The `turn`-th member (turn counts from 1, as an atomic counter returns it). */
export const ownerByTurn = (members: readonly Person[], turn: number): Person => members[(Math.max(1, turn) - 1) % members.length]!;
