/**
 * The experiment's statistics, checked the way a skeptical reader would: against textbook values,
 * and by simulation — over many synthetic populations with a known uplift, the 95% interval must
 * cover the truth about 95% of the time and the estimate must be unbiased.
 */
import { describe, expect, it } from 'vitest';
import { experimentResults, type Participant } from '../../../functions/domain/experiments/results';
import { simulateExperiment } from '../../../functions/domain/experiments/simulate';
import { differenceOfMeans, differenceOfProportions, perArmForUplift, sampleOf, wilson } from '../../../functions/domain/experiments/statistics';

describe('interval estimates', () => {
  it('Wilson interval matches the textbook value (Newcombe 1998, 81/263)', () => {
    const w = wilson(81, 263);
    expect(w.low).toBeCloseTo(0.2553, 3);
    expect(w.high).toBeCloseTo(0.3662, 3);
  });

  it("Newcombe's hybrid score interval matches his worked example (56/70 − 48/80: 0.0524 to 0.3339)", () => {
    const d = differenceOfProportions(56, 70, 48, 80);
    expect(d.estimate).toBeCloseTo(0.2, 6);
    expect(d.low).toBeCloseTo(0.0524, 3);
    expect(d.high).toBeCloseTo(0.3339, 3);
  });

  it('Welch difference of means', () => {
    const a = sampleOf([3, 4, 5, 6, 7]);
    const b = sampleOf([1, 2, 3, 4, 5]);
    const d = differenceOfMeans(a, b);
    expect(d.estimate).toBe(2);
    expect(d.high - d.estimate).toBeCloseTo(1.959964 * Math.sqrt(2.5 / 5 + 2.5 / 5), 5);
  });

  it('sample size for a 5-point uplift from 30% at 80% power', () => {
    // (1.96 + 0.8416)² · (0.21 + 0.2275) / 0.05² = 1373.6 → 1374
    expect(perArmForUplift(0.3, 0.05)).toBe(1374);
  });
});

describe('experiment results', () => {
  const people = (arm: string, n: number, responded: number, won: number, change: number): Participant[] =>
    Array.from({ length: n }, (_, i) => (i < responded ? { arm, responded: true, won: i < won, scoreChange: change + (i % 3) - 1, returned: i % 4 === 0 } : { arm, responded: false, returned: false }));

  it('gives no verdict below the minimum sample, and says how many more are needed', () => {
    const r = experimentResults([...people('control', 20, 10, 3, 1), ...people('standard', 20, 10, 6, 3)], ['control', 'standard'], 'control', 30);
    expect(r.comparisons[0]!.verdict).toBe('insufficient data');
    expect(r.comparisons[0]!.moreForFivePoints).toBeGreaterThan(1000);
    expect(r.arms.map((a) => [a.arm, a.n, a.responded, a.won])).toEqual([['control', 20, 10, 3], ['standard', 20, 10, 6]]);
  });

  it('calls a clear uplift better, with the difference against control and its interval', () => {
    const r = experimentResults([...people('control', 400, 240, 60, 1), ...people('offer', 400, 240, 120, 3)], ['control', 'offer'], 'control', 30);
    const c = r.comparisons[0]!;
    expect(c.verdict).toBe('better');
    expect(c.shareWon!.estimate).toBeCloseTo(0.25, 6);
    expect(c.shareWon!.low).toBeGreaterThan(0);
    expect(c.meanScoreChange!.estimate).toBeCloseTo(2, 6);
    expect(r.methods.proportions).toMatch(/Newcombe/);
  });
});

describe('the simulator checks the estimator', () => {
  it('is reproducible from its seed', () => {
    expect(simulateExperiment({ trueUplift: 5, n: 2000, seed: 7 })).toEqual(simulateExperiment({ trueUplift: 5, n: 2000, seed: 7 }));
  });

  it.each([0, 5, 15])('true uplift %i points: over 600 seeds the 95 percent interval covers it about 95 percent of the time, and the estimate is unbiased', (trueUplift) => {
    const runs = Array.from({ length: 600 }, (_, seed) => simulateExperiment({ trueUplift, n: 1500, seed: seed + 1 }));
    const coverage = runs.filter((r) => r.covers).length / runs.length;
    const meanEstimate = runs.reduce((s, r) => s + r.estimate!, 0) / runs.length;
    // 600 runs: the binomial standard error of the coverage at 0.95 is 0.009.
    expect(coverage).toBeGreaterThan(0.925);
    expect(coverage).toBeLessThan(0.975);
    // The estimate's standard error per run is ~2.9 points, so the mean of 600 is within ±0.4 of the truth.
    expect(Math.abs(meanEstimate - trueUplift)).toBeLessThan(0.4);
  });
});
