/**
 * Counters recomputed from stored feedback (the `cx-loop backfill` command): the same increments
 * analyze adds, from the same record fields, keyed by the same (dimension, UTC hour). Outreach and
 * close-time fields (and the outreach side of the cost ledger) are counted by notify when emails go
 * out and cannot be derived from feedback, so a backfill leaves them as they are; so are case fields
 * (counted by the case handlers). The analysis side of the cost ledger is recomputed from each
 * record's `cost`.
 */
import { aggregate, contributionOf, type CounterDelta } from './counters';
import type { FeedbackRecord } from './feedback-record';

export type StoredRecord = FeedbackRecord & { recoveryOutcome?: 'won' | 'lost' };

/** Fields a backfill owns; everything else in a counter row is kept. */
export const isFeedbackField = (field: string) => !/^(outreach_|close_|cases?_|cost_outreach_)/.test(field);

/** One delta per (dimension, hour) for the records whose occurredAt falls on a UTC day from…to. */
export function feedbackCounterDeltas(records: StoredRecord[], fromDay: string, toDay: string): CounterDelta[] {
  return aggregate(
    // The same contribution analyze added (and a revision takes out), so a backfill agrees with both.
    records.map(contributionOf).filter(({ day }) => day.slice(0, 10) >= fromDay && day.slice(0, 10) <= toDay),
  );
}

/** Feedback fields an existing row has that the recomputation does not: they drop to 0 (their feedback is gone or moved). */
export function staleFields(existing: Record<string, number>, recomputed: Record<string, number>): string[] {
  return Object.keys(existing).filter((f) => isFeedbackField(f) && !(f in recomputed));
}
