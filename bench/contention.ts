/**
 * The counter-contention model behind docs/scaling.md: a discrete-event simulation of analyze in
 * AWS — concurrent containers, each running one SQS batch at a time and ending it with one
 * TransactWriteItems on its counter shard. DynamoDB cancels a transaction that meets another one
 * still in flight on the same item (TransactionConflict); the loser backs off with full jitter and
 * moves to another shard, as functions/adapters/feedback-store.ts does.
 *
 * `npm run bench:contention` prints, per load and shard count: containers, conflict rate per
 * attempt, attempts per batch, batches that would run out of retries, and write units per second
 * on the hottest physical counter row. Inputs are assumptions written below, not measurements.
 */
import { COUNTER_SHARDS } from '../functions/domain/counters';
import { EVENT_SOURCES } from '../lib/pipeline-spec';

interface Scenario {
  eventsPerSecond: number;
  shards: number;
  /** Events per SQS batch (lib/pipeline-spec.ts). */
  batchSize: number;
  /** A batch's work before the store transaction: parse, BatchGet, Comprehend, recovery links (ms). */
  workMs: number;
  /** How long a transaction holds its items (ms): DynamoDB's transaction latency. */
  txMs: number;
  /** Transaction write units per counter-row update (items under 1 KB: 2). */
  wcuPerUpdate: number;
  maxRetries: number;
  /** The event source's maxConcurrency: containers never exceed it, whatever the load. */
  maxConcurrency?: number;
}

const BASE: Omit<Scenario, 'eventsPerSecond' | 'shards'> = { batchSize: 10, workMs: 250, txMs: 25, wcuPerUpdate: 2, maxRetries: 12 };

export function simulate(s: Scenario, seconds = 120, seed = 1) {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const batchesPerSecond = s.eventsPerSecond / s.batchSize;
  // Little's law: containers busy = arrival rate × time per batch.
  const needed = Math.max(1, Math.ceil(batchesPerSecond * ((s.workMs + s.txMs) / 1000)));
  const containers = Math.min(needed, s.maxConcurrency ?? Infinity);
  const busyUntil = new Array<number>(s.shards).fill(0);
  const writesPerShard = new Array<number>(s.shards).fill(0);
  type C = { shard: number; next: number; retries: number };
  const fleet: C[] = Array.from({ length: containers }, () => ({ shard: Math.floor(random() * s.shards), next: random() * s.workMs, retries: 0 }));
  let attempts = 0;
  let conflicts = 0;
  let batches = 0;
  let exhausted = 0;
  const end = seconds * 1000;
  for (;;) {
    // The next container to attempt its transaction (event-driven; fleets are small).
    let c = fleet[0]!;
    for (const f of fleet) if (f.next < c.next) c = f;
    const t = c.next;
    if (t > end) break;
    attempts++;
    if (busyUntil[c.shard]! > t) {
      conflicts++;
      c.retries++;
      if (c.retries > s.maxRetries) {
        exhausted++;
        c.retries = 0;
        c.next = t + s.workMs * (0.5 + random());
        continue;
      }
      c.shard = (c.shard + 1 + Math.floor(random() * (s.shards - 1))) % s.shards;
      c.next = t + random() * Math.min(1000, 25 * 2 ** c.retries);
      continue;
    }
    busyUntil[c.shard] = t + s.txMs;
    writesPerShard[c.shard]!++;
    batches++;
    c.retries = 0;
    c.next = t + s.txMs + s.workMs * (0.5 + random());
  }
  const hottest = Math.max(...writesPerShard) / seconds;
  return {
    offeredPerSecond: s.eventsPerSecond,
    shards: s.shards,
    containers,
    // Containers run flat out here, so this is what the fleet can do (≥ offered when not capped).
    processedPerSecond: Math.round((batches * s.batchSize) / seconds),
    conflictPerAttempt: round(conflicts / attempts),
    attemptsPerBatch: round(attempts / Math.max(1, batches)),
    failedBatches: exhausted,
    hottestRowWcuPerSecond: Math.round(hottest * s.wcuPerUpdate),
  };
}

const MAX_CONCURRENCY = EVENT_SOURCES.find((e) => e.function === 'analyze')!.maxConcurrency!;

const round = (n: number) => Math.round(n * 1000) / 1000;

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = [];
  for (const eventsPerSecond of [5_000, 20_000]) {
    for (const shards of [1, 8, 32, 64, 128]) rows.push(simulate({ ...BASE, eventsPerSecond, shards }));
  }
  // As deployed: maxConcurrency caps the fleet (lib/pipeline-spec.ts); a burst above it waits in SQS.
  for (const eventsPerSecond of [5_000, 20_000]) rows.push(simulate({ ...BASE, eventsPerSecond, shards: COUNTER_SHARDS, maxConcurrency: MAX_CONCURRENCY }));
  console.table(rows);
}
