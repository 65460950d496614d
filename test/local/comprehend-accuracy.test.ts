/**
 * Smoke accuracy of the local engine on a fixed slice (every 5th row) of the shared labelled data
 * sets. It guards against a collapse, not a point of accuracy: the floors sit well below what
 * `npm run bench:sentiment` measures on the full sets (docs/sentiment.md). The data sets live
 * outside the repository; without them this file skips and says so.
 */
import { describe, expect, it } from 'vitest';
import { DATASETS_DIR, UCI_SETS, binaryAccuracy, datasetsAvailable, readTweets, readUci, threeClassReport } from '../../local/comprehend/evaluation';

const available = datasetsAvailable();
if (!available) console.warn(`comprehend-accuracy: skipped, no labelled data sets in ${DATASETS_DIR} (set CX_DATASETS_DIR to run it).`);

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
