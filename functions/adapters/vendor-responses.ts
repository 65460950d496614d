/**
 * Completes thin-payload webhooks: reads each named response from the vendor's REST API with the
 * token kept in the `VENDOR_API_SECRET_ID` secret (`{"<vendor>": {"token": "…", "baseUrl": "…"}}`).
 */
import type { SourceResult } from '#domain/sources/webhook-source';
import type { FetchRequest, ThinPayloadSource } from '#domain/sources/shared/thin-payload';
import { fetchThinResponse } from './vendor-api';
import { jsonSecret } from './json-secret';

/** Ingest answers the vendor while it waits: keep retries short so the webhook is acknowledged in time. */
const INGEST_RETRY = { attempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 };

export async function completeThinPayload(source: ThinPayloadSource, request: FetchRequest, now: Date): Promise<SourceResult[]> {
  const credentials = (await jsonSecret<Record<string, { token?: string; baseUrl?: string } | undefined>>('VENDOR_API_SECRET_ID'))?.[request.vendor];
  if (!credentials?.token) throw new Error(`No API token configured for ${request.vendor}`);
  const config = { token: credentials.token, retry: INGEST_RETRY, ...(credentials.baseUrl ? { baseUrl: credentials.baseUrl } : {}) };
  return Promise.all(request.items.map(async (item) => source.complete(await fetchThinResponse(request.vendor, item, config), item, now)));
}
