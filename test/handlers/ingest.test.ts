/** ingest with mocked AWS clients: what is enqueued (and what is not) for each kind of request. */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signGeneric } from '../../local/webhook-client';

const SECRET = `whsec_${Buffer.from('unit-test-secret').toString('base64')}`;
/** A rotation in progress: both secrets are valid (the value is cached per cold start, as in Lambda). */
const NEXT_SECRET = `whsec_${Buffer.from('next-secret').toString('base64')}`;
const sqs = mockClient(SQSClient);
const secrets = mockClient(SecretsManagerClient);
let handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

beforeAll(async () => {
  Object.assign(process.env, { FEEDBACK_QUEUE_URL: 'https://sqs.test/feedback', WEBHOOK_SECRETS_ID: 'secrets', VENDOR_API_SECRET_ID: 'vendors', AWS_REGION: 'us-east-1', POWERTOOLS_LOG_LEVEL: 'SILENT' });
  ({ handler } = (await import('../../functions/handlers/ingest')) as unknown as { handler: typeof handler });
});

beforeEach(() => {
  sqs.reset();
  secrets.reset();
  secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ generic: [NEXT_SECRET, SECRET] }) });
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
});

function event(body: string, headers: Record<string, string>, source = 'generic'): APIGatewayProxyEventV2 {
  return {
    version: '2.0', routeKey: 'POST /webhooks/{source}', rawPath: `/webhooks/${source}`, rawQueryString: '', headers, body, isBase64Encoded: false,
    pathParameters: { source },
    requestContext: { http: { method: 'POST', path: `/webhooks/${source}`, protocol: 'HTTP/1.1', sourceIp: '1.2.3.4', userAgent: 'test' }, domainName: 'api.test' } as APIGatewayProxyEventV2['requestContext'],
  };
}

const context = { getRemainingTimeInMillis: () => 10_000, functionName: 'ingest', awsRequestId: 'r' } as Context;
const payload = JSON.stringify({ sourceEventId: 'r1', customer: { email: 'a@example.com' }, metric: { type: 'csat', score: 5 } });

describe('ingest', () => {
  it('enqueues one validated FeedbackEvent and answers 202 with its id', async () => {
    const res = await handler(event(payload, signGeneric(SECRET, payload)), context);
    expect(res.statusCode).toBe(202);
    const { id } = JSON.parse(res.body!);
    const sent = sqs.commandCalls(SendMessageBatchCommand);
    expect(sent).toHaveLength(1);
    const body = JSON.parse(sent[0]!.args[0].input.Entries![0]!.MessageBody!);
    expect(body).toMatchObject({ id, source: 'generic', sourceEventId: 'r1', metric: { type: 'csat', score: 5 } });
  });

  it.each([
    ['a bad signature', () => event(payload, signGeneric(`whsec_${Buffer.from('other').toString('base64')}`, payload)), 401],
    ['no signature', () => event(payload, { 'content-type': 'application/json' }), 401],
    ['invalid JSON', () => event('{oops', signGeneric(SECRET, '{oops')), 400],
    ['an out-of-scale score', () => { const b = JSON.stringify({ metric: { type: 'nps', score: 11 } }); return event(b, signGeneric(SECRET, b)); }, 400],
    ['a body over 256 KiB', () => { const b = JSON.stringify({ text: 'x'.repeat(300_000) }); return event(b, signGeneric(SECRET, b)); }, 413],
    ['an unknown source', () => event(payload, signGeneric(SECRET, payload), 'nope'), 404],
  ])('answers %s with problem+json and enqueues nothing', async (_name, make, status) => {
    const res = await handler(make(), context);
    expect(res.statusCode).toBe(status);
    expect(res.headers?.['content-type']).toBe('application/problem+json');
    expect(JSON.parse(res.body!)).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it('answers 202 "ignored" for a verified payload with nothing to act on', async () => {
    const empty = JSON.stringify({ sourceEventId: 'r2' });
    const res = await handler(event(empty, signGeneric(SECRET, empty)), context);
    expect(res.statusCode).toBe(202);
    expect(JSON.parse(res.body!)).toMatchObject({ status: 'ignored' });
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it('accepts either secret while a rotation is in progress', async () => {
    for (const secret of [SECRET, NEXT_SECRET]) {
      const res = await handler(event(payload, signGeneric(secret, payload)), context);
      expect(res.statusCode).toBe(202);
    }
  });

  it('fails (500, nothing claimed as accepted) when SQS refuses the message', async () => {
    sqs.on(SendMessageBatchCommand).rejects(new Error('boom'));
    const res = await handler(event(payload, signGeneric(SECRET, payload)), context);
    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body!).detail).not.toContain('boom');
  });
});
