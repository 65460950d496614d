/**
 * GET/POST /unsubscribe?token=… — the link in every outreach email and its RFC 8058 one-click
 * POST (`List-Unsubscribe=One-Click`, sent by the mail client without showing a page).
 * Event: API Gateway HTTP API payload v2. Only a POST unsubscribes: a GET (a person clicking, or a
 * mail security scanner following every link) answers a page whose one button makes that POST.
 * A valid token (current or previous signing key) on a POST puts the customer on the suppression
 * list and answers 200 with a plain page; a bad or expired one answers 400 and changes nothing.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { unsubscribePage, type UnsubscribeOutcome } from '#domain/email/unsubscribe-page';
import { verifyUnsubscribeToken } from '#domain/unsubscribe-token';
import { suppress } from '#adapters/outreach-ledger';
import { unsubscribeKeys } from '#adapters/unsubscribe-keys';
import { logger } from '#powertools';
import { problemJson } from '../http/problem-json';
import { settings } from '../settings';

async function unsubscribe(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> {
  const now = new Date();
  const token = event.queryStringParameters?.token ?? '';
  const check = verifyUnsubscribeToken(token, now, (await unsubscribeKeys()).all);
  if (!check.ok) {
    logger.info('unsubscribe refused', { reason: check.reason });
    return page(400, 'invalid-link');
  }
  if (event.requestContext.http.method !== 'POST') return page(200, 'confirm', token);
  await suppress(check.customerKey, 'unsubscribe', now);
  logger.info('customer unsubscribed', { customerKey: check.customerKey });
  return page(200, 'unsubscribed');
}

const page = (statusCode: number, outcome: UnsubscribeOutcome, token?: string): APIGatewayProxyResultV2 => ({
  statusCode,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // form-action does not fall back to default-src: the confirmation button may post only back here.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    'referrer-policy': 'no-referrer',
  },
  body: unsubscribePage(outcome, settings.brand.companyName, token),
});

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>().use(problemJson()).handler(unsubscribe);
