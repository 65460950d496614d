/**
 * Rollups: hourly UTC counters → business-timezone days → ISO weeks and months, plus trailing
 * 7/30/90-day NPS. Pure; the rollup handler and the read API feed it rows and store or serve the result.
 *
 * Timezone: counters are kept per UTC *hour* (sort key `YYYY-MM-DDTHH`), and every hour is assigned
 * to the business day in which it starts (settings `metrics.timezone`). That is exact for every
 * whole-hour offset, DST included; in the few half/quarter-hour zones (India, Nepal, parts of
 * Australia) feedback from the last 30–45 minutes before local midnight is counted in the next or
 * previous day. Counter rows written per UTC day (before hourly counters) stay on that day.
 */
import type { CounterFields } from './counters';
import { CHANNELS } from './feedback-event';
import { figuresFrom, npsMarginOfError, npsScore, sumCounters, type Figures } from './figures';

/** Dimensions with stored rollup rows; languages and surveys are open-ended and summed from counters on read. */
export const ROLLED_UP_DIMENSIONS: ReadonlySet<string> = new Set(['all', 'channel', 'source']);

/** Every (dimension, value) the rollup stores rows for: all feedback, each channel, each enabled source. */
export const rolledUpDimensions = (sources: readonly string[]): Array<[string, string]> => [
  ['all', 'all'],
  ...CHANNELS.map((c): [string, string] => ['channel', c]),
  ...sources.map((s): [string, string] => ['source', s]),
];

