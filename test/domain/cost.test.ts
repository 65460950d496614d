/**
 * The cost ledger (functions/domain/cost.ts) and the budget guard's arithmetic (budget.ts): units
 * as AWS bills them, dollars at list prices, counted like the other figures and exactly once
 * through revisions.
 */
import { describe, expect, it } from 'vitest';
import { comprehendBudgetState } from '../../functions/domain/budget';
import { addUsage, analysisUsageOf, comprehendUnitsOf, costCounterFields, costFiguresFrom, costOf, outreachUsageOf, PRICES, usdOf } from '../../functions/domain/cost';
import { contributionOf, negated } from '../../functions/domain/counters';
import type { FeedbackRecord } from '../../functions/domain/feedback-record';
import { figuresFrom, sumCounters } from '../../functions/domain/figures';

const share = { batchSize: 10, durationMs: 200, memoryMb: 512, counterRows: 4 };

describe('Comprehend units', () => {
  it('bills 100 characters a unit with a 3-unit minimum per document', () => {
    expect(comprehendUnitsOf('ok')).toBe(3);
    expect(comprehendUnitsOf('x'.repeat(300))).toBe(3);
    expect(comprehendUnitsOf('x'.repeat(301))).toBe(4);
    // Characters, not UTF-16 units: an emoji is one character.
    expect(comprehendUnitsOf('😀'.repeat(301))).toBe(4);
  });
});

describe('usage of one event and one email', () => {
  it('prices a short comment at 3 sentiment units plus its share of the pipeline', () => {
    const usage = analysisUsageOf({}, 900, { sentiment: 3 }, true, share);
    expect(usage).toMatchObject({ comprehendUnits: { sentiment: 3 }, apiRequests: 1, lambdaRequests: 1.1, sqsRequests: 1.3, dynamodbWriteUnits: 2.8 });
    expect(usage.lambdaGbSeconds).toBeCloseTo(0.01, 6);
    expect(usdOf(usage)).toBeCloseTo(3 * PRICES.comprehendPerUnit + 1e-6 + 1.1 * 0.2e-6 + 1.3 * 0.4e-6 + 2.8 * 0.625e-6 + 0.01 * PRICES.lambdaPerGbSecond, 9);
  });

  it('counts no API request or ingest invocation for imported history', () => {
    expect(analysisUsageOf({ outreach: false }, 900, undefined, false, share)).toMatchObject({ apiRequests: 0, lambdaRequests: 0.1 });
  });

  it('counts the email only when one went out', () => {
    expect(outreachUsageOf(true, true, share).emails).toBe(1);
    expect(outreachUsageOf(false, false, share).emails).toBeUndefined();
  });
});

describe('cost figures from the counters', () => {
  it('gives the total, the split per service, and the cost per response, per email and per recovered customer', () => {
    const event = analysisUsageOf({}, 900, { sentiment: 3, language: 3 }, true, share);
    const email = outreachUsageOf(true, true, share);
    const counters = sumCounters([
      { responses: 1, recovery_won: 1, ...costCounterFields('analysis', event) },
      { responses: 1, ...costCounterFields('analysis', event) },
      costCounterFields('outreach', email),
    ]);
    const cost = figuresFrom(counters).cost;
    expect(cost.comprehendUnits).toEqual({ sentiment: 6, language: 6, keyPhrases: 0, pii: 0 });
    expect(cost.byService.comprehendSentiment).toBeCloseTo(0.0006, 9);
    expect(cost.byService.comprehendLanguage).toBeCloseTo(0.0006, 9);
    expect(cost.byService.ses).toBeCloseTo(0.0001, 9);
    expect(cost.totalUsd).toBeCloseTo(2 * usdOf(event) + usdOf(email), 8);
    expect(cost.perResponseUsd).toBeCloseTo(cost.totalUsd / 2, 8);
    expect(cost.perEmailUsd).toBeCloseTo(usdOf(email), 8);
    expect(cost.perRecoveredCustomerUsd).toBeCloseTo(cost.totalUsd, 8);
  });

  it('has nothing to divide by before any response', () => {
    expect(figuresFrom({}).cost).toMatchObject({ totalUsd: 0, perResponseUsd: null, perEmailUsd: null, perRecoveredCustomerUsd: null });
  });
});

describe('a stored record’s cost in the counters', () => {
  const record = (usage: Parameters<typeof costOf>[0]) =>
    ({
      source: 'generic', channel: 'survey', occurredAt: '2026-11-20T10:00:00Z', metric: { type: 'nps', score: 9 },
      decision: { action: 'gratitude', rule: 'gratitude.nps', reason: '', inputs: { metric: { type: 'nps', score: 9 } } },
      cost: costOf(usage),
    }) as unknown as FeedbackRecord;

  it('goes in with the record', () => {
    expect(contributionOf(record({ comprehendUnits: { sentiment: 3 } })).add).toMatchObject({ responses: 1, cost_analysis_comprehend_sentiment: 3 });
  });

  it('moves by the new version’s cost only when a revision carries every version’s usage', () => {
    const first = { comprehendUnits: { sentiment: 3, language: 3 } };
    const second = { comprehendUnits: { sentiment: 4 } };
    const revised = record(addUsage(first, second));
    const moved = sumCounters([contributionOf(revised).add, negated(contributionOf(record(first))).add]);
    expect(moved.cost_analysis_comprehend_sentiment).toBe(4);
    expect(moved.cost_analysis_comprehend_language).toBe(0);
  });
});

describe('monthly Comprehend budget', () => {
  it('allows analysis below the limit and stops it once the month’s units reach it', () => {
    expect(comprehendBudgetState({}, '2026-11', 1e9).allowsAnalysis).toBe(true);
    expect(comprehendBudgetState({ comprehendMonthlyUsd: 1 }, '2026-11', 9_999)).toMatchObject({ allowsAnalysis: true, spentUsd: 0.9999 });
    expect(comprehendBudgetState({ comprehendMonthlyUsd: 1 }, '2026-11', 10_000)).toMatchObject({ allowsAnalysis: false, spentUsd: 1, limitUsd: 1 });
  });
});
