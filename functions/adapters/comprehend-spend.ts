/**
 * The month's Comprehend spend, for the budget guard (functions/domain/budget.ts): units added per
 * stored batch to `S#comprehend[#s<n>]` / `<YYYY-MM>` in the metrics table, and read back summed.
 *
 * Kept beside the cost counters rather than read from them: the guard asks before every batch, and
 * the month's counters are an hourly row per shard and dimension (65 partitions, ~720 rows each),
 * while these are 65 small items fetched with one BatchGetItem and cached for CACHE_MS per container.
 * Sharded like the counters (functions/adapters/counter-updates.ts) so every analyze container does
 * not meet on one item. The ADD runs once Comprehend has answered, beside the store transaction
 * (functions/handlers/text-analysis.ts), best effort: a crash before it leaves one batch uncounted
 * here, which can only make the guard late by that much; a batch whose store failed after its ADD is
 * analyzed again when SQS redelivers it, and Comprehend bills that again, so it is counted again.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '#clients/dynamodb';
import { physicalKeys, shardKey } from '#domain/counters';
import { requireEnv } from '../env';
import { getAll } from './batch-items';
import { currentShard } from './counter-updates';

const SPEND_KEY = 'S#comprehend';
/** How long a container trusts its last read; the guard may overshoot by what the fleet spends in this time. */
const CACHE_MS = 30_000;
let cached: { month: string; units: number; at: number } | undefined;

export async function comprehendUnitsSpent(month: string, now = Date.now()): Promise<number> {
  if (cached && cached.month === month && now - cached.at < CACHE_MS) return cached.units;
  const items = await getAll(requireEnv('METRICS_TABLE'), physicalKeys(SPEND_KEY).map((pk) => ({ pk, sk: month })), false);
  const units = items.reduce((sum, item) => sum + (typeof item.units === 'number' ? item.units : 0), 0);
  cached = { month, units, at: now };
  return units;
}

export async function addComprehendSpend(month: string, units: number): Promise<void> {
  if (units <= 0) return;
  await documents.send(
    new UpdateCommand({
      TableName: requireEnv('METRICS_TABLE'),
      Key: { pk: shardKey(SPEND_KEY, currentShard()), sk: month },
      UpdateExpression: 'ADD #units :n',
      ExpressionAttributeNames: { '#units': 'units' },
      ExpressionAttributeValues: { ':n': units },
    }),
  );
  if (cached?.month === month) cached.units += units;
}

/** Tests: forget the cached read. */
export const forgetSpendCache = () => {
  cached = undefined;
};
