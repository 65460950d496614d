/**
 * Any text a customer can type goes through the whole local stack — ingest → SQS → analyze →
 * DynamoDB, outreach → notify → SES, the escalation topic — and is stored exactly as typed:
 * emoji, CJK, Arabic, combining marks and mathematical letters (above U+FFFF, which the local SQS
 * server refuses raw). And the webhook URL answers a vendor's HEAD check.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { postGeneric, sesInbox } from '../../local/webhook-client';
import { eventually } from '../support/eventually';

let runtime: LocalRuntime;
let db: DynamoDBDocumentClient;
let sqs: SQSClient;
const creds = { region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } };

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 0 });
  db = DynamoDBDocumentClient.from(new DynamoDBClient({ ...creds, endpoint: runtime.endpoints.dynamodb }));
  sqs = new SQSClient({ ...creds, endpoint: runtime.endpoints.sqs });
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
});

const SAMPLES = [
  { id: 'emoji', name: 'Zoë 🌟', text: 'Great staff 👍 but the delivery 😡 took three weeks 📦', score: 2 },
  { id: 'cjk', name: '山田 太郎', text: '配送が遅すぎます。返金してください。客服态度很差！', score: 0 },
  { id: 'arabic', name: 'ليلى', text: 'الخدمة سيئة جدا ولم يرد أحد على رسائلي', score: 3 },
  { id: 'combining', name: 'Jose\u0301', text: 'Cafe\u0301 cre\u0300me bru\u0302le\u0301e — Z\u0351\u0351a\u0308lgo', score: 10 },
  { id: 'math', name: '𝓖𝓻𝓪𝓬𝓮', text: '𝓖𝓻𝓮𝓪𝓽 𝕤𝕖𝕣𝕧𝕚𝕔𝕖, 𝟏𝟎/𝟏𝟎 🎉👨‍👩‍👧', score: 9 },
];

describe('any text a customer can type', () => {
  it('is accepted, flows through every queue and is stored exactly as sent', async () => {
    const secret = runtime.webhookSecrets.generic![0]!;
    for (const s of SAMPLES) {
      const res = await postGeneric(runtime.apiUrl, secret, {
        sourceEventId: `unicode-${s.id}`, customer: { email: `${s.id}@example.com`, name: s.name }, metric: { type: 'nps', score: s.score }, text: s.text,
      });
      expect(res.status, `${s.id}: ${res.body}`).toBe(202);
    }
    for (const s of SAMPLES) {
      const item = await eventually(
        async () => (await db.send(new GetCommand({ TableName: runtime.resources.env.FEEDBACK_TABLE, Key: { pk: `generic#unicode-${s.id}` } }))).Item,
        (i) => i !== undefined,
      );
      expect(item!.text, s.id).toBe(s.text);
      expect(item!.customer?.name ?? item!.name, s.id).toBe(s.name);
    }
    // Outreach (names and quotes travel on the outreach queue) reaches the inbox for every promoter and detractor.
    const emails = await eventually(() => sesInbox(runtime.sesStoreUrl), (e) => SAMPLES.every((s) => e.some((m) => m.destination.to.includes(`${s.id}@example.com`))));
    expect(emails.length).toBeGreaterThanOrEqual(SAMPLES.length);
    // Escalations (NPS 0 → the topic, with an excerpt of the text) arrive too.
    await eventually(async () => runtime.escalations, (a) => a.some((x) => String(x.feedbackKey) === 'generic#unicode-cjk'));
    // Nothing was parked.
    for (const name of ['FEEDBACK_QUEUE_DLQ_URL', 'OUTREACH_QUEUE_DLQ_URL']) {
      const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: runtime.resources.env[name], AttributeNames: ['ApproximateNumberOfMessages'] }));
      expect(attrs.Attributes?.ApproximateNumberOfMessages, name).toBe('0');
    }
  }, 120_000);
});

describe('HEAD /webhooks/{source}', () => {
  it('answers 200 for a served source (SurveyMonkey checks the URL this way) and 404 otherwise', async () => {
    const ok = await fetch(`${runtime.apiUrl}/webhooks/surveymonkey`, { method: 'HEAD' });
    expect(ok.status).toBe(200);
    const unknown = await fetch(`${runtime.apiUrl}/webhooks/no-such-vendor`, { method: 'HEAD' });
    expect(unknown.status).toBe(404);
  });
});
