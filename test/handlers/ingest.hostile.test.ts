/**
 * Hostile input through the real ingest handler (AWS clients mocked): every case of the corpus in
 * test/fixtures/hostile/ — against the generic endpoint, and the body-level and signature cases
 * against every source — then random bodies and headers (fast-check). A refused request is a 4xx
 * problem+json without a stack trace; nothing is queued, stored or fetched, and no exception escapes.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Delivery } from '../../cli/lib/webhook';
import { FeedbackEvent } from '../../functions/domain/feedback-event';
import { deliveryFor, HOSTILE_CASES, ourSecret, type HostileCase } from '../fixtures/hostile/corpus';

const ENDPOINT = 'https://api.test';
const SOURCES = ['generic', 'google-forms', 'formbricks', 'typeform', 'delighted', 'intercom', 'zendesk', 'twilio', 'surveymonkey', 'qualtrics', 'hubspot'];
const sqs = mockClient(SQSClient);
const secrets = mockClient(SecretsManagerClient);
const dynamodb = mockClient(DynamoDBClient);
let handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
const context = { getRemainingTimeInMillis: () => 10_000, functionName: 'ingest', awsRequestId: 'r' } as Context;

beforeAll(async () => {
  Object.assign(process.env, { FEEDBACK_QUEUE_URL: 'https://sqs.test/feedback', VENDOR_API_SECRET_ID: 'vendors', AWS_REGION: 'us-east-1', POWERTOOLS_LOG_LEVEL: 'SILENT' });
  ({ handler } = (await import('../../functions/handlers/ingest')) as unknown as { handler: typeof handler });
});

beforeEach(() => {
  sqs.reset();
  secrets.reset();
  dynamodb.reset();
  // The secret id names the configuration, so the handler's five-minute secret cache never mixes two of them.
  secrets.on(GetSecretValueCommand).callsFake(({ SecretId }: { SecretId: string }) => ({
    SecretString: SecretId === 'empty' ? JSON.stringify(Object.fromEntries(SOURCES.map((s) => [s, ['']]))) : JSON.stringify(Object.fromEntries(SOURCES.map((s) => [s, [ourSecret(s)]]))),
  }));
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
  process.env.WEBHOOK_SECRETS_ID = 'ours';
  vi.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('no vendor API call expected'));
});

afterEach(() => vi.restoreAllMocks());

/** API Gateway HTTP API payload v2 for a delivery; the body always travels base64 so any bytes survive. */
function apiEvent(delivery: Delivery, source: string): APIGatewayProxyEventV2 {
  const url = new URL(delivery.url);
  return {
    version: '2.0', routeKey: 'POST /webhooks/{source}', rawPath: url.pathname, rawQueryString: url.search.slice(1),
    headers: { ...delivery.headers, host: url.host }, body: delivery.body.toString('base64'), isBase64Encoded: true,
    pathParameters: { source },
    queryStringParameters: Object.fromEntries(url.searchParams),
    requestContext: { http: { method: 'POST', path: url.pathname, protocol: 'HTTP/1.1', sourceIp: '1.2.3.4', userAgent: 'test' }, domainName: url.host } as APIGatewayProxyEventV2['requestContext'],
  };
}

async function send(c: HostileCase, source: string) {
  if (c.serverSecrets) process.env.WEBHOOK_SECRETS_ID = c.serverSecrets.every((s) => s === '') ? 'empty' : 'ours';
  return handler(apiEvent(deliveryFor(c, source, ENDPOINT), source), context);
}

function expectRefused(res: APIGatewayProxyStructuredResultV2, status: number, label: string) {
  expect(res.statusCode, `${label}: ${res.body}`).toBe(status);
  expect(res.headers?.['content-type'], label).toBe('application/problem+json');
  const problem = JSON.parse(String(res.body));
  expect(problem, label).toMatchObject({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) });
  expect(res.body, label).not.toMatch(/\n\s+at |\.[jt]s:\d+|Error:/);
  expectNothingDone(label);
}

function expectNothingDone(label: string) {
  expect(sqs.calls(), `${label}: queued`).toHaveLength(0);
  expect(dynamodb.calls(), `${label}: stored`).toHaveLength(0);
  expect(fetch, `${label}: fetched`).not.toHaveBeenCalled();
  expect(({} as Record<string, unknown>).polluted, `${label}: Object.prototype polluted`).toBeUndefined();
}

const refusedCases = HOSTILE_CASES.filter((c) => c.expect.status >= 400);

