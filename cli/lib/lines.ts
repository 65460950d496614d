/**
 * Reads a replay file line by line without loading it whole: JSONL (one JSON value per line) or
 * CSV (header row, then one event per row). Every item keeps its 1-based line number, and a line
 * that cannot be read becomes an error item so the rest of the file still goes through.
 */
import { createReadStream } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { CliError } from './errors';

export type LineItem = { line: number; raw: string } & ({ value: unknown; error?: undefined } | { error: string; value?: undefined });

const isCsv = (file: string) => /\.csv$/i.test(file);

export async function* readLines(file: string): AsyncGenerator<LineItem> {
  yield* isCsv(file) ? readCsv(file) : readJsonl(file);
}

async function* readJsonl(file: string): AsyncGenerator<LineItem> {
  let line = 0;
  for await (const raw of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    line += 1;
    if (!raw.trim()) continue;
    try {
      yield { line, raw, value: JSON.parse(raw) };
    } catch (err) {
      yield { line, raw, error: `invalid JSON: ${(err as Error).message}` };
    }
  }
}

/** CSV rows as objects keyed by the header; a malformed row is reported, and parsing goes on. */
export async function* readCsv(file: string): AsyncGenerator<LineItem> {
  let header: string[] | undefined;
  for await (const row of readCsvRows(file)) {
    if ('error' in row) yield { line: row.line, raw: '', error: row.error };
    else if (!header) header = row.cells;
    else yield { line: row.line, raw: '', value: Object.fromEntries(header.map((name, i) => [name, row.cells[i] ?? ''])) };
  }
}

export type CsvRow = { line: number; cells: string[] } | { line: number; error: string };

/** CSV rows as arrays of cells, headers included (some vendors' exports have several header rows). */
export async function* readCsvRows(file: string): AsyncGenerator<CsvRow> {
  const parser = createReadStream(file).pipe(
    parse({ bom: true, info: true, skip_empty_lines: true, relax_column_count: true, skip_records_with_error: true, trim: true }),
  );
  const skipped: CsvRow[] = [];
  parser.on('skip', (err: Error & { lines?: number }) => skipped.push({ line: err.lines ?? 0, error: `unreadable CSV row: ${err.message}` }));
  for await (const record of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    while (skipped.length) yield skipped.shift()!;
    yield { line: record.info.lines, cells: record.record };
  }
  while (skipped.length) yield skipped.shift()!;
}

/** Lines in the file, for the progress bar's total (a quick pass, no parsing). */
export async function countLines(file: string): Promise<number> {
  let n = 0;
  for await (const raw of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) if (raw.trim()) n += 1;
  return isCsv(file) ? Math.max(0, n - 1) : n;
}

/** Fails early with a plain message: a stream's open error would otherwise surface mid-run. */
export async function assertReadable(file: string): Promise<void> {
  try {
    await access(file, constants.R_OK);
  } catch {
    throw new CliError(`Cannot read ${file}: no such file, or no permission.`);
  }
}
