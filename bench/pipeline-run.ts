/**
 * One end-to-end benchmark run in this process: starts the local runtime, counts every AWS call the
 * handlers and event source pollers make, posts the workload as signed webhooks with bounded
 * concurrency, waits until every event is counted and both queues are drained, then reads the
 * ledger for time-to-close. Run as a child of bench/run.ts (one runtime per process: the handlers'
 * SDK clients are module singletons bound to one set of local endpoints).
 *
 *   tsx bench/pipeline-run.ts --mode batched|naive --events N --concurrency C [--rate R] [--trace] [--record-dynamodb FILE]
 *
 * `--trace` adds what an event waited for (bench/trace.ts); `--record-dynamodb` writes every DynamoDB
 * request of the measured part, as sent, for bench/replay.ts.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import { costFiguresFrom, type CostFigures } from '../functions/domain/cost';
import { sumCounters } from '../functions/domain/figures';
import { startLocalRuntime, type LocalRuntime } from '../local/runtime';
import { observeCalls, recordRequests, type AnyClient } from '../local/sdk-middleware';
import { writeSites } from './audit-clients';
import { dynamodbWriteCeiling, type EmulatorCeiling } from './ceiling';
import { cpuSnapshot, cpuSplit, javaPidForPort, type CpuSplit } from './cpu';
import { drained, handlerClients, post } from './drive';
import { percentiles, type Percentiles } from './stats';
import { Tracer, type Trace } from './trace';
import { workload } from './workload';

export type Mode = 'batched' | 'naive';

export interface PipelineResult {
  mode: Mode;
  /** Webhooks per second when paced; absent when posted as fast as `concurrency` allows. */
  ratePerSecond?: number;
  events: number;
  accepted: number;
  rejected: number;
  /** Events carrying a comment (the rest are score-only). */
  withComment: number;
  /** First request to the moment every event was counted and both queues were empty. */
  durationMs: number;
  eventsPerSecond: number;
  ackMs: Percentiles;
  closeLoopMs: Percentiles & { emails: number };
  /** Requests as billed: `Service:Operation` → count, retries included. */
  calls: Record<string, number>;
  /** DynamoDB write requests by call site (`operation table:keyPrefix`, bench/audit-clients.ts). */
  dynamodbWritesBySite: Record<string, number>;
  /** Every other DynamoDB request by call site (bench/audit-clients.ts). */
  dynamodbReadsBySite: Record<string, number>;
  dynamodbWriteUnits: number;
  /** Billed units per Comprehend operation (sentiment, language, key phrases, PII). */
  comprehendUnits: Record<string, number>;
  /** Texts sent to language detection, and comments whose source gave no language. */
  languageDetectedTexts: number;
  commentsWithoutLanguage: number;
  /** Where the two cores went during the measured part (this process, DynamoDB Local, everything else). */
  cpu: CpuSplit;
  /** Raw DynamoDB Local writes/s at the same concurrency, measured right after, in the same run. */
  emulatorCeiling?: EmulatorCeiling;
  /** The cost ledger's own figures for the measured events (counters after minus before), as GET /metrics computes them. */
  ledger: CostFigures;
  /** With `--trace`: what an event waited for (bench/trace.ts). */
  trace?: Trace;
}

const MODES: Record<Mode, { batchSize?: number; omitLanguage: boolean }> = {
  // The pipeline as deployed: the spec's batch sizes, languages passed through from the source.
  batched: { omitLanguage: false },
  // One message per invocation (so per-event counter writes and Comprehend calls), and no language from sources.
  naive: { batchSize: 1, omitLanguage: true },
};

/** Lambda runs many batches at once; locally a few pollers per queue stand in for that. */
const POLLERS_PER_QUEUE = 4;
const WARM_UP_EVENTS = 100;

