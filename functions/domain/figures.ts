/** Turns raw counters into the figures people read: NPS, CSAT, CES, sentiment mix. */
import type { CounterFields } from './counters';

export interface Figures {
  responses: number;
  nps: { promoters: number; passives: number; detractors: number; responses: number; score: number | null };
  csat: { responses: number; mean: number | null; satisfiedPct: number | null };
  ces: { responses: number; mean: number | null; easyPct: number | null };
  sentiment: { positive: number; negative: number; neutral: number; mixed: number; meanPolarity: number | null };
  actions: { gratitude: number; recovery: number; none: number };
}

export function figuresFrom(c: CounterFields): Figures {
  const n = (field: string) => c[field] ?? 0;
  const promoters = n('nps_promoter');
  const passives = n('nps_passive');
  const detractors = n('nps_detractor');
  return {
    responses: n('responses'),
    nps: { promoters, passives, detractors, responses: promoters + passives + detractors, score: npsScore(promoters, passives, detractors) },
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
  };
}

/** NPS = %promoters − %detractors, −100…100, one decimal; null with no NPS responses. */
export function npsScore(promoters: number, passives: number, detractors: number): number | null {
  const total = promoters + passives + detractors;
  if (total === 0) return null;
  return Math.round(((promoters - detractors) / total) * 1000) / 10;
}

export function sumCounters(rows: CounterFields[]): CounterFields {
  const out: CounterFields = {};
  for (const row of rows) for (const [k, v] of Object.entries(row)) out[k] = (out[k] ?? 0) + v;
  return out;
}

const ratio = (sum: number, count: number, digits: number) => (count === 0 ? null : Number((sum / count).toFixed(digits)));
const pct = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);
