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
import { HELD_OUT, batchOf, devReport, devsetSplit, languageAccuracy, readDevset, splitOf } from '../../local/comprehend/devset';
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

  it('third batch (fresh in session 5, seven languages): polar accuracy at least 0.90, NEUTRAL at most 4 %', () => {
    // 1.8.0 measures 0.951 / 0.0 % here, 1.7.0 and 1.6.0 0.919 / 2.4 % (1.5.1 0.862 / 4.1 %).
    const third = devReport(check.filter((r) => batchOf(r) === 'third'));
    expect(third.polar.n).toBeGreaterThan(100);
    expect(third.polar.binaryAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(third.polar.neutralShare).toBeLessThanOrEqual(0.04);
  });

  it('the first three batches: polar accuracy at least 0.91, NEUTRAL at most 5 %', () => {
    // 1.8.0 measures 0.952 / 1.8 %, 1.7.0 0.931 / 4.2 % (1.6.0 0.925 / 4.2 %).
    const firstThree = devReport(check.filter((r) => ['first', 'second', 'third'].includes(batchOf(r))));
    expect(firstThree.polar.n).toBeGreaterThan(report.polar.n);
    expect(firstThree.polar.binaryAccuracy).toBeGreaterThanOrEqual(0.91);
    expect(firstThree.polar.neutralShare).toBeLessThanOrEqual(0.05);
  });

  it('fourth batch (written after 1.4.0 shipped): polar accuracy at least 0.90, NEUTRAL at most 5 %', () => {
    // 1.5.0 measured 0.873 / 5.1 %, 1.6.0 0.949 / 2.5 %, 1.7.0 0.962 / 1.3 %, 1.8.0 0.975 / 0.0 % (79 polar texts).
    const fourth = devReport(check.filter((r) => batchOf(r) === 'fourth'));
    expect(fourth.polar.n).toBeGreaterThan(70);
    expect(fourth.polar.binaryAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(fourth.polar.neutralShare).toBeLessThanOrEqual(0.05);
  });

  it('fifth to tenth batches (independent writers, session 6): polar accuracy at least 0.90, NEUTRAL at most 4 %', () => {
    // 1.8.0 measures 0.917 / 2.2 % on their check parts, 1.7.0 0.900 / 3.5 % (1.6.0 0.871 / 3.9 %; 1.5.1 0.74–0.80 on
    // the whole of each, before anything was tuned on them; docs/sentiment.md).
    const fresh = devReport(check.filter((r) => ['fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'].includes(batchOf(r))));
    expect(fresh.polar.n).toBeGreaterThan(2_000);
    expect(fresh.polar.binaryAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(fresh.polar.neutralShare).toBeLessThanOrEqual(0.04);
  });

  it('eleventh to eighteenth batches written to train on (sessions 7 and 8, mostly in the six other languages): polar accuracy at least 0.87, NEUTRAL at most 5 %', () => {
    // Below the 0.90 target: 1.8.0 measures 0.888 / 3.6 % on the check parts of the eleventh,
    // twelfth, thirteenth, fifteenth, seventeenth and eighteenth (0.895 without the last two, where
    // 1.7.0 measured 0.860 / 5.5 %; 1.6.0 0.806 on the twelfth's and thirteenth's). On the last
    // two, 0.871 / 5.1 %.
    const fresh = devReport(check.filter((r) => ['eleventh', 'twelfth', 'thirteenth', 'fifteenth', 'seventeenth', 'eighteenth'].includes(batchOf(r))));
    expect(fresh.polar.n).toBeGreaterThan(4_000);
    expect(fresh.polar.binaryAccuracy).toBeGreaterThanOrEqual(0.87);
    expect(fresh.polar.neutralShare).toBeLessThanOrEqual(0.05);
  });

  it.each([
    // Held back until 1.7.0's first weights were committed: they measured 0.926 / 2.5 % (1.6.0 0.915 / 3.2 %).
    ['fourteenth', '0.947; 1.7.0 0.939'],
    // Held back until 1.7.0's final weights were committed (1.6.0 0.881 / 4.3 %).
    ['sixteenth', '0.920; 1.7.0 0.909'],
    // Written while 1.8.0 was built, held back until its weights were committed; 2.2 % NEUTRAL.
    ['nineteenth', '0.939; 1.7.0 0.925'],
  ] as const)('%s batch, held back until the engine it measures was committed (all of it): polar accuracy at least 0.90 (1.8.0: %s), NEUTRAL at most 5 %', (batch, _measured) => {
    // The honest figures: batches written before the engine they measure, appended after its
    // weights were committed, and held out of training (devset.ts HELD_OUT), so both splits are fresh.
    expect(HELD_OUT).toContain(batch);
    const heldBack = devReport(readDevset().filter((r) => batchOf(r) === batch));
    expect(heldBack.polar.n).toBeGreaterThan(500);
    expect(heldBack.polar.binaryAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(heldBack.polar.neutralShare).toBeLessThanOrEqual(0.05);
  });

  it('the whole check split: polar accuracy at least 0.89, NEUTRAL at most 4 %', () => {
    // 1.8.0 measures 0.903 / 2.9 % (n = 7,941; more than half the split is in the six other
    // languages); 1.7.0 0.884 / 4.4 % on the 6,665 of its day; 1.6.0 0.879 / 3.9 % on 3,164;
    // 1.5.0 0.884 / 5.8 % on the 414 polar texts of the first four batches.
    expect(whole.polar.n).toBeGreaterThan(7_500);
    expect(whole.polar.binaryAccuracy).toBeGreaterThanOrEqual(0.89);
    expect(whole.polar.neutralShare).toBeLessThanOrEqual(0.04);
  });

  it('factual texts mostly stay NEUTRAL (at least 74 %)', () => {
    // 1.8.0 75.9 %, 1.7.0 75.4 % (1.6.0 75.2 %); the rules alone keep about as many (the learned reader is chosen so as not to
    // take factual text out of NEUTRAL more often than they do); the first four batches' own texts 85–89 %.
    expect(whole.neutralKept.share).toBeGreaterThanOrEqual(0.74);
  });

  it.each(['es', 'fr', 'de', 'pt', 'it', 'nl'])('%s: polar binary accuracy at least 0.86', (language) => {
    // 1.8.0: es 0.884, fr 0.902, de 0.899, pt 0.882, it 0.890, nl 0.900 (about 800 polar texts each);
    // 1.7.0 0.85–0.88 on the 590 of its day; 1.6.0 0.79–0.87 on 134–162.
    const { polar } = devReport(check.filter((r) => r.language === language));
    expect(polar.binaryAccuracy).toBeGreaterThanOrEqual(0.86);
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
