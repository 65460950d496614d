/**
 * Stores analyzed feedback and moves its counters in one DynamoDB transaction per batch, so an event
 * is counted exactly when it is stored, and a revision's counters move exactly when it replaces the
 * version they were computed from.
 *
 * Exactly-once reasoning (why no retry, redelivery, race or revision counts twice):
 *   Each feedback write in the transaction is conditional on the stored version being the one its
 *   counter delta was computed from, and the transaction applies all of its writes or none:
 *   - a new response: `attribute_not_exists(pk)`; delta = its contribution;
 *   - a revision: the stored revision is the one that was read (`revision = :seen`, or none);
 *     delta = the new version's contribution minus the read version's.
 *   So counters move if and only if the feedback items change, and by exactly the difference.
 *   - Redelivered after success (SQS at-least-once, a crash after commit, an SDK retry of a commit
 *     whose answer was lost): the condition fails (the key exists, the revision moved on); the
 *     stored copy is read back and judged again by `revise` — a duplicate or an older version
 *     changes nothing, and the rest of the batch is retried without it.
 *   - Two versions racing: both read v1; the first commits v1→v2; the second's condition fails, it
 *     reads v2 and either replaces it (its delta now computed from v2) or, being older, stops.
 *   - TransactionConflict (another transaction on a shared counter row at that instant) and
 *     throttling cancel the whole transaction: nothing was applied, so the same writes are retried
 *     after a jittered backoff, moved to another counter shard. Only conflicts outlasting the retry
 *     budget fail the batch; SQS then redelivers it and the conditions above keep it exactly-once.
 *   An erased response (privacy) must be recognised in `revise` before a revision is built.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, paginateQuery, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '#clients/dynamodb';
import { aggregate, negated, type Contribution } from '#domain/counters';
import { isTombstone } from '#domain/erasure';
import { logger, metrics } from '#powertools';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { requireEnv } from '../env';
import { counterUpdate, currentShard, moveShard } from './counter-updates';
import { getAll } from './batch-items';

export interface StoredFeedback {
  pk: string;
  [attribute: string]: unknown;
}

export interface NewFeedback {
  item: StoredFeedback;
  /** What the item adds to the counters. */
  counters: Contribution;
  /** For a revision: the replaced version's contribution, taken out in the same transaction. */
  uncount?: Contribution;
  /**
   * Asked when the key is already stored: this delivery as a revision of `stored` (its item and
   * counters, with `uncount` = what `stored` had added), or undefined when it changes nothing.
   */
  revise?: (stored: StoredFeedback) => NewFeedback | undefined;
}

export interface StoreResult {
  stored: StoredFeedback[];
  /** Already stored by an earlier delivery (or a later version): the item as it is stored. */
  duplicates: StoredFeedback[];
  /** Responses whose customer was erased (a tombstone holds the dedupe key): acknowledged, never stored again. */
  erased: StoredFeedback[];
  /** Later versions that replaced a stored one. */
  revised: Array<{ item: StoredFeedback; previous: StoredFeedback }>;
}

/** DynamoDB allows 100 items per transaction; 10 events with their counter keys stay well under. */
const MAX_CONDITION_ROUNDS = 6;
/** Conflict/throttle retries: full jitter on 25 ms · 2^n, capped at 1 s — about 6 s at most, well inside analyze's 30 s. */
const MAX_CONFLICT_RETRIES = 12;
const BACKOFF_BASE_MS = 25;
const BACKOFF_CAP_MS = 1_000;
/** Cancellation codes that mean "nothing applied, try the same writes again". */
const TRANSIENT = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded']);

interface Pending extends NewFeedback {
  /** The stored version this write replaces (a revision), or none (a new response). */
  replaces?: StoredFeedback;
}

