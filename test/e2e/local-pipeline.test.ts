/**
 * The walking skeleton end to end, through the real local stack: signed webhooks in, emails out of
 * the local SES, feedback and counters in DynamoDB Local, nothing parked in the DLQs.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { postGeneric, sesInbox, signGeneric } from '../../local/webhook-client';
import { eventually } from '../support/eventually';

let runtime: LocalRuntime;
let secret: string;
let db: DynamoDBDocumentClient;
let sqs: SQSClient;
const creds = { region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } };

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 0 });
  secret = runtime.webhookSecrets.generic![0]!;
  db = DynamoDBDocumentClient.from(new DynamoDBClient({ ...creds, endpoint: runtime.endpoints.dynamodb }));
  sqs = new SQSClient({ ...creds, endpoint: runtime.endpoints.sqs });
}, 90_000);

afterAll(async () => {
  await runtime?.stop();
});

describe('local pipeline', () => {
  it('answers /health with every local endpoint', async () => {
    const res = await fetch(`${runtime.apiUrl}/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; endpoints: Record<string, string> };
    expect(body.status).toBe('ok');
    expect(Object.keys(body.endpoints)).toEqual(expect.arrayContaining(['dynamodb', 'sqs', 'ses', 'comprehend']));
  });

  it('thanks the promoter, recovers the detractor, and sends nothing twice or for rejected input', async () => {
    const happy = { sourceEventId: 'e2e-happy', customer: { email: 'happy@example.com', name: 'Hana' }, metric: { type: 'nps', score: 10 }, text: 'Wonderful service, thank you!' };
    const unhappy = { sourceEventId: 'e2e-unhappy', customer: { email: 'unhappy@example.com', name: '<b>Uma</b>', emailVerified: true }, metric: { type: 'nps', score: 1 }, text: 'Terrible. The parcel was lost <script>alert(1)</script>' };

    const accepted = await Promise.all([postGeneric(runtime.apiUrl, secret, happy), postGeneric(runtime.apiUrl, secret, unhappy)]);
    expect(accepted.map((r) => r.status)).toEqual([202, 202]);

    // Replay of the same webhook (a new delivery id, same vendor event id): accepted, acted on once.
    const duplicate = await postGeneric(runtime.apiUrl, secret, unhappy);
    expect(duplicate.status).toBe(202);

    const badSignature = await postGeneric(runtime.apiUrl, 'whsec_' + Buffer.from('not-the-secret').toString('base64'), { ...happy, sourceEventId: 'e2e-forged' });
    expect(badSignature.status).toBe(401);
    expect(badSignature.contentType).toBe('application/problem+json');

    const malformedBody = '{"metric": {"type": "nps", "score": 42}';
    const malformed = await fetch(`${runtime.apiUrl}/webhooks/generic`, { method: 'POST', headers: signGeneric(secret, malformedBody), body: malformedBody });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toBe('application/problem+json');

    const invalid = await postGeneric(runtime.apiUrl, secret, { sourceEventId: 'e2e-invalid', customer: { email: 'x@example.com' }, metric: { type: 'nps', score: 42 } });
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.body).errors).toEqual([expect.objectContaining({ path: 'metric.score' })]);

    const emails = await eventually(() => sesInbox(runtime.sesStoreUrl), (e) => e.length >= 2);
    // Give a duplicate (if there were one) time to show up before asserting "exactly".
    await new Promise((r) => setTimeout(r, 1500));
    const final = await sesInbox(runtime.sesStoreUrl);
    expect(final).toHaveLength(2);
    const toHappy = emails.find((e) => e.destination.to.includes('happy@example.com'));
    const toUnhappy = emails.find((e) => e.destination.to.includes('unhappy@example.com'));
    expect(toHappy?.subject).toBe('Thank you for your feedback');
    expect(toUnhappy?.subject).toMatch(/sorry/i);
    expect(toUnhappy?.body.html).toContain('&lt;script&gt;');
    expect(toUnhappy?.body.html).not.toContain('<script>');

    const stored = await db.send(new GetCommand({ TableName: runtime.resources.env.FEEDBACK_TABLE, Key: { pk: 'generic#e2e-unhappy' } }));
    expect(stored.Item).toMatchObject({ decision: { action: 'recovery' }, metric: { type: 'nps', score: 1 } });
    expect(stored.Item?.sentiment?.label).toBeDefined();

    const day = new Date().toISOString().slice(0, 10);
    // Counter rows are per UTC hour: the adapter sums them per day.
    const { countersByDay } = await import('../../functions/adapters/metrics-store');
    const counters = await countersByDay('all', 'all', day, day);
    expect(counters[0]?.counters).toMatchObject({ responses: 2, nps_promoter: 1, nps_detractor: 1, action_gratitude: 1, action_recovery: 1 });

    const rollup = (await runtime.invoke('rollup', { from: day, to: day })) as { rows: number };
    expect(rollup.rows).toBeGreaterThan(0);
    const figures = await db.send(new GetCommand({ TableName: runtime.resources.env.METRICS_TABLE, Key: { pk: 'R#day#all#all', sk: day } }));
    expect(figures.Item?.figures.nps).toMatchObject({ promoters: 1, detractors: 1, score: 0 });

    for (const { dlqUrl } of Object.values(runtime.resources.queueUrls)) {
      const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
      expect(attrs.Attributes?.ApproximateNumberOfMessages).toBe('0');
    }
  });
});
