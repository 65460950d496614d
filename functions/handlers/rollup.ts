/**
 * Scheduled rollup: counters → daily figures (NPS, CSAT, CES, sentiment) per dimension.
 * Event: EventBridge scheduled event (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html),
 * or `{ "days": ["2026-11-01", …] }` to recompute chosen days. Rows are overwritten, so re-runs are idempotent.
 */
import middy from '@middy/core';
import { CHANNELS } from '#domain/feedback-event';
import { figuresFrom } from '#domain/figures';
import { countersByDay, putRollup } from '#adapters/metrics-store';
import { logger } from '#powertools';
import { settings } from '../settings';

interface RollupRequest {
  days?: string[];
}

async function rollup(event: RollupRequest | undefined): Promise<{ days: string[]; rows: number }> {
  const now = new Date();
  const days = event?.days?.length ? event.days : [dayBefore(now), now.toISOString().slice(0, 10)];
  const dimensions: Array<[string, string]> = [
    ['all', 'all'],
    ...CHANNELS.map((c): [string, string] => ['channel', c]),
    ...settings.sources.map((s): [string, string] => ['source', s]),
  ];
  const computedAt = now.toISOString();
  let rows = 0;
  for (const [dimension, value] of dimensions) {
    const counters = await countersByDay(dimension, value, days[0]!, days[days.length - 1]!);
    for (const { day, counters: c } of counters) {
      await putRollup('day', dimension, value, day, figuresFrom(c), computedAt);
      rows++;
    }
  }
  logger.info('rollup done', { days, rows });
  return { days, rows };
}

const dayBefore = (d: Date) => new Date(d.getTime() - 86_400_000).toISOString().slice(0, 10);

export const handler = middy<RollupRequest | undefined, { days: string[]; rows: number }>().handler(rollup);
