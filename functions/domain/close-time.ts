/**
 * "Time to close the loop" (feedback received → email sent) as a histogram counter. Sums give a
 * mean but no percentile, so each send also adds 1 to one fixed, roughly log-spaced bucket; the
 * median and p95 are then estimated from the summed buckets of any period, like Prometheus'
 * histogram_quantile. Buckets never change meaning, so counters from any two days add up.
 */
import type { CounterFields } from './counters';

const S = 1_000;
const M = 60 * S;
const H = 60 * M;

/** Upper bounds (ms). Sub-seconds and seconds matter for live sends; hours for quiet-hours and ceiling deferrals. */
export const CLOSE_BUCKETS_MS = [S / 4, S / 2, S, 2 * S, 5 * S, 10 * S, 30 * S, M, 2 * M, 5 * M, 15 * M, 30 * M, H, 2 * H, 6 * H, 12 * H, 24 * H, 48 * H, 7 * 24 * H] as const;

const bucketField = (upperMs: number | 'inf', prefix = 'close') => `${prefix}_ms_le_${upperMs}`;

/** Counter increments for one email sent `closedInMs` after its feedback was received. */
export function closeTimeIncrements(closedInMs: number): CounterFields {
  return durationIncrements('close', closedInMs);
}

/**
 * The same histogram for any duration, under its own field prefix (`case_contact`, `case_resolve`…):
 * `<prefix>_count`, `<prefix>_ms_sum`, `<prefix>_ms_le_<bound>`.
 */
export function durationIncrements(prefix: string, durationMs: number): CounterFields {
  const ms = Math.max(0, Math.round(durationMs));
  const upper = CLOSE_BUCKETS_MS.find((b) => ms <= b) ?? 'inf';
  return { [`${prefix}_count`]: 1, [`${prefix}_ms_sum`]: ms, [bucketField(upper, prefix)]: 1 };
}

export interface CloseTime {
  count: number;
  meanMs: number | null;
  medianMs: number | null;
  p95Ms: number | null;
}

export function closeTimeFrom(c: CounterFields): CloseTime {
  return durationFrom(c, 'close');
}

/** Count, mean, median and p95 of a duration histogram written by durationIncrements. */
export function durationFrom(c: CounterFields, prefix: string): CloseTime {
  const count = c[`${prefix}_count`] ?? 0;
  const buckets = CLOSE_BUCKETS_MS.map((upper) => ({ upper, n: c[bucketField(upper, prefix)] ?? 0 }));
  const overflow = c[bucketField('inf', prefix)] ?? 0;
  // Counters written before the histogram existed have a count but no buckets: no percentile then.
  const histogrammed = buckets.reduce((s, b) => s + b.n, overflow);
  return {
    count,
    meanMs: count === 0 ? null : Math.round((c[`${prefix}_ms_sum`] ?? 0) / count),
    medianMs: quantile(buckets, overflow, histogrammed, 0.5),
    p95Ms: quantile(buckets, overflow, histogrammed, 0.95),
  };
}

/**
 * Linear interpolation inside the bucket holding the q-th observation (lower bound of the first
 * bucket is 0). Observations past the last bound report that bound: "more than 7 days".
 */
function quantile(buckets: Array<{ upper: number; n: number }>, overflow: number, total: number, q: number): number | null {
  if (total === 0) return null;
  const rank = q * total;
  let below = 0;
  let lower = 0;
  for (const { upper, n } of buckets) {
    if (n > 0 && below + n >= rank) return Math.round(lower + ((upper - lower) * (rank - below)) / n);
    below += n;
    lower = upper;
  }
  return overflow > 0 ? CLOSE_BUCKETS_MS[CLOSE_BUCKETS_MS.length - 1]! : null;
}
