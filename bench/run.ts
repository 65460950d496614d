/**
 * `npm run bench`: end-to-end throughput, webhook ack latency, time to close the loop, AWS calls
 * per event and their list-price cost, and cold start per Lambda — for the pipeline as deployed
 * and for a deliberately naive baseline, in one run. Writes bench/results.json and prints a table.
 *
 *   npm run bench -- --events 4000 --concurrency 64 --paced-events 300 --paced-rate 20 [--profile] [--trace] [--only batched,paced,naive]
 *
 * The naive baseline runs as many events as the batched run (a ratio between runs of different
 * lengths would flatter whichever warms up better). `--profile` runs both under `node --cpu-prof`
 * and splits the Node.js process's CPU by what it was spent in (bench/cpu.ts).
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measureColdStarts, type ColdStart } from './cold-start';
import { costPerMillion, PRICES, type Usage } from './cost';
import { profileShares } from './cpu';
import type { Mode, PipelineResult } from './pipeline-run';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '4000' },
    profile: { type: 'boolean', default: false },
    'baseline-events': { type: 'string' },
    'cold-start-imports': { type: 'string', default: '5' },
    'paced-events': { type: 'string', default: '300' },
    'paced-rate': { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '64' },
    /** Run only some parts (e.g. `--only paced`): prints their figures, writes no results file. */
    only: { type: 'string' },
    /** Each child run also reports what an event waited for (bench/trace.ts). */
    trace: { type: 'boolean', default: false },
    out: { type: 'string', default: join(import.meta.dirname, 'results.json') },
  },
});
const events = Number(values.events);
const baselineEvents = Number(values['baseline-events'] ?? events);

function runInChild(mode: Mode, n: number, rate?: string, extra: { profileDir?: string; ceiling?: boolean } = {}): Promise<PipelineResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [
        ...(extra.profileDir ? ['--cpu-prof', '--cpu-prof-dir', extra.profileDir] : []),
        '--import',
        'tsx',
        join(import.meta.dirname, 'pipeline-run.ts'),
        '--mode',
        mode,
        '--events',
        String(n),
        '--concurrency',
        values.concurrency,
        ...(rate ? ['--rate', rate] : []),
        ...(extra.ceiling ? ['--ceiling'] : []),
        ...(values.trace ? ['--trace'] : []),
      ],
      { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`${mode} run failed: ${err.message}\n${stderr.slice(-2000)}`));
        resolve(JSON.parse(stdout.trim().split('\n').pop()!) as PipelineResult);
      },
    );
  });
}

