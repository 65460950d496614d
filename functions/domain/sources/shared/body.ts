/** Raw-body decoding shared by sources: UTF-8 text, form-urlencoded fields, JSON or form by content type. */
import { badRequest, unsupportedMediaType } from '../../problem';
import { parseJsonBody } from '../../validate';
import type { WebhookRequest } from '../webhook-source';

export function bodyText(raw: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw badRequest('Body is not valid UTF-8');
  }
}

/**
 * `application/x-www-form-urlencoded` → fields. Repeated keys keep the last value: none of the
 * form vendors we accept repeat keys, and a plain record keeps callers simple.
 */
export function parseFormBody(raw: Buffer): Record<string, string> {
  const fields: Record<string, string> = Object.create(null);
  for (const [key, value] of new URLSearchParams(bodyText(raw))) fields[key] = value;
  return fields;
}

export function isFormEncoded(req: WebhookRequest): boolean {
  return (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

/**
 * A declared type must be `application/json` or some `+json` type (parameters allowed), else 415;
 * a body without a declared type is read as JSON, as the sender of a JSON-only endpoint meant.
 */
export function requireJsonMediaType(req: WebhookRequest): void {
  const type = req.headers['content-type']?.split(';')[0]!.trim().toLowerCase();
  if (type && type !== 'application/json' && !/^application\/[\w.-]+\+json$/.test(type)) {
    throw unsupportedMediaType('Content-Type must be application/json');
  }
}

/** Decodes by content type, so vendors that let admins pick JSON or form bodies both work. */
export function parseStructuredBody(req: WebhookRequest): unknown {
  return isFormEncoded(req) ? parseFormBody(req.rawBody) : parseJsonBody(req.rawBody);
}
