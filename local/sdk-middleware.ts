/**
 * Middleware attached to the handlers' own SDK clients from outside the handlers: a call observer
 * (benchmarks report AWS requests per event) and a fault injector (tests throttle, time out or
 * fail a call before or after it reached the service). Handlers never know either is there.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { appendFileSync } from 'node:fs';
import type { DeserializeHandler, FinalizeHandler, HandlerExecutionContext, MetadataBearer, MiddlewareStack } from '@smithy/types';
import { seededRandom } from '../functions/domain/seeded-random';

/** Any AWS SDK v3 client: all we touch is its middleware stack. */
export interface AnyClient {
  middlewareStack: MiddlewareStack<any, MetadataBearer>; // eslint-disable-line @typescript-eslint/no-explicit-any
}
type Next = DeserializeHandler<any, MetadataBearer>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Sees every request that reaches the wire, retries included, with its input. */
export function observeCalls(client: AnyClient, observe: (operation: string, input: Record<string, unknown>) => void): void {
  client.middlewareStack.add(
    (next: Next, context: HandlerExecutionContext) => async (args) => {
      observe(String(context.commandName).replace(/Command$/, ''), (args as { input?: Record<string, unknown> }).input ?? {});
      return next(args);
    },
    // Below the retry middleware, so each attempt counts like AWS bills it.
    { step: 'deserialize', name: 'cxLoopCallObserver', override: true },
  );
}

/**
 * Times every request that reaches the wire (one attempt: serialize, send, wait, parse), for the
 * bench's `--trace` latency breakdown: `done(operation, input, ms)` once each attempt settles.
 */
export function timeCalls(client: AnyClient, done: (operation: string, input: Record<string, unknown>, ms: number) => void): void {
  client.middlewareStack.add(
    (next: Next, context: HandlerExecutionContext) => async (args) => {
      const started = performance.now();
      try {
        return await next(args);
      } finally {
        done(String(context.commandName).replace(/Command$/, ''), (args as { input?: Record<string, unknown> }).input ?? {}, performance.now() - started);
      }
    },
    { step: 'deserialize', name: 'cxLoopCallTimer', override: true },
  );
}

/**
 * Appends each request as sent (`{ target, body }` per line: the X-Amz-Target header and the JSON
 * body) to `file` between start() and stop(), for replaying a run's exact load (bench/replay.ts).
 */
export function recordRequests(client: AnyClient, file: string) {
  let on = false;
  client.middlewareStack.add(
    (next: FinalizeHandler<any, MetadataBearer>) => async (args) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      const request = args.request as { headers: Record<string, string>; body?: unknown };
      if (on) appendFileSync(file, `${JSON.stringify({ target: request.headers['x-amz-target'], body: Buffer.from(request.body as Uint8Array | string).toString('utf8') })}\n`);
      return next(args);
    },
    { step: 'finalizeRequest', name: 'cxLoopRequestRecorder', override: true },
  );
  return { start: () => void (on = true), stop: () => void (on = false) };
}

export type FaultKind =
  /** The service refuses before doing anything: SDK retries it with backoff. */
  | 'throttle'
  /** The request never returns: SDK retries it as a transient error. */
  | 'timeout'
  /** The call succeeded at the service, then the caller died before seeing the answer. */
  | 'crash-after'
  /**
   * TransactWriteItems cancelled because another transaction held one of its items (what DynamoDB
   * answers when concurrent transactions meet on a counter row; DynamoDB Local never does): nothing
   * applied, CancellationReasons `TransactionConflict` on the first Update (a counter row), `None` elsewhere.
   */
  | 'transaction-conflict';

export interface Fault {
  operation: string;
  kind: FaultKind;
  /** How many matching calls fail; then calls pass again. */
  times: number;
  /** Narrows the fault to some calls, e.g. one queue's sends. */
  when?: (input: Record<string, unknown>) => boolean;
  /** Share of matching calls that fail (default 1: every one until `times` runs out), for realistic rates. */
  rate?: number;
}

/** Each injection draws its `rate` decisions from its own seeded sequence (1, 2, 3… in install order). */
let injections = 0;

/**
 * Installs faults; returns a function telling how many were injected so far. A `rate` is decided by
 * a seeded generator, not Math.random: the k-th matching call meets the k-th draw whichever batch
 * makes it, so how many of the first N calls fail is the same on every run (a test asserting "some
 * conflicts were injected" cannot fail by luck, and a soak's fault counts are reproducible).
 */
export function injectFaults(client: AnyClient, faults: Fault[]): () => number {
  let injected = 0;
  const random = seededRandom(++injections);
  const remaining = faults.map((f) => ({ ...f }));
  client.middlewareStack.add(
    (next: Next, context: HandlerExecutionContext) => async (args) => {
      const operation = String(context.commandName).replace(/Command$/, '');
      const input = (args as { input?: Record<string, unknown> }).input ?? {};
      const fault = remaining.find((f) => f.operation === operation && f.times > 0 && (f.when?.(input) ?? true));
      if (!fault || (fault.rate !== undefined && random() >= fault.rate)) return next(args);
      fault.times--;
      injected++;
      if (fault.kind === 'crash-after') {
        await next(args);
        throw Object.assign(new Error(`injected crash after ${operation}`), { name: 'InjectedCrash', $metadata: {} });
      }
      if (fault.kind === 'transaction-conflict') throw transactionConflict(input);
      throw serviceError(fault.kind, operation);
    },
    // Inside the retry loop: SDK retries see these exactly like real service errors.
    { step: 'deserialize', name: 'cxLoopFaultInjector', override: true },
  );
  return () => injected;
}

function serviceError(kind: 'throttle' | 'timeout', operation: string) {
  const name = kind === 'throttle' ? 'ThrottlingException' : 'TimeoutError';
  return Object.assign(new Error(`injected ${kind} on ${operation}`), {
    name,
    $fault: kind === 'throttle' ? 'client' : 'server',
    $metadata: { httpStatusCode: kind === 'throttle' ? 400 : undefined },
    ...(kind === 'throttle' ? { $retryable: { throttling: true } } : {}),
  });
}

function transactionConflict(input: Record<string, unknown>) {
  const items = (input.TransactItems as Array<Record<string, unknown>> | undefined) ?? [];
  const contended = Math.max(0, items.findIndex((item) => 'Update' in item));
  return new TransactionCanceledException({
    message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [injected]',
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: items.map((_, i) =>
      i === contended ? { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' } : { Code: 'None' },
    ),
  });
}
