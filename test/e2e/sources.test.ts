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
import { signDelighted, signHubSpot, signIntercom, signQualtrics, signSurveyMonkey, signTwilio, signTypeform, signZendesk } from '../../functions/domain/sources/sign';
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

/** Vendor-published material (origins in test/fixtures/webhooks/<source>/README.md) over HTTP into DynamoDB. */
describe('genuine vendor material, end to end', () => {
  const post = (source: string, body: Buffer | string, headers: Record<string, string>, query = '') =>
    fetch(`${runtime.apiUrl}/webhooks/${source}${query}`, { method: 'POST', headers, body });

  it('Typeform\'s own example payload is stored with its comment and no metric (not NPS 2)', async () => {
    const body = fixture('typeform', 'vendor-example-payload.json');
    const res = await post('typeform', body, { 'content-type': json, 'typeform-signature': signTypeform(body, runtime.webhookSecrets.typeform![0]!) });
    expect(res.status, await res.clone().text()).toBe(202);
    const item = await storedKeys('typeform#a3a12ec67a1365927098a606107fac15');
    expect(item).toMatchObject({ metric: { type: 'none' }, text: expect.stringMatching(/^It's cold right now!/) });
  });

  it('a Qualtrics delivery of the genuine Topic/MSG/HMAC shape is verified and completed', async () => {
    const form = new URLSearchParams(fixture('qualtrics', 'vendor-community-delivery-completed.txt').toString());
    const msg = form.get('MSG')!;
    const body = new URLSearchParams({ Topic: form.get('Topic')!, HMAC: signQualtrics(msg, runtime.webhookSecrets.qualtrics![0]!), MSG: msg }).toString();
    const res = await post('qualtrics', body, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status, await res.clone().text()).toBe(202);
    expect(await storedKeys('qualtrics#R_suq806jn8LGzhx7')).toMatchObject({ source: 'qualtrics', metric: { type: 'nps' } });
  });

  it('Zendesk\'s documented trigger body, rendered with a comment holding quotes and a line break, keeps the rating', async () => {
    const docs = readFileSync(new URL('../../docs/sources.md', import.meta.url), 'utf8');
    const template = /## Zendesk[\s\S]*?```json\n([\s\S]*?)```/.exec(docs)![1]!;
    const values: Record<string, string> = {
      'ticket.id': '880011', 'ticket.link': 'acme.zendesk.com/agent/tickets/880011', 'ticket.requester.id': '9',
      'ticket.requester.email': 'zoe@example.com', 'ticket.requester.name': 'Zoë "Z" Park', 'ticket.requester.language': 'English',
      'satisfaction.current_comment': 'They said "done".\nIt was not.',
    };
    const body = template.replace(/\{\{([\w.]+)\}\}/g, (_m, name: string) => values[name] ?? '');
    const ts = new Date().toISOString();
    const res = await post('zendesk', body, { 'content-type': json, 'x-zendesk-webhook-signature': signZendesk(Buffer.from(body), runtime.webhookSecrets.zendesk![0]!, ts), 'x-zendesk-webhook-signature-timestamp': ts });
    expect(res.status, await res.clone().text()).toBe(202);
    expect(await storedKeys('zendesk#ticket-880011')).toMatchObject({ metric: { type: 'csat', score: 5 }, text: values['satisfaction.current_comment'] });
  });

  it('a Twilio delivery signed for another host is refused, whatever X-Forwarded-Host says', async () => {
    const params = { MessageSid: 'SMspoof0001', From: '+14155550123', To: '+14155559999', Body: '1 terrible' };
    const staging = 'https://staging.example.com/webhooks/twilio';
    const res = await post('twilio', new URLSearchParams(params).toString(), {
      'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-host': 'staging.example.com', 'x-forwarded-proto': 'https',
      'x-twilio-signature': signTwilio(staging, params, runtime.webhookSecrets.twilio![0]!),
    });
    expect(res.status).toBe(401);
  });
});
