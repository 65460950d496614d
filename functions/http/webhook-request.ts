/** API Gateway HTTP API (payload v2) event → the raw request a webhook source verifies. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { payloadTooLarge } from '#domain/problem';
import type { WebhookRequest } from '#domain/sources/webhook-source';

/** Largest webhook body we accept; SQS's own message limit is 256 KiB. */
export const MAX_WEBHOOK_BYTES = 256 * 1024;

export interface WebhookRequestOptions {
  maxBytes: number;
  /**
   * The public base URL vendors call (`https://hooks.example.com`), when it is not the API's own
   * domain: a proxy or CDN in front. Without it the URL is built from `requestContext.domainName`.
   */
  publicBaseUrl?: string | undefined;
}

export function toWebhookRequest(event: APIGatewayProxyEventV2, { maxBytes, publicBaseUrl }: WebhookRequestOptions): WebhookRequest {
  const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const declared = Number(headers['content-length'] ?? 0);
  // Checked before decoding so an oversized body costs no work; base64 length bounds the bytes too.
  if (declared > maxBytes || (event.body?.length ?? 0) > Math.ceil((maxBytes * 4) / 3) + 4) {
    throw payloadTooLarge(`Body exceeds ${maxBytes} bytes`);
  }
  const rawBody = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  if (rawBody.length > maxBytes) throw payloadTooLarge(`Body exceeds ${maxBytes} bytes`);
  return {
    method: event.requestContext.http.method,
    url: signedUrl(event, publicBaseUrl),
    headers,
    query: event.queryStringParameters ?? {},
    rawBody,
  };
}

/**
 * The URL vendors that sign it (Twilio, HubSpot v3) computed their signature over. Never from
 * Host / X-Forwarded-Host / X-Forwarded-Proto: the caller sets those, so a request signed for
 * another deployment (staging) would verify here. API Gateway fills `domainName` with the domain
 * the request actually reached (execute-api or the custom domain), always over HTTPS.
 */
function signedUrl(event: APIGatewayProxyEventV2, publicBaseUrl: string | undefined): string {
  const base = (publicBaseUrl ? new URL(publicBaseUrl).origin : `https://${event.requestContext.domainName}`).replace(/\/$/, '');
  const basePath = publicBaseUrl ? new URL(publicBaseUrl).pathname.replace(/\/$/, '') : '';
  return `${base}${basePath}${event.rawPath}${event.rawQueryString ? `?${event.rawQueryString}` : ''}`;
}
