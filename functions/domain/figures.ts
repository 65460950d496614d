/**
 * Turns raw counters (summed over any period) into the figures people read: NPS, CSAT, CES,
 * sentiment mix, outreach, escalations, recovery outcomes and time to close the loop.
 */
import { caseFiguresFrom, type CaseFigures } from './cases/metrics';
import { closeTimeFrom, type CloseTime } from './close-time';
import { costFiguresFrom, type CostFigures } from './cost';
import type { CounterFields } from './counters';

export const OUTREACH_KINDS = ['gratitude', 'recovery'] as const;
export const OUTREACH_STATUSES = ['sent', 'deferred', 'suppressed', 'unconsented', 'cooldown', 'failed', 'uncertain'] as const;
export type OutreachKind = (typeof OUTREACH_KINDS)[number];
export type OutreachStatusCount = Record<(typeof OUTREACH_STATUSES)[number], number>;

export interface Figures {
  responses: number;
  nps: { promoters: number; passives: number; detractors: number; responses: number; score: number | null; marginOfError: number | null };
  csat: { responses: number; mean: number | null; satisfiedPct: number | null };
  ces: { responses: number; mean: number | null; easyPct: number | null };
  sentiment: { positive: number; negative: number; neutral: number; mixed: number; meanPolarity: number | null };
  actions: { gratitude: number; recovery: number; none: number };
  outreach: Record<OutreachKind, OutreachStatusCount>;
  escalations: number;
  /** Verified deliveries that carried neither a score nor text (answered `202 ignored`). */
  ignored: number;
  recovery: { won: number; lost: number; wonPct: number | null };
  /** Automated email latency: feedback received → our own email sent (not a person's reply; see `cases`). */
  closeTime: CloseTime;
  /** People in the loop: the case funnel, SLA closure, breaches, time to first human contact and to resolve. */
  cases: CaseFigures;
  /** What it cost at list prices: per service, per response, per email, per recovered customer (functions/domain/cost.ts). */
  cost: CostFigures;
}

export function figuresFrom(c: CounterFields): Figures {
  const n = (field: string) => c[field] ?? 0;
  const promoters = n('nps_promoter');
  const passives = n('nps_passive');
  const detractors = n('nps_detractor');
  const won = n('recovery_won');
  const lost = n('recovery_lost');
  return {
    responses: n('responses'),
    nps: {
      promoters,
      passives,
      detractors,
      responses: promoters + passives + detractors,
      score: npsScore(promoters, passives, detractors),
      marginOfError: npsMarginOfError(promoters, passives, detractors),
    },
    csat: { responses: n('csat_count'), mean: ratio(n('csat_sum'), n('csat_count'), 2), satisfiedPct: pct(n('csat_satisfied'), n('csat_count')) },
    ces: { responses: n('ces_count'), mean: ratio(n('ces_sum'), n('ces_count'), 2), easyPct: pct(n('ces_satisfied'), n('ces_count')) },
    sentiment: {
      positive: n('sentiment_positive'),
      negative: n('sentiment_negative'),
      neutral: n('sentiment_neutral'),
      mixed: n('sentiment_mixed'),
      meanPolarity: ratio(n('sentiment_polarity_sum'), n('sentiment_count'), 3),
    },
    actions: { gratitude: n('action_gratitude'), recovery: n('action_recovery'), none: n('action_none') },
    outreach: Object.fromEntries(
      OUTREACH_KINDS.map((kind) => [kind, Object.fromEntries(OUTREACH_STATUSES.map((status) => [status, n(`outreach_${kind}_${status}`)]))]),
    ) as Figures['outreach'],
    escalations: n('escalations'),
    ignored: n('ignored'),
    recovery: { won, lost, wonPct: pct(won, won + lost) },
    closeTime: closeTimeFrom(c),
    cases: caseFiguresFrom(c),
    cost: costFiguresFrom(c),
  };
}

/** NPS = %promoters − %detractors, −100…100, one decimal; null with no NPS responses. */
export function npsScore(promoters: number, passives: number, detractors: number): number | null {
  const total = promoters + passives + detractors;
  if (total === 0) return null;
  return round1(((promoters - detractors) / total) * 100);
}

/**
 * 95% margin of error of an NPS, in points. Each response scores +100 (promoter), 0 (passive) or
 * −100 (detractor) and NPS is their mean, so with shares p and d:
 *   variance = 100² · (p + d − (p − d)²)   and   MoE = 1.96 · √(variance / n).
 * Null below 2 responses (no spread to speak of); 0 when every answer is the same.
 */
export function npsMarginOfError(promoters: number, passives: number, detractors: number): number | null {
  const n = promoters + passives + detractors;
  if (n < 2) return null;
  const p = promoters / n;
  const d = detractors / n;
  const variance = 10_000 * (p + d - (p - d) ** 2);
  return round1(1.96 * Math.sqrt(variance / n));
}

export function sumCounters(rows: CounterFields[]): CounterFields {
  const out: CounterFields = {};
  for (const row of rows) for (const [k, v] of Object.entries(row)) out[k] = Math.round(((out[k] ?? 0) + v) * 1e6) / 1e6;
  return out;
}

const round1 = (x: number) => Math.round(x * 10) / 10 + 0; // + 0 turns −0 into 0
const ratio = (sum: number, count: number, digits: number) => (count === 0 ? null : Number((sum / count).toFixed(digits)));
const pct = (part: number, whole: number) => (whole === 0 ? null : round1((part / whole) * 100));
