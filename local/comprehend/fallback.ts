import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULES, hasElidedNegation, normalizeWord, stripElision, type EngineLanguage } from './rules';
import { tokenize } from './tokenize';

/**
 * A small learned reader that completes the rules.
 *
 * Most polar service text the rule engine gets wrong it answers NEUTRAL: no lexicon entry fires on
 * "courier left my parcel in the rain" or "unlocked my phone for free while I waited". Adding the
 * words one sentence at a time fits the sentences read and generalizes little (docs/sentiment.md,
 * the second batch), so the engine asks this model instead: when its own answer is NEUTRAL, and
 * (where cross-validation lets it) when its own answer is weak and the model is sure of the other
 * side (the settings in FallbackModel).
 *
 * Since 1.6.0 the model is multinomial logistic regression over three classes (POSITIVE, NEGATIVE,
 * NEUTRAL). It reads the text (truncated word stems, with words in the scope of a negation marked,
 * stem pairs, a question mark) **and the rules' own reading** (their label, net valence, positive
 * and negative evidence, strongest clauses, a request frame), so it learns where the rules are
 * worth trusting instead of voting beside them; 1.4.0–1.5.1 used naive Bayes over the text alone,
 * which cross-validation on the grown tune split placed below it (docs/sentiment.md). It is
 * trained by `npm run train:sentiment` (local/comprehend/train-fallback.ts) on the **tune split**
 * of the team's own dev set only, and the weights are committed as generated data
 * (fallback-weights.json): the check split and the public sets never reach it.
 */

export type FallbackClass = 'POSITIVE' | 'NEGATIVE' | 'NEUTRAL';
export const FALLBACK_CLASSES: readonly FallbackClass[] = ['POSITIVE', 'NEGATIVE', 'NEUTRAL'];

/** Letters kept of each word: a crude stem that works alike in the seven languages. */
export const STEM_LENGTH = 6;
/**
 * A second, shorter stem of the longer words, beside the first: it joins inflections the six-letter
 * stem keeps apart ("atendimento"/"atendente", "rapidez"/"rapidamente") — most of what the other six
 * languages gained in cross-validation (docs/sentiment.md, 1.7.0).
 */
export const BACKOFF_STEM_LENGTH = 5;
/** Words after a negation that are read as negated ("never received" → ¬receiv). */
const NEGATION_SCOPE = 3;

/** Features of one text: stems (¬-prefixed in a negation's scope), shorter stems of long words (~-prefixed), adjacent stem pairs, and the sentence being a question. */
export function features(text: string, language: EngineLanguage): string[] {
  const negators = RULES[language].negators;
  const out: string[] = [];
  let negatedFor = 0;
  let previous = '';
  for (const token of tokenize(text)) {
    if (token.kind === 'punct') {
      if (/[?]/.test(token.text)) out.push('<?>');
      // A clause break ends a negation's scope and a pair.
      if (/[.,;:!?…]/.test(token.text)) {
        negatedFor = 0;
        previous = '';
      }
      continue;
    }
    if (token.kind !== 'word') continue;
    const word = normalizeWord(stripElision(token.lower));
    if (!word) continue;
    const stem = /^\d/.test(word) ? '#' : word.slice(0, STEM_LENGTH);
    const negator = negators.has(word) || hasElidedNegation(token.lower);
    const feature = negatedFor > 0 && !negator ? `¬${stem}` : stem;
    out.push(feature);
    if (word.length > BACKOFF_STEM_LENGTH && stem !== '#') out.push(`~${word.slice(0, BACKOFF_STEM_LENGTH)}`);
    if (previous) out.push(`${previous}_${stem}`);
    previous = stem;
    if (negator) negatedFor = NEGATION_SCOPE;
    else if (negatedFor > 0) negatedFor--;
  }
  return out;
}

/** What the rules read, as the model sees it (engine.ts ruleReading). */
export interface RuleSignal {
  rule: 'POSITIVE' | 'NEGATIVE' | 'NEUTRAL' | 'MIXED';
  positive: number;
  negative: number;
  bestClause: number;
  worstClause: number;
  request: boolean;
}

/**
 * The rules' reading as numeric features, squashed so one very strong text does not dominate a
 * weight: evidence sums grow without bound, the model only needs to know "none, some, a lot".
 */
export function ruleFeatures(signal: RuleSignal): Array<readonly [string, number]> {
  return [
    ['<bias>', 1],
    [`<rule:${signal.rule}>`, 1],
    ['<net>', Math.tanh((signal.positive - signal.negative) / 2)],
    ['<pos>', Math.tanh(signal.positive / 3)],
    ['<neg>', Math.tanh(signal.negative / 3)],
    ['<best>', Math.tanh(signal.bestClause / 3)],
    ['<worst>', Math.tanh(signal.worstClause / 3)],
    ['<request>', signal.request ? 1 : 0],
  ];
}