export async function runPipeline(mode: Mode, events: number, concurrency: number, ratePerSecond?: number, ceiling = false, trace = false, recordDynamoDb?: string): Promise<PipelineResult> {
  const tracer = trace ? new Tracer() : undefined;
  const calls = new Map<string, number>();
  const usage = { dynamodbWriteUnits: 0, comprehendUnits: {} as Record<string, number>, languageDetectedTexts: 0 };
  const sites = writeSites();
  let feedbackQueueUrl = '';
  const count = (service: string) => (operation: string, input: Record<string, unknown>) => {
    // Ingest's one send per webhook is told apart from the batched sends downstream.
    // Other sends name their queue (`SendMessageBatch(ConnectorQueue)`), so the people side's sends show apart.
    const queue = operation.startsWith('SendMessage') ? (input.QueueUrl === feedbackQueueUrl ? '(feedback queue)' : `(${String(input.QueueUrl ?? '').replace(/^.*\//, '').replace(/^.*-/, '')})`) : '';
    const key = `${service}:${operation}${queue}`;
    calls.set(key, (calls.get(key) ?? 0) + 1);
    if (service === 'DynamoDB') usage.dynamodbWriteUnits += writeUnits(operation, input);
    if (service === 'DynamoDB') sites.note(operation, input);
    if (service === 'Comprehend') {
      usage.comprehendUnits[operation] = (usage.comprehendUnits[operation] ?? 0) + comprehendUnits(input);
      if (operation.includes('DominantLanguage')) usage.languageDetectedTexts += textsOf(input).length;
    }
  };

  const runtime = await startLocalRuntime({
    port: 0,
    eventSources: { concurrency: POLLERS_PER_QUEUE, ...(MODES[mode].batchSize ? { batchSize: MODES[mode].batchSize } : {}) },
    instrumentPollers: (client) => observeCalls(client as unknown as AnyClient, count('SQS')),
    ...(tracer ? { wrapHandler: tracer.wrapHandler } : {}),
  });
  feedbackQueueUrl = runtime.resources.queueUrls.feedback.url;
  try {
    // SNS (escalation alerts) and Scheduler (deferrals) too: every request an event costs.
    const more = { SNS: (await import('../functions/clients/sns')).sns, Scheduler: (await import('../functions/clients/scheduler')).scheduler } as unknown as Record<string, AnyClient>;
    for (const [service, client] of Object.entries({ ...(await handlerClients()), ...more })) {
      observeCalls(client, count(service));
      tracer?.timeClient(service, client);
    }
    const recorder = recordDynamoDb ? recordRequests((await handlerClients()).DynamoDB, recordDynamoDb) : undefined;
    // A real deployment defers past the hourly ceilings (all email, and per recipient domain: every
    // workload address is at example.com) to protect SES reputation; the bench measures the pipeline, not the ceilings.
    const { guards } = (await import('../functions/settings')).settings;
    guards.maxPerHour = 1_000_000_000;
    guards.maxPerDomainPerHour = 1_000_000_000;

    // Warm up first (JIT, lexicons, connections, DynamoDB Local's own warm-up), then count from zero:
    // cold starts are measured on their own, below.
    const warmUp = await post(runtime, workload({ events: WARM_UP_EVENTS, runId: `warm-${mode}`, seed: 1 }), concurrency);
    await drained(runtime, warmUp.accepted);
    calls.clear();
    sites.clear();
    tracer?.clear();
    recorder?.start();
    Object.assign(usage, { dynamodbWriteUnits: 0, comprehendUnits: {}, languageDetectedTexts: 0 });
    const countersBefore = await allCounters();

    const runId = `${mode}-${Date.now().toString(36)}`;
    const traffic = workload({ events, runId, omitLanguage: MODES[mode].omitLanguage });
    const javaPid = javaPidForPort(Number(new URL(runtime.endpoints.dynamodb).port));
    const cpuBefore = cpuSnapshot(javaPid);
    const started = performance.now();
    const { ackMs, accepted } = await post(runtime, traffic, concurrency, ratePerSecond);
    await drained(runtime, warmUp.accepted + accepted);
    const durationMs = performance.now() - started;
    recorder?.stop();
    const cpu = cpuSplit(cpuBefore, cpuSnapshot(javaPid), availableParallelism());
    const countersAfter = await allCounters();
    const ledger = costFiguresFrom(Object.fromEntries(Object.entries(countersAfter).map(([field, n]) => [field, n - (countersBefore[field] ?? 0)])));
    const emulatorCeiling = ceiling ? await dynamodbWriteCeiling(runtime.endpoints.dynamodb, concurrency) : undefined;

    return {
      mode,
      ...(ratePerSecond ? { ratePerSecond } : {}),
      events,
      accepted,
      rejected: events - accepted,
      withComment: traffic.filter((e) => e.input.text).length,
      commentsWithoutLanguage: traffic.filter((e) => e.input.text && !e.languageGiven).length,
      durationMs: Math.round(durationMs),
      eventsPerSecond: Math.round((accepted / durationMs) * 1000),
      ackMs: percentiles(ackMs),
      closeLoopMs: await closeLoopTimes(runtime, runId),
      calls: Object.fromEntries([...calls].sort()),
      dynamodbWritesBySite: sites.counts(),
      dynamodbReadsBySite: sites.readCounts(),
      ...usage,
      cpu,
      ledger,
      ...(emulatorCeiling ? { emulatorCeiling } : {}),
      ...(tracer ? { trace: tracer.result() } : {}),
    };
  } finally {
    await runtime.stop();
  }
}

