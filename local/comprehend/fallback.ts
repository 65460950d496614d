import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULES, hasElidedNegation, normalizeWord, stripElision, type EngineLanguage } from './rules';
import { tokenize } from './tokenize';

/**
 * A small learned reader for the texts the lexicon and rules are silent on.
 *
 * Most polar service text the rule engine gets wrong it answers NEUTRAL: no lexicon entry fires on
 * "courier left my parcel in the rain" or "unlocked my phone for free while I waited". Adding the
 * words one sentence at a time fits the sentences read and generalizes little (docs/sentiment.md,
 * the second batch), so the engine asks this model instead — but only when its own answer is
 * NEUTRAL, and only when the model is sure (FALLBACK_MIN_POSTERIOR in engine.ts).
 *
 * The model is multinomial naive Bayes over three classes (POSITIVE, NEGATIVE, NEUTRAL) on
 * truncated word stems, with words in the scope of a negation marked, and stem pairs. It is trained
 * by `npm run train:sentiment` (local/comprehend/train-fallback.ts) on the **tune split** of the
 * team's own dev set only, and the weights are committed as generated data
 * (fallback-weights.json): the check split and the public sets never reach it.
 */

export type FallbackClass = 'POSITIVE' | 'NEGATIVE' | 'NEUTRAL';
export const FALLBACK_CLASSES: readonly FallbackClass[] = ['POSITIVE', 'NEGATIVE', 'NEUTRAL'];

/** Letters kept of each word: a crude stem that works alike in the seven languages. */
export const STEM_LENGTH = 6;
/** Words after a negation that are read as negated ("never received" → ¬receiv). */
const NEGATION_SCOPE = 3;

/** Features of one text: stems (¬-prefixed in a negation's scope), adjacent stem pairs, and the sentence being a question. */
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
    if (previous) out.push(`${previous}_${stem}`);
    previous = stem;
    if (negator) negatedFor = NEGATION_SCOPE;
    else if (negatedFor > 0) negatedFor--;
  }
  return out;
}

export interface FallbackModel {
  /** Log prior per class, in FALLBACK_CLASSES order. */
  prior: number[];
  /** Log likelihood per feature and class; features not listed say nothing. */
  weights: Record<string, number[]>;
  /** The smallest posterior for POSITIVE or NEGATIVE at which the engine takes the model's word over its own NEUTRAL. */
  minPosterior: number;
  /** A POSITIVE or NEGATIVE rule answer with a net valence under this... */
  overruleNet: number;
  /** ...is turned when the model gives the other side at least this posterior. */
  overrulePosterior: number;
  /** Leave NEUTRAL a text the rules read as a request with nothing wrong in it. */
  skipRequests: boolean;
  /** Inside the NEUTRAL band, take only the side the rules already lean to (either when they lean nowhere). */
  followLean: boolean;
}

/** Posterior per class (FALLBACK_CLASSES order), and how many of the text's features the model knows. */
export function posterior(model: FallbackModel, feats: readonly string[]): { p: number[]; known: number } {
  const score = [...model.prior];
  let known = 0;
  for (const f of feats) {
    const w = model.weights[f];
    if (w) known++;
    // Unknown features say nothing about the class here: only known ones count.
    else continue;
    for (let c = 0; c < score.length; c++) score[c] = (score[c] ?? 0) + (w[c] ?? 0);
  }
  const top = Math.max(...score);
  const exp = score.map((s) => Math.exp(s - top));
  const sum = exp.reduce((a, b) => a + b, 0);
  return { p: exp.map((e) => e / sum), known };
}

const WEIGHTS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fallback-weights.json');
let loaded: FallbackModel | undefined;

/** The committed model, read on first use (so a process that never needs it never pays for it). */
export function fallbackModel(): FallbackModel {
  loaded ??= JSON.parse(readFileSync(WEIGHTS_FILE, 'utf8')) as FallbackModel;
  return loaded;
}
