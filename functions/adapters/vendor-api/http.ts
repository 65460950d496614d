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
  constructor(
    readonly vendor: string,
    readonly status: number | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${vendor} API: ${message}`, options);
    this.name = 'VendorApiError';
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
    if (!isRetryable(response.status) || attempt >= retry.attempts) {
      throw new VendorApiError(vendor, response.status, `GET ${new URL(url).pathname} answered ${response.status}`);
    }
    await sleep(retryAfterMs(response) ?? backoff(attempt, retry));
  }
}

function backoff(attempt: number, { baseDelayMs, maxDelayMs }: RetryPolicy): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

function retryAfterMs(response: Response): number | undefined {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, DEFAULT_RETRY.maxDelayMs) : undefined;
}
