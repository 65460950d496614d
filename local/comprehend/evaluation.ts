/**
 * Measuring the local engine on public labelled data (see ../shared/datasets/README.md): the
 * UCI "Sentiment Labelled Sentences" (binary) and "Twitter US Airline Sentiment" (3 classes).
 * Shared by `npm run bench:sentiment` and the smoke accuracy test. The data sets are read from
 * outside the repository and only ever used to measure, never to fit the engine.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectSentiment, type SentimentResult } from './engine';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** `CX_DATASETS_DIR`, else `../shared/datasets` next to the repository (where CI puts it). */
export const DATASETS_DIR = path.resolve(process.env['CX_DATASETS_DIR'] ?? path.join(repoRoot, '../shared/datasets'));

export const UCI_SETS = ['amazon', 'imdb', 'yelp'] as const;
export type UciSet = (typeof UCI_SETS)[number];
/**
 * The UCI sets' binary accuracy before issue 15 (positive iff Positive > Negative): a floor the
 * engine must not fall below. A floor to keep, not a score to tune on (docs/sentiment.md).
 */
export const UCI_FLOORS: Readonly<Record<UciSet, number>> = { amazon: 0.882, imdb: 0.812, yelp: 0.846 };

export type Polarity = 'positive' | 'negative' | 'neutral';
const CLASSES: readonly Polarity[] = ['positive', 'negative', 'neutral'];

export interface UciRow {
  text: string;
  class: 0 | 1;
}

export interface TweetRow {
  text: string;
  label: Polarity;
  confidence: number;
}

export function datasetsAvailable(): boolean {
  return existsSync(path.join(DATASETS_DIR, 'uci-sentiment-labelled')) && existsSync(path.join(DATASETS_DIR, 'twitter-us-airline'));
}

export function readUci(set: UciSet): UciRow[] {
  const rows = JSON.parse(readFileSync(path.join(DATASETS_DIR, 'uci-sentiment-labelled', `${set}.json`), 'utf8')) as Array<{ text: string; class: 0 | 1 | null }>;
  // Each file ends with an empty row whose class is null.
  return rows.filter((r): r is UciRow => r.class !== null);
}

export function readTweets(): TweetRow[] {
  return JSON.parse(readFileSync(path.join(DATASETS_DIR, 'twitter-us-airline/tweets.json'), 'utf8')) as TweetRow[];
}

/** The binary rule the targets are stated in: positive iff Positive > Negative. */
export function binaryPositive(result: SentimentResult): boolean {
  return result.SentimentScore.Positive > result.SentimentScore.Negative;
}

/** The tweets have no mixed class; a MIXED text counts for whichever side has more weight. */
export function threeClass(result: SentimentResult): Polarity {
  if (result.Sentiment === 'MIXED') return result.SentimentScore.Positive > result.SentimentScore.Negative ? 'positive' : 'negative';
  return result.Sentiment.toLowerCase() as Polarity;
}

export interface BinaryReport {
  n: number;
  /** The rule the targets were first stated in: positive iff Positive > Negative, whatever the label. */
  accuracy: number;
  /** Stricter: a NEUTRAL answer is a miss; otherwise as above (a MIXED answer counts for its stronger side). */
  neutralAsMiss: number;
  /** Share of rows answered NEUTRAL. */
  neutralShare: number;
}

export function binaryAccuracy(rows: UciRow[]): BinaryReport {
  let correct = 0;
  let strict = 0;
  let neutral = 0;
  for (const row of rows) {
    const result = detectSentiment(row.text, 'en');
    const right = binaryPositive(result) === (row.class === 1);
    if (right) correct++;
    if (result.Sentiment === 'NEUTRAL') neutral++;
    else if (right) strict++;
  }
  return { n: rows.length, accuracy: correct / rows.length, neutralAsMiss: strict / rows.length, neutralShare: neutral / rows.length };
}

/**
 * The tweets' positive and negative rows read as a binary set, so they can be stated like the UCI
 * sets: by the original rule and with a NEUTRAL answer counted as a miss.
 */
export function polarTweets(rows: TweetRow[]): BinaryReport {
  return binaryAccuracy(rows.filter((r) => r.label !== 'neutral').map((r) => ({ text: r.text, class: r.label === 'positive' ? 1 : 0 })));
}

export interface ThreeClassReport {
  n: number;
  accuracy: number;
  macroF1: number;
  f1: Record<Polarity, number>;
  /** confusion[gold][predicted] */
  confusion: Record<Polarity, Record<Polarity, number>>;
}

export function threeClassReport(rows: TweetRow[]): ThreeClassReport {
  const confusion = Object.fromEntries(CLASSES.map((g) => [g, Object.fromEntries(CLASSES.map((p) => [p, 0]))])) as ThreeClassReport['confusion'];
  for (const row of rows) confusion[row.label][threeClass(detectSentiment(row.text, 'en'))]++;
  const f1 = Object.fromEntries(
    CLASSES.map((c) => {
      const tp = confusion[c][c];
      const predicted = CLASSES.reduce((sum, g) => sum + confusion[g][c], 0);
      const gold = CLASSES.reduce((sum, p) => sum + confusion[c][p], 0);
      const precision = predicted ? tp / predicted : 0;
      const recall = gold ? tp / gold : 0;
      return [c, precision + recall ? (2 * precision * recall) / (precision + recall) : 0];
    }),
  ) as Record<Polarity, number>;
  const correct = CLASSES.reduce((sum, c) => sum + confusion[c][c], 0);
  return { n: rows.length, accuracy: correct / rows.length, macroF1: (f1.positive + f1.negative + f1.neutral) / 3, f1, confusion };
}
