/**
 * What cases add to the counters, per (all | team | priority) and the UTC hour the case opened in:
 * the loop-closure funnel (opened → contacted → resolved, within SLA or not), breaches, and time
 * to first human contact and to resolution as histograms (median and p95 from any period's sum).
 * Figures read them back with `caseFiguresFrom`.
 */
import { durationFrom, durationIncrements, type CloseTime } from '../close-time';
import { counterBucketOf, type CounterFields } from '../counters';
import type { CaseEvent, CaseRecord } from './case';

export const CASE_DIMENSIONS = ['team', 'priority'] as const;

export function caseDimensions(c: Pick<CaseRecord, 'team' | 'priority'>): Array<[string, string]> {
  return [['all', 'all'], ['team', c.team], ['priority', c.priority]];
}

export function caseEventIncrements(events: CaseEvent[]): CounterFields {
  const add: CounterFields = {};
  const inc = (fields: CounterFields) => {
    for (const [k, v] of Object.entries(fields)) add[k] = (add[k] ?? 0) + v;
  };
  for (const e of events) {
    switch (e.kind) {
      case 'contacted':
        inc({ cases_contacted: 1, ...durationIncrements('case_contact', e.afterMs) });
        break;
      case 'resolved':
        inc({ cases_resolved: 1, ...(e.withinSla ? { cases_resolved_within_sla: 1 } : {}), ...durationIncrements('case_resolve', e.afterMs) });
        break;
      case 'dismissed':
        inc({ cases_dismissed: 1 });
        break;
      case 'breached':
        inc({ cases_breached: 1 });
        break;
    }
  }
  return add;
}

/** The counter rows a case change touches: one per dimension, in the case's opening hour. */
export function caseCounterItems(c: Pick<CaseRecord, 'team' | 'priority' | 'openedAt'>, add: CounterFields) {
  return Object.keys(add).length ? [{ dims: caseDimensions(c), day: counterBucketOf(c.openedAt), add }] : [];
}

export interface CaseFigures {
  opened: number;
  contacted: number;
  resolved: number;
  dismissed: number;
  /** Opened and not yet resolved or dismissed (of the cases opened in the period). */
  open: number;
  resolvedWithinSla: number;
  /** Resolved within SLA, of the cases closed (resolved or dismissed); null before any closed. */
  closureWithinSlaPct: number | null;
  breaches: number;
  timeToFirstContact: CloseTime;
  timeToResolve: CloseTime;
}

export function caseFiguresFrom(c: CounterFields): CaseFigures {
  const n = (f: string) => c[f] ?? 0;
  const closed = n('cases_resolved') + n('cases_dismissed');
  return {
    opened: n('cases_opened'),
    contacted: n('cases_contacted'),
    resolved: n('cases_resolved'),
    dismissed: n('cases_dismissed'),
    open: Math.max(0, n('cases_opened') - closed),
    resolvedWithinSla: n('cases_resolved_within_sla'),
    closureWithinSlaPct: closed === 0 ? null : Math.round((n('cases_resolved_within_sla') / closed) * 1000) / 10,
    breaches: n('cases_breached'),
    timeToFirstContact: durationFrom(c, 'case_contact'),
    timeToResolve: durationFrom(c, 'case_resolve'),
  };
}

/** Open cases by how long they have been open, for the dashboard's panel (from a live list, not counters). */
export const AGE_BUCKETS = [
  { label: '< 4 h', maxMs: 4 * 3_600_000 },
  { label: '4–24 h', maxMs: 24 * 3_600_000 },
  { label: '1–3 d', maxMs: 72 * 3_600_000 },
  { label: '> 3 d', maxMs: Infinity },
] as const;

export interface OpenCasesSummary {
  total: number;
  byAge: Array<{ label: string; count: number }>;
  byOwner: Array<{ owner: string; count: number; pastDue: number }>;
  pastDue: number;
  pastDueP1: number;
}

export function summarizeOpen(cases: Array<Pick<CaseRecord, 'openedAt' | 'dueAt' | 'owner' | 'priority'>>, now: Date): OpenCasesSummary {
  const byAge = AGE_BUCKETS.map((b) => ({ label: b.label, count: 0 }));
  const owners = new Map<string, { count: number; pastDue: number }>();
  let pastDue = 0;
  let pastDueP1 = 0;
  for (const c of cases) {
    const age = now.getTime() - Date.parse(c.openedAt);
    byAge[AGE_BUCKETS.findIndex((b) => age < b.maxMs)]!.count++;
    const late = Date.parse(c.dueAt) < now.getTime();
    const o = owners.get(c.owner.email) ?? { count: 0, pastDue: 0 };
    o.count++;
    if (late) {
      o.pastDue++;
      pastDue++;
      if (c.priority === 'P1') pastDueP1++;
    }
    owners.set(c.owner.email, o);
  }
  return {
    total: cases.length,
    byAge,
    byOwner: [...owners].map(([owner, v]) => ({ owner, ...v })).sort((a, b) => b.count - a.count || a.owner.localeCompare(b.owner)),
    pastDue,
    pastDueP1,
  };
}
