/**
 * Operating the pipeline with the real binary, against one local runtime: backfilling history with
 * `import` (a dry run changes nothing; imported history is counted on its own days and emails no one
 * unless --send), DLQ listing and redrive, the suppression list, and the errors a person sees for a
 * wrong flag or an endpoint that is not there.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerHashKey } from '../../functions/adapters/customer-hash-key';
import { customerKeyOf } from '../../functions/domain/outreach';
import { dlqOf, QUEUES } from '../../lib/pipeline-spec';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { sesInbox } from '../../local/webhook-client';
import { eventually, runCli } from './cli';

let runtime: LocalRuntime;
let endpoint: string[];
let db: DynamoDBDocumentClient;
let sqs: SQSClient;
const creds = { region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } };
const fixture = (name: string) => path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', name);

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 0 });
  endpoint = ['--endpoint', runtime.apiUrl];
  db = DynamoDBDocumentClient.from(new DynamoDBClient({ ...creds, endpoint: runtime.endpoints.dynamodb }));
  sqs = new SQSClient({ ...creds, endpoint: runtime.endpoints.sqs });
}, 90_000);

afterAll(async () => {
  db?.destroy();
  sqs?.destroy();
  await runtime?.stop();
});

const env = (name: string) => runtime.resources.env[name]!;
const getItem = async (table: string, key: Record<string, string>) => (await db.send(new GetCommand({ TableName: env(table), Key: key, ConsistentRead: true }))).Item;
const visible = async (queueUrl: string) =>
  Number((await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }))).Attributes?.ApproximateNumberOfMessages);
/** Messages waiting or being analyzed: analyze deletes a message only after storing it. */
const feedbackInFlight = async () => {
  const { Attributes: a } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: env('FEEDBACK_QUEUE_URL'), AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return Number(a?.ApproximateNumberOfMessages) + Number(a?.ApproximateNumberOfMessagesNotVisible);
};

const scan = async (table: string) => ((await db.send(new ScanCommand({ TableName: env(table) }))).Items ?? []) as Array<Record<string, unknown>>;
const snapshot = async () => ({ feedback: await scan('FEEDBACK_TABLE'), metrics: await scan('METRICS_TABLE'), outreach: await scan('OUTREACH_TABLE') });
const stored = async (prefix: string) => (await scan('FEEDBACK_TABLE')).filter((i) => String(i.pk).startsWith(prefix));

describe('cx-loop import', () => {
  it('previews the mapping and first rows without changing anything', async () => {
    const before = await snapshot();
    const res = await runCli(['import', fixture('qualtrics.csv'), '--vendor', 'qualtrics', '--preview', '1', ...endpoint]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/score\s+← column 18: Q1 \/ How likely are you to recommend/);
    expect(res.stdout).toContain('dates read as America/Denver');
    expect(res.stdout).toMatch(/line 4: R_1a2b3c4d5e6f7g8 {2}2025-03-01T10:00:01.000Z {2}a\*\*\*@qualtrics\.example\.com {2}NPS 10 "Lovely people"/);
    expect(res.stdout).not.toContain('line 5');
    expect(await snapshot()).toEqual(before);
  });

  it('changes nothing on --dry-run, and reports what it would do', async () => {
    const before = await snapshot();
    const res = await runCli(['import', fixture('typeform.csv'), '--vendor', 'typeform', '--dry-run', ...endpoint]);
    expect(res.stdout).toContain('3 would be imported (dry run: nothing changed), 1 ignored (no score and no text), 1 rejected');
    expect(res.stdout).toContain('line 6: score 12 is outside NPS 0–10');
    expect(res.code).toBe(1);
    // Nothing was enqueued either: a message is in the queue until it is stored.
    expect(await feedbackInFlight()).toBe(0);
    expect(await snapshot()).toEqual(before);
  });

  it('stores and counts history on its own days, but emails no one without --send', { timeout: 60_000 }, async () => {
    const res = await runCli(['import', fixture('typeform.csv'), '--vendor', 'typeform', ...endpoint]);
    expect(res.stdout).toContain('3 imported, 1 ignored (no score and no text), 1 rejected');
    expect(res.stdout).toContain('No emails will be sent for imported history');

    const items = await eventually(() => stored('typeform#'), (i) => i.length === 3);
    expect(items.map((i) => i.outreach)).toEqual([false, false, false]);
    expect(items.map((i) => (i.decision as { action: string }).action).sort()).toEqual(['gratitude', 'none', 'recovery']);

    const metrics = await runCli(['metrics', '--json', '--from', '2025-03-01', '--to', '2025-03-31', '--filter', 'source=typeform', ...endpoint]);
    const figures = (JSON.parse(metrics.stdout) as { rows: Array<{ figures: { responses: number; nps: { promoters: number; passives: number; detractors: number; score: number } } }> }).rows[0]!.figures;
    expect(figures.responses).toBe(3);
    expect(figures.nps).toMatchObject({ promoters: 1, passives: 1, detractors: 1, score: 0 });

    // The control: the same kind of history imported with --send is emailed…
    const sent = await runCli(['import', fixture('delighted.csv'), '--vendor', 'delighted', '--send', ...endpoint]);
    expect(sent.stdout).toContain('3 imported');
    const inbox = await eventually(() => sesInbox(runtime.sesStoreUrl), (emails) => emails.length >= 2);
    expect(inbox.flatMap((e) => e.destination.to).sort()).toEqual(['ana@delighted.example.com', 'bruno@delighted.example.com']);
    // …while the typeform history, analyzed earlier, never reached notify.
    expect((await scan('OUTREACH_TABLE')).filter((i) => String(i.pk).startsWith('OUT#typeform#'))).toEqual([]);
  });

  it('resumes an interrupted import from its checkpoint, and forgets the checkpoint once done', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cx-import-'));
    const checkpoint = path.join(dir, 'typeform.checkpoint.json');
    // As an interrupted run leaves it: every line up to 4 queued.
    writeFileSync(checkpoint, JSON.stringify({ file: fixture('typeform.csv'), doneThrough: 4, done: [] }));
    const res = await runCli(['import', fixture('typeform.csv'), '--vendor', 'typeform', '--checkpoint', checkpoint, ...endpoint]);
    expect(res.stdout).toMatch(/\d+ skipped \(queued by an earlier, interrupted run\)/);
    expect(res.stdout).not.toContain('3 imported');
    expect(existsSync(checkpoint)).toBe(false);
  });

  it('imports the same file twice without counting it twice', { timeout: 60_000 }, async () => {
    const res = await runCli(['import', fixture('typeform.csv'), '--vendor', 'typeform', ...endpoint]);
    expect(res.stdout).toContain('3 imported');
    expect(await eventually(feedbackInFlight, (n) => n === 0)).toBe(0);
    const metrics = await runCli(['metrics', '--json', '--from', '2025-03-01', '--to', '2025-03-31', '--filter', 'source=typeform', ...endpoint]);
    expect((JSON.parse(metrics.stdout) as { rows: Array<{ figures: { responses: number } }> }).rows[0]!.figures.responses).toBe(3);
  });
});