export const GRANULARITIES = ['day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];
/** The longest window: how many days of day rows a trailing figure needs, today included. */
export const TRAILING_DAYS = 90;
export const TRAILING_WINDOWS = [7, 30, TRAILING_DAYS] as const;

const DAY_MS = 86_400_000;
export const DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface TrailingNps {
  days: number;
  responses: number;
  score: number | null;
  marginOfError: number | null;
}

export interface RollupRow {
  granularity: Granularity;
  /** `2026-11-20`, `2026-W47` or `2026-11`. */
  period: string;
  counters: CounterFields;
  figures: Figures;
  /** Day rows only: NPS over the 7/30/90 days ending that day. */
  trailing?: TrailingNps[];
}

/** A timezone's formatter per zone: constructing Intl formatters is the slow part. */
const formatters = new Map<string, Intl.DateTimeFormat>();
const dayFormatter = (timeZone: string) => {
  let f = formatters.get(timeZone);
  if (!f) formatters.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return f;
};

/** The business day of an instant. `en-CA` formats dates as YYYY-MM-DD. */
export const dayIn = (timeZone: string, at: Date) => dayFormatter(timeZone).format(at);

/** The business day a counter row belongs to: an hour `YYYY-MM-DDTHH` (UTC) by its start, a legacy UTC day as itself. */
export function localDayOf(bucket: string, timeZone: string): string {
  if (DAY.test(bucket)) return bucket;
  return dayIn(timeZone, new Date(`${bucket}:00:00Z`));
}

/** Counter sort keys that can hold any hour of the business days from…to, in any timezone (offsets stay within ±14 h). */
export function bucketRangeFor(fromDay: string, toDay: string): { from: string; to: string } {
  return { from: addDays(fromDay, -1), to: `${addDays(toDay, 1)}T23` };
}

/** Sums counter rows into business days, keeping only days from…to. */
export function countersByLocalDay(rows: Array<{ bucket: string; counters: CounterFields }>, timeZone: string, fromDay: string, toDay: string): Map<string, CounterFields> {
  const grouped = new Map<string, CounterFields[]>();
  for (const { bucket, counters } of rows) {
    const day = localDayOf(bucket, timeZone);
    if (day < fromDay || day > toDay) continue;
    grouped.set(day, [...(grouped.get(day) ?? []), counters]);
  }
  return new Map([...grouped].map(([day, list]) => [day, sumCounters(list)]));
}

/** A real calendar day in YYYY-MM-DD form (2026-02-30 is not). */
export const isCalendarDay = (day: string) => DAY.test(day) && !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && addDays(day, 0) === day;

export const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

export function daysFrom(fromDay: string, toDay: string): string[] {
  const days: string[] = [];
  for (let d = fromDay; d <= toDay; d = addDays(d, 1)) days.push(d);
  return days;
}

/** ISO 8601 week, e.g. 2026-W53: weeks start on Monday and belong to the year of their Thursday. */
export function isoWeekOf(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = date.getUTCDay() || 7;
  const thursday = new Date(date.getTime() + (4 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export function periodOf(day: string, granularity: Granularity): string {
  if (granularity === 'day') return day;
  return granularity === 'week' ? isoWeekOf(day) : day.slice(0, 7);
}

/** First and last day of a period. */
export function boundsOf(period: string, granularity: Granularity): { from: string; to: string } {
  if (granularity === 'day') return { from: period, to: period };
  if (granularity === 'month') {
    const [y, m] = period.split('-').map(Number) as [number, number];
    return { from: `${period}-01`, to: new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10) };
  }
  const [y, w] = period.split('-W').map(Number) as [number, number];
  // Week 1 holds January 4th; its Monday starts the ISO year.
  const jan4 = Date.UTC(y, 0, 4);
  const monday = jan4 - (((new Date(jan4).getUTCDay() || 7) - 1) * DAY_MS) + (w - 1) * 7 * DAY_MS;
  const from = new Date(monday).toISOString().slice(0, 10);
  return { from, to: addDays(from, 6) };
}

/** Every day whose rows a rollup of `days` reads: the trailing windows before them and the whole weeks and months around them. */
export function daysNeededFor(days: string[]): { from: string; to: string } {
  const first = days[0]!;
  const last = days[days.length - 1]!;
  const from = [addDays(first, 1 - TRAILING_DAYS), boundsOf(isoWeekOf(first), 'week').from, `${first.slice(0, 7)}-01`].sort()[0]!;
  const to = [boundsOf(isoWeekOf(last), 'week').to, boundsOf(last.slice(0, 7), 'month').to].sort().at(-1)!;
  return { from, to };
}

export function trailingNps(dayCounters: ReadonlyMap<string, CounterFields>, endDay: string): TrailingNps[] {
  return TRAILING_WINDOWS.map((days) => {
    const c = sumCounters(daysFrom(addDays(endDay, 1 - days), endDay).map((d) => dayCounters.get(d) ?? {}));
    const [p, pa, d] = [c.nps_promoter ?? 0, c.nps_passive ?? 0, c.nps_detractor ?? 0];
    return { days, responses: p + pa + d, score: npsScore(p, pa, d), marginOfError: npsMarginOfError(p, pa, d) };
  });
}

/**
 * The rows to write after recomputing `days`: one day row each (with trailing NPS) and one row per
 * ISO week and month they touch. `dayCounters` must hold every day `daysNeededFor(days)` names
 * (missing days count as no feedback). Deterministic: the same counters always give the same rows.
 */
export function rollupRows(days: string[], dayCounters: ReadonlyMap<string, CounterFields>): RollupRow[] {
  const row = (granularity: Granularity, period: string, counters: CounterFields): RollupRow => ({ granularity, period, counters, figures: figuresFrom(counters) });
  const dayRows = days.map((day) => ({ ...row('day', day, dayCounters.get(day) ?? {}), trailing: trailingNps(dayCounters, day) }));
  const periodRows = (['week', 'month'] as const).flatMap((g) =>
    [...new Set(days.map((d) => periodOf(d, g)))].map((period) => {
      const { from, to } = boundsOf(period, g);
      return row(g, period, sumCounters(daysFrom(from, to).map((d) => dayCounters.get(d) ?? {})));
    }),
  );
  return [...dayRows, ...periodRows];
}