/** Every counter of all feedback around today, summed: what GET /metrics reads for the `all` dimension. */
async function allCounters() {
  const { counterRows } = await import('../functions/adapters/metrics-store');
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  return sumCounters((await counterRows('all', 'all', day(-1), `${day(1)}T23`)).map((r) => r.counters));
}

/** From webhook accepted (the event's receivedAt) to SES accepting the email (the ledger's sentAt). */
async function closeLoopTimes(runtime: LocalRuntime, runId: string) {
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, endpoint: runtime.endpoints.dynamodb }),
  );
  try {
    const receivedAt = new Map<string, number>();
    for await (const page of paginateScan({ client: db }, { TableName: runtime.resources.env.FEEDBACK_TABLE, ProjectionExpression: 'pk, receivedAt' })) {
      for (const item of page.Items ?? []) receivedAt.set(String(item.pk), Date.parse(String(item.receivedAt)));
    }
    const times: number[] = [];
    for await (const page of paginateScan({ client: db }, { TableName: runtime.resources.env.OUTREACH_TABLE })) {
      for (const item of page.Items ?? []) {
        if (!String(item.pk).startsWith('OUT#') || !String(item.feedbackKey).includes(runId) || item.status !== 'sent' || !item.sentAt) continue;
        const from = receivedAt.get(String(item.feedbackKey));
        if (from !== undefined) times.push(Date.parse(String(item.sentAt)) - from);
      }
    }
    return { ...percentiles(times), emails: times.length };
  } finally {
    db.destroy();
  }
}

/** Write capacity units as DynamoDB bills them for items under 1 KB: transactions cost two per item. */
function writeUnits(operation: string, input: Record<string, unknown>): number {
  switch (operation) {
    case 'PutItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return 1;
    case 'TransactWriteItems':
      return 2 * ((input.TransactItems as unknown[] | undefined)?.length ?? 0);
    case 'BatchWriteItem':
      return Object.values((input.RequestItems as Record<string, unknown[]> | undefined) ?? {}).reduce((n, items) => n + items.length, 0);
    default:
      return 0;
  }
}

/** Comprehend bills 100-character units per document, at least 3 per document. */
function comprehendUnits(input: Record<string, unknown>): number {
  return textsOf(input).reduce((n, text) => n + Math.max(3, Math.ceil(text.length / 100)), 0);
}

const textsOf = (input: Record<string, unknown>) => (input.TextList as string[] | undefined) ?? (typeof input.Text === 'string' ? [input.Text] : []);

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { mode: { type: 'string', default: 'batched' }, events: { type: 'string', default: '10000' }, concurrency: { type: 'string', default: '64' }, rate: { type: 'string' }, ceiling: { type: 'boolean', default: false }, trace: { type: 'boolean', default: false }, 'record-dynamodb': { type: 'string' } },
  });
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
  const result = await runPipeline(values.mode as Mode, Number(values.events), Number(values.concurrency), values.rate ? Number(values.rate) : undefined, values.ceiling, values.trace, values['record-dynamodb']);
  // The parent reads the last line.
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
  process.exit(0);
}

