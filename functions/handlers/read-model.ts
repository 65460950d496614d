/**
 * What the read API answers, built with the rollup's own pure functions so a number never differs
 * between the dashboard, the stored rows and the CLI. Rolled-up dimensions read the stored day rows
 * of days that are over (rolled up after they ended) and sum the rest — today, and a day whose final
 * rollup has not run yet — from the live counters, so today's figures never lag; open-ended
 * dimensions (language, survey) are summed from the counters on read.
 */
import { addDays, bucketRangeFor, boundsOf, countersByLocalDay, dayIn, daysFrom, daysNeededFor, rollupRows, type TrailingNps } from '#domain/rollups';
import type { CounterFields } from '#domain/counters';
import { figuresFrom, sumCounters, type Figures } from '#domain/figures';
import { toFeedbackView, type FeedbackView } from '#domain/feedback-view';
import type { FeedbackRecord } from '#domain/feedback-record';
import { encodeCursor, type FeedbackCursor, type FeedbackQuery, type MetricsQuery } from '#domain/read-queries';
import { feedbackPage } from '#adapters/feedback-pages';
import { counterRows, storedRollups } from '#adapters/metrics-store';

export interface MetricsReport {
  from: string;
  to: string;
  granularity: MetricsQuery['granularity'];
  dimension: string;
  value: string;
  timezone: string;
  /** The whole range. */
  total: Figures;
  /** NPS over the 7/30/90 days ending `to`. */
  trailing: TrailingNps[];
  /** One entry per period overlapping the range; weeks and months are whole. */
  series: Array<{ period: string; from: string; to: string; figures: Figures; trailing?: TrailingNps[] }>;
  /** When the freshest stored day row used in the range was computed (its last rollup); null when every day was summed from the counters just now. */
  computedAt: string | null;
  /** The first day of the range read live from the counters (today, or a day not yet finally rolled up); null when every day is rolled up. */
  liveFrom: string | null;
}

export async function metricsReport(q: MetricsQuery, timezone: string, rolledUp: boolean): Promise<MetricsReport> {
  const days = daysFrom(q.from, q.to);
  const needed = daysNeededFor(days);
  const { dayCounters, computedAt, liveDays } = rolledUp ? await fromRollups(q, needed, timezone) : { ...(await fromCounters(q, needed, timezone)), computedAt: null, liveDays: days };
  const rows = rollupRows(days, dayCounters);
  const last = rows.find((r) => r.granularity === 'day' && r.period === q.to);
  return {
    from: q.from,
    to: q.to,
    granularity: q.granularity,
    dimension: q.dimension,
    value: q.value,
    timezone,
    total: figuresFrom(sumCounters(days.map((d) => dayCounters.get(d) ?? {}))),
    trailing: last?.trailing ?? [],
    series: rows
      .filter((r) => r.granularity === q.granularity)
      .map((r) => ({ period: r.period, ...boundsOf(r.period, r.granularity), figures: r.figures, ...(r.trailing ? { trailing: r.trailing } : {}) })),
    computedAt,
    liveFrom: days.find((d) => liveDays.includes(d)) ?? null,
  };
}

async function fromRollups(q: MetricsQuery, needed: { from: string; to: string }, timezone: string) {
  const stored = await storedRollups('day', q.dimension, q.value, needed.from, needed.to);
  // A day row is final once it was computed on a later business day (the nightly run); until then
  // it is an hourly snapshot that lags the counters, and the day is summed live instead.
  const final = stored.filter((r) => dayIn(timezone, new Date(r.computedAt)) > r.period);
  const dayCounters = new Map<string, CounterFields>(final.map((r) => [r.period, r.counters]));
  const liveDays = daysFrom(needed.from, needed.to).filter((d) => !dayCounters.has(d));
  if (liveDays.length) {
    const live = await fromCounters(q, { from: liveDays[0]!, to: liveDays.at(-1)! }, timezone);
    for (const d of liveDays) dayCounters.set(d, live.dayCounters.get(d) ?? {});
  }
  const inRange = final.filter((r) => r.period >= q.from && r.period <= q.to).map((r) => r.computedAt);
  return { dayCounters, computedAt: inRange.length ? inRange.sort().at(-1)! : null, liveDays };
}

async function fromCounters(q: MetricsQuery, needed: { from: string; to: string }, timezone: string) {
  const buckets = bucketRangeFor(needed.from, needed.to);
  const rows = await counterRows(q.dimension, q.value, buckets.from, buckets.to);
  return { dayCounters: countersByLocalDay(rows, timezone, needed.from, needed.to) };
}

export interface FeedbackList {
  items: FeedbackView[];
  /** Pass back as `cursor` for the next (older) page; absent on the last page. */
  nextCursor?: string;
}

/** Reads at most this many index pages per request, so a sparse channel filter cannot run the Lambda out of time. */
const MAX_QUERIES = 40;

/** Newest first, from `to` back to `from`, day by day through the byDay index. */
export async function feedbackList(q: FeedbackQuery): Promise<FeedbackList> {
  const items: FeedbackView[] = [];
  let cursor: FeedbackCursor = q.cursor ?? { day: q.to };
  for (let queries = 0; items.length < q.limit && cursor.day >= q.from && queries < MAX_QUERIES; queries++) {
    const page = await feedbackPage(cursor.day, { limit: q.limit - items.length, ...(q.channel ? { channel: q.channel } : {}), ...(cursor.key ? { startKey: cursor.key } : {}) });
    items.push(...page.items.map((item) => toFeedbackView(item as unknown as FeedbackRecord)));
    cursor = page.nextKey ? { day: cursor.day, key: page.nextKey } : { day: addDays(cursor.day, -1) };
  }
  return { items, ...(cursor.day >= q.from ? { nextCursor: encodeCursor(cursor) } : {}) };
}