describe('cx-loop dlq', () => {
  it('lists a parked message by its key and reason (never its body), and redrive sends it back to be processed', { timeout: 60_000 }, async () => {
    const dlqUrl = env(dlqOf(QUEUES.feedback).env);
    // A valid event parked during an outage: redriving it after the fix must get it processed.
    const event = {
      id: randomUUID(), source: 'generic', sourceEventId: 'parked-1', receivedAt: new Date().toISOString(), occurredAt: new Date().toISOString(),
      customer: { email: 'parked@example.com' }, channel: 'survey', metric: { type: 'nps', score: 8 },
    };
    await sqs.send(new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: JSON.stringify(event), MessageAttributes: { reason: { DataType: 'String', StringValue: 'store failed: table throttled' } } }));

    const list = await runCli(['dlq', 'list', '--queue', 'feedback', ...endpoint]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/FeedbackQueueDlq: 1 message\(s\)\n\s+\S+\s+\S+Z\s+generic#parked-1\s+reason: store failed: table throttled/);
    expect(list.stdout).not.toContain('parked@example.com');
    // Listing only peeks: the message is still there to redrive.
    expect(await eventually(() => visible(dlqUrl), (n) => n === 1)).toBe(1);

    const redrive = await runCli(['dlq', 'redrive', ...endpoint]);
    expect(redrive.code, redrive.stderr).toBe(0);
    expect(redrive.stdout).toContain('FeedbackQueueDlq → FeedbackQueue: moved 1');
    expect(redrive.stdout).toContain('OutreachQueueDlq → OutreachQueue: moved 0');

    const stored = await eventually(() => getItem('FEEDBACK_TABLE', { pk: 'generic#parked-1' }), Boolean);
    expect(stored).toMatchObject({ id: event.id, metric: { type: 'nps', score: 8 } });
    expect(await visible(dlqUrl)).toBe(0);
  });
});

describe('cx-loop suppress', () => {
  it('adds, lists and removes customers by email or key, storing only the key', async () => {
    const key = customerKeyOf({ email: 'quiet@example.com' }, await customerHashKey())!;
    const add = await runCli(['suppress', 'add', 'Quiet@Example.com', '--reason', 'asked by phone', ...endpoint]);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain(`suppressed Q***@Example.com (${key})`);
    expect(await getItem('OUTREACH_TABLE', { pk: `SUPP#${key}`, sk: 'SUPP' })).toMatchObject({ reason: 'asked by phone' });

    const list = await runCli(['suppress', 'list', '--json', ...endpoint]);
    expect(JSON.parse(list.stdout)).toEqual([{ customerKey: key, reason: 'asked by phone', at: expect.stringMatching(/Z$/) }]);

    const remove = await runCli(['suppress', 'remove', key, ...endpoint]);
    expect(remove.stdout).toContain(`unsuppressed ${key}`);
    expect(await getItem('OUTREACH_TABLE', { pk: `SUPP#${key}`, sk: 'SUPP' })).toBeUndefined();
    expect((await runCli(['suppress', 'list', ...endpoint])).stdout).toContain('No suppressed customers.');

    const bad = await runCli(['suppress', 'add', 'not-an-address', ...endpoint]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('"not-an-address" is neither an email address nor a customer key');
  });
});

describe('cx-loop errors', () => {
  it('names an unknown flag and points at --help', async () => {
    const res = await runCli(['replay', 'x.jsonl', '--concurrenci', '4']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("unknown option '--concurrenci'");
    expect(res.stderr).toContain('(Did you mean --concurrency?)');
  });

  it('says which endpoint is unreachable and how to start the local runtime', async () => {
    const port = await closedPort();
    const res = await runCli(['metrics', '--endpoint', `http://127.0.0.1:${port}`]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`cx-loop: Cannot reach http://127.0.0.1:${port}/health (ECONNREFUSED). Is the local runtime running? Start it with \`npm start\``);
  });
});

/** A port nothing listens on: bound, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
