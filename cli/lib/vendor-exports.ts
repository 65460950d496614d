/**
 * Survey tools' CSV exports → FeedbackEvents. Each export has fixed columns (response id, dates,
 * respondent) and one column per question, headed by the question as the survey's author wrote it,
 * so score and comment columns are found by their wording (or named with --map), and the metric
 * by the score question's wording (or --metric).
 *
 * - Typeform: one header row; `#` is the response token (the id its webhooks carry), `Submit Date (UTC)`.
 * - SurveyMonkey: two header rows (question, then answer or "Response"/"Open-Ended Response");
 *   `Respondent ID` is the response id its webhooks name; dates like `11/20/2026 10:15:32 AM` in the
 *   account's time zone (--timezone).
 * - Qualtrics: three header rows (export tag `Q1`…, question text, `{"ImportId":…,"timeZone":…}`);
 *   `ResponseId`, `RecordedDate` in the time zone the third row names, `RecipientEmail`, `UserLanguage`.
 * - Delighted: one header row; `Response ID`, `Score`, `Comment`, `Email`, `Name`, `Response timestamp`.
 *
 * The vendor's response id becomes the event's sourceEventId, exactly as its webhook adapter does,
 * so history imported today and the same response arriving by webhook are one event, counted once.
 */
import { randomUUID } from 'node:crypto';
import { Customer, FeedbackEvent, METRIC_SCALES, type Metric, type ScoredMetric } from '#domain/feedback-event';
import { sha256 } from '#domain/outreach';
import { ProblemError } from '#domain/problem';
import { customerFrom, feedbackOrIgnored, nonBlank } from '#domain/sources/shared/feedback';
import { CliError } from './errors';
import { parseExportDate } from './export-dates';

export const VENDORS = ['typeform', 'surveymonkey', 'qualtrics', 'delighted'] as const;
export type Vendor = (typeof VENDORS)[number];

export const FIELDS = ['id', 'occurredAt', 'email', 'name', 'firstName', 'lastName', 'language', 'score', 'text'] as const;
export type Field = (typeof FIELDS)[number];

interface ExportFormat {
  headerRows: number;
  /** Fixed columns by the names the vendor exports (case-insensitive, first present wins). */
  columns: Partial<Record<Field, string[]>>;
  /** Columns that look like questions but are derived from one (Qualtrics' NPS group). */
  ignore?: RegExp;
  /** The metric of a fixed score column (Delighted's survey type is not in the file). */
  defaultMetric?: ScoredMetric;
}

const FORMATS: Record<Vendor, ExportFormat> = {
  typeform: {
    headerRows: 1,
    columns: { id: ['#', 'Response ID', 'token'], occurredAt: ['Submit Date (UTC)', 'Submitted At', 'Start Date (UTC)'], email: ['email', 'Email'], name: ['name'], language: ['lang', 'language'] },
  },
  surveymonkey: {
    headerRows: 2,
    columns: { id: ['Respondent ID'], occurredAt: ['End Date', 'Start Date'], email: ['Email Address'], firstName: ['First Name'], lastName: ['Last Name'] },
  },
  qualtrics: {
    headerRows: 3,
    columns: { id: ['ResponseId', 'ResponseID'], occurredAt: ['RecordedDate', 'EndDate'], email: ['RecipientEmail'], firstName: ['RecipientFirstName'], lastName: ['RecipientLastName'], language: ['UserLanguage', 'Q_Language'] },
    ignore: /_NPS_GROUP$|^(Status|Progress|Finished|Duration|IPAddress|Location|DistributionChannel|ExternalReference)/i,
  },
  delighted: {
    headerRows: 1,
    columns: { id: ['Response ID', 'ID'], occurredAt: ['Response timestamp', 'Created at', 'Date'], email: ['Email', 'Person email'], name: ['Name', 'Person name'], score: ['Score'], text: ['Comment'], language: ['Locale', 'locale'] },
    defaultMetric: 'nps',
  },
};

export const headerRowsOf = (vendor: Vendor) => FORMATS[vendor].headerRows;

