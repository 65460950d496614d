/**
 * `cx-loop import <export.csv> --vendor …`: backfills history from a survey tool's CSV export.
 * Rows become FeedbackEvents on the feedback queue, so analyze stores, scores and counts them like
 * live feedback; unless --send is given they carry `outreach: false` and no customer is emailed.
 * Importing the same file again changes nothing: events dedupe on the vendor's response id. Progress
 * is saved as it goes (`<file>.checkpoint.json`, as for `replay`): an interrupted import started again
 * skips the lines already queued and sends the rest.
 */
import { rmSync } from 'node:fs';
import type { ScoredMetric } from '#domain/feedback-event';
import { useBackend, type BackendOptions } from '../lib/backend';
import { Checkpoint } from '../lib/checkpoint';
import { CliError } from '../lib/errors';
import { assertReadable, countLines, readCsvRows, type CsvRow } from '../lib/lines';
import { maskedCustomer } from '../lib/mask';
import { forEachConcurrent } from '../lib/pool';
import { progressBar } from '../lib/progress';
import { byLine, printLineReport, type LineProblem } from '../lib/report';
import { eventFromRow, headerRowsOf, resolveMapping, type Field, type Mapping, type RowResult, type Vendor } from '../lib/vendor-exports';

export interface ImportOptions extends BackendOptions {
  vendor: Vendor;
  map?: Partial<Record<Field, string>>;
  metric?: ScoredMetric;
  timezone?: string;
  survey?: string;
  /** Show how the first rows map, then stop. */
  preview?: number;
  dryRun?: boolean;
  send?: boolean;
  concurrency: number;
  json?: boolean;
  /** Where progress is saved (default: `<file>.checkpoint.json`). */
  checkpoint?: string;
  /** Ignore a saved checkpoint and start from the first row. */
  restart?: boolean;
}

export interface ImportSummary {
  /** Queued for analysis (or, with --dry-run, that would be). */
  imported: number;
  ignored: LineProblem[];
  rejected: LineProblem[];
  /** Refused by SQS; importing the file again sends them (the rest dedupes). */
  failed: LineProblem[];
  dryRun: boolean;
  emails: boolean;
  /** Rows a previous, interrupted run already queued (resumed from the checkpoint). */
  skipped: number;
}

type Mapped = { line: number; result: RowResult };

const SQS_BATCH = 10;

export async function importExport(file: string, options: ImportOptions): Promise<ImportSummary | undefined> {
  const { mapping, rows } = await open(file, options);
  if (options.preview !== undefined) {
    await printPreview(mapping, rows, options.preview, options);
    return undefined;
  }
  const summary: ImportSummary = { imported: 0, ignored: [], rejected: [], failed: [], dryRun: Boolean(options.dryRun), emails: Boolean(options.send), skipped: 0 };
  const send = options.dryRun ? undefined : await queueSender(options);
  const bar = progressBar(options.dryRun ? 'check' : 'import', Math.max(0, (await countLines(file)) - headerRowsOf(options.vendor)));
  // A dry run changes nothing, so it neither reads nor writes the checkpoint.
  const checkpointPath = options.checkpoint ?? `${file}.checkpoint.json`;
  const checkpoint = options.dryRun ? undefined : Checkpoint.load(checkpointPath, file, { restart: options.restart ?? false });
  const saver = checkpoint ? setInterval(() => checkpoint.save(), 1000) : undefined;
  // Ctrl-C: save where we are, so the next run resumes there.
  const interrupted = () => {
    checkpoint?.save();
    bar.stop();
    console.error(`\nInterrupted: run the same command again to resume (${checkpointPath}).`);
    process.exit(130);
  };
  process.once('SIGINT', interrupted);

  try {
    await forEachConcurrent(batches(mapped(rows, mapping, options), summary, checkpoint, bar), options.concurrency, async (batch) => {
      for (const { line } of batch) checkpoint?.started(line);
      const failed = send ? await send(batch) : new Set<string>();
      for (const { line, result } of batch) {
        if (result.kind === 'event' && failed.has(result.event.id)) {
          // Not finished: a resumed run sends it again.
          summary.failed.push({ line, reason: 'the feedback queue refused it' });
          continue;
        }
        if (result.kind === 'event') summary.imported += 1;
        checkpoint?.finished(line);
      }
      for (let i = 0; i < batch.length; i += 1) bar.tick(summary.rejected.length);
    });
  } finally {
    process.off('SIGINT', interrupted);
    if (saver) clearInterval(saver);
    checkpoint?.save();
    bar.stop();
  }
  // Finished with nothing left to retry: the next import of this file starts over (and dedupes).
  if (checkpoint && summary.failed.length === 0) rmSync(checkpointPath, { force: true });
  for (const list of [summary.ignored, summary.rejected, summary.failed]) list.sort(byLine);
  return summary;
}

