/**
 * Counters and rollups against DynamoDB Local (through the local runtime): concurrent batches lose
 * no increment, re-running a rollup rewrites exactly the same rows, and a backfill rebuilds lost
 * counters from the stored feedback.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { physicalKeys } from '../../functions/domain/counters';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { sqsEvent } from '../support/sqs-event';

let runtime: LocalRuntime;
let db: DynamoDBDocumentClient;
const DAY = '2026-03-04';

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 0 });
  db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, endpoint: runtime.endpoints.dynamodb }));
}, 90_000);

afterAll(async () => {
  await runtime?.stop();
});

/** A score-only event (no text, so no Comprehend call), imported history so no email is offered. */
const event = (score: number, hour: number) => ({
  id: randomUUID(),
  source: 'generic',
  sourceEventId: `rollup-${randomUUID()}`,
  receivedAt: new Date().toISOString(),
  occurredAt: `${DAY}T${String(hour).padStart(2, '0')}:15:00.000Z`,
  customer: { email: `c-${randomUUID().slice(0, 8)}@example.com` },
  channel: 'survey',
  metric: { type: 'nps', score },
  outreach: false,
});


/** What Lambda and SQS do together: failed records come back until they succeed. */
async function analyzeUntilDone(batch: SQSEvent): Promise<void> {
  let pending = batch;
  for (let attempt = 0; pending.Records.length > 0; attempt++) {
    if (attempt > 20) throw new Error('batch never succeeded');
    const res = (await runtime.invoke('analyze', pending)) as SQSBatchResponse;
    const failed = new Set(res.batchItemFailures.map((f) => f.itemIdentifier));
    pending = { Records: pending.Records.filter((r) => failed.has(r.messageId)) };
  }
}

/** A logical counter row's hours, summed over its shards as every reader does. */
async function counterHours(dimension = 'all', value = 'all') {
  const { counterRows } = await import('../../functions/adapters/metrics-store');
  return (await counterRows(dimension, value, '0000', '9999')).map(({ bucket, counters }) => ({ sk: bucket, ...counters }));
}

async function rows(pk: string) {
  const res = await db.send(new QueryCommand({ TableName: runtime.resources.env.METRICS_TABLE, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }));
  return res.Items ?? [];
}

describe('counters under concurrent batches', () => {
  it('count every event exactly once when ten batches hit the same counter keys at once', async () => {
    // 10 batches × 10 events, all in the same two hours: every batch updates the same counter items.
    const batches = Array.from({ length: 10 }, (_, b) => sqsEvent(Array.from({ length: 10 }, (_, i) => event((b + i) % 11, 10 + (i % 2)))));
    await Promise.all(batches.map(analyzeUntilDone));

    const hours = await counterHours();
    const total = (field: string) => hours.filter((h) => String(h.sk).startsWith(DAY)).reduce((n, h) => n + Number((h as Record<string, unknown>)[field] ?? 0), 0);
    expect(hours.map((h) => h.sk).sort()).toEqual([`${DAY}T10`, `${DAY}T11`]);
    expect(total('responses')).toBe(100);
    const scores = batches.flatMap((b) => b.Records.map((r) => (JSON.parse(r.body) as { metric: { score: number } }).metric.score));
    expect(total('nps_promoter')).toBe(scores.filter((s) => s >= 9).length);
    expect(total('nps_detractor')).toBe(scores.filter((s) => s <= 6).length);
  });

  it('lose no ADD from parallel counter updates (the notify path)', async () => {
    const { addCounters } = await import('../../functions/adapters/metrics-store');
    await Promise.all(Array.from({ length: 40 }, () => addCounters([{ pk: 'C#all#all', sk: `${DAY}T12`, add: { outreach_recovery_sent: 1, close_count: 1 } }])));
    const row = (await counterHours()).find((r) => r.sk === `${DAY}T12`);
    expect(row).toMatchObject({ outreach_recovery_sent: 40, close_count: 40 });
  });
});

describe('rollup', () => {
  it('writes day, week and month rows from the counters, and the same rows when run again', async () => {
    const first = (await runtime.invoke('rollup', { from: DAY, to: DAY })) as { rows: number };
    expect(first.rows).toBeGreaterThan(0);
    const snapshot = async () =>
      (await Promise.all(['R#day#all#all', 'R#week#all#all', 'R#month#all#all', 'R#day#channel#survey'].map(rows)))
        .flat()
        .map(({ computedAt: _ignored, ...row }) => row);
    const once = await snapshot();
    await runtime.invoke('rollup', { from: DAY, to: DAY });
    expect(await snapshot()).toEqual(once);

    const day = once.find((r) => r.pk === 'R#day#all#all' && r.sk === DAY)!;
    expect(day.figures).toMatchObject({ responses: 100, outreach: { recovery: { sent: 40 } } });
    expect(day.trailing).toEqual(expect.arrayContaining([expect.objectContaining({ days: 7, responses: 100 })]));
    expect(once.find((r) => r.pk === 'R#week#all#all')).toMatchObject({ sk: '2026-W10', figures: { responses: 100 } });
    expect(once.find((r) => r.pk === 'R#month#all#all')).toMatchObject({ sk: '2026-03', figures: { responses: 100 } });
  });

  it('rejects a malformed request instead of guessing', async () => {
    await expect(runtime.invoke('rollup', { from: '2026-3-4' })).rejects.toThrow(/day like/);
  });
});

describe('backfill (cx-loop backfill)', () => {
  it('rebuilds lost counter rows from the stored feedback, keeps notify’s outreach counts, and rolls up again', async () => {
    const table = runtime.resources.env.METRICS_TABLE;
    const before = (await rows('R#day#all#all')).find((r) => r.sk === DAY)!;
    // Lose one hour of counters, and corrupt another.
    for (const pk of physicalKeys('C#all#all')) await db.send(new DeleteCommand({ TableName: table, Key: { pk, sk: `${DAY}T10` } }));
    const { addCounters } = await import('../../functions/adapters/metrics-store');
    await addCounters([{ pk: 'C#all#all', sk: `${DAY}T11`, add: { responses: 7, nps_bogus: 3 } }]);

    const { backfill } = await import('../../cli/commands/backfill');
    const report = await backfill({ endpoint: runtime.apiUrl, from: DAY, to: DAY });
    expect(report).toMatchObject({ feedbackRead: 100, rollup: { from: DAY } });

    const hours = await counterHours();
    const total = (field: string) => hours.filter((h) => String(h.sk).startsWith(DAY)).reduce((n, h) => n + Number((h as Record<string, unknown>)[field] ?? 0), 0);
    expect(total('responses')).toBe(100);
    expect(total('nps_bogus')).toBe(0);
    expect(hours.find((h) => h.sk === `${DAY}T12`)).toMatchObject({ outreach_recovery_sent: 40 });
    const after = (await rows('R#day#all#all')).find((r) => r.sk === DAY)!;
    expect(after.figures).toEqual(before.figures);

    // Twice: the same counters.
    await backfill({ endpoint: runtime.apiUrl, from: DAY, to: DAY });
    expect(await counterHours()).toEqual(hours);
  });
});
