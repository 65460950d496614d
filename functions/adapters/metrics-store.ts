/**
 * The metrics table: counters `C#<dimension>#<value>` / `<UTC hour YYYY-MM-DDTHH>` (older rows: a
 * UTC day), and rollups `R#<granularity>#<dimension>#<value>` / `<period>`.
 */
import { BatchWriteCommand, QueryCommand, UpdateCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { documents } from '#clients/dynamodb';
import { counterKey, type CounterDelta, type CounterFields } from '#domain/counters';
import { sumCounters } from '#domain/figures';
import type { Granularity, RollupRow } from '#domain/rollups';
import { requireEnv } from '../env';
import { counterUpdate } from './counter-updates';

/** One UpdateItem per key (already aggregated per batch), in parallel. */
export async function addCounters(deltas: CounterDelta[]): Promise<void> {
  const table = requireEnv('METRICS_TABLE');
  await Promise.all(deltas.map((d) => documents.send(new UpdateCommand(counterUpdate(table, d)))));
}

/** Counter rows with sort keys from…to (inclusive; a day bound like `2026-11-20T23` takes that day's last hour). */
export async function counterRows(dimension: string, value: string, from: string, to: string): Promise<Array<{ bucket: string; counters: CounterFields }>> {
  const items = await queryAll(counterKey(dimension, value), from, to);
  return items.map(({ pk: _pk, sk, ...counters }) => ({ bucket: String(sk), counters: counters as CounterFields }));
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
 * Overwrites one counter row's fields with recomputed values (backfill), leaving the fields that
 * cannot be recomputed (`keep`) as they are. Fields absent from `counters` are zeroed, not removed,
 * so a concurrent `ADD` still finds a number.
 */
export async function replaceCounters(dimension: string, value: string, bucket: string, counters: CounterFields, zero: string[]): Promise<void> {
  const fields = Object.entries({ ...Object.fromEntries(zero.map((f) => [f, 0])), ...counters });
  if (fields.length === 0) return;
  await documents.send(
    new UpdateCommand({
      TableName: requireEnv('METRICS_TABLE'),
      Key: { pk: counterKey(dimension, value), sk: bucket },
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
