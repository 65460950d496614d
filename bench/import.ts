/**
 * `npm run bench:import`: how fast `cx-loop import` backfills a large export. Generates a Delighted
 * CSV export of `--rows` responses (default 100,000; 60% with a comment, as in the bench workload),
 * imports it into a local runtime with the command's own code path (checkpoint, progress bar, SQS
 * batches of 10), and reports rows/s queued and the requests it took; with `--drain`, also how long
 * the pipeline took to store and count them all. Writes bench/import-results.json.
 *
 *   npm run bench:import -- --rows 100000 --concurrency 4 [--drain]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalRuntime } from '../local/runtime';
import { observeCalls } from '../local/sdk-middleware';
import { drained, handlerClients } from './drive';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    concurrency: { type: 'string', default: '4' },
    drain: { type: 'boolean', default: false },
    out: { type: 'string', default: join(import.meta.dirname, 'import-results.json') },
  },
});
const rows = Number(values.rows);
const concurrency = Number(values.concurrency);

const COMMENTS = ['Love the new app', 'Checkout keeps failing', 'Delivery was late, again', 'Fine', 'Great support, thanks!', 'The parcel arrived damaged'];

function exportFile(dir: string): string {
  const lines = ['Response ID,Email,Name,Score,Comment,Response timestamp,Tags,Notes'];
  const start = Date.parse('2025-01-01T00:00:00Z');
  for (let i = 0; i < rows; i++) {
    const at = new Date(start + i * 60_000).toISOString().replace('T', ' ').slice(0, 19);
    const comment = i % 5 < 3 ? COMMENTS[i % COMMENTS.length] : '';
    // Quoted as exports quote them: comments carry commas.
    lines.push(`${100000 + i},customer-${i}@import.example.com,Customer ${i},${i % 11},"${comment}",${at} +0000,,`);
  }
  const file = join(dir, 'delighted-export.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
const dir = mkdtempSync(join(tmpdir(), 'cx-import-bench-'));
const runtime = await startLocalRuntime({ port: 0, onEscalation: () => undefined });
try {
  const file = exportFile(dir);
  const calls = new Map<string, number>();
  for (const [service, client] of Object.entries(await handlerClients())) {
    observeCalls(client, (operation, input) => {
      // Only the import's sends to the feedback queue; the pipeline's own calls are the bench's business.
      if (operation === 'SendMessageBatch' && input.QueueUrl === runtime.resources.queueUrls.feedback.url) calls.set(`${service}:${operation}`, (calls.get(`${service}:${operation}`) ?? 0) + 1);
    });
  }
  const { importExport } = await import('../cli/commands/import');
  const started = performance.now();
  const summary = await importExport(file, { vendor: 'delighted', concurrency, endpoint: runtime.apiUrl });
  const importMs = performance.now() - started;
  const imported = summary?.imported ?? 0;
  let drainMs: number | undefined;
  if (values.drain) {
    await drained(runtime, imported, 60 * 60_000);
    drainMs = performance.now() - started;
  }
  const sendBatches = calls.get('SQS:SendMessageBatch') ?? 0;
  const report = {
    measuredAt: new Date().toISOString(),
    rows,
    concurrency,
    imported,
    ignored: summary?.ignored.length ?? 0,
    rejected: summary?.rejected.length ?? 0,
    failed: summary?.failed.length ?? 0,
    importSeconds: Math.round(importMs / 100) / 10,
    rowsPerSecondQueued: Math.round((rows / importMs) * 1000),
    sqsSendMessageBatchRequests: sendBatches,
    ...(drainMs !== undefined ? { storedAndCountedSeconds: Math.round(drainMs / 100) / 10, eventsPerSecondEndToEnd: Math.round((imported / drainMs) * 1000) } : {}),
  };
  writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(JSON.stringify(report, null, 2));
} finally {
  await runtime.stop();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