/** Per-event figures from raw counts. */
function perEvent(r: PipelineResult) {
  const sum = (prefix: string, ops?: string[]) =>
    Object.entries(r.calls).filter(([k]) => k.startsWith(prefix) && (!ops || ops.includes(k.slice(prefix.length)))).reduce((n, [, v]) => n + v, 0);
  const dynamoWrites = sum('DynamoDB:', ['PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems', 'BatchWriteItem']);
  const dynamoReads = sum('DynamoDB:', ['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);
  const comprehendUnits = Object.values(r.comprehendUnits).reduce((a, b) => a + b, 0);
  const usage: Usage = {
    apiRequests: r.accepted,
    lambdaInvocations: r.accepted + sum('SQS:', ['DeleteMessageBatch']),
    sqsRequests: sum('SQS:'),
    dynamodbWriteUnits: r.dynamodbWriteUnits,
    dynamodbReadRequests: dynamoReads,
    comprehendUnits,
    emails: r.closeLoopMs.emails,
  };
  const per = (n: number) => Math.round((n / r.accepted) * 1000) / 1000;
  return {
    sqsRequests: per(usage.sqsRequests),
    sqsRequestsAfterIngest: per(usage.sqsRequests - sum('SQS:', ['SendMessage(feedback queue)', 'SendMessageBatch(feedback queue)'])),
    dynamodbWriteRequests: per(dynamoWrites),
    dynamodbWriteUnits: per(r.dynamodbWriteUnits),
    dynamodbReadRequests: per(dynamoReads),
    comprehendCalls: per(sum('Comprehend:')),
    sentimentUnitsPerComment: r.withComment ? Math.round((((r.comprehendUnits.BatchDetectSentiment ?? 0) + (r.comprehendUnits.DetectSentiment ?? 0)) / r.withComment) * 100) / 100 : 0,
    comprehendUnitsPerComment: r.withComment ? Math.round((comprehendUnits / r.withComment) * 100) / 100 : 0,
    languageDetectedTexts: r.languageDetectedTexts,
    commentsWithoutLanguage: r.commentsWithoutLanguage,
    sesSendsPerEmail: usage.emails ? Math.round((sum('SES:') / usage.emails) * 1000) / 1000 : 0,
    costPerMillionUsd: costPerMillion(usage, r.accepted),
    ledgerCostPerMillionUsd: ledgerPerMillion(r),
  };
}

/** The cost ledger's figures for the run (what GET /metrics reports), scaled to a million events. */
function ledgerPerMillion(r: PipelineResult) {
  const scale = (usd: number) => Math.round((usd / r.accepted) * 1_000_000 * 100) / 100;
  const { byService, totalUsd, comprehendUnits } = r.ledger;
  return {
    ...Object.fromEntries(Object.entries(byService).map(([service, usd]) => [service, scale(usd)])),
    total: scale(totalUsd),
    comprehendUnitsPerMillion: Object.fromEntries(Object.entries(comprehendUnits).map(([op, n]) => [op, Math.round((n / r.accepted) * 1_000_000)])),
  } as Record<keyof typeof byService | 'total', number> & { comprehendUnitsPerMillion: Record<string, number> };
}

function targets(batched: PipelineResult, naive: PipelineResult, paced: PipelineResult, p: ReturnType<typeof perEvent>, cold: ColdStart[]) {
  return {
    'throughput ≥ 1000 events/s': batched.eventsPerSecond >= 1000,
    'throughput ≥ 250 events/s on this machine': batched.eventsPerSecond >= 250,
    'throughput ≥ 3.5× naive, same run, same events': batched.eventsPerSecond >= 3.5 * naive.eventsPerSecond && batched.accepted === naive.accepted,
    'cost ≤ $300 per million events (cost ledger, list prices)': p.ledgerCostPerMillionUsd.total <= 300,
    'ack p99 < 25 ms (steady load)': paced.ackMs.p99 < 25,
    'close the loop p95 < 2 s (steady load)': paced.closeLoopMs.p95 < 2000,
    'SQS ≤ 0.35 requests/event': p.sqsRequests <= 0.35,
    'DynamoDB ≤ 2.5 write requests/event': p.dynamodbWriteRequests <= 2.5,
    'sentiment = 3 units per typical comment': p.sentimentUnitsPerComment <= 3,
    'no language detection when the source gives it': p.languageDetectedTexts <= p.commentsWithoutLanguage,
    'bundles < 300 KB': cold.every((c) => c.bundleBytes < 300 * 1024),
    'import < 150 ms': cold.every((c) => c.importMs < 150),
  };
}

/** The run's V8 profile split by category (bench/cpu.ts), when profiled. */
function profileOf(dir: string | undefined) {
  if (!dir) return undefined;
  // The main thread's profile: the largest (tsx's loader thread writes a small one beside it).
  const file = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort((a, b) => statSync(join(dir, b)).size - statSync(join(dir, a)).size)[0];
  return file ? profileShares(JSON.parse(readFileSync(join(dir, file), 'utf8'))) : undefined;
}
const profileDir = (mode: string) => (values.profile ? mkdtempSync(join(tmpdir(), `cx-bench-${mode}-`)) : undefined);

if (values.only) {
  const parts = new Set(values.only.split(','));
  const run = async (mode: Mode, n: number, rate?: string) => {
    const dir = profileDir(rate ? 'paced' : mode);
    const r = await runInChild(mode, n, rate, { ...(dir ? { profileDir: dir } : {}) });
    return {
      eventsPerSecond: r.eventsPerSecond,
      ackMs: r.ackMs,
      closeLoopMs: r.closeLoopMs,
      cpu: r.cpu,
      calls: r.calls,
      dynamodbWritesBySite: r.dynamodbWritesBySite,
      dynamodbReadsBySite: r.dynamodbReadsBySite,
      perEvent: perEvent(r),
      ...(dir ? { nodeProfileSharesPct: profileOf(dir), profileDir: dir } : {}),
      ...(r.trace ? { trace: r.trace } : {}),
    };
  };
  const out: Record<string, unknown> = {};
  if (parts.has('batched')) out.batched = await run('batched', events);
  if (parts.has('paced')) out.paced = await run('batched', Number(values['paced-events']), values['paced-rate']);
  if (parts.has('naive')) out.naive = await run('naive', baselineEvents);
  console.log(JSON.stringify(out, null, 2));
  process.exit(0);
}

const coldStarts = await measureColdStarts(Number(values['cold-start-imports']));
const batchedProfile = profileDir('batched');
const batched = await runInChild('batched', events, undefined, { profileDir: batchedProfile, ceiling: true });
const paced = await runInChild('batched', Number(values['paced-events']), values['paced-rate']);
const naiveProfile = profileDir('naive');
const naive = await runInChild('naive', baselineEvents, undefined, { profileDir: naiveProfile });
const batchedPer = perEvent(batched);
const naivePer = perEvent(naive);
const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 100) / 100 : null);
/** What DynamoDB Local alone allows at our writes per event, and how much of that the pipeline reaches end to end. */
const ceiling = batched.emulatorCeiling
  ? {
      ...batched.emulatorCeiling,
      eventsPerSecondAtOurWritesPerEvent: Math.round(batched.emulatorCeiling.writeRequestsPerSecond / batchedPer.dynamodbWriteRequests),
      endToEndShare: Math.round((batched.eventsPerSecond / (batched.emulatorCeiling.writeRequestsPerSecond / batchedPer.dynamodbWriteRequests)) * 100) / 100,
    }
  : undefined;

