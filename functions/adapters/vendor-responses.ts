/**
 * Completes thin-payload webhooks: reads each named response from the vendor's REST API with the
 * token kept in the `VENDOR_API_SECRET_ID` secret (`{"<vendor>": {"token": "…", "baseUrl": "…"}}`).
 *
 * One delivery may name many responses (HubSpot batches up to 100 events), so the reads run with
 * bounded concurrency: a burst must not become hundreds of parallel calls against the vendor's
 * rate limit with our token. The handler caps the item count before we get here.
 */
import type { SourceResult } from '#domain/sources/webhook-source';
import type { FetchRequest, ThinPayloadSource } from '#domain/sources/shared/thin-payload';
import { fetchThinResponse } from './vendor-api';
import { jsonSecret } from './json-secret';

/** Ingest answers the vendor while it waits: keep retries short so the webhook is acknowledged in time. */
const INGEST_RETRY = { attempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 };

/** Vendor reads in flight at once for one delivery. */
export const VENDOR_API_CONCURRENCY = 4;

export async function completeThinPayload(source: ThinPayloadSource, request: FetchRequest, now: Date): Promise<SourceResult[]> {
  const credentials = (await jsonSecret<Record<string, { token?: string; baseUrl?: string } | undefined>>('VENDOR_API_SECRET_ID'))?.[request.vendor];
  if (!credentials?.token) throw new Error(`No API token configured for ${request.vendor}`);
  const config = { token: credentials.token, retry: INGEST_RETRY, ...(credentials.baseUrl ? { baseUrl: credentials.baseUrl } : {}) };
  return mapConcurrent(request.items, VENDOR_API_CONCURRENCY, async (item) => source.complete(await fetchThinResponse(request.vendor, item, config), item, now));
}

/** `work` over `items` with at most `limit` in flight; results in input order; the first failure rejects. */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index]!);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}
