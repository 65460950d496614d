/**
 * What stays behind when a customer is erased, so the erasure stays complete:
 *   - a feedback tombstone under the erased response's dedupe key (`{pk, erasedAt}`, nothing
 *     personal), so a replay of the same response — the same signed bytes sent again, a vendor's
 *     retry, `cx-loop import` of the same export — fails the store's `attribute_not_exists(pk)` and
 *     is acknowledged and dropped. A tombstone is never revised and never expires;
 *   - an erasure marker per customer key (`ERASED#<customerKey>`), holding when the erasure ran:
 *     events and outreach received before it (still in a queue, a DLQ awaiting `dlq redrive`, or a
 *     Scheduler schedule) are dropped when they arrive, neither stored nor emailed. Feedback the
 *     customer sends after the erasure is new and handled as usual.
 */
export interface FeedbackTombstone {
  pk: string;
  erasedAt: string;
}

export const feedbackTombstone = (pk: string, at: Date): FeedbackTombstone => ({ pk, erasedAt: at.toISOString() });

/** A stored feedback item that is an erased response's tombstone. */
export const isTombstone = (item: Record<string, unknown>): boolean => typeof item.erasedAt === 'string' && item.decision === undefined;

/** Markers outlive every copy of a message received before the erasure: SQS keeps one 14 days at most (DLQ), a deferral less than a day. */
export const ERASURE_MARKER_DAYS = 30;

/** True when one of the customer's keys was erased at or after the message was received. */
export function erasedSince(erasedAt: ReadonlyMap<string, string>, customerKeys: readonly string[], receivedAt: string): boolean {
  const received = Date.parse(receivedAt);
  return customerKeys.some((key) => {
    const at = erasedAt.get(key);
    return at !== undefined && Date.parse(at) >= received;
  });
}