const results = {
  measuredAt: new Date().toISOString(),
  machine: { cpus: availableParallelism(), cpu: cpus()[0]?.model, node: process.version },
  note: 'Local runtime on loopback: DynamoDB Local (Java), fauxqs SQS, aws-ses-v2-local, the local Comprehend engine, all on this machine alongside the load generator. Bundles include the AWS SDK.',
  prices: PRICES,
  batched: { ...batched, perEvent: batchedPer, ...(batchedProfile ? { nodeProfileSharesPct: profileOf(batchedProfile) } : {}) },
  paced,
  naive: { ...naive, perEvent: naivePer, ...(naiveProfile ? { nodeProfileSharesPct: profileOf(naiveProfile) } : {}) },
  emulatorCeiling: ceiling,
  batchedOverNaiveEventsPerSecond: ratio(batched.eventsPerSecond, naive.eventsPerSecond),
  naiveOverBatched: {
    sqsRequestsPerEvent: ratio(naivePer.sqsRequests, batchedPer.sqsRequests),
    dynamodbWriteRequestsPerEvent: ratio(naivePer.dynamodbWriteRequests, batchedPer.dynamodbWriteRequests),
    comprehendCallsPerEvent: ratio(naivePer.comprehendCalls, batchedPer.comprehendCalls),
    costPerMillion: ratio(naivePer.costPerMillionUsd.total, batchedPer.costPerMillionUsd.total),
    eventsPerSecond: ratio(naive.eventsPerSecond, batched.eventsPerSecond),
  },
  coldStarts,
  targets: targets(batched, naive, paced, batchedPer, coldStarts),
};
writeFileSync(values.out, `${JSON.stringify(results, null, 2)}\n`);

