/**
 * Outbound HTTP for connectors, with the one distinction exactly-once depends on:
 * - answered: the service replied with a status. 429 and 5xx are retried here with backoff and
 *   jitter (Retry-After honoured); other statuses are final. Either way we know what happened.
 * - unanswered: a timeout or a broken connection, after which the message may or may not have
 *   arrived. Only idempotent calls (Zendesk with its Idempotency-Key, lookups) retry those; for a
 *   chat post the caller must not guess, and records the delivery as uncertain.
 */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
}

export const CONNECTOR_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 200, maxDelayMs: 2_000, timeoutMs: 5_000 };

export class ConnectorError extends Error {
  constructor(
    readonly connector: string,
    /** The HTTP status when the service answered; undefined when it did not (timeout, reset). */
    readonly status: number | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${connector}: ${message}`, options);
    this.name = 'ConnectorError';
  }

  get answered() {
    return this.status !== undefined;
  }
}

export interface HttpCall {
  connector: string;
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Safe to repeat after a timeout (the service de-duplicates, or the call only reads). */
  idempotent: boolean;
  retry?: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const retryable = (status: number) => status === 429 || status >= 500;

export async function callJson({ connector, method, url, headers = {}, body, idempotent, retry = CONNECTOR_RETRY, sleep = sleepFor }: HttpCall): Promise<{ status: number; json: unknown }> {
  const path = new URL(url).pathname;
  for (let attempt = 1; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(retry.timeoutMs),
      });
    } catch (err) {
      if (!idempotent || attempt >= retry.attempts) throw new ConnectorError(connector, undefined, `${method} ${path} got no answer (${(err as Error).name})`, { cause: err });
      await sleep(backoff(attempt, retry));
      continue;
    }
    const text = await res.text().catch(() => '');
    if (res.ok) return { status: res.status, json: parse(text) };
    if (!retryable(res.status) || attempt >= retry.attempts) throw new ConnectorError(connector, res.status, `${method} ${path} answered ${res.status}`);
    await sleep(retryAfterMs(res, retry) ?? backoff(attempt, retry));
  }
}

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

function backoff(attempt: number, { baseDelayMs, maxDelayMs }: RetryPolicy): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

function retryAfterMs(res: Response, { maxDelayMs }: RetryPolicy): number | undefined {
  const seconds = Number(res.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, maxDelayMs) : undefined;
}

export const basicAuth = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
