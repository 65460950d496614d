/** Counter and rollup rows in the metrics table. */
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '#clients/dynamodb';
import { counterKey, type CounterDelta, type CounterFields } from '#domain/counters';
import type { Figures } from '#domain/figures';
import { requireEnv } from '../env';
import { counterUpdate } from './counter-updates';

/** One UpdateItem per key (already aggregated per batch), in parallel. */
export async function addCounters(deltas: CounterDelta[]): Promise<void> {
  const table = requireEnv('METRICS_TABLE');
  await Promise.all(deltas.map((d) => documents.send(new UpdateCommand(counterUpdate(table, d)))));
}

export async function countersByDay(dimension: string, value: string, fromDay: string, toDay: string): Promise<Array<{ day: string; counters: CounterFields }>> {
  const res = await documents.send(
    new QueryCommand({
      TableName: requireEnv('METRICS_TABLE'),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': counterKey(dimension, value), ':from': fromDay, ':to': toDay },
    }),
  );
  return (res.Items ?? []).map(({ pk: _pk, sk, ...counters }) => ({ day: String(sk), counters: counters as CounterFields }));
}

export const rollupKey = (granularity: string, dimension: string, value: string) => `R#${granularity}#${dimension}#${value}`;

/** Rollup rows are overwritten whole, so re-running a rollup is idempotent. */
export async function putRollup(granularity: string, dimension: string, value: string, period: string, figures: Figures, computedAt: string): Promise<void> {
  await documents.send(
    new PutCommand({
      TableName: requireEnv('METRICS_TABLE'),
      Item: { pk: rollupKey(granularity, dimension, value), sk: period, figures, computedAt },
    }),
  );
}

export async function rollups(granularity: string, dimension: string, value: string, from: string, to: string): Promise<Array<{ period: string; figures: Figures }>> {
  const res = await documents.send(
    new QueryCommand({
      TableName: requireEnv('METRICS_TABLE'),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': rollupKey(granularity, dimension, value), ':from': from, ':to': to },
    }),
  );
  return (res.Items ?? []).map((i) => ({ period: String(i.sk), figures: i.figures as Figures }));
}