const row = (label: string, b: unknown, n: unknown) => console.log(`${label.padEnd(34)} ${String(b).padStart(12)} ${String(n).padStart(12)}`);
console.log(`\ncx-loop bench — ${batched.accepted} events (baseline ${naive.accepted}), ${results.machine.cpus} cores, ${results.machine.node}\n`);
row('', 'batched', 'naive');
row('events/s end to end', batched.eventsPerSecond, naive.eventsPerSecond);
row('ack p50 / p95 / p99 ms (flat out)', `${batched.ackMs.p50}/${batched.ackMs.p95}/${batched.ackMs.p99}`, `${naive.ackMs.p50}/${naive.ackMs.p95}/${naive.ackMs.p99}`);
row('close the loop p50 / p95 ms (flat out)', `${batched.closeLoopMs.p50}/${batched.closeLoopMs.p95}`, `${naive.closeLoopMs.p50}/${naive.closeLoopMs.p95}`);
row(`ack p50/p95/p99 ms at ${paced.ratePerSecond}/s`, `${paced.ackMs.p50}/${paced.ackMs.p95}/${paced.ackMs.p99}`, '');
row(`close the loop p50/p95 ms at ${paced.ratePerSecond}/s`, `${paced.closeLoopMs.p50}/${paced.closeLoopMs.p95}`, '');
row('SQS requests / event', batchedPer.sqsRequests, naivePer.sqsRequests);
row('  after ingest\'s SendMessage', batchedPer.sqsRequestsAfterIngest, naivePer.sqsRequestsAfterIngest);
row('DynamoDB write requests / event', batchedPer.dynamodbWriteRequests, naivePer.dynamodbWriteRequests);
row('DynamoDB write units / event', batchedPer.dynamodbWriteUnits, naivePer.dynamodbWriteUnits);
row('Comprehend calls / event', batchedPer.comprehendCalls, naivePer.comprehendCalls);
row('sentiment units / comment', batchedPer.sentimentUnitsPerComment, naivePer.sentimentUnitsPerComment);
row('all Comprehend units / comment', batchedPer.comprehendUnitsPerComment, naivePer.comprehendUnitsPerComment);
row('texts language-detected', `${batchedPer.languageDetectedTexts} of ${batchedPer.commentsWithoutLanguage}`, `${naivePer.languageDetectedTexts} of ${naivePer.commentsWithoutLanguage}`);
row('USD per 1M events (cost ledger)', batchedPer.ledgerCostPerMillionUsd.total, naivePer.ledgerCostPerMillionUsd.total);
row('  Comprehend sentiment / language', `${batchedPer.ledgerCostPerMillionUsd.comprehendSentiment}/${batchedPer.ledgerCostPerMillionUsd.comprehendLanguage}`, `${naivePer.ledgerCostPerMillionUsd.comprehendSentiment}/${naivePer.ledgerCostPerMillionUsd.comprehendLanguage}`);
row('  SES / DynamoDB / SQS / Lambda / API', ['ses', 'dynamodb', 'sqs', 'lambda', 'apiGateway'].map((k) => batchedPer.ledgerCostPerMillionUsd[k as 'ses']).join('/'), ['ses', 'dynamodb', 'sqs', 'lambda', 'apiGateway'].map((k) => naivePer.ledgerCostPerMillionUsd[k as 'ses']).join('/'));
row('USD per 1M events (from calls counted)', batchedPer.costPerMillionUsd.total, naivePer.costPerMillionUsd.total);
row('CPU: node / DynamoDB Local / other / idle %', `${batched.cpu.nodeProcessPct}/${batched.cpu.dynamodbLocalPct}/${batched.cpu.otherPct}/${batched.cpu.idlePct}`, `${naive.cpu.nodeProcessPct}/${naive.cpu.dynamodbLocalPct}/${naive.cpu.otherPct}/${naive.cpu.idlePct}`);
if (ceiling) {
  console.log(`\nDynamoDB Local alone: ${ceiling.writeRequestsPerSecond} writes/s at ${ceiling.concurrency} in flight → ${ceiling.eventsPerSecondAtOurWritesPerEvent} events/s at ${batchedPer.dynamodbWriteRequests} writes/event; end to end reached ${Math.round(ceiling.endToEndShare * 100)}% of that`);
}
console.log(`batched / naive events/s: ${results.batchedOverNaiveEventsPerSecond}×`);
for (const [mode, shares] of [['batched', results.batched.nodeProfileSharesPct], ['naive', results.naive.nodeProfileSharesPct]] as const) {
  if (shares) console.log(`node CPU profile (${mode}): ${Object.entries(shares).map(([k, v]) => `${k} ${v}%`).join(', ')}`);
}
console.log('\ncold start (bundle incl. AWS SDK, median fresh-process import):');
for (const c of coldStarts) {
  console.log(`  ${c.function.padEnd(12)} ${(c.bundleBytes / 1024).toFixed(0).padStart(6)} KB (${(c.bundleBytesWithoutSdk / 1024).toFixed(0)} KB without the SDK) ${String(c.importMs).padStart(8)} ms`);
}
console.log('\ntargets:');
for (const [name, ok] of Object.entries(results.targets)) console.log(`  ${ok ? 'met    ' : 'MISSED '} ${name}`);
console.log(`\nwrote ${values.out}`);
