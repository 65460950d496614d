/** API Gateway HTTP API (payload v2) event → the raw request a webhook source verifies. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { badRequest, payloadTooLarge } from '#domain/problem';
import type { WebhookRequest } from '#domain/sources/webhook-source';

/** Largest webhook body we accept; SQS's own message limit is 256 KiB. */
export const MAX_WEBHOOK_BYTES = 256 * 1024;

export function toWebhookRequest(event: APIGatewayProxyEventV2, maxBytes: number): WebhookRequest {
  const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const declared = Number(headers['content-length'] ?? 0);
  // Checked before decoding so an oversized body costs no work; base64 length bounds the bytes too.
  if (declared > maxBytes || (event.body?.length ?? 0) > Math.ceil((maxBytes * 4) / 3) + 4) {
    throw payloadTooLarge(`Body exceeds ${maxBytes} bytes`);
  }
  const rawBody = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  if (rawBody.length > maxBytes) throw payloadTooLarge(`Body exceeds ${maxBytes} bytes`);
  const host = headers['x-forwarded-host'] ?? headers.host ?? event.requestContext.domainName;
  const proto = headers['x-forwarded-proto'] ?? 'https';
  const url = `${proto}://${host}${event.rawPath}${event.rawQueryString ? `?${event.rawQueryString}` : ''}`;
  // Host and proto headers are the caller's to set; sources that sign the URL must get a URL.
  if (!URL.canParse(url)) throw badRequest('Host or X-Forwarded-* headers do not form a valid URL');
  return {
    method: event.requestContext.http.method,
    url,
    headers,
    query: event.queryStringParameters ?? {},
    rawBody,
  };
}