/** A text's features with their values: each text feature once, at the model's text weight, then the rules' reading. */
export function featureVector(textFeatures: readonly string[], signal: RuleSignal, textWeight: number): Map<string, number> {
  const x = new Map<string, number>();
  for (const f of textFeatures) x.set(f, textWeight);
  for (const [f, v] of ruleFeatures(signal)) x.set(f, v);
  return x;
}

export interface FallbackModel {
  /** Value of a text feature (the rules' features carry their own); chosen by cross-validation. */
  textWeight: number;
  /** Weight per feature and class (FALLBACK_CLASSES order); features not listed say nothing. */
  weights: Weights;
  /** The smallest posterior for POSITIVE or NEGATIVE at which the engine takes the model's word over its own NEUTRAL. */
  minPosterior: number;
  /** A POSITIVE or NEGATIVE rule answer with a net valence under this... */
  overruleNet: number;
  /** ...is turned when the model gives the other side at least this posterior. */
  overrulePosterior: number;
  /** A MIXED rule answer becomes one side when the model gives that side at least this posterior (1: never). */
  mixedPosterior: number;
  /** Leave NEUTRAL a text the rules read as a request with nothing wrong in it. */
  skipRequests: boolean;
  /** Inside the NEUTRAL band, take only the side the rules already lean to (either when they lean nowhere). */
  followLean: boolean;
}

/** A weight table: one row of FALLBACK_CLASSES.length weights per feature. */
export interface Weights {
  row(feature: string): ArrayLike<number> | undefined;
}

/** A table over a plain record (what training updates in place). */
export function recordWeights(record: Readonly<Record<string, number[]>>): Weights {
  return { row: (feature) => record[feature] };
}

/** Weights are written as whole multiples of this (the file rounds them to four places). */
export const WEIGHT_SCALE = 1e4;

/**
 * The committed file: settings, then the feature names joined by newlines (no feature holds one:
 * tokens never contain whitespace) and their weights, each times WEIGHT_SCALE as a little-endian
 * 32-bit integer, the lot in base64. Parsing a JSON array of 600,000 numbers took about 55 ms of
 * the engine's cold start; the base64 string takes about 15, and dividing the integers back gives
 * exactly the doubles the decimal text did (both are the double nearest to n / 10⁴).
 */
export interface WeightsFile extends Omit<FallbackModel, 'weights'> {
  features: string;
  weights: string;
}

/** The weights (FALLBACK_CLASSES.length per feature, in feature order) as the file stores them. */
export function encodeWeights(values: readonly number[]): string {
  const bytes = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => bytes.writeInt32LE(Math.round(v * WEIGHT_SCALE), i * 4));
  return bytes.toString('base64');
}

export function decodeWeights(encoded: string): Float64Array {
  const bytes = Buffer.from(encoded, 'base64');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Float64Array(bytes.byteLength / 4);
  for (let i = 0; i < values.length; i++) values[i] = view.getInt32(i * 4, true) / WEIGHT_SCALE;
  return values;
}

export function fromFile(file: WeightsFile): FallbackModel {
  const width = FALLBACK_CLASSES.length;
  const values = decodeWeights(file.weights);
  const index = new Map<string, number>();
  file.features.split('\n').forEach((feature, i) => index.set(feature, i * width));
  const row = (feature: string): ArrayLike<number> | undefined => {
    const at = index.get(feature);
    return at === undefined ? undefined : values.subarray(at, at + width);
  };
  return { ...file, weights: { row } };
}

/** Posterior per class (FALLBACK_CLASSES order): the softmax of the summed weights. */
export function posterior(weights: Weights, x: ReadonlyMap<string, number>): number[] {
  const score = FALLBACK_CLASSES.map(() => 0);
  for (const [f, v] of x) {
    const w = weights.row(f);
    // A feature never seen in training says nothing about the class.
    if (!w) continue;
    for (let c = 0; c < score.length; c++) score[c] = (score[c] ?? 0) + (w[c] ?? 0) * v;
  }
  const top = Math.max(...score);
  const exp = score.map((s) => Math.exp(s - top));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp.map((e) => e / sum);
}

const WEIGHTS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fallback-weights.json');
let loaded: FallbackModel | undefined;

/** The committed model, read on first use (so a process that never needs it never pays for it). */
export function fallbackModel(): FallbackModel {
  loaded ??= fromFile(JSON.parse(readFileSync(WEIGHTS_FILE, 'utf8')) as WeightsFile);
  return loaded;
}

/** Whether the model has been read yet (the local server reads it before it listens). */
export function fallbackModelLoaded(): boolean {
  return loaded !== undefined;
}
