import { describe, expect, it } from 'vitest';
import { closeTimeFrom, closeTimeIncrements } from '../../functions/domain/close-time';
import { figuresFrom, npsMarginOfError, npsScore, sumCounters } from '../../functions/domain/figures';

describe('NPS', () => {
  it('is null with no NPS responses, not 0', () => {
    expect(npsScore(0, 0, 0)).toBeNull();
    expect(figuresFrom({}).nps).toMatchObject({ responses: 0, score: null, marginOfError: null });
  });

  it('is 0 when everyone is passive, with no margin of error (no spread)', () => {
    expect(npsScore(0, 12, 0)).toBe(0);
    expect(npsMarginOfError(0, 12, 0)).toBe(0);
  });

  it('spans −100…100', () => {
    expect(npsScore(5, 0, 0)).toBe(100);
    expect(npsScore(0, 0, 5)).toBe(-100);
  });

  it('rounds to one decimal, halves up, and never shows −0', () => {
    // 1 promoter, 1 passive, 1 detractor → 0; 2/0/1 → 33.333… → 33.3; 1/0/2 → −33.3
    expect(npsScore(1, 1, 1)).toBe(0);
    expect(Object.is(npsScore(1, 1, 1), 0)).toBe(true);
    expect(npsScore(2, 0, 1)).toBe(33.3);
    expect(npsScore(1, 0, 2)).toBe(-33.3);
    // 5 promoters, 1 passive, 2 detractors of 8 → 37.5 exactly
    expect(npsScore(5, 1, 2)).toBe(37.5);
    // 1/7 → 14.2857… → 14.3
    expect(npsScore(1, 6, 0)).toBe(14.3);
  });
});

describe('NPS margin of error (95%)', () => {
  it('follows 1.96·√(100²·(p + d − (p − d)²) / n)', () => {
    // 50 promoters, 30 passives, 20 detractors: p = .5, d = .2 → variance = 10⁴·(.7 − .09) = 6100 → 1.96·√61 = 15.308…
    expect(npsMarginOfError(50, 30, 20)).toBe(15.3);
    // Half promoters, half detractors: the widest spread; n = 400 → 1.96·√(10⁴/400) = 9.8
    expect(npsMarginOfError(200, 0, 200)).toBe(9.8);
  });

  it('shrinks with the square root of the sample', () => {
    const small = npsMarginOfError(50, 30, 20)!;
    const large = npsMarginOfError(5000, 3000, 2000)!;
    expect(large).toBeCloseTo(small / 10, 1);
  });

  it('is null below two responses', () => {
    expect(npsMarginOfError(1, 0, 0)).toBeNull();
  });
});

describe('CSAT and CES', () => {
  it('CSAT: % satisfied counts 4–5 on the 1–5 scale; the mean keeps two decimals', () => {
    // scores 5, 4, 3, 1 → 2 of 4 satisfied, mean 13/4 = 3.25
    const f = figuresFrom({ csat_count: 4, csat_sum: 13, csat_satisfied: 2 });
    expect(f.csat).toEqual({ responses: 4, mean: 3.25, satisfiedPct: 50 });
  });

  it('CES: % easy counts 6–7 on the 1–7 scale', () => {
    // scores 7, 6, 2 → 2 of 3 easy (66.7%), mean 5
    const f = figuresFrom({ ces_count: 3, ces_sum: 15, ces_satisfied: 2 });
    expect(f.ces).toEqual({ responses: 3, mean: 5, easyPct: 66.7 });
  });

  it('are null, not 0, without answers', () => {
    expect(figuresFrom({ responses: 3 }).csat).toEqual({ responses: 0, mean: null, satisfiedPct: null });
  });
});

describe('sentiment, outreach, escalations, recovery', () => {
  it('reads the mix, the mean polarity and every outreach outcome by kind', () => {
    const f = figuresFrom({
      sentiment_positive: 3, sentiment_negative: 1, sentiment_count: 4, sentiment_polarity_sum: 1.2,
      outreach_gratitude_sent: 3, outreach_recovery_sent: 1, outreach_recovery_deferred: 2, outreach_recovery_suppressed: 1,
      escalations: 2, recovery_won: 3, recovery_lost: 1,
    });
    expect(f.sentiment).toMatchObject({ positive: 3, negative: 1, neutral: 0, mixed: 0, meanPolarity: 0.3 });
    expect(f.outreach.gratitude.sent).toBe(3);
    expect(f.outreach.recovery).toMatchObject({ sent: 1, deferred: 2, suppressed: 1, failed: 0 });
    expect(f.escalations).toBe(2);
    expect(f.recovery).toEqual({ won: 3, lost: 1, wonPct: 75 });
  });

  it('sums counters field by field without float dust', () => {
    expect(sumCounters([{ a: 0.1, b: 1 }, { a: 0.2 }])).toEqual({ a: 0.3, b: 1 });
  });
});

describe('time to close the loop', () => {
  const sends = (...ms: number[]) => sumCounters(ms.map(closeTimeIncrements));

  it('adds one to exactly one bucket per send, plus the sum and count', () => {
    expect(closeTimeIncrements(1_500)).toEqual({ close_count: 1, close_ms_sum: 1_500, close_ms_le_2000: 1 });
    expect(closeTimeIncrements(1_000)).toMatchObject({ close_ms_le_1000: 1 });
    expect(closeTimeIncrements(30 * 86_400_000)).toMatchObject({ close_ms_le_inf: 1 });
  });

  it('estimates the median and p95 inside the right buckets', () => {
    // 19 fast sends (≤ 2 s) and one deferred by quiet hours (~9 h)
    const c = sends(...Array.from({ length: 19 }, () => 1_500), 9 * 3_600_000);
    const t = closeTimeFrom(c);
    expect(t.count).toBe(20);
    expect(t.medianMs).toBeGreaterThan(1_000);
    expect(t.medianMs).toBeLessThanOrEqual(2_000);
    expect(t.p95Ms).toBeLessThanOrEqual(2_000);
    // with two slow sends of twenty, p95 lands in the slow bucket (6–12 h)
    const slow = closeTimeFrom(sends(...Array.from({ length: 18 }, () => 1_500), 9 * 3_600_000, 9 * 3_600_000));
    expect(slow.p95Ms).toBeGreaterThan(6 * 3_600_000);
    expect(slow.p95Ms).toBeLessThanOrEqual(12 * 3_600_000);
    expect(t.meanMs).toBe(Math.round((19 * 1_500 + 9 * 3_600_000) / 20));
  });

  it('is empty without sends, and gives no percentile for counters written before the histogram', () => {
    expect(closeTimeFrom({})).toEqual({ count: 0, meanMs: null, medianMs: null, p95Ms: null });
    expect(closeTimeFrom({ close_count: 2, close_ms_sum: 4_000 })).toEqual({ count: 2, meanMs: 2_000, medianMs: null, p95Ms: null });
  });
});
