/**
 * Counters recomputed from stored feedback (the `cx-loop backfill` command): the same increments
 * analyze adds, from the same record fields, keyed by the same (dimension, UTC hour). Outreach and
 * close-time fields are counted by notify when emails go out and cannot be derived from feedback,
 * so a backfill leaves them as they are; so are case fields (counted by the case handlers).
 */
import { aggregate, counterBucketOf, dimensionsOf, feedbackIncrements, type CounterDelta } from './counters';
import type { FeedbackRecord } from './feedback-record';

export type StoredRecord = FeedbackRecord & { recoveryOutcome?: 'won' | 'lost' };

/** Fields a backfill owns; everything else in a counter row is kept. */
export const isFeedbackField = (field: string) => !/^(outreach_|close_|cases?_)/.test(field);

/** One delta per (dimension, hour) for the records whose occurredAt falls on a UTC day from…to. */
export function feedbackCounterDeltas(records: StoredRecord[], fromDay: string, toDay: string): CounterDelta[] {
  return aggregate(
    records
      .map((r) => ({ record: r, bucket: counterBucketOf(r.occurredAt) }))
      .filter(({ bucket }) => bucket.slice(0, 10) >= fromDay && bucket.slice(0, 10) <= toDay)
      .map(({ record, bucket }) => ({
        dims: dimensionsOf(record),
        day: bucket,
        add: { ...feedbackIncrements(record, record.sentiment, record.decision), ...(record.recoveryOutcome ? { [`recovery_${record.recoveryOutcome}`]: 1 } : {}) },
      })),
  );
}

/** Feedback fields an existing row has that the recomputation does not: they drop to 0 (their feedback is gone or moved). */
export function staleFields(existing: Record<string, number>, recomputed: Record<string, number>): string[] {
  return Object.keys(existing).filter((f) => isFeedbackField(f) && !(f in recomputed));
}