export async function storeFeedbackBatch(batch: NewFeedback[]): Promise<StoreResult> {
  const feedbackTable = requireEnv('FEEDBACK_TABLE');
  const metricsTable = requireEnv('METRICS_TABLE');
  let pending: Pending[] = batch;
  const duplicates: StoredFeedback[] = [];
  const erased: StoredFeedback[] = [];
  let conditionRounds = 0;
  let conflicts = 0;

  while (pending.length > 0) {
    const deltas = aggregate(pending.flatMap((p) => (p.uncount ? [p.counters, negated(p.uncount)] : [p.counters])));
    const shard = currentShard();
    try {
      await documents.send(
        new TransactWriteCommand({
          TransactItems: [
            ...pending.map((p) => ({ Put: { TableName: feedbackTable, Item: p.item, ...conditionFor(p.replaces) } })),
            ...deltas.map((d) => ({ Update: counterUpdate(metricsTable, d, shard) })),
          ],
        }),
      );
      if (conflicts > 0) metrics.addMetric('CounterConflictRetries', MetricUnit.Count, conflicts);
      return {
        stored: pending.filter((p) => !p.replaces).map((p) => p.item),
        duplicates,
        erased,
        revised: pending.flatMap((p) => (p.replaces ? [{ item: p.item, previous: p.replaces }] : [])),
      };
    } catch (err) {
      const reasons = err instanceof TransactionCanceledException ? (err.CancellationReasons ?? []) : [];
      const failed = new Set(reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' && i < pending.length ? [i] : [])));
      // A server error left over after the SDK's own retries (DynamoDB Local answers lock waits with
      // one) may or may not have applied: retrying is safe, the conditions turn an applied one into duplicates.
      const transient = reasons.some((r) => TRANSIENT.has(r.Code ?? '')) || (err as { $fault?: string }).$fault === 'server';
      const unexplained = reasons.some((r) => r.Code && r.Code !== 'None' && r.Code !== 'ConditionalCheckFailed' && !TRANSIENT.has(r.Code));
      if (unexplained || (failed.size === 0 && !transient)) throw err;

      if (failed.size > 0) {
        // Someone stored these keys since we looked: judge this delivery against what is there now.
        if (++conditionRounds > MAX_CONDITION_ROUNDS) throw err;
        const next: Pending[] = [];
        for (const [i, p] of pending.entries()) {
          if (!failed.has(i)) {
            next.push(p);
            continue;
          }
          const stored = await storedCopy(feedbackTable, p.item.pk);
          // An erased response's tombstone is never revised: the erasure stays complete.
          if (stored && isTombstone(stored)) {
            erased.push(stored);
            continue;
          }
          const revision = stored && p.revise?.(stored);
          if (stored && revision) next.push({ ...revision, replaces: stored });
          else duplicates.push(stored ?? { pk: p.item.pk });
        }
        pending = next;
        continue;
      }
      // Nothing was applied: the same writes again, later, on another shard.
      if (++conflicts > MAX_CONFLICT_RETRIES) {
        logger.error('counter conflicts outlasted the retry budget', { conflicts });
        throw err;
      }
      moveShard();
      await sleep(Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** conflicts));
    }
  }
  return { stored: [], duplicates, erased, revised: [] };
}

/** New: the key must be free. Revision: the stored version must still be the one we read. */
function conditionFor(replaces: StoredFeedback | undefined) {
  if (!replaces) return { ConditionExpression: 'attribute_not_exists(pk)' };
  const seen = replaces.revision;
  return typeof seen === 'number'
    ? { ConditionExpression: 'attribute_exists(pk) AND #rev = :seen', ExpressionAttributeNames: { '#rev': 'revision' }, ExpressionAttributeValues: { ':seen': seen } }
    : { ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#rev)', ExpressionAttributeNames: { '#rev': 'revision' } };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The stored copy, read strongly consistent (the write that beat ours is visible). Undefined if it vanished since (TTL, erasure). */
async function storedCopy(table: string, pk: string): Promise<StoredFeedback | undefined> {
  const res = await documents.send(new GetCommand({ TableName: table, Key: { pk }, ConsistentRead: true }));
  return res.Item as StoredFeedback | undefined;
}

export async function getFeedback(pk: string): Promise<StoredFeedback | undefined> {
  const res = await documents.send(new GetCommand({ TableName: requireEnv('FEEDBACK_TABLE'), Key: { pk } }));
  return res.Item as StoredFeedback | undefined;
}

/** Many feedback records in one request per hundred (as getFeedback: eventually consistent), by key. */
export async function getFeedbacks(pks: readonly string[]): Promise<Map<string, StoredFeedback>> {
  const unique = [...new Set(pks)];
  if (unique.length === 0) return new Map();
  const items = await getAll(requireEnv('FEEDBACK_TABLE'), unique.map((pk) => ({ pk })), false);
  return new Map(items.map((item) => [String(item.pk), item as unknown as StoredFeedback]));
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
