/**
 * GET-with-retries for vendor APIs. Retries 429 and 5xx (and network errors) with exponential
 * backoff and jitter, honouring Retry-After when the vendor sends one; anything else is final.
 */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 200, maxDelayMs: 5_000 };

export class VendorApiError extends Error {
  /** The vendor's Retry-After, when it sent one (429/503). */
  readonly retryAfterMs: number | undefined;
  constructor(
    readonly vendor: string,
    readonly status: number | undefined,
    message: string,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(`${vendor} API: ${message}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'VendorApiError';
    this.retryAfterMs = options?.retryAfterMs;
  }
}

export interface GetJsonInput {
  vendor: string;
  url: string;
  headers: Record<string, string>;
  retry?: RetryPolicy;
  /** Injected for tests; defaults to real timers. */
  sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const isRetryable = (status: number) => status === 429 || status >= 500;

/**
 * One path segment built from a vendor id: percent-encoded, and never `.`/`..` (which URL
 * resolution would turn into a walk up the vendor's API with our token attached). The sources'
 * schemas already restrict ids to each vendor's alphabet; this is the second lock.
 */
export function pathSegment(id: string): string {
  if (id === '' || id === '.' || id === '..') throw new VendorApiError('vendor', undefined, `refusing path segment "${id}"`);
  return encodeURIComponent(id);
}

export async function getJson({ vendor, url, headers, retry = DEFAULT_RETRY, sleep = sleepFor }: GetJsonInput): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(url, { headers: { accept: 'application/json', ...headers } });
    } catch (err) {
      if (attempt >= retry.attempts) throw new VendorApiError(vendor, undefined, 'request failed', { cause: err });
      await sleep(backoff(attempt, retry));
      continue;
    }
    if (response.ok) return response.json();
    const retryAfter = retryAfterMs(response);
    const wait = retryAfter ?? backoff(attempt, retry);
    // A vendor asking for longer than this policy may wait (ingest answers its webhook within
    // seconds) is not retried here: the error carries the delay so the caller can pass it on.
    if (!isRetryable(response.status) || attempt >= retry.attempts || wait > retry.maxDelayMs) {
      throw new VendorApiError(vendor, response.status, `GET ${new URL(url).pathname} answered ${response.status}`, retryAfter === undefined ? undefined : { retryAfterMs: retryAfter });
    }
    await sleep(wait);
  }
}

function backoff(attempt: number, { baseDelayMs, maxDelayMs }: RetryPolicy): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/** Retry-After as delta-seconds or an HTTP-date (RFC 9110 §10.2.3). */
function retryAfterMs(response: Response): number | undefined {
  const header = response.headers.get('retry-after')?.trim();
  if (!header) return undefined;
  if (/^\d+$/.test(header)) return Number(header) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
