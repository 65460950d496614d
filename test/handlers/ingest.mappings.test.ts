/**
 * The ingest Lambda reads payloads with the configured field mappings (cx-loop.config.json
 * `mappings`, bundled into the Lambda as functions/settings.ts): the settings module is swapped
 * for one with a Typeform mapping, and Typeform's own example payload is delivered signed.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { signTypeform } from '../../functions/domain/sources/sign';
import { fixture } from '../domain/sources/signers';

vi.mock('../../functions/settings', async () => {
  const { parseSettings } = await import('../../functions/domain/settings');
  const raw = (await import('../../cx-loop.config.json', { with: { type: 'json' } })).default;
  return { settings: parseSettings({ ...raw, mappings: { typeform: { score: { ref: 'readable_ref_number2', metric: 'csat' }, name: { ref: 'readable_ref_short_text' } } } }) };
});

const SECRET = 'typeform-unit-secret';
const sqs = mockClient(SQSClient);
const secrets = mockClient(SecretsManagerClient);
let handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

beforeAll(async () => {
  Object.assign(process.env, { FEEDBACK_QUEUE_URL: 'https://sqs.test/feedback', WEBHOOK_SECRETS_ID: 'secrets', VENDOR_API_SECRET_ID: 'vendors', AWS_REGION: 'us-east-1', POWERTOOLS_LOG_LEVEL: 'SILENT' });
  secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ typeform: [SECRET] }) });
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
  ({ handler } = (await import('../../functions/handlers/ingest')) as unknown as { handler: typeof handler });
});

describe('ingest with mappings.typeform', () => {
  it('enqueues the mapped score and name from Typeform\'s example payload', async () => {
    const body = fixture('typeform', 'vendor-example-payload.json');
    const event = {
      version: '2.0', routeKey: 'POST /webhooks/{source}', rawPath: '/webhooks/typeform', rawQueryString: '', isBase64Encoded: false,
      headers: { 'content-type': 'application/json', 'typeform-signature': signTypeform(body, SECRET) },
      body: body.toString(),
      pathParameters: { source: 'typeform' },
      requestContext: { http: { method: 'POST', path: '/webhooks/typeform', protocol: 'HTTP/1.1', sourceIp: '1.2.3.4', userAgent: 'Typeform Webhooks' }, domainName: 'api.test' },
    } as unknown as APIGatewayProxyEventV2;
    const res = await handler(event, { getRemainingTimeInMillis: () => 10_000, functionName: 'ingest', awsRequestId: 'r' } as Context);
    expect(res.statusCode, res.body).toBe(202);
    const sent = JSON.parse(sqs.commandCalls(SendMessageBatchCommand)[0]!.args[0].input.Entries![0]!.MessageBody!);
    // Without the mapping this payload has no metric and no name (test/domain/sources/genuine.test.ts).
    expect(sent).toMatchObject({ source: 'typeform', metric: { type: 'csat', score: 4 }, customer: { name: 'Laura', email: 'laura@example.com' } });
  });
});
