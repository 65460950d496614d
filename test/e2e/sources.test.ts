/**
 * Every webhook source end to end through the local stack: a fixture signed with the vendor's own
 * recipe goes in over HTTP, and its feedback lands in DynamoDB under the vendor's dedupe key.
 * Thin-payload vendors are completed from a fake vendor API on loopback.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDelighted, signHubSpot, signIntercom, signSurveyMonkey, signTwilio, signTypeform, signZendesk } from '../../functions/domain/sources/sign';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';

const fixture = (source: string, name: string) => readFileSync(new URL(`../fixtures/webhooks/${source}/${name}`, import.meta.url));

let runtime: LocalRuntime;
let vendorApi: Server;
let db: DynamoDBDocumentClient;

beforeAll(async () => {
  vendorApi = createServer((req, res) => {
    const doc = req.url?.startsWith('/v3/surveys/')
      ? fixture('surveymonkey', 'response-details.json')
      : req.url?.startsWith('/API/v3/')
        ? fixture('qualtrics', 'response.json')
        : fixture('hubspot', 'submission-nps.json');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(doc);
  });
  await new Promise<void>((resolve) => vendorApi.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(vendorApi.address() as AddressInfo).port}`;
  for (const vendor of ['SURVEYMONKEY', 'QUALTRICS', 'HUBSPOT']) {
    process.env[`VENDOR_API_${vendor}_TOKEN`] = `${vendor.toLowerCase()}-token`;
    process.env[`VENDOR_API_${vendor}_BASE_URL`] = baseUrl;
  }
  runtime = await startLocalRuntime({ port: 0 });
  db = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: runtime.endpoints.dynamodb, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
  );
}, 90_000);

afterAll(async () => {
  await runtime?.stop();
  vendorApi?.close();
});

interface Case {
  source: string;
  fixture: string;
  dedupeKey: string;
  sign: (body: Buffer, secret: string, url: string) => Record<string, string>;
  contentType?: string;
  query?: string;
  expectedStatus?: number;
}

const now = () => new Date();
const json = 'application/json';
const form = 'application/x-www-form-urlencoded';

const standard = (body: Buffer, secret: string) => {
  const at = now();
  const id = `msg_${Math.random().toString(36).slice(2)}`;
  return { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': new Webhook(secret).sign(id, at, body.toString()) };
};

const CASES: Case[] = [
  { source: 'typeform', fixture: 'promoter.json', dedupeKey: 'typeform#', sign: (b, s) => ({ 'typeform-signature': signTypeform(b, s) }) },
  { source: 'delighted', fixture: 'promoter.json', dedupeKey: 'delighted#', sign: (b, s) => ({ 'x-delighted-webhook-signature': signDelighted(b, s) }) },
  {
    source: 'zendesk', fixture: 'good.json', dedupeKey: 'zendesk#',
    sign: (b, s) => {
      const ts = now().toISOString();
      return { 'x-zendesk-webhook-signature': signZendesk(b, s, ts), 'x-zendesk-webhook-signature-timestamp': ts };
    },
  },
  { source: 'intercom', fixture: 'promoter.json', dedupeKey: 'intercom#', sign: (b, s) => ({ 'x-hub-signature': signIntercom(b, s) }) },
  { source: 'formbricks', fixture: 'promoter.json', dedupeKey: 'formbricks#', sign: standard },
  {
    source: 'twilio', fixture: 'promoter.txt', dedupeKey: 'twilio#', contentType: form, expectedStatus: 200,
    sign: (b, s, url) => ({ 'x-twilio-signature': signTwilio(url, Object.fromEntries(new URLSearchParams(b.toString())), s) }),
  },
  { source: 'surveymonkey', fixture: 'response-completed.json', dedupeKey: 'surveymonkey#', sign: (b, s) => ({ 'sm-signature': signSurveyMonkey(b, s) }) },
  { source: 'qualtrics', fixture: 'completed-response.txt', dedupeKey: 'qualtrics#', contentType: form, query: 'token=', sign: () => ({}) },
  {
    source: 'hubspot', fixture: 'feedback-created.json', dedupeKey: 'hubspot#',
    sign: (b, s, url) => {
      const timestamp = String(Date.now());
      return { 'x-hubspot-request-timestamp': timestamp, 'x-hubspot-signature-v3': signHubSpot({ method: 'POST', url, body: b, timestamp }, s) };
    },
  },
];

async function storedKeys(prefix: string, timeoutMs = 15_000): Promise<Record<string, unknown> | undefined> {
  const { ScanCommand } = await import('@aws-sdk/lib-dynamodb');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const out = await db.send(new ScanCommand({ TableName: runtime.resources.env.FEEDBACK_TABLE, FilterExpression: 'begins_with(pk, :p)', ExpressionAttributeValues: { ':p': prefix } }));
    if (out.Items?.length || Date.now() > deadline) return out.Items?.[0];
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('every source, end to end', () => {
  it.each(CASES)('$source: signed fixture → stored feedback', async (c) => {
    const secret = runtime.webhookSecrets[c.source]![0]!;
    const body = fixture(c.source, c.fixture);
    const query = c.query ? `?${c.query}${c.query.endsWith('=') ? encodeURIComponent(secret) : ''}` : '';
    const url = `${runtime.apiUrl}/webhooks/${c.source}${query}`;
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': c.contentType ?? json, ...c.sign(body, secret, url) }, body });
    expect(res.status, await res.clone().text()).toBe(c.expectedStatus ?? 202);
    const item = await storedKeys(c.dedupeKey);
    expect(item, `no ${c.source} feedback stored`).toBeDefined();
    expect(item).toMatchObject({ source: c.source, decision: expect.objectContaining({ action: expect.any(String) }) });
  });

  it('rejects a tampered body for every signing source with 401 problem+json', async () => {
    for (const c of CASES.filter((c) => c.source !== 'qualtrics')) {
      const secret = runtime.webhookSecrets[c.source]![0]!;
      const body = fixture(c.source, c.fixture);
      const url = `${runtime.apiUrl}/webhooks/${c.source}`;
      const headers = { 'content-type': c.contentType ?? json, ...c.sign(body, secret, url) };
      const res = await fetch(url, { method: 'POST', headers, body: Buffer.concat([body, Buffer.from(' ')]) });
      expect(res.status, c.source).toBe(401);
      expect(res.headers.get('content-type'), c.source).toBe('application/problem+json');
    }
  });

  it('answers 404 problem+json for an unknown source', async () => {
    const res = await fetch(`${runtime.apiUrl}/webhooks/nope`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});
