import { describe, expect, it } from 'vitest';
import { aggregate, contributionOf, negated } from '../../functions/domain/counters';
import { decide, type Decision } from '../../functions/domain/decide';
import { toFeedbackRecord } from '../../functions/domain/feedback-record';
import type { FeedbackEvent } from '../../functions/domain/feedback-event';
import { arrivalOf, contentHashOf, followUpOf } from '../../functions/domain/revisions';
import { Rules } from '../../functions/domain/rules';

const DEFAULT_RULES = Rules.parse({});

const event = (overrides: Partial<FeedbackEvent> = {}): FeedbackEvent => ({
  id: '6f1c2b0e-8d7a-4c55-9b1e-2f0a1d3c4b5e',
  source: 'delighted',
  sourceEventId: '5435',
  receivedAt: '2024-11-21T10:00:00.000Z',
  occurredAt: '2024-11-21T10:00:44.000Z',
  customer: { email: 'charlie_gravis@example.com', name: 'Charlie Gravis' },
  channel: 'survey',
  metric: { type: 'nps', score: 3 },
  revision: 1_732_186_844_000,
  ...overrides,
});

const decision = (action: Decision['action']): Decision => ({ action, rule: `test.${action}`, reason: 'test', inputs: { metric: { type: 'none' } } });

describe('arrivalOf', () => {
  const stored = { revision: 2, contentHash: 'a' };
  it('is new when nothing is stored', () => expect(arrivalOf(undefined, { revision: 1 })).toBe('new'));
  it('is a duplicate without a revision (the vendor never revises)', () => expect(arrivalOf(stored, { contentHash: 'b' })).toBe('duplicate'));
  it('is a duplicate at the same revision (a redelivery)', () => expect(arrivalOf(stored, { revision: 2, contentHash: 'b' })).toBe('duplicate'));
  it('is stale below the stored revision, whatever it says (out-of-order delivery)', () => expect(arrivalOf(stored, { revision: 1, contentHash: 'c' })).toBe('stale'));
  it('is a duplicate when a later stamp says the same thing', () => expect(arrivalOf(stored, { revision: 3, contentHash: 'a' })).toBe('duplicate'));
  it('is a revision when later and different', () => expect(arrivalOf(stored, { revision: 3, contentHash: 'b' })).toBe('revision'));
  it('replaces a version stored without a revision (before the vendor stamped one)', () => expect(arrivalOf({ contentHash: 'a' }, { revision: 1, contentHash: 'b' })).toBe('revision'));
});

describe('contentHashOf', () => {
  it('ignores the order keys were built in and the delivery time, not the words', () => {
    const a = event({ customer: { name: 'Charlie Gravis', email: 'charlie_gravis@example.com' } });
    expect(contentHashOf(a)).toBe(contentHashOf(event({ occurredAt: '2025-01-01T00:00:00.000Z' })));
    expect(contentHashOf(event({ text: 'I want a refund' }))).not.toBe(contentHashOf(event()));
  });
});

describe('followUpOf', () => {
  it('never lets a thank-you follow a recovery for the same response', () => {
    const held = followUpOf(decision('recovery'), decision('gratitude'));
    expect(held).toMatchObject({ action: 'none', rule: 'guard.revision', heldBack: 'gratitude' });
  });
  it('keeps a recovery after a thank-you (notify lets it through under recoveryOverridesGratitude)', () => {
    expect(followUpOf(decision('gratitude'), decision('recovery')).action).toBe('recovery');
  });
  it('keeps whatever the rules say otherwise', () => {
    expect(followUpOf(decision('none'), decision('gratitude')).action).toBe('gratitude');
    expect(followUpOf(undefined, decision('recovery')).action).toBe('recovery');
  });
});

describe('a revision moves the counters by the difference', () => {
  it('takes the score-only version out and puts the commented one in, on every dimension', () => {
    const first = toFeedbackRecord(event(), undefined, decide(event(), undefined, undefined, DEFAULT_RULES), 30, 'test-hash-key');
    const later = event({ text: 'I want a refund and will cancel my account', revision: 1_732_187_444_000 });
    const sentiment = { label: 'NEGATIVE' as const, scores: { positive: 0.01, negative: 0.97, neutral: 0.01, mixed: 0.01 }, language: 'en' };
    const second = { ...toFeedbackRecord(later, sentiment, decide(later, sentiment, undefined, DEFAULT_RULES), 30, 'test-hash-key'), revisions: 1 };
    const deltas = aggregate([contributionOf(second), negated(contributionOf(first))]);
    const all = deltas.find((d) => d.pk === 'C#all#all')!;
    // Still one response, one detractor, one escalation: only what the comment added moves.
    expect(all.add).toMatchObject({ responses: 0, nps_detractor: 0, escalations: 0, revisions: 1, sentiment_count: 1, sentiment_negative: 1 });
    // The same version again moves nothing at all: no counter row is written.
    expect(aggregate([contributionOf(first), negated(contributionOf(first))])).toEqual([]);
  });
});
