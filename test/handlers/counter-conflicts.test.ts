/**
 * The hot counter rows under AWS's behaviour, locally: DynamoDB cancels a transaction that meets
 * another one on the same item (TransactionConflict), which DynamoDB Local never does. The fault
 * injector gives a share of analyze's store transactions that answer while many batches run at once
 * on the same counters: every batch must still succeed on its first delivery (nothing is left for
 * SQS to redeliver, so nothing can reach the DLQ), and every increment must be counted exactly once.
 */
import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { sqsEvent } from '../support/sqs-event';
import { injectFaults } from '../../local/sdk-middleware';

let runtime: LocalRuntime;
const DAY = '2026-02-10';

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 0 });
}, 240_000);

afterAll(async () => {
  await runtime?.stop();
});

/** Score-only imported history: no Comprehend call and no email, only the store transaction. */
const event = (score: number, hour: number) => ({
  id: randomUUID(),
  source: 'generic',
  sourceEventId: `conflict-${randomUUID()}`,
  receivedAt: new Date().toISOString(),
  occurredAt: `${DAY}T${String(hour).padStart(2, '0')}:30:00.000Z`,
  customer: {},
  channel: 'survey',
  metric: { type: 'nps', score },
  sourceRef: { surveyId: 'conflict-survey' },
  outreach: false,
});


describe('counter rows under transaction conflicts', () => {
  it('30 batches at once, a third of the store transactions cancelled by conflicts → no failed record, every increment once', async () => {
    const { dynamodb } = await import('../../functions/clients/dynamodb');
    // About what bench/contention.ts predicts per attempt at 5,000–7,000 events/s on 64 shards.
    const injected = injectFaults(dynamodb as never, [{ operation: 'TransactWriteItems', kind: 'transaction-conflict', times: 10_000, rate: 0.33 }]);
    try {
      const batches = Array.from({ length: 30 }, (_, b) => sqsEvent(Array.from({ length: 10 }, (_, i) => event((b * 3 + i) % 11, 9 + (i % 2)))));
      const responses = (await Promise.all(batches.map((batch) => runtime.invoke('analyze', batch)))) as SQSBatchResponse[];

      expect(responses.flatMap((r) => r.batchItemFailures)).toEqual([]);
      expect(injected()).toBeGreaterThan(5);

      const { counterRows } = await import('../../functions/adapters/metrics-store');
      const rows = await counterRows('survey', 'conflict-survey', DAY, `${DAY}T23`);
      const total = (field: string) => rows.reduce((n, r) => n + Number(r.counters[field] ?? 0), 0);
      const scores = batches.flatMap((b) => b.Records.map((r) => (JSON.parse(r.body) as { metric: { score: number } }).metric.score));
      expect(total('responses')).toBe(300);
      expect(total('nps_promoter')).toBe(scores.filter((s) => s >= 9).length);
      expect(total('nps_detractor')).toBe(scores.filter((s) => s <= 6).length);
      expect(rows.map((r) => r.bucket)).toEqual([`${DAY}T09`, `${DAY}T10`]);
    } finally {
      injectFaults(dynamodb as never, []);
    }
  }, 120_000);

  it('a conflict moves the writer to another shard, and readers sum every shard', async () => {
    const { dynamodb } = await import('../../functions/clients/dynamodb');
    const { currentShard } = await import('../../functions/adapters/counter-updates');
    const before = currentShard();
    injectFaults(dynamodb as never, [{ operation: 'TransactWriteItems', kind: 'transaction-conflict', times: 1 }]);
    const res = (await runtime.invoke('analyze', sqsEvent([event(10, 12)]))) as SQSBatchResponse;
    injectFaults(dynamodb as never, []);
    expect(res.batchItemFailures).toEqual([]);
    expect(currentShard()).not.toBe(before);
  }, 60_000);
});
