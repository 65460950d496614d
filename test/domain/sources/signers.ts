/**
 * Builds signed WebhookRequests from fixtures using the production signing recipes
 * (functions/domain/sources/sign.ts), so a test that passes proves recipe and verifier agree.
 */
import { readFileSync } from 'node:fs';
import { Webhook } from 'standardwebhooks';
import type { WebhookRequest } from '../../../functions/domain/sources/webhook-source';

export { signDelighted, signHubSpot, signIntercom, signSurveyMonkey, signTwilio, signTypeform, signZendesk } from '../../../functions/domain/sources/sign';

export const NOW = new Date('2024-05-02T10:00:30Z');

export function fixture(source: string, name: string): Buffer {
  return readFileSync(new URL(`../../fixtures/webhooks/${source}/${name}`, import.meta.url));
}

export function request(overrides: Partial<WebhookRequest> & { rawBody: Buffer }): WebhookRequest {
  return {
    method: 'POST',
    url: 'https://api.cx-loop.test/webhooks/test',
    headers: { 'content-type': 'application/json' },
    query: {},
    ...overrides,
  };
}

/** Standard Webhooks signature via the reference library (Formbricks, generic, google-forms). */
export function signStandardWebhook(body: Buffer, secret: string, at: Date, id = 'msg_2ZyTY0rB8vZcn5HKXbXD'): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body.toString('utf8')),
  };
}

export const tamper = (body: Buffer) => Buffer.concat([body, Buffer.from(' ')]);