/** Question wording → metric, most specific first. */
const METRIC_WORDING: Array<[ScoredMetric, RegExp]> = [
  ['nps', /recommend|net promoter|\bnps\b/i],
  ['ces', /\beas(y|ier|ily)\b|effort/i],
  ['csat', /satisf/i],
];
const EMAIL_WORDING = /\be-?mail\b/i;
const TEXT_WORDING = /\bwhy\b|comment|feedback|tell us|reason|suggest|improve|anything else|open-ended/i;

export interface Mapping {
  vendor: Vendor;
  /** Column index per field. */
  columns: Partial<Record<Field, number>>;
  metric: ScoredMetric | 'none';
  /** Column headings, for messages and the preview. */
  headings: string[];
  /**
   * Every column that may hold the respondent's email, best first: an email *question* the person
   * answered, then the fixed column (Typeform's `email` hidden field). A row takes the first valid one.
   */
  emailColumns: number[];
  timeZone: string;
}

export interface MappingOptions {
  /** field → column heading (any header row) or 1-based column number. */
  map?: Partial<Record<Field, string>>;
  metric?: ScoredMetric;
  timeZone?: string;
}

/** Decides which column feeds which field; fails with the list of columns when nothing usable is found. */
export function resolveMapping(vendor: Vendor, headerRows: string[][], options: MappingOptions = {}): Mapping {
  const format = FORMATS[vendor];
  const width = Math.max(...headerRows.map((r) => r.length));
  const headings = Array.from({ length: width }, (_, i) => headerRows.map((r) => r[i] ?? '').filter((h) => h && !h.startsWith('{"ImportId"')).join(' / ') || `column ${i + 1}`);
  const firstRow = headerRows[0] ?? [];
  const byName = (names: readonly string[]) => {
    for (const name of names) {
      const i = firstRow.findIndex((h) => h.trim().toLowerCase() === name.toLowerCase());
      if (i >= 0) return i;
    }
    return undefined;
  };
  const columns: Partial<Record<Field, number>> = {};
  for (const field of FIELDS) {
    const i = byName(format.columns[field] ?? []);
    if (i !== undefined) columns[field] = i;
  }

  const fixed = new Set(Object.values(columns));
  const questions = headings.flatMap((text, i) => (fixed.has(i) || format.ignore?.test(firstRow[i] ?? '') ? [] : [{ i, text }]));
  let metric: ScoredMetric | 'none' = columns.score !== undefined ? (options.metric ?? format.defaultMetric ?? 'nps') : 'none';
  if (columns.score === undefined) {
    for (const [m, wording] of METRIC_WORDING) {
      const q = questions.find((c) => wording.test(c.text));
      if (q) {
        columns.score = q.i;
        metric = m;
        break;
      }
    }
  }
  if (columns.text === undefined) {
    const q = questions.find((c) => c.i !== columns.score && TEXT_WORDING.test(c.text));
    if (q) columns.text = q.i;
  }

  for (const [field, target] of Object.entries(options.map ?? {}) as Array<[Field, string]>) {
    const i = /^\d+$/.test(target) ? Number(target) - 1 : headerRows.map((r) => r.findIndex((h) => h.trim().toLowerCase() === target.trim().toLowerCase())).find((x) => x >= 0);
    if (i === undefined || i < 0 || i >= width) throw new CliError(`--map ${field}=${target}: no such column. Columns: ${listColumns(headings)}`);
    columns[field] = i;
    if (field === 'score' && !options.metric) metric = METRIC_WORDING.find(([, w]) => w.test(headings[i]!))?.[0] ?? format.defaultMetric ?? 'nps';
  }
  if (options.metric && columns.score !== undefined) metric = options.metric;

  if (columns.score === undefined && columns.text === undefined) {
    throw new CliError(`No score or comment column recognised in this ${vendor} export. Name them with --map score=<column> --map text=<column> (--metric nps|csat|ces). Columns: ${listColumns(headings)}`);
  }
  if (columns.occurredAt === undefined) throw new CliError(`No date column found in this ${vendor} export; name it with --map occurredAt=<column>. Columns: ${listColumns(headings)}`);
  const used = new Set(Object.values(columns));
  // Typeform exports an email question under its wording and the `email` hidden field under its
  // name; a respondent may fill either, so both are read (the answer first). --map email pins one.
  const emailQuestions = options.map?.email ? [] : questions.filter((q) => !used.has(q.i) && EMAIL_WORDING.test(q.text)).map((q) => q.i);
  const emailColumns = [...emailQuestions, ...(columns.email === undefined ? [] : [columns.email])];
  return { vendor, columns, metric, headings, emailColumns, timeZone: options.timeZone ?? timeZoneOf(vendor, headerRows, columns.occurredAt) };
}

