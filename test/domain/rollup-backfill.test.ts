import { describe, expect, it } from 'vitest';
import { feedbackCounterDeltas, isFeedbackField, staleFields, type StoredRecord } from '../../functions/domain/backfill';
import { aggregate, counterBucketOf, dimensionsOf, feedbackIncrements } from '../../functions/domain/counters';

const record = (n: number, occurredAt: string, extra: Partial<StoredRecord> = {}): StoredRecord =>
  ({
    id: `00000000-0000-4000-8000-00000000000${n}`,
    pk: `generic#b-${n}`,
    source: 'generic',
    sourceEventId: `b-${n}`,
    receivedAt: '2026-11-20T12:00:00.000Z',
    occurredAt,
    day: '2026-11-20',
    customer: {},
    channel: 'chat',
    metric: { type: 'nps', score: 10 },
    sentiment: { label: 'POSITIVE', scores: { positive: 0.9, negative: 0.05, neutral: 0.05, mixed: 0 } },
    decision: { action: 'gratitude', rule: 'gratitude.nps', reason: 'NPS 10 in 9–10', inputs: { metric: { type: 'nps', score: 10 } } },
    expiresAt: 0,
    ...extra,
  }) as StoredRecord;

describe('backfill counters', () => {
  it('are exactly what analyze added for the same records', () => {
    const records = [record(1, '2026-11-20T09:10:00Z'), record(2, '2026-11-20T09:50:00Z'), record(3, '2026-11-20T10:05:00Z')];
    const analyzed = aggregate(records.map((r) => ({ dims: dimensionsOf(r), day: counterBucketOf(r.occurredAt), add: feedbackIncrements(r, r.sentiment, r.decision) })));
    expect(feedbackCounterDeltas(records, '2026-11-20', '2026-11-20')).toEqual(analyzed);
  });

  it('count recovery outcomes stored on the record', () => {
    const [all] = feedbackCounterDeltas([record(1, '2026-11-20T09:10:00Z', { recoveryOutcome: 'won' })], '2026-11-20', '2026-11-20');
    expect(all!.add).toMatchObject({ recovery_won: 1, responses: 1 });
  });

  it('keep only records that occurred on the range’s UTC days', () => {
    const deltas = feedbackCounterDeltas([record(1, '2026-11-19T23:59:00Z'), record(2, '2026-11-20T00:00:00Z'), record(3, '2026-11-21T00:00:00Z')], '2026-11-20', '2026-11-20');
    expect([...new Set(deltas.map((d) => d.sk))]).toEqual(['2026-11-20T00']);
  });

  it('own the feedback fields only; notify’s outreach and close-time counts stay', () => {
    expect(['responses', 'nps_promoter', 'sentiment_count', 'escalations', 'recovery_lost'].every(isFeedbackField)).toBe(true);
    expect(['outreach_recovery_sent', 'close_count', 'close_ms_le_1000', 'cost_outreach_emails'].some(isFeedbackField)).toBe(false);
    // The analysis side of the cost ledger is recomputed from each record's cost.
    expect(isFeedbackField('cost_analysis_comprehend_sentiment')).toBe(true);
    expect(staleFields({ responses: 3, nps_passive: 1, outreach_gratitude_sent: 2 }, { responses: 2 })).toEqual(['nps_passive']);
  });
});
