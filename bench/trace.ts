/**
 * `--trace` for a bench run: where an event's time goes, as latencies rather than CPU. Times every
 * AWS request the handlers make (per operation and table or queue, one attempt each), every handler
 * invocation (per function, with its batch size), and how long SQS records waited in their queue
 * before a handler got them. A profile says what the cores did; this says what an event waited for.
 */
import type { Context } from 'aws-lambda';
import type { LocalRuntimeOptions } from '../local/runtime';
import { timeCalls, type AnyClient } from '../local/sdk-middleware';
import { percentiles, type Percentiles } from './stats';

export type TraceRow = Percentiles & { totalMs: number; meanMs: number };
export interface Trace {
  /** `Service:Operation(target)` → latency of each attempt. */
  calls: Record<string, TraceRow>;
  /** Function id → invocation duration; `…:records` → batch size as if milliseconds (n, p50, max read as records). */
  invocations: Record<string, TraceRow>;
  /** Queue name → time from SentTimestamp to the handler's start, per record. */
  queueWaitMs: Record<string, TraceRow>;
}

export class Tracer {
  private readonly samples = new Map<string, Map<string, number[]>>([
    ['calls', new Map()],
    ['invocations', new Map()],
    ['queueWaitMs', new Map()],
  ]);

  private add(kind: keyof Trace, key: string, ms: number) {
    const table = this.samples.get(kind)!;
    let list = table.get(key);
    if (!list) table.set(key, (list = []));
    list.push(ms);
  }

  /** Attach to the handlers' SDK clients. */
  timeClient(service: string, client: AnyClient) {
    timeCalls(client, (operation, input, ms) => this.add('calls', `${service}:${operation}${targetOf(input)}`, ms));
  }

  /** For LocalRuntimeOptions.wrapHandler. */
  readonly wrapHandler: NonNullable<LocalRuntimeOptions['wrapHandler']> = (functionId, handler) =>
    (async (event: never, context: Context) => {
      const records = (event as { Records?: Array<{ attributes?: { SentTimestamp?: string }; eventSourceARN?: string }> }).Records;
      const started = performance.now();
      if (records) {
        const now = Date.now();
        for (const r of records) if (r.attributes?.SentTimestamp) this.add('queueWaitMs', String(r.eventSourceARN?.split(':').pop()), now - Number(r.attributes.SentTimestamp));
        this.add('invocations', `${functionId}:records`, records.length);
      }
      try {
        return await handler(event, context);
      } finally {
        this.add('invocations', functionId, performance.now() - started);
      }
    }) as typeof handler;

  clear() {
    for (const table of this.samples.values()) table.clear();
  }

  result(): Trace {
    const summarize = (table: Map<string, number[]>) =>
      Object.fromEntries(
        [...table]
          .map(([key, values]) => {
            const totalMs = values.reduce((a, b) => a + b, 0);
            return [key, { ...percentiles(values), totalMs: Math.round(totalMs), meanMs: Math.round((totalMs / values.length) * 10) / 10 }] as const;
          })
          .sort((a, b) => b[1].totalMs - a[1].totalMs),
      );
    return { calls: summarize(this.samples.get('calls')!), invocations: summarize(this.samples.get('invocations')!), queueWaitMs: summarize(this.samples.get('queueWaitMs')!) };
  }
}

/** The table or queue a request is about, shortened (`(Outreach)`, `(feedback)`). */
function targetOf(input: Record<string, unknown>): string {
  if (typeof input.TableName === 'string') return `(${short(input.TableName)})`;
  if (typeof input.QueueUrl === 'string') return `(${short(String(input.QueueUrl.split('/').pop()))})`;
  const tables = input.RequestItems ?? undefined;
  if (tables && typeof tables === 'object') return `(${Object.keys(tables).map(short).join('+')})`;
  const items = input.TransactItems as Array<Record<string, { TableName?: string }>> | undefined;
  if (items) return `(${[...new Set(items.map((i) => short(Object.values(i)[0]?.TableName ?? '?')))].join('+')})`;
  return '';
}

const short = (name: string) => name.replace(/^cx-loop-?/i, '').replace(/-[0-9a-z]{6,}$/i, '');
