/**
 * Real-time counters: each event contributes increments to a few (dimension, day) keys, and a
 * batch's increments are summed per key so storage sees one update per key per batch.
 *
 * A logical counter row (`C#<dimension>#<value>` / hour) is stored as COUNTER_SHARDS physical rows
 * (`…#s<n>`) plus the unsharded row older versions and the backfill write; readers sum them all.
 * Why: every analyze batch adds to the same few rows (all, its source, its channel), and in AWS two
 * transactions on one item cancel each other (TransactionConflict) and one item takes at most
 * 1,000 write units/s. docs/scaling.md derives the shard count.
 */
import { classifyScore } from './classify';
import { costCounterFields } from './cost';
import type { Decision } from './decide';
import type { FeedbackEvent } from './feedback-event';
import type { FeedbackRecord } from './feedback-record';
import { polarity, type Sentiment } from './sentiment';

export type CounterFields = Record<string, number>;

export interface CounterDelta {
  pk: string;
  sk: string;
  add: CounterFields;
}

export const counterKey = (dimension: string, value: string) => `C#${dimension}#${value}`;

/** Physical rows per logical counter row; readers query every one, so raise it only with the model in docs/scaling.md. */
export const COUNTER_SHARDS = 64;
/** The physical row of a logical counter key on one shard. */
export const shardKey = (logicalKey: string, shard: number) => `${logicalKey}#s${shard}`;
/** Every physical row of a logical key: the unsharded one (older rows, backfill) and each shard. */
export const physicalKeys = (logicalKey: string) => [logicalKey, ...Array.from({ length: COUNTER_SHARDS }, (_, s) => shardKey(logicalKey, s))];
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

/** What one event adds to the counters: its dimensions, its hour, and the increments. */
export interface Contribution {
  dims: Array<[string, string]>;
  day: string;
  add: CounterFields;
}

/**
 * What a stored record contributes, computed from the record alone so that a revision can take the
 * old version's contribution out exactly as it went in (and `cx-loop backfill` recomputes the same).
 */
export function contributionOf(record: FeedbackRecord & { recoveryOutcome?: 'won' | 'lost' }): Contribution {
  const add = feedbackIncrements(record, record.sentiment, record.decision);
  if (record.recoveryOutcome) add[`recovery_${record.recoveryOutcome}`] = 1;
  if (record.revisions) add.revisions = record.revisions;
  if (record.cost) Object.assign(add, costCounterFields('analysis', record.cost.usage));
  return { dims: dimensionsOf(record), day: counterBucketOf(record.occurredAt), add };
}

/** The contribution with every increment negated: adding it takes `c` back out. */
export const negated = (c: Contribution): Contribution => ({ ...c, add: Object.fromEntries(Object.entries(c.add).map(([f, n]) => [f, -n])) });

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
  // A revision that moves nothing on a key (the old contribution out, the same back in) writes nothing there.
  return [...byKey.values()].filter((d) => Object.values(d.add).some((n) => n !== 0));
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
