/**
 * Real-time counters: each event contributes increments to a few (dimension, day) keys, and a
 * batch's increments are summed per key so storage sees one update per key per batch.
 */
import { classifyScore } from './classify';
import type { Decision } from './decide';
import type { FeedbackEvent } from './feedback-event';
import { polarity, type Sentiment } from './sentiment';

export type CounterFields = Record<string, number>;

export interface CounterDelta {
  pk: string;
  sk: string;
  add: CounterFields;
}

export const counterKey = (dimension: string, value: string) => `C#${dimension}#${value}`;
export const dayOf = (iso: string) => iso.slice(0, 10);
/**
 * The counters' sort key: the UTC hour `YYYY-MM-DDTHH` an instant falls in. Hourly (not daily) so
 * rollups can cut days at the business timezone's midnight (functions/domain/rollups.ts).
 */
export const counterBucketOf = (iso: string) => new Date(iso).toISOString().slice(0, 13);

export function dimensionsOf(event: FeedbackEvent): Array<[string, string]> {
  const dims: Array<[string, string]> = [
    ['all', 'all'],
    ['source', event.source],
    ['channel', event.channel],
  ];
  if (event.language) dims.push(['language', event.language.slice(0, 2).toLowerCase()]);
  if (event.sourceRef?.surveyId) dims.push(['survey', event.sourceRef.surveyId]);
  return dims;
}

/** The increments one analyzed event adds to every one of its dimensions. */
export function feedbackIncrements(event: FeedbackEvent, sentiment: Sentiment | undefined, decision: Decision): CounterFields {
  const add: CounterFields = { responses: 1, [`action_${decision.action}`]: 1 };
  if (decision.escalation) add.escalations = 1;
  const cls = classifyScore(event.metric);
  if (event.metric.type === 'nps') add[`nps_${cls}`] = 1;
  if (event.metric.type === 'csat' || event.metric.type === 'ces') {
    const m = event.metric.type;
    add[`${m}_count`] = 1;
    add[`${m}_sum`] = event.metric.score;
    if (cls === 'satisfied') add[`${m}_satisfied`] = 1;
  }
  if (sentiment) {
    add[`sentiment_${sentiment.label.toLowerCase()}`] = 1;
    add.sentiment_count = 1;
    add.sentiment_polarity_sum = round(polarity(sentiment));
  }
  return add;
}

/** Sums per-event increments into one delta per (dimension, bucket) key; `day` is the sort key (see counterBucketOf). */
export function aggregate(items: Array<{ dims: Array<[string, string]>; day: string; add: CounterFields }>): CounterDelta[] {
  const byKey = new Map<string, CounterDelta>();
  for (const { dims, day, add } of items) {
    for (const [dimension, value] of dims) {
      const pk = counterKey(dimension, value);
      const id = `${pk}|${day}`;
      const delta = byKey.get(id) ?? { pk, sk: day, add: {} };
      for (const [field, n] of Object.entries(add)) delta.add[field] = round((delta.add[field] ?? 0) + n);
      byKey.set(id, delta);
    }
  }
  return [...byKey.values()];
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/**
 * A verified delivery that carried neither a score nor text (`202 ignored`): counted per source so
 * a broken field mapping shows up in GET /metrics and the CLI instead of looking like success.
 */
export function ignoredDeliveryDeltas(source: string, at: Date, count = 1): CounterDelta[] {
  const sk = counterBucketOf(at.toISOString());
  return [counterKey('all', 'all'), counterKey('source', source)].map((pk) => ({ pk, sk, add: { ignored: count } }));
}