async function open(file: string, options: ImportOptions) {
  await assertReadable(file);
  const rows = readCsvRows(file)[Symbol.asyncIterator]();
  const headers: string[][] = [];
  while (headers.length < headerRowsOf(options.vendor)) {
    const next = await rows.next();
    if (next.done) throw new CliError(`${file} has no data rows (a ${options.vendor} export starts with ${headerRowsOf(options.vendor)} header row(s)).`);
    if ('error' in next.value) throw new CliError(`${file} line ${next.value.line}: ${next.value.error}`);
    headers.push(next.value.cells);
  }
  const mapping = resolveMapping(options.vendor, headers, { ...(options.map ? { map: options.map } : {}), ...(options.metric ? { metric: options.metric } : {}), ...(options.timezone ? { timeZone: options.timezone } : {}) });
  const rest: AsyncIterable<CsvRow> = { [Symbol.asyncIterator]: () => rows };
  return { mapping, rows: rest };
}

async function* mapped(rows: AsyncIterable<CsvRow>, mapping: Mapping, options: ImportOptions): AsyncGenerator<Mapped> {
  const now = new Date();
  for await (const row of rows) {
    if ('error' in row) yield { line: row.line, result: { kind: 'rejected', reason: row.error } };
    else yield { line: row.line, result: eventFromRow(row.cells, mapping, { send: Boolean(options.send), now, ...(options.survey ? { surveyId: options.survey } : {}) }) };
  }
}

/**
 * Groups rows into SendMessageBatch-sized batches; rows that are not events are recorded right away,
 * rows a previous run finished (the checkpoint) are skipped.
 */
async function* batches(rows: AsyncIterable<Mapped>, summary: ImportSummary, checkpoint: Checkpoint | undefined, bar: { tick(rejected: number): void }): AsyncGenerator<Mapped[]> {
  let batch: Mapped[] = [];
  for await (const row of rows) {
    if (checkpoint?.isDone(row.line)) {
      summary.skipped += 1;
      bar.tick(summary.rejected.length);
      continue;
    }
    if (row.result.kind === 'ignored') summary.ignored.push({ line: row.line, reason: row.result.reason });
    if (row.result.kind === 'rejected') summary.rejected.push({ line: row.line, reason: row.result.reason });
    batch.push(row);
    if (batch.filter((r) => r.result.kind === 'event').length === SQS_BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

async function queueSender(options: BackendOptions) {
  await useBackend(options);
  const { sendMessages } = await import('#adapters/queue');
  const { requireEnv } = await import('../../functions/env');
  const queueUrl = requireEnv('FEEDBACK_QUEUE_URL');
  return (batch: Mapped[]) =>
    sendMessages(queueUrl, batch.flatMap(({ result }) => (result.kind === 'event' ? [{ id: result.event.id, body: JSON.stringify(result.event) }] : [])));
}

async function printPreview(mapping: Mapping, rows: AsyncIterable<CsvRow>, count: number, options: ImportOptions) {
  const lines: string[] = [`${mapping.vendor} export, dates read as ${mapping.timeZone}, metric ${mapping.metric}:`];
  for (const [field, i] of Object.entries(mapping.columns)) lines.push(`  ${field.padEnd(10)} ← column ${i! + 1}: ${mapping.headings[i!]}`);
  lines.push('');
  let shown = 0;
  for await (const { line, result } of mapped(rows, mapping, options)) {
    if (shown++ >= count) break;
    if (result.kind !== 'event') {
      lines.push(`  line ${line}: ${result.kind} — ${result.reason}`);
      continue;
    }
    const e = result.event;
    const score = e.metric.type === 'none' ? 'no score' : `${e.metric.type.toUpperCase()} ${e.metric.score}`;
    const text = e.text ? ` "${e.text.length > 50 ? `${e.text.slice(0, 47)}…` : e.text}"` : '';
    lines.push(`  line ${line}: ${e.sourceEventId}  ${e.occurredAt}  ${maskedCustomer(e.customer)}  ${score}${text}`);
  }
  lines.push('', `Preview only: nothing was imported.${options.send ? '' : ' Imported history is stored and counted; no email is sent unless --send is given.'}`);
  console.log(lines.join('\n'));
}

export function printImportSummary(summary: ImportSummary, json: boolean): void {
  if (json) {
    console.log(JSON.stringify(summary));
    return;
  }
  const counts = [
    `${summary.imported} ${summary.dryRun ? 'would be imported (dry run: nothing changed)' : 'imported'}`,
    ...(summary.skipped ? [`${summary.skipped} skipped (queued by an earlier, interrupted run)`] : []),
    `${summary.ignored.length} ignored (no score and no text)`,
    `${summary.rejected.length} rejected`,
  ];
  if (summary.failed.length) counts.push(`${summary.failed.length} failed (import the file again to retry them)`);
  printLineReport(counts, [...summary.rejected, ...summary.failed]);
  if (!summary.dryRun && summary.imported) console.log(summary.emails ? 'Outreach emails will be sent as the rules decide.' : 'No emails will be sent for imported history (use --send to allow them).');
}