describe('hostile corpus → generic endpoint', () => {
  it('has a case for every kind of hostile input the issue names', () => {
    expect(HOSTILE_CASES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(refusedCases.map((c) => [c.name, c] as const))('%s is refused', async (_name, c) => {
    const res = await send(c, 'generic');
    expectRefused(res, c.expect.status, c.name);
    if (c.expect.detail) expect(JSON.parse(String(res.body)).detail).toContain(c.expect.detail);
  });

  it.each(HOSTILE_CASES.filter((c) => c.expect.status < 300).map((c) => [c.name, c] as const))('%s is accepted harmlessly, queued once', async (_name, c) => {
    const res = await send(c, 'generic');
    expect(res.statusCode, String(res.body)).toBe(c.expect.status);
    const sent = sqs.commandCalls(SendMessageBatchCommand);
    expect(sent).toHaveLength(1);
    const body = sent[0]!.args[0].input.Entries![0]!.MessageBody!;
    expect(body).not.toMatch(/__proto__|constructor|polluted/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const queued = FeedbackEvent.parse(JSON.parse(body));
    if ('json' in c.body) expect(queued).toMatchObject(c.body.json as object);
  });
});

describe('hostile corpus → every source', () => {
  const cases = refusedCases.filter((c) => c.everySource).flatMap((c) => SOURCES.filter((s) => s !== 'generic').map((s) => [c.name, s, c] as const));
  it.each(cases)('%s → %s is refused', async (_name, source, c) => {
    const res = await send(c, source);
    expectRefused(res, c.statusBySource?.[source] ?? c.expect.status, `${c.name} → ${source}`);
  });
});

describe('random input → generic endpoint (fast-check)', () => {
  const validEvent = fc.record({
    sourceEventId: fc.string({ minLength: 1, maxLength: 40 }),
    customer: fc.record({ email: fc.oneof(fc.emailAddress(), fc.string()), name: fc.string({ maxLength: 40 }) }, { requiredKeys: [] }),
    metric: fc.oneof(
      fc.record({ type: fc.constantFrom('nps', 'csat', 'ces', 'none', 'stars'), score: fc.oneof(fc.integer({ min: -5, max: 15 }), fc.double(), fc.string()) }),
      fc.record({ type: fc.constant('none') }),
    ),
    text: fc.string({ unit: 'binary', maxLength: 80 }),
  }, { requiredKeys: ['sourceEventId'] });
  const anyBody = fc.oneof(
    validEvent.map((e) => JSON.stringify(e)),
    fc.json({ maxDepth: 4 }),
    fc.string({ unit: 'binary' }),
    fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  );

  it('answers every signed body with 202 (a valid event, queued) or a 4xx problem (nothing queued)', async () => {
    await fc.assert(
      fc.asyncProperty(anyBody, async (text) => {
        sqs.resetHistory();
        const c: HostileCase = { name: 'random', description: '', body: { text }, expect: { status: 0 } };
        const res = await send(c, 'generic');
        if (res.statusCode === 202) {
          const entries = sqs.commandCalls(SendMessageBatchCommand).flatMap((call) => call.args[0].input.Entries ?? []);
          const ignored = JSON.parse(String(res.body)).status === 'ignored';
          expect(entries).toHaveLength(ignored ? 0 : 1);
          for (const e of entries) expect(FeedbackEvent.safeParse(JSON.parse(e.MessageBody!)).success).toBe(true);
          return;
        }
        expectRefused(res, res.statusCode!, text.slice(0, 80));
        expect(res.statusCode).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
  });

  it('answers hostile headers (host, signature, timestamp, content type) with a 4xx, never a 500', async () => {
    const header = fc.string({ unit: 'binary', maxLength: 60 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SOURCES), fc.dictionary(fc.constantFrom('host', 'x-forwarded-host', 'x-forwarded-proto', 'content-type', 'content-length', 'webhook-id', 'webhook-timestamp', 'webhook-signature', 'typeform-signature', 'x-twilio-signature', 'x-hubspot-request-timestamp', 'x-hubspot-signature-v3', 'x-zendesk-webhook-signature', 'x-zendesk-webhook-signature-timestamp'), header), async (source, headers) => {
        sqs.resetHistory();
        const c: HostileCase = { name: 'headers', description: '', body: { json: { text: 'hi' } }, expect: { status: 0 } };
        const event = apiEvent(deliveryFor(c, source, ENDPOINT), source);
        const res = await handler({ ...event, headers: { ...event.headers, ...headers } }, context);
        if (res.statusCode! < 300) return;
        expectRefused(res, res.statusCode!, `${source} ${JSON.stringify(headers)}`);
        expect(res.statusCode).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
  });
});
