/**
 * Accuracy of the local engine.
 *
 * 1. On the check split of the team's own service-feedback set (local/comprehend/devset/), which
 *    the rules were never tuned on: issue 15's targets (polar binary accuracy with NEUTRAL a miss
 *    ≥ 0.90, NEUTRAL ≤ 8 %, language ≥ 95 % on texts of ≥ 20 characters) and floors just under
 *    what `npm run bench:sentiment` measures (docs/sentiment.md) for the rest, so a change that
 *    makes service text read worse fails here.
 * 2. Smoke accuracy on a fixed slice (every 5th row) of the shared public data sets. It guards
 *    against a collapse, not a point of accuracy. The data sets live outside the repository;
 *    without them that part skips and says so.
 */
import { describe, expect, it } from 'vitest';
import { batchOf, devReport, devsetSplit, languageAccuracy, readDevset, splitOf } from '../../local/comprehend/devset';
import { DATASETS_DIR, UCI_SETS, binaryAccuracy, datasetsAvailable, readTweets, readUci, threeClassReport } from '../../local/comprehend/evaluation';

describe('service-feedback check split (never tuned on)', () => {
  const check = devsetSplit('check');
  // Issue 15's targets are stated on the set it specified: the first batch (devset/README.md).
  const report = devReport(check.filter((r) => batchOf(r) === 'first'));
  const whole = devReport(check);

  it('is the deterministic ~30 % of the set the README describes', () => {
    const all = readDevset();
    expect(all.length).toBeGreaterThanOrEqual(800);
    expect(check.length / all.length).toBeGreaterThan(0.25);
    expect(check.length / all.length).toBeLessThan(0.35);
    for (const row of check) expect(splitOf(row.text)).toBe('check');
  });

  it("polar texts: binary accuracy with NEUTRAL counted as a miss at least 0.90 (issue 15's target)", () => {
    expect(report.polar.n).toBeGreaterThan(150);
    expect(report.polar.binaryAccuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('polar texts are answered NEUTRAL at most 8 % of the time', () => {
    expect(report.polar.neutralShare).toBeLessThanOrEqual(0.08);
  });

  it('third batch (fresh in session 5, seven languages): polar accuracy at least 0.84, NEUTRAL at most 6 %', () => {
    // Below the 0.90 target: text nobody tuned on reads worse than the first batch (docs/sentiment.md).
    const third = devReport(check.filter((r) => batchOf(r) === 'third'));
    expect(third.polar.n).toBeGreaterThan(100);
    expect(third.polar.binaryAccuracy).toBeGreaterThanOrEqual(0.84);
    expect(third.polar.neutralShare).toBeLessThanOrEqual(0.06);
  });

  it('with the second and third batches of fresh texts: polar accuracy at least 0.88, NEUTRAL at most 9 %', () => {
    // Below the targets: fresh text reads worse than the first batch (docs/sentiment.md). The floor
    // was set on these three batches; the fourth, fresher still, has its own below.
    const firstThree = devReport(check.filter((r) => batchOf(r) !== 'fourth'));
    expect(firstThree.polar.n).toBeGreaterThan(report.polar.n);
    expect(firstThree.polar.binaryAccuracy).toBeGreaterThanOrEqual(0.88);
    expect(firstThree.polar.neutralShare).toBeLessThanOrEqual(0.09);
  });

  it('fourth batch (written after 1.4.0 shipped): polar accuracy at least 0.85, NEUTRAL at most 7 %', () => {
    // 1.4.0 measured 0.848 / 7.6 % on this part (0.865 / 6.4 % on the whole batch, never seen by
    // it), 1.5.0 0.873 / 5.1 %: below the 0.90 target (docs/sentiment.md, The fourth batch; 1.5.0).
    const fourth = devReport(check.filter((r) => batchOf(r) === 'fourth'));
    expect(fourth.polar.n).toBeGreaterThan(70);
    expect(fourth.polar.binaryAccuracy).toBeGreaterThanOrEqual(0.85);
    expect(fourth.polar.neutralShare).toBeLessThanOrEqual(0.07);
  });

  it('the whole check split: polar accuracy at least 0.87, NEUTRAL at most 7 %', () => {
    // 1.5.0 measured 0.884 / 5.8 % (1.4.0 0.877 / 6.5 %).
    expect(whole.polar.n).toBeGreaterThan(400);
    expect(whole.polar.binaryAccuracy).toBeGreaterThanOrEqual(0.87);
    expect(whole.polar.neutralShare).toBeLessThanOrEqual(0.07);
  });

  it('factual texts mostly stay NEUTRAL (at least 85 %)', () => {
    expect(whole.neutralKept.share).toBeGreaterThanOrEqual(0.85);
  });

  it.each(['es', 'fr', 'de', 'pt', 'it', 'nl'])('%s: polar binary accuracy at least 0.8', (language) => {
    const { polar } = devReport(check.filter((r) => r.language === language));
    expect(polar.binaryAccuracy).toBeGreaterThanOrEqual(0.8);
  });

  it('detects the language of at least 95 % of texts of 20 characters or more', () => {
    expect(languageAccuracy(check).accuracy).toBeGreaterThanOrEqual(0.95);
  });
});

const available = datasetsAvailable();
if (!available) console.warn(`comprehend-accuracy: public sets skipped, no labelled data sets in ${DATASETS_DIR} (set CX_DATASETS_DIR to run them).`);

const everyFifth = <T>(rows: T[]): T[] => rows.filter((_, i) => i % 5 === 0);

describe.skipIf(!available)('local engine accuracy on a slice of the shared data sets', () => {
  it.each(UCI_SETS)('uci/%s: binary accuracy at least 0.75', (set) => {
    const { n, accuracy } = binaryAccuracy(everyFifth(readUci(set)));
    expect(n).toBe(200);
    expect(accuracy).toBeGreaterThanOrEqual(0.75);
  });

  it('twitter-us-airline: 3-class macro-F1 at least 0.55', () => {
    const report = threeClassReport(everyFifth(readTweets()));
    expect(report.n).toBeGreaterThan(2_500);
    expect(report.macroF1).toBeGreaterThanOrEqual(0.55);
  });
});
