/**
 * The team's own service-feedback development set (devset/README.md): loading, the deterministic
 * tune/check split, and the measures `npm run bench:sentiment` and the accuracy test report.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectDominantLanguage, detectSentiment, type SentimentLabel } from './engine';

const FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'devset/service-feedback.jsonl');
const REVIEWS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'devset/reviews.jsonl');

export type Split = 'tune' | 'check';

export interface DevRow {
  id: string;
  language: string;
  domain: string;
  label: SentimentLabel;
  tags: string[];
  text: string;
}

const LABELS: readonly SentimentLabel[] = ['POSITIVE', 'NEGATIVE', 'NEUTRAL', 'MIXED'];
/** Share of the set in the tune split. */
const TUNE_PERCENT = 70;
/** Language detection is judged on texts at least this long. */
export const MIN_DETECTION_LENGTH = 20;

export function readDevset(): DevRow[] {
  return readFileSync(FILE, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as DevRow);
}

/**
 * The team's general review sentences (products, places, media; devset/README.md): training rows
 * for the learned fallback only, never measured, so that what it learns from service feedback is
 * weighed against ordinary review language. As DevRow with the topic in `domain`.
 */
export function readReviews(): DevRow[] {
  return readFileSync(REVIEWS_FILE, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const { id, language, topic, label, text } = JSON.parse(line) as { id: string; language: string; topic: string; label: SentimentLabel; text: string };
      return { id, language, domain: topic, label, tags: [], text };
    });
}

/** Deterministic by the text alone, so adding rows never moves existing ones between splits. */
export function splitOf(text: string): Split {
  return createHash('sha1').update(text, 'utf8').digest().readUInt32BE(0) % 100 < TUNE_PERCENT ? 'tune' : 'check';
}

export function devsetSplit(split: Split): DevRow[] {
  return readDevset().filter((row) => splitOf(row.text) === split);
}

/**
 * Batches by id number (devset/README.md): the first (written before any tuning), the second
 * (120 English texts appended after the first round of rules), the third (469 texts in seven
 * languages appended in session 5, committed before the engine was run on them) and the fourth
 * (334 texts in seven languages, also session 5, committed before engine 1.4.0 was run on them)
 * the fifth (1,240 texts in seven languages, session 6, committed before 1.5.1 was run on them) and
 * the sixth (1,959 texts, session 6, committed before any engine was run on them), the seventh
 * (2,079 texts) and the eighth (2,898 texts), session 6 too, each committed before the engine being
 * built was run on it; the ninth (938 texts, session 6), written before the seventh and held back,
 * unread and unrun, until the first 1.6.0 weights were committed; the tenth (1,715 texts, session 6);
 * and the eleventh (657 texts, session 6), held back the same way until the final 1.6.0 weights;
 * the twelfth (6,784 texts, session 7, 4,799 of them in the six languages other than English) and
 * the thirteenth (3,688 texts, session 7, 2,697 of them in the other six), each committed before
 * any engine was run on it; the fourteenth (657 texts, session 7), held back until 1.7.0's
 * first weights were committed; the fifteenth (2,695 texts in the six languages other than
 * English, session 7), committed before any engine was run on it; the sixteenth (777 texts,
 * session 7), held back until 1.7.0's final weights were committed; the seventeenth (2,685
 * texts in the six languages other than English, session 8) and the eighteenth (2,693 texts, the same
 * six languages, session 8), each committed before any engine was run on it; and the nineteenth
 * (778 texts, session 8), held back until 1.8.0's weights were committed.
 */
const BATCH_LAST: ReadonlyArray<readonly [last: number, batch: Batch]> = [
  [893, 'first'],
  [1013, 'second'],
  [1482, 'third'],
  [1816, 'fourth'],
  [3056, 'fifth'],
  [5015, 'sixth'],
  [7094, 'seventh'],
  [9992, 'eighth'],
  [10930, 'ninth'],
  [12645, 'tenth'],
  [13302, 'eleventh'],
  [20086, 'twelfth'],
  [23774, 'thirteenth'],
  [24431, 'fourteenth'],
  [27126, 'fifteenth'],
  [27903, 'sixteenth'],
  [30588, 'seventeenth'],
  [33281, 'eighteenth'],
  [34059, 'nineteenth'],
];
export type Batch = 'first' | 'second' | 'third' | 'fourth' | 'fifth' | 'sixth' | 'seventh' | 'eighth' | 'ninth' | 'tenth' | 'eleventh' | 'twelfth' | 'thirteenth' | 'fourteenth' | 'fifteenth' | 'sixteenth' | 'seventeenth' | 'eighteenth' | 'nineteenth';
export const BATCHES: readonly Batch[] = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth', 'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth'];

