/**
 * `cx-loop backfill --from <day> --to <day>`: recomputes the counters of a range of days from the
 * feedback stored in the feedback table (its byDay index), then re-runs the rollups for those days
 * and for the trailing 7/30/90-day windows that include them. For counters lost, written by an
 * older version, or imported before a fix. Idempotent: running it twice gives the same rows.
 *
 * Counter hours are UTC (as analyze writes them); the rollup then cuts business days. Feedback
 * received up to today is read, because history imported today may have occurred in the range.
 * Only feedback-derived fields are recomputed: outreach and close-time counts stay (see
 * functions/domain/backfill.ts). Rows of a dimension value no stored feedback mentions any more
 * (an expired survey id) are not visited, except for the rolled-up dimensions.
 */
import { feedbackCounterDeltas, staleFields, type StoredRecord } from '#domain/backfill';
import type { CounterDelta } from '#domain/counters';
import { addDays, isCalendarDay, rolledUpDimensions, TRAILING_DAYS } from '#domain/rollups';
import { useBackend, type BackendOptions } from '../lib/backend';
import { CliError } from '../lib/errors';

export interface BackfillOptions extends BackendOptions {
  from: string;
  to?: string;
  dryRun?: boolean;
  json?: boolean;
}

export interface BackfillReport {
  from: string;
  to: string;
  feedbackRead: number;
  counterRows: number;
  rollup?: { from: string; to: string; rows: number };
}

export async function backfill(options: BackfillOptions): Promise<BackfillReport> {
  const today = new Date().toISOString().slice(0, 10);
  const { from, to } = rangeOf(options, today);
  await useBackend(options);
  const { settings } = await import('../../functions/settings');
  if (from < addDays(today, -settings.retentionDays)) {
    throw new CliError(`--from ${from} is older than the ${settings.retentionDays}-day feedback retention: that feedback has expired, and recomputing would erase its counters.`);
  }

  const { feedbackBetween } = await import('#adapters/feedback-range');
  const records = (await feedbackBetween(from, today)) as unknown as StoredRecord[];
  const deltas = feedbackCounterDeltas(records, from, to);
  const report: BackfillReport = { from, to, feedbackRead: records.length, counterRows: deltas.length };
  if (options.dryRun) return report;

  await writeCounters(deltas, from, to, settings.sources);
  const { rollup } = await import('../../functions/handlers/rollup');
  // Trailing windows of the days after the range include it: roll those up too (up to today).
  const rollupTo = [addDays(to, TRAILING_DAYS - 1), today].sort()[0]!;
  const result = await rollup({ from, to: rollupTo });
  return { ...report, rollup: { from, to: rollupTo, rows: result.rows } };
}

function rangeOf(options: BackfillOptions, today: string): { from: string; to: string } {
  for (const [flag, value] of [['--from', options.from], ['--to', options.to]] as const) {
    if (value !== undefined && !isCalendarDay(value)) throw new CliError(`${flag} must be a day like 2026-11-01, got "${value}".`);
  }
  const to = options.to ?? today;
  if (options.from > to) throw new CliError(`--from ${options.from} is after --to ${to}.`);
  if (to > today) throw new CliError(`--to ${to} is in the future.`);
  return { from: options.from, to };
}

/** SETs every recomputed field, zeroes feedback fields that no stored record supports any more. */
async function writeCounters(deltas: CounterDelta[], from: string, to: string, sources: readonly string[]): Promise<void> {
  const { counterRows, replaceCounters } = await import('#adapters/metrics-store');
  const byKey = new Map(deltas.map((d) => [`${d.pk}|${d.sk}`, d]));
  const dims = new Map<string, [string, string]>(rolledUpDimensions(sources).map((d) => [`C#${d[0]}#${d[1]}`, d]));
  for (const d of deltas) {
    const [, dimension, ...value] = d.pk.split('#');
    dims.set(d.pk, [dimension!, value.join('#')]);
  }
  for (const [pk, [dimension, value]] of dims) {
    const existing = new Map((await counterRows(dimension, value, from, `${to}T23`)).map((r) => [r.bucket, r.counters]));
    const buckets = new Set([...existing.keys(), ...deltas.filter((d) => d.pk === pk).map((d) => d.sk)]);
    for (const bucket of buckets) {
      const recomputed = byKey.get(`${pk}|${bucket}`)?.add ?? {};
      await replaceCounters(dimension, value, bucket, recomputed, staleFields(existing.get(bucket) ?? {}, recomputed));
    }
  }
}

export function printBackfill(report: BackfillReport, json: boolean): void {
  if (json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  console.log(`${report.from} … ${report.to}: ${report.feedbackRead} stored feedback read, ${report.counterRows} counter rows recomputed.`);
  if (report.rollup) console.log(`Rolled up ${report.rollup.from} … ${report.rollup.to}: ${report.rollup.rows} rows written.`);
  else console.log('Dry run: nothing written.');
}