/** Qualtrics names the zone of each date column in its third header row: {"ImportId":"recordedDate","timeZone":"America/Denver"}. */
function timeZoneOf(vendor: Vendor, headerRows: string[][], dateColumn: number): string {
  if (vendor !== 'qualtrics') return 'UTC';
  try {
    const zone = (JSON.parse(headerRows[2]?.[dateColumn] ?? '{}') as { timeZone?: string }).timeZone;
    return zone && zone !== 'Z' ? zone : 'UTC';
  } catch {
    return 'UTC';
  }
}

const listColumns = (headings: string[]) => headings.map((h, i) => `${i + 1}: ${h.length > 60 ? `${h.slice(0, 57)}…` : h}`).join('; ');

export type RowResult = { kind: 'event'; event: FeedbackEvent } | { kind: 'ignored'; reason: string } | { kind: 'rejected'; reason: string };

export interface RowOptions {
  /** Whether the pipeline may email these customers (`--send`); history is otherwise only stored and counted. */
  send: boolean;
  surveyId?: string;
  now: Date;
}

export function eventFromRow(cells: string[], mapping: Mapping, options: RowOptions): RowResult {
  const cell = (field: Field) => {
    const i = mapping.columns[field];
    return i === undefined ? undefined : nonBlank(cells[i]);
  };
  const metric = metricOf(cell('score'), mapping.metric);
  if (typeof metric === 'string') return { kind: 'rejected', reason: metric };
  const dateText = cell('occurredAt');
  const occurredAt = dateText ? parseExportDate(dateText, mapping.timeZone) : undefined;
  if (!occurredAt) return { kind: 'rejected', reason: dateText ? `unreadable date "${dateText}" in ${mapping.headings[mapping.columns.occurredAt!]}` : 'no date' };
  const name = cell('name') ?? ([cell('firstName'), cell('lastName')].filter(Boolean).join(' ') || undefined);
  const language = cell('language');
  try {
    const result = feedbackOrIgnored(
      {
        source: mapping.vendor,
        // Rows without an id get one from their content, so importing a file twice stores it once.
        sourceEventId: cell('id') ?? `row-${sha256(cells.join('\u001f'))}`,
        occurredAt,
        customer: customerFrom({ email: emailOf(cells, mapping), name, locale: language }),
        channel: 'survey',
        metric,
        text: cell('text'),
        ...(language && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language) ? { language } : {}),
        ...(options.surveyId ? { sourceRef: { surveyId: options.surveyId } } : {}),
      },
      'Row',
    );
    if (result.kind !== 'feedback') return { kind: 'ignored', reason: result.kind === 'ignored' ? result.reason : 'nothing to import' };
    const event = FeedbackEvent.parse({ ...result.drafts[0], id: randomUUID(), receivedAt: options.now.toISOString(), ...(options.send ? {} : { outreach: false }) });
    return { kind: 'event', event };
  } catch (err) {
    if (err instanceof ProblemError) return { kind: 'rejected', reason: [err.message, ...(err.fields ?? []).map((f) => `${f.path}: ${f.message}`)].join(' — ') };
    throw err;
  }
}

/** The first cell among the email columns that holds a valid address. */
function emailOf(cells: string[], mapping: Mapping): string | undefined {
  for (const i of mapping.emailColumns) {
    const value = nonBlank(cells[i]);
    if (value && Customer.shape.email.safeParse(value).success) return value;
  }
  return undefined;
}

/** A score cell to a metric: leading integer ("10", "10 - Extremely likely"), inside the metric's scale. */
function metricOf(text: string | undefined, type: ScoredMetric | 'none'): Metric | string {
  if (type === 'none' || text === undefined) return { type: 'none' };
  const match = /^(\d+)(\.0+)?\b/.exec(text);
  if (!match) return `score "${text.slice(0, 40)}" is not a number (export numeric values)`;
  const score = Number(match[1]);
  const { min, max } = METRIC_SCALES[type];
  if (score < min || score > max) return `score ${score} is outside ${type.toUpperCase()} ${min}–${max}`;
  return { type, score };
}
