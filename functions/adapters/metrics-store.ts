/**
 * The metrics table: counters `C#<dimension>#<value>[#s<shard>]` / `<UTC hour YYYY-MM-DDTHH>` (older
 * rows: a UTC day) — one logical row spread over shards, summed here on read (see
 * functions/domain/counters.ts) — and rollups `R#<granularity>#<dimension>#<value>` / `<period>`.
 */
import { BatchWriteCommand, QueryCommand, UpdateCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { documents } from '#clients/dynamodb';
import { counterKey, physicalKeys, type CounterDelta, type CounterFields } from '#domain/counters';
import { sumCounters } from '#domain/figures';
import type { Granularity, RollupRow } from '#domain/rollups';
import { requireEnv } from '../env';
import { counterUpdate, moveShard } from './counter-updates';

/**
 * One UpdateItem per key (already aggregated per batch), in parallel, on this container's shard.
 * Outside a transaction; a TransactionConflictException (the row is inside someone's transaction)
 * is retried by the SDK, and the next batch moves to another shard.
 */
export async function addCounters(deltas: CounterDelta[]): Promise<void> {
  const table = requireEnv('METRICS_TABLE');
  try {
    await Promise.all(deltas.map((d) => documents.send(new UpdateCommand(counterUpdate(table, d)))));
  } catch (err) {
    moveShard();
    throw err;
  }
}

/**
 * Counter rows with sort keys from…to (inclusive; a day bound like `2026-11-20T23` takes that day's
 * last hour): every physical row of the logical key, queried in parallel and summed per bucket.
 */
export async function counterRows(dimension: string, value: string, from: string, to: string): Promise<Array<{ bucket: string; counters: CounterFields }>> {
  const byBucket = new Map<string, CounterFields[]>();
  for (const { sk, counters } of await physicalRows(dimension, value, from, to)) byBucket.set(sk, [...(byBucket.get(sk) ?? []), counters]);
  return [...byBucket].sort(([a], [b]) => (a < b ? -1 : 1)).map(([bucket, rows]) => ({ bucket, counters: sumCounters(rows) }));
}

async function physicalRows(dimension: string, value: string, from: string, to: string) {
  const pages = await Promise.all(physicalKeys(counterKey(dimension, value)).map((pk) => queryAll(pk, from, to)));
  return pages.flat().map(({ pk, sk, ...counters }) => ({ pk: String(pk), sk: String(sk), counters: counters as CounterFields }));
}

/** Counters summed per UTC day, from…to. */
export async function countersByDay(dimension: string, value: string, fromDay: string, toDay: string): Promise<Array<{ day: string; counters: CounterFields }>> {
  const byDay = new Map<string, CounterFields[]>();
  for (const { bucket, counters } of await counterRows(dimension, value, fromDay, `${toDay}T23`)) {
    const day = bucket.slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), counters]);
  }
  return [...byDay].map(([day, rows]) => ({ day, counters: sumCounters(rows) }));
}

/**
 * Overwrites one logical counter row's fields with recomputed values (backfill), leaving the fields
 * that cannot be recomputed as they are: the values go to the unsharded row and the same fields are
 * zeroed on every shard that has them, so the sum is the recomputed value. Fields absent from
 * `counters` are zeroed, not removed, so a concurrent `ADD` still finds a number.
 */
export async function replaceCounters(dimension: string, value: string, bucket: string, counters: CounterFields, zero: string[]): Promise<void> {
  const base = counterKey(dimension, value);
  const fields = Object.keys({ ...Object.fromEntries(zero.map((f) => [f, 0])), ...counters });
  for (const row of await physicalRows(dimension, value, bucket, bucket)) {
    const stale = fields.filter((f) => row.pk !== base && f in row.counters);
    if (stale.length) await setFields(row.pk, bucket, Object.fromEntries(stale.map((f) => [f, 0])));
  }
  await setFields(base, bucket, { ...Object.fromEntries(zero.map((f) => [f, 0])), ...counters });
}

async function setFields(pk: string, bucket: string, values: CounterFields): Promise<void> {
  const fields = Object.entries(values);
  if (fields.length === 0) return;
  await documents.send(
    new UpdateCommand({
      TableName: requireEnv('METRICS_TABLE'),
      Key: { pk, sk: bucket },
      UpdateExpression: `SET ${fields.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(fields.map(([name], i) => [`#f${i}`, name])),
      ExpressionAttributeValues: Object.fromEntries(fields.map(([, n], i) => [`:v${i}`, n])),
    }),
  );
}

export const rollupKey = (granularity: Granularity, dimension: string, value: string) => `R#${granularity}#${dimension}#${value}`;

export interface StoredRollup extends RollupRow {
  computedAt: string;
}

/** Rollup rows are overwritten whole, so re-running a rollup is idempotent. */
export async function putRollups(dimension: string, value: string, rows: RollupRow[], computedAt: string): Promise<void> {
  const table = requireEnv('METRICS_TABLE');
  const requests = rows.map(({ granularity, period, ...rest }) => ({
    PutRequest: { Item: { pk: rollupKey(granularity, dimension, value), sk: period, granularity, ...rest, computedAt } },
  }));
  for (let i = 0; i < requests.length; i += 25) {
    let pending: typeof requests | undefined = requests.slice(i, i + 25);
    for (let attempt = 0; pending?.length; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1_000, 50 * 2 ** attempt)));
      if (attempt > 8) throw new Error(`rollup rows not written after ${attempt} attempts`);
      const res = await documents.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = res.UnprocessedItems?.[table] as typeof requests | undefined;
    }
  }
}

export async function storedRollups(granularity: Granularity, dimension: string, value: string, from: string, to: string): Promise<StoredRollup[]> {
  const items = await queryAll(rollupKey(granularity, dimension, value), from, to);
  return items.map(({ pk: _pk, sk, ...rest }) => ({ ...(rest as Omit<StoredRollup, 'period'>), granularity, period: String(sk) }));
}

async function queryAll(pk: string, from: string, to: string): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let start: QueryCommandInput['ExclusiveStartKey'];
  do {
    const res = await documents.send(
      new QueryCommand({
        TableName: requireEnv('METRICS_TABLE'),
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(res.Items ?? []));
    start = res.LastEvaluatedKey;
  } while (start);
  return items;
}
