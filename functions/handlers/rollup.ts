/**
 * Scheduled rollup: hourly counters → business-day, ISO-week and month rows per dimension, with
 * trailing 7/30/90-day NPS on each day row; publishes the NPS alarm signals to CloudWatch (EMF).
 * Event: EventBridge scheduled event (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html):
 * hourly with no input → today; daily `{ "period": "yesterday" }`; or `{ "from": "2026-11-01", "to": "2026-11-07" }`
 * (business days) to recompute a range. Rows are overwritten from the counters, so re-runs are idempotent.
 */
import middy from '@middy/core';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { z } from 'zod';
import { alarmSignals } from '#domain/alarm-signals';
import { addDays, bucketRangeFor, countersByLocalDay, dayIn, daysFrom, daysNeededFor, isCalendarDay, rolledUpDimensions, rollupRows } from '#domain/rollups';
import { counterRows, putRollups, storedRollups } from '#adapters/metrics-store';
import { logger, metrics } from '#powertools';
import { settings } from '../settings';

const Day = z.string().refine(isCalendarDay, 'expected a day like 2026-11-01');
/** Loose: scheduled events carry many more fields (source, detail-type, time…). */
const RollupRequest = z.object({ period: z.enum(['today', 'yesterday']).optional(), from: Day.optional(), to: Day.optional() });
export interface RollupResult {
  days: string[];
  rows: number;
}

export async function rollup(event: unknown): Promise<RollupResult> {
  const request = RollupRequest.parse(event ?? {});
  const now = new Date();
  const { timezone, alarms } = settings.metrics;
  const today = dayIn(timezone, now);
  const days = request.from
    ? daysFrom(request.from, request.to ?? request.from)
    : [request.period === 'yesterday' ? addDays(today, -1) : today];
  if (days.length === 0) throw new Error(`rollup: empty range ${request.from}…${request.to}`);

  const computedAt = now.toISOString();
  let rows = 0;
  for (const [dimension, value] of rolledUpDimensions(settings.sources)) {
    const dayCounters = await dayCountersFor(dimension, value, days, timezone);
    if (!dayCounters) continue;
    const computed = rollupRows(days, dayCounters);
    await putRollups(dimension, value, computed, computedAt);
    rows += computed.length;
    if (dimension === 'all' && days.includes(today)) publishSignals(alarmSignals(dayCounters, today, alarms.minResponses));
  }
  metrics.addMetric('RollupRows', MetricUnit.Count, rows);
  logger.info('rollup done', { from: days[0], to: days.at(-1), rows });
  return { days, rows };
}

/**
 * Every day the rows of `days` depend on: `days` themselves from the counters, the days around
 * them (trailing windows, whole weeks and months) from the stored day rows. Undefined when the
 * dimension has neither, so quiet dimensions write nothing.
 */
async function dayCountersFor(dimension: string, value: string, days: string[], timezone: string) {
  const first = days[0]!;
  const last = days[days.length - 1]!;
  const buckets = bucketRangeFor(first, last);
  const fresh = countersByLocalDay(await counterRows(dimension, value, buckets.from, buckets.to), timezone, first, last);
  const needed = daysNeededFor(days);
  const stored = await storedRollups('day', dimension, value, needed.from, needed.to);
  const recomputed = new Set(days);
  if (fresh.size === 0 && !stored.some((r) => recomputed.has(r.period))) return undefined;
  const dayCounters = new Map(stored.map((r) => [r.period, r.counters]));
  for (const day of days) dayCounters.set(day, fresh.get(day) ?? {});
  return dayCounters;
}

function publishSignals(signals: ReturnType<typeof alarmSignals>) {
  if (signals.nps7d !== null) metrics.addMetric('Nps7d', MetricUnit.NoUnit, signals.nps7d);
  if (signals.nps7dChange !== null) metrics.addMetric('Nps7dChange', MetricUnit.NoUnit, signals.nps7dChange);
  if (signals.detractorSpikePoints !== null) metrics.addMetric('DetractorSpikePoints', MetricUnit.NoUnit, signals.detractorSpikePoints);
}

export const handler = middy<unknown, RollupResult>().use(logMetrics(metrics)).handler(rollup);
