/**
 * Local servers crash and come back mid-run. DynamoDB Local keeps its data on disk (as DynamoDB
 * keeps it in AWS): the handlers' SDK clients reconnect on their own and nothing is lost or sent
 * twice. The SQS emulator keeps messages in memory, so a restart loses what was queued — a real SQS
 * stores a message durably before SendMessage returns, which is what "accepted means kept" rests
 * on; locally the runtime recovers for new traffic and the loss is shown, not hidden.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { postGeneric, sesInbox } from '../../local/webhook-client';
import { eventually } from '../support/eventually';

let runtime: LocalRuntime;
let dataDir: string;
const creds = { region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } };

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'cx-loop-restarts-'));
  runtime = await startLocalRuntime({ port: 0, dataDir, timing: { visibilityTimeoutSeconds: 5 }, onEscalation: () => undefined, onError: () => undefined });
}, 90_000);

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const secret = () => runtime.webhookSecrets.generic![0]!;
const detractor = (id: string) => ({ sourceEventId: id, customer: { email: `${id}@example.com` }, metric: { type: 'nps', score: 4 }, text: 'The delivery was late again.' });

async function emailsFor(ids: string[]) {
  const inbox = await sesInbox(runtime.sesStoreUrl);
  return ids.map((id) => inbox.filter((e) => e.destination.to.includes(`${id}@example.com`)).length);
}

describe('local servers restarted during a run', () => {
  it('DynamoDB Local goes down and comes back: the handlers reconnect, every event is stored and emailed exactly once', async () => {
    const ids = Array.from({ length: 16 }, (_, i) => `restart-ddb-${i}`);
    const before = ids.slice(0, 8);
    const after = ids.slice(8);
    expect((await Promise.all(before.map((id) => postGeneric(runtime.apiUrl, secret(), detractor(id))))).map((r) => r.status)).toEqual(before.map(() => 202));
    await runtime.restart('dynamodb');
    expect((await Promise.all(after.map((id) => postGeneric(runtime.apiUrl, secret(), detractor(id))))).map((r) => r.status)).toEqual(after.map(() => 202));

    await eventually(() => emailsFor(ids), (counts) => counts.every((n) => n >= 1), 60_000);
    // Room for a redelivery to (wrongly) send again.
    await new Promise((r) => setTimeout(r, 6_000));
    expect(await emailsFor(ids)).toEqual(ids.map(() => 1));
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ ...creds, endpoint: runtime.endpoints.dynamodb }));
    const stored = await Promise.all(ids.map((id) => db.send(new GetCommand({ TableName: runtime.resources.env.FEEDBACK_TABLE, Key: { pk: `generic#${id}` } }))));
    expect(stored.every((s) => s.Item)).toBe(true);
    db.destroy();
  }, 120_000);

  it('the in-memory SQS emulator restarts: what it held is gone, and the pipeline carries on with new traffic', async () => {
    const sqs = new SQSClient({ ...creds, endpoint: runtime.endpoints.sqs });
    const dlqUrl = runtime.resources.queueUrls.outreach.dlqUrl;
    // A parked message nobody consumes: it is there until the emulator restarts.
    await sqs.send(new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: '{"parked": true}' }));
    const depth = async () => Number((await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['ApproximateNumberOfMessages'] }))).Attributes?.ApproximateNumberOfMessages);
    expect(await depth()).toBe(1);

    await runtime.restart('sqs');
    expect(await depth()).toBe(0);

    const ids = ['restart-sqs-0', 'restart-sqs-1', 'restart-sqs-2'];
    for (const id of ids) expect((await postGeneric(runtime.apiUrl, secret(), detractor(id))).status).toBe(202);
    expect(await eventually(() => emailsFor(ids), (counts) => counts.every((n) => n >= 1), 60_000)).toEqual(ids.map(() => 1));
    sqs.destroy();
  }, 120_000);
});
