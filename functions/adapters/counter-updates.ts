/**
 * Counter writes: one update expression per counter key (`ADD field :n, …`, atomic, no lost
 * increments), placed on one of the key's physical shards (functions/domain/counters.ts).
 *
 * Each Lambda container keeps writing to one shard, picked at random when it starts: a container
 * runs one batch at a time, so its own transactions never overlap each other, and two containers
 * meet on a shard only when they picked the same one. When they do collide (TransactionConflict),
 * the loser moves to another random shard (`moveShard`), so contention spreads itself out.
 */
import { randomInt } from 'node:crypto';
import { COUNTER_SHARDS, shardKey, type CounterDelta } from '#domain/counters';

let shard = randomInt(COUNTER_SHARDS);

export const currentShard = () => shard;

/** After a conflict: another shard than the contended one. */
export function moveShard(): number {
  if (COUNTER_SHARDS < 2) return shard;
  shard = (shard + 1 + randomInt(COUNTER_SHARDS - 1)) % COUNTER_SHARDS;
  return shard;
}

export function counterUpdate(tableName: string, delta: CounterDelta, onShard: number = shard) {
  const fields = Object.entries(delta.add);
  return {
    TableName: tableName,
    Key: { pk: shardKey(delta.pk, onShard), sk: delta.sk },
    UpdateExpression: `ADD ${fields.map((_, i) => `#f${i} :v${i}`).join(', ')}`,
    ExpressionAttributeNames: Object.fromEntries(fields.map(([name], i) => [`#f${i}`, name])),
    ExpressionAttributeValues: Object.fromEntries(fields.map(([, n], i) => [`:v${i}`, n])),
  };
}
