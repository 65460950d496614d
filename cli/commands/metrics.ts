/**
 * `cx-loop metrics`: NPS, CSAT, CES and sentiment for a range of business days, summed from the
 * real-time counters with the same domain code as the rollup (functions/domain/rollups.ts, figures.ts),
 * so the numbers match the dashboards without waiting for the hourly rollup.
 */
import { CHANNELS } from '#domain/feedback-event';
import { figuresFrom, sumCounters, type Figures } from '#domain/figures';
import { addDays, bucketRangeFor, countersByLocalDay, dayIn, isCalendarDay } from '#domain/rollups';
import { useBackend, type BackendOptions } from '../lib/backend';
import { CliError } from '../lib/errors';
import { table } from '../lib/table';

export interface MetricsOptions extends BackendOptions {
  from?: string;
  to?: string;
  days: number;
  /** `all`, or one dimension value such as `source=typeform`. */
  filter: string;
  by?: 'source' | 'channel';
  json?: boolean;
}

export interface MetricsReport {
  from: string;
  to: string;
  /** The business timezone days are cut in (`metrics.timezone` in the config). */
  timezone: string;
  dimension: string;
  rows: Array<{ value: string; figures: Figures }>;
}

export async function metrics(options: MetricsOptions): Promise<MetricsReport> {
  const { settings } = await import('../../functions/settings');
  const timezone = settings.metrics.timezone;
  const { from, to } = rangeOf(options, timezone);
  const targets = targetsOf(options, settings.sources);
  await useBackend(options);
  const { counterRows } = await import('#adapters/metrics-store');
  const buckets = bucketRangeFor(from, to);
  const rows = await Promise.all(
    targets.values.map(async (value) => {
      const days = countersByLocalDay(await counterRows(targets.dimension, value, buckets.from, buckets.to), timezone, from, to);
      return { value, figures: figuresFrom(sumCounters([...days.values()])) };
    }),
  );
  // A breakdown lists only the values that saw feedback; a single filter always shows its row.
  return { from, to, timezone, dimension: targets.dimension, rows: options.by ? rows.filter((r) => r.figures.responses > 0 || r.figures.ignored > 0) : rows };
}

function rangeOf(options: MetricsOptions, timezone: string): { from: string; to: string } {
  for (const [flag, value] of [['--from', options.from], ['--to', options.to]] as const) {
    if (value !== undefined && !isCalendarDay(value)) throw new CliError(`${flag} must be a day like 2026-11-01, got "${value}".`);
  }
  if (!Number.isInteger(options.days) || options.days < 1) throw new CliError('--days must be a whole number of at least 1.');
  const to = options.to ?? dayIn(timezone, new Date());
  const from = options.from ?? addDays(to, -(options.days - 1));
  if (from > to) throw new CliError(`--from ${from} is after --to ${to}.`);
  return { from, to };
}

function targetsOf(options: MetricsOptions, sources: readonly string[]): { dimension: string; values: string[] } {
  if (options.by === 'channel') return { dimension: 'channel', values: [...CHANNELS] };
  if (options.by === 'source') return { dimension: 'source', values: [...sources] };
  if (options.filter === 'all') return { dimension: 'all', values: ['all'] };
  const match = /^(source|channel|language|survey)=(.+)$/.exec(options.filter);
  if (!match) throw new CliError(`--filter must be "all" or one of source=…, channel=…, language=…, survey=…; got "${options.filter}".`);
  return { dimension: match[1]!, values: [match[2]!] };
}

export function printMetrics(report: MetricsReport, json: boolean): void {
  if (json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  console.log(`${report.from} … ${report.to} (${report.timezone})${report.dimension === 'all' ? '' : `, by ${report.dimension}`}\n`);
  if (report.rows.length === 0) {
    console.log('No feedback in this range.');
    return;
  }
  const n = (x: number | null, suffix = '') => (x === null ? '—' : `${x}${suffix}`);
  console.log(
    table(
      [report.dimension === 'all' ? '' : report.dimension, 'responses', 'NPS', 'P/P/D', 'CSAT', 'sat%', 'CES', 'easy%', 'pos', 'neg', 'neu', 'mix', 'polarity', 'thanked', 'recovered', 'ignored', 'cost $', '$/response', '$/email'],
      report.rows.map(({ value, figures: f }) => [
        value,
        String(f.responses),
        n(f.nps.score),
        `${f.nps.promoters}/${f.nps.passives}/${f.nps.detractors}`,
        n(f.csat.mean),
        n(f.csat.satisfiedPct, '%'),
        n(f.ces.mean),
        n(f.ces.easyPct, '%'),
        String(f.sentiment.positive),
        String(f.sentiment.negative),
        String(f.sentiment.neutral),
        String(f.sentiment.mixed),
        n(f.sentiment.meanPolarity),
        String(f.actions.gratitude),
        String(f.actions.recovery),
        String(f.ignored),
        f.cost.totalUsd.toFixed(2),
        n(f.cost.perResponseUsd === null ? null : Number(f.cost.perResponseUsd.toPrecision(2))),
        n(f.cost.perEmailUsd === null ? null : Number(f.cost.perEmailUsd.toPrecision(2))),
      ]),
    ),
  );
}
