/**
 * Issue 12 §7–§9 through the real ingest handler (AWS clients mocked, vendor API on `fetch`):
 * the signed URL is ours, never the caller's Host/X-Forwarded-*; one HubSpot delivery cannot fan
 * out into unbounded parallel vendor calls; a vendor's 429 becomes a 503 with Retry-After; a
 * delivery with neither score nor text is counted per source.
 */
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { signHubSpot, signTwilio, signTypeform } from '../../functions/domain/sources/sign';

const sqs = mockClient(SQSClient);
const secrets = mockClient(SecretsManagerClient);
const dynamodb = mockClient(DynamoDBDocumentClient);
const context = { getRemainingTimeInMillis: () => 10_000, functionName: 'ingest', awsRequestId: 'r' } as Context;
let handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
const SECRET = 'hook-secret';
const API_DOMAIN = 'abc123.execute-api.eu-west-1.amazonaws.com';

beforeAll(async () => {
  Object.assign(process.env, {
    FEEDBACK_QUEUE_URL: 'https://sqs.test/feedback', METRICS_TABLE: 'metrics', VENDOR_API_SECRET_ID: 'vendor-api-webhooks-test',
    WEBHOOK_SECRETS_ID: 'webhook-secrets-webhooks-test', AWS_REGION: 'us-east-1', POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  delete process.env.PUBLIC_API_URL;
  ({ handler } = (await import('../../functions/handlers/ingest')) as unknown as { handler: typeof handler });
});

beforeEach(() => {
  sqs.reset();
  secrets.reset();
  dynamodb.reset();
  secrets.on(GetSecretValueCommand, { SecretId: 'webhook-secrets-webhooks-test' }).resolves({ SecretString: JSON.stringify({ twilio: [SECRET], hubspot: [SECRET], typeform: [SECRET] }) });
  secrets.on(GetSecretValueCommand, { SecretId: 'vendor-api-webhooks-test' }).resolves({ SecretString: JSON.stringify({ hubspot: { token: 'hs', baseUrl: 'https://hubspot.test' } }) });
  sqs.on(SendMessageBatchCommand).callsFake(({ Entries }: { Entries: Array<{ Id: string }> }) => ({ Successful: Entries.map((e) => ({ Id: e.Id })), Failed: [] }));
  dynamodb.on(UpdateCommand).resolves({});
  delete process.env.PUBLIC_API_URL;
});

afterEach(() => vi.restoreAllMocks());

function event(source: string, body: string, headers: Record<string, string>, domainName = API_DOMAIN, query = ''): APIGatewayProxyEventV2 {
  return {
    version: '2.0', routeKey: 'POST /webhooks/{source}', rawPath: `/webhooks/${source}`, rawQueryString: query,
    headers, body, isBase64Encoded: false, pathParameters: { source },
    requestContext: { http: { method: 'POST', path: `/webhooks/${source}`, protocol: 'HTTP/1.1', sourceIp: '1.2.3.4', userAgent: 'test' }, domainName } as APIGatewayProxyEventV2['requestContext'],
  };
}

const sms = { MessageSid: 'SM0001', From: '+14155550123', To: '+14155559999', Body: '3 waited forever' };
const twilio = (signedFor: string, headers: Record<string, string> = {}) =>
  event('twilio', new URLSearchParams(sms).toString(), { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signTwilio(signedFor, sms, SECRET), ...headers });

describe('§7 the URL a signature covers is ours, not the caller\'s', () => {
  it('accepts a Twilio delivery signed for this API\'s own domain', async () => {
    expect((await handler(twilio(`https://${API_DOMAIN}/webhooks/twilio`), context)).statusCode).toBe(200);
  });

  it('rejects a delivery signed for another host, even with X-Forwarded-Host/Host/X-Forwarded-Proto naming it', async () => {
    const res = await handler(
      twilio('https://staging.example.com/webhooks/twilio', { host: 'staging.example.com', 'x-forwarded-host': 'staging.example.com', 'x-forwarded-proto': 'https' }),
      context,
    );
    expect(res.statusCode).toBe(401);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it('uses the configured public URL when one is set (a proxy or custom domain in front)', async () => {
    process.env.PUBLIC_API_URL = 'https://hooks.example.com';
    expect((await handler(twilio('https://hooks.example.com/webhooks/twilio'), context)).statusCode).toBe(200);
    expect((await handler(twilio(`https://${API_DOMAIN}/webhooks/twilio`), context)).statusCode).toBe(401);
  });

  it('HubSpot v3 is held to the same URL', async () => {
    const body = JSON.stringify([{ subscriptionType: 'contact.creation', objectId: 1 }]);
    const timestamp = String(Date.now());
    const signedFor = (url: string) => ({ 'content-type': 'application/json', 'x-hubspot-request-timestamp': timestamp, 'x-hubspot-signature-v3': signHubSpot({ method: 'POST', url, body, timestamp }, SECRET) });
    expect((await handler(event('hubspot', body, { ...signedFor('https://evil.example/webhooks/hubspot'), 'x-forwarded-host': 'evil.example' }), context)).statusCode).toBe(401);
    expect((await handler(event('hubspot', body, signedFor(`https://${API_DOMAIN}/webhooks/hubspot`)), context)).statusCode).toBe(202);
  });
});

describe('§9 one HubSpot delivery cannot fan out without bounds', () => {
  const submissions = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ subscriptionType: 'object.creation', objectTypeId: '0-19', objectId: 7000 + i })));
  const hubspot = (body: string) => {
    const timestamp = String(Date.now());
    const url = `https://${API_DOMAIN}/webhooks/hubspot`;
    return event('hubspot', body, { 'content-type': 'application/json', 'x-hubspot-request-timestamp': timestamp, 'x-hubspot-signature-v3': signHubSpot({ method: 'POST', url, body, timestamp }, SECRET) });
  };

  it('reads at most 4 submissions at a time', async () => {
    let inFlight = 0;
    let peak = 0;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      const id = String(input).match(/feedback_submissions\/(\d+)/)![1];
      return new Response(JSON.stringify({ id, properties: { hs_survey_type: 'NPS', hs_response_value: '9' } }), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    const res = await handler(hubspot(submissions(40)), context);
    expect(res.statusCode).toBe(202);
    expect(JSON.parse(String(res.body)).ids).toHaveLength(40);
    expect(peak).toBeLessThanOrEqual(4);
  });

  it('refuses a delivery naming more than 100 submissions before calling HubSpot', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch');
    const res = await handler(hubspot(submissions(101)), context);
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(String(res.body)).detail).toMatch(/HubSpot events is invalid/);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('answers 503 with the vendor\'s Retry-After when HubSpot rate-limits us longer than ingest can wait', async () => {
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response('{}', { status: 429, headers: { 'retry-after': '120' } }));
    const res = await handler(hubspot(submissions(1)), context);
    expect(res.statusCode).toBe(503);
    expect(res.headers?.['retry-after']).toBe('120');
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });
});

describe('deliveries with neither a score nor text are counted per source', () => {
  it('adds `ignored` to the source\'s and the overall counter, and still answers 202 ignored', async () => {
    const body = JSON.stringify({ event_id: 'e', event_type: 'form_response', form_response: { form_id: 'f', token: 'tok-empty', submitted_at: '2026-11-29T10:00:00Z', answers: [] } });
    const res = await handler(event('typeform', body, { 'content-type': 'application/json', 'typeform-signature': signTypeform(body, SECRET) }), context);
    expect(res.statusCode).toBe(202);
    expect(JSON.parse(String(res.body))).toMatchObject({ status: 'ignored' });
    const keys = dynamodb.commandCalls(UpdateCommand).map((c) => [c.args[0].input.Key?.pk, c.args[0].input.UpdateExpression]);
    // Counter rows are sharded (`…#s<n>`): any shard of each logical row.
    expect(keys).toEqual(expect.arrayContaining([[expect.stringMatching(/^C#source#typeform(#s\d+)?$/), expect.stringMatching(/^ADD /)], [expect.stringMatching(/^C#all#all(#s\d+)?$/), expect.stringMatching(/^ADD /)]]));
  });
});
