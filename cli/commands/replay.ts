/**
 * `cx-loop replay <file>`: streams events (or raw vendor payloads) through the real webhook route,
 * signed like the vendor would, with bounded concurrency. Bad lines are reported with their line
 * number and reason while the rest continue; a checkpoint file lets an interrupted run resume.
 * Re-sending is harmless: the pipeline deduplicates on each event's vendor id.
 */
import { createHash } from 'node:crypto';
import { Checkpoint } from '../lib/checkpoint';
import { assertReadable, countLines, readLines, type LineItem } from '../lib/lines';
import { forEachConcurrent } from '../lib/pool';
import { progressBar } from '../lib/progress';
import { byLine, printLineReport, type LineProblem } from '../lib/report';
import { deliver, isKnownSource, secretFor, signedDelivery, type DeliveryResult } from '../lib/webhook';

export interface ReplayOptions {
  endpoint: string;
  source: string;
  secret?: string;
  concurrency: number;
  checkpoint?: string;
  restart?: boolean;
  json?: boolean;
}

export interface ReplaySummary {
  accepted: number;
  rejected: LineProblem[];
  /** Transient failures (429/5xx after retries): not checkpointed, sent again on resume. */
  failed: LineProblem[];
  skipped: number;
}

interface Outgoing {
  source: string;
  body: Buffer;
  deliveryId: string;
}

const RETRIES = 3;

export async function replay(file: string, options: ReplayOptions): Promise<ReplaySummary> {
  await assertReadable(file);
  const checkpoint = Checkpoint.load(options.checkpoint ?? `${file}.checkpoint.json`, file, { restart: options.restart ?? false });
  const summary: ReplaySummary = { accepted: 0, rejected: [], failed: [], skipped: 0 };
  const total = await countLines(file);
  const bar = progressBar('replay', total);
  const secrets = new Map<string, string>();
  const secret = (source: string) => secrets.get(source) ?? secrets.set(source, secretFor(source, source === options.source ? options.secret : undefined)).get(source)!;
  const saver = setInterval(() => checkpoint.save(), 1000);

  const handle = async (item: LineItem) => {
    if (checkpoint.isDone(item.line)) {
      summary.skipped += 1;
      bar.tick(summary.rejected.length);
      return;
    }
    checkpoint.started(item.line);
    const outgoing = item.error === undefined ? toOutgoing(item, options.source) : item.error;
    if (typeof outgoing === 'string') {
      summary.rejected.push({ line: item.line, reason: outgoing });
      checkpoint.finished(item.line);
    } else {
      const result = await deliverWithRetry(options.endpoint, outgoing, secret(outgoing.source));
      if (result.ok) summary.accepted += 1;
      if (!isTransient(result.status)) checkpoint.finished(item.line);
      if (!result.ok) (isTransient(result.status) ? summary.failed : summary.rejected).push({ line: item.line, reason: `${result.status} ${result.detail}` });
    }
    bar.tick(summary.rejected.length);
  };

  try {
    await forEachConcurrent(readLines(file), options.concurrency, handle);
  } finally {
    clearInterval(saver);
    bar.stop();
    checkpoint.save();
  }
  summary.rejected.sort(byLine);
  summary.failed.sort(byLine);
  return summary;
}

/** A line's destination and bytes: `{source, payload}` is a raw vendor payload, anything else a generic event. */
function toOutgoing(item: LineItem & { value: unknown }, defaultSource: string): Outgoing | string {
  const value = item.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'expected a JSON object';
  const record = value as Record<string, unknown>;
  const isEnvelope = 'payload' in record && typeof record['source'] === 'string';
  const source = isEnvelope ? (record['source'] as string) : typeof record['source'] === 'string' && record['source'] ? (record['source'] as string) : defaultSource;
  if (!isKnownSource(source)) return `unknown source "${source}"`;
  const payload = isEnvelope ? record['payload'] : isFlatRow(record) ? genericFromRow(record) : withoutSource(record);
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  // Stable per content: a resumed or repeated replay reuses the id, so the pipeline dedupes it.
  const deliveryId = `msg_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
  return { source, body: Buffer.from(text), deliveryId };
}

async function deliverWithRetry(endpoint: string, outgoing: Outgoing, secret: string): Promise<DeliveryResult> {
  let result: DeliveryResult | undefined;
  for (let attempt = 0; attempt < RETRIES; attempt += 1) {
    if (attempt) await new Promise((r) => setTimeout(r, 200 * 4 ** attempt));
    try {
      // Signed afresh on every attempt: some vendors' signatures carry a timestamp.
      result = await deliver(signedDelivery(endpoint, outgoing.source, outgoing.body, secret, { deliveryId: outgoing.deliveryId }));
    } catch (err) {
      if (attempt === RETRIES - 1) throw err;
      continue;
    }
    if (!isTransient(result.status)) return result;
  }
  return result!;
}

/** Throttled or a server error: worth sending again later, unlike a rejection of the event itself. */
const isTransient = (status: number) => status === 429 || status >= 500;

const FLAT_COLUMNS = ['email', 'score', 'metric', 'name', 'customerId', 'id'];

/** CSV rows (and flat JSON objects) name columns rather than nesting a FeedbackEvent. */
function isFlatRow(record: Record<string, unknown>): boolean {
  return !('customer' in record) && FLAT_COLUMNS.some((c) => c in record);
}

function genericFromRow(row: Record<string, unknown>) {
  const str = (key: string) => {
    const v = row[key];
    return v === undefined || v === null || v === '' ? undefined : String(v);
  };
  const metricType = str('metric') ?? (str('score') ? 'nps' : 'none');
  const score = str('score');
  return prune({
    sourceEventId: str('sourceEventId') ?? str('id'),
    occurredAt: str('occurredAt'),
    channel: str('channel'),
    customer: prune({ id: str('customerId'), email: str('email'), name: str('name'), locale: str('locale') }),
    metric: metricType === 'none' ? { type: 'none' } : { type: metricType, score: score === undefined ? undefined : Number(score) },
    text: str('text'),
    language: str('language'),
  });
}

function withoutSource(record: Record<string, unknown>) {
  const { source: _source, ...rest } = record;
  return rest;
}

const prune = <T extends Record<string, unknown>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

export function printReplaySummary(summary: ReplaySummary, json: boolean): void {
  if (json) {
    console.log(JSON.stringify(summary));
    return;
  }
  const counts = [`${summary.accepted} accepted`, `${summary.rejected.length} rejected`];
  if (summary.failed.length) counts.push(`${summary.failed.length} failed (retried on resume)`);
  if (summary.skipped) counts.push(`${summary.skipped} skipped (done in an earlier run)`);
  printLineReport(counts, [...summary.rejected, ...summary.failed]);
}
