/**
 * Stores analyzed feedback and its counter increments in one DynamoDB transaction per batch, so an
 * event is counted exactly when it is stored: a redelivered event fails its `attribute_not_exists`
 * condition, is dropped from the batch with its stored copy returned, and the rest is retried.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, paginateQuery, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '#clients/dynamodb';
import { aggregate, type CounterFields } from '#domain/counters';
import { isTombstone } from '#domain/erasure';
import { requireEnv } from '../env';
import { counterUpdate } from './counter-updates';

export interface StoredFeedback {
  pk: string;
  [attribute: string]: unknown;
}

export interface NewFeedback {
  item: StoredFeedback;
  counters: { dims: Array<[string, string]>; day: string; add: CounterFields };
}

export interface StoreResult {
  stored: StoredFeedback[];
  /** Already stored by an earlier delivery: the item as it was stored then. */
  duplicates: StoredFeedback[];
  /** Responses whose customer was erased (a tombstone holds the dedupe key): acknowledged, never stored again. */
  erased: StoredFeedback[];
}

/** DynamoDB allows 100 items per transaction; 10 events with their counter keys stay well under. */
const MAX_ATTEMPTS = 4;

export async function storeFeedbackBatch(batch: NewFeedback[]): Promise<StoreResult> {
  const feedbackTable = requireEnv('FEEDBACK_TABLE');
  const metricsTable = requireEnv('METRICS_TABLE');
  let pending = batch;
  const duplicates: StoredFeedback[] = [];
  const erased: StoredFeedback[] = [];

  for (let attempt = 1; pending.length > 0; attempt++) {
    const deltas = aggregate(pending.map((p) => p.counters));
    try {
      await documents.send(
        new TransactWriteCommand({
          TransactItems: [
            ...pending.map((p) => ({
              Put: {
                TableName: feedbackTable,
                Item: p.item,
                ConditionExpression: 'attribute_not_exists(pk)',
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
              },
            })),
            ...deltas.map((d) => ({ Update: counterUpdate(metricsTable, d) })),
          ],
        }),
      );
      return { stored: pending.map((p) => p.item), duplicates, erased };
    } catch (err) {
      const reasons = err instanceof TransactionCanceledException ? err.CancellationReasons : undefined;
      const failed = new Set(
        (reasons ?? []).flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' && i < pending.length ? [i] : [])),
      );
      if (failed.size === 0 || attempt >= MAX_ATTEMPTS) throw err;
      for (const i of failed) {
        const old = await storedCopy(feedbackTable, pending[i]!.item.pk);
        (isTombstone(old) ? erased : duplicates).push(old);
      }
      pending = pending.filter((_, i) => !failed.has(i));
    }
  }
  return { stored: [], duplicates, erased };
}

/** The condition-failure reason carries the old item in DynamoDB proper; fetch it when an emulator omits it. */
async function storedCopy(table: string, pk: string): Promise<StoredFeedback> {
  const res = await documents.send(new GetCommand({ TableName: table, Key: { pk }, ConsistentRead: true }));
  return (res.Item as StoredFeedback | undefined) ?? { pk };
}

export async function getFeedback(pk: string): Promise<StoredFeedback | undefined> {
  const res = await documents.send(new GetCommand({ TableName: requireEnv('FEEDBACK_TABLE'), Key: { pk } }));
  return res.Item as StoredFeedback | undefined;
}

/** Most recent first, for one UTC day. */
export async function listFeedbackByDay(day: string, limit = 50): Promise<StoredFeedback[]> {
  const res = await documents.send(
    new QueryCommand({
      TableName: requireEnv('FEEDBACK_TABLE'),
      IndexName: 'byDay',
      KeyConditionExpression: '#d = :d',
      ExpressionAttributeNames: { '#d': 'day' },
      ExpressionAttributeValues: { ':d': day },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (res.Items ?? []) as StoredFeedback[];
}

/**
 * Received at or after `since` on one UTC day, oldest first, every page. For following new feedback:
 * items land after analysis, not in receivedAt order, so callers re-read a window and skip what they saw.
 */
export async function listFeedbackSince(day: string, since: string): Promise<StoredFeedback[]> {
  const items: StoredFeedback[] = [];
  const pages = paginateQuery(
    { client: documents },
    {
      TableName: requireEnv('FEEDBACK_TABLE'),
      IndexName: 'byDay',
      KeyConditionExpression: '#d = :d AND receivedAt >= :since',
      ExpressionAttributeNames: { '#d': 'day' },
      ExpressionAttributeValues: { ':d': day, ':since': since },
    },
  );
  for await (const page of pages) items.push(...((page.Items ?? []) as StoredFeedback[]));
  return items;
}