/**
 * Batches held out of training: written before the engine was built and kept for measuring it
 * (devset/README.md). The fourteenth was held back until 1.7.0's first weights were committed, the
 * sixteenth until its final ones, and the nineteenth until 1.8.0's (the ninth and eleventh were
 * held back the same way for 1.6.0, then trained on); `train:sentiment` leaves them out so that
 * retraining reproduces the engine that was measured on them. The next round that tunes on them
 * removes them from this list.
 */
export const HELD_OUT: readonly Batch[] = ['fourteenth', 'sixteenth', 'nineteenth'];

/** The rows the learned reader trains on: the tune split without the held-out batches. */
export function trainingRows(): DevRow[] {
  return devsetSplit('tune').filter((row) => !HELD_OUT.includes(batchOf(row)));
}

export function batchOf(row: DevRow): Batch {
  const n = Number(row.id.slice(row.id.indexOf('-') + 1));
  const found = BATCH_LAST.find(([last]) => n <= last);
  // A row past the last recorded batch means someone appended without recording it here.
  if (!found) throw new Error(`devset row ${row.id} is past the last recorded batch (devset.ts BATCH_LAST)`);
  return found[1];
}

export interface DevReport {
  n: number;
  /** Exact four-way label agreement. */
  accuracy: number;
  /**
   * On POSITIVE and NEGATIVE gold texts: right when the answer is not NEUTRAL and leans the gold
   * way (Positive > Negative for POSITIVE), so a NEUTRAL answer counts as a miss and a MIXED
   * one counts for its stronger side.
   */
  polar: { n: number; binaryAccuracy: number; neutralShare: number };
  /** On NEUTRAL gold texts: how many stay NEUTRAL. */
  neutralKept: { n: number; share: number };
  /** On MIXED gold texts: answered MIXED. */
  mixedFound: { n: number; share: number };
  /** confusion[gold][predicted] */
  confusion: Record<SentimentLabel, Record<SentimentLabel, number>>;
}

export function devReport(rows: readonly DevRow[]): DevReport {
  const confusion = Object.fromEntries(LABELS.map((g) => [g, Object.fromEntries(LABELS.map((p) => [p, 0]))])) as DevReport['confusion'];
  let polar = 0;
  let polarRight = 0;
  let polarNeutral = 0;
  for (const row of rows) {
    const result = detectSentiment(row.text, row.language);
    confusion[row.label][result.Sentiment]++;
    if (row.label !== 'POSITIVE' && row.label !== 'NEGATIVE') continue;
    polar++;
    if (result.Sentiment === 'NEUTRAL') polarNeutral++;
    else if (result.SentimentScore.Positive > result.SentimentScore.Negative === (row.label === 'POSITIVE')) polarRight++;
  }
  const gold = (label: SentimentLabel): number => LABELS.reduce((sum, p) => sum + confusion[label][p], 0);
  const ratio = (a: number, b: number): number => (b ? a / b : 0);
  return {
    n: rows.length,
    accuracy: ratio(LABELS.reduce((sum, l) => sum + confusion[l][l], 0), rows.length),
    polar: { n: polar, binaryAccuracy: ratio(polarRight, polar), neutralShare: ratio(polarNeutral, polar) },
    neutralKept: { n: gold('NEUTRAL'), share: ratio(confusion.NEUTRAL.NEUTRAL, gold('NEUTRAL')) },
    mixedFound: { n: gold('MIXED'), share: ratio(confusion.MIXED.MIXED, gold('MIXED')) },
    confusion,
  };
}

/** Share of texts of at least MIN_DETECTION_LENGTH characters whose top detected language is the gold one. */
export function languageAccuracy(rows: readonly DevRow[]): { n: number; accuracy: number; misses: DevRow[] } {
  const long = rows.filter((r) => r.text.length >= MIN_DETECTION_LENGTH);
  const misses = long.filter((r) => detectDominantLanguage(r.text)[0]?.LanguageCode !== r.language);
  return { n: long.length, accuracy: long.length ? 1 - misses.length / long.length : 0, misses };
}
