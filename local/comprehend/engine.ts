import { detectKeyPhrases as keyPhrasesFor, type KeyPhrase } from './keyphrases';
import { ENGINE_LANGUAGES, type EngineLanguage } from './rules';
import { FALLBACK_CLASSES, fallbackModel, featureVector, features, posterior, type RuleSignal } from './fallback';
import { polarityMass, type PolarityMass } from './sentiment';

export { detectDominantLanguage, type DominantLanguage } from './language';
export type { KeyPhrase } from './keyphrases';

export type SentimentLabel = 'POSITIVE' | 'NEGATIVE' | 'NEUTRAL' | 'MIXED';

export interface SentimentResult {
  Sentiment: SentimentLabel;
  SentimentScore: { Positive: number; Negative: number; Neutral: number; Mixed: number };
}

export const ENGINE = { name: 'cx-loop-local', version: '1.8.0' } as const;

/**
 * Net valence below which a text reads as NEUTRAL (VADER scale). Chosen on the tune split of the
 * own set: the lowest value that keeps as many factual texts NEUTRAL as before (docs/sentiment.md).
 */
const NEUTRAL_BAND = 0.35;
/** Both a positive and a negative clause at least this strong make a text MIXED... */
const MIXED_CLAUSE_MIN = 1.2;
/** ...provided the weaker side is at least this fraction of the stronger. */
const MIXED_BALANCE = 0.45;
/** A fallback answer sits at least this far past the NEUTRAL band... */
const FALLBACK_MARGIN = 0.05;
/** ...and up to this much further when the model is certain (it never reads as strongly as a clear lexicon hit). */
const FALLBACK_REACH = 0.6;
/** Mass of evidence for "no opinion" that sentiment words must outweigh. */
const NEUTRAL_PRIOR = 1.2;

/**
 * Comprehend-shaped sentiment for one text. Languages outside the engine's lexicons are scored
 * with the English rules, which still catch emoji, emoticons and English loan words.
 */
export function detectSentiment(text: string, languageCode: string): SentimentResult {
  const language = engineLanguage(languageCode);
  return toResult(withFallback(polarityMass(text, language), text, language));
}

/** The rules' own reading, without the learned fallback: what the fallback is trained to complete. */
export function ruleReading(text: string, languageCode: string): RuleSignal & { net: number } {
  const mass = polarityMass(text, engineLanguage(languageCode));
  return { ...signalOf(mass), net: mass.positive - mass.negative };
}

function signalOf(mass: PolarityMass): RuleSignal {
  const { positive, negative, bestClause, worstClause, request } = mass;
  return { rule: label(mass), positive, negative, bestClause, worstClause, request };
}

/**
 * When the rules find no opinion, the learned model (fallback.ts) may: if it gives POSITIVE or
 * NEGATIVE at least its `minPosterior`, the evidence is moved just past the NEUTRAL band on that
 * side, further the surer the model is, so the scores keep their meaning (Positive > Negative
 * exactly when the answer leans positive). A weak rule answer (net under `overruleNet`) may be
 * turned when the model is at least `overrulePosterior` sure of the other side, and a MIXED one
 * settled when it is at least `mixedPosterior` sure of one side. All are chosen by cross-validation
 * on the tune split (train-fallback.ts).
 */
function withFallback(mass: PolarityMass, text: string, language: EngineLanguage): PolarityMass {
  const rule = label(mass);
  const net = mass.positive - mass.negative;
  const model = fallbackModel();
  if (rule === 'MIXED' ? model.mixedPosterior >= 1 : rule !== 'NEUTRAL' && Math.abs(net) >= model.overruleNet) return mass;
  // A request the rules found nothing wrong in ("I'd appreciate a call back this afternoon") is asked, not felt.
  if (rule === 'NEUTRAL' && mass.request && model.skipRequests) return mass;
  const p = posterior(model.weights, featureVector(features(text, language), signalOf(mass), model.textWeight));
  const positive = p[FALLBACK_CLASSES.indexOf('POSITIVE')] ?? 0;
  const negative = p[FALLBACK_CLASSES.indexOf('NEGATIVE')] ?? 0;
  const side = positive > negative ? 1 : -1;
  const sure = Math.max(positive, negative);
  const from = rule === 'NEUTRAL' ? model.minPosterior : rule === 'MIXED' ? model.mixedPosterior : model.overrulePosterior;
  if (sure < from) return mass;
  // A polar rule answer is only ever turned, never confirmed harder.
  if ((rule === 'POSITIVE' || rule === 'NEGATIVE') && Math.sign(net) === side) return mass;
  // What little the rules did read inside the band is evidence too: the model does not contradict it.
  if (rule === 'NEUTRAL' && model.followLean && net !== 0 && Math.sign(net) !== side) return mass;
  const target = NEUTRAL_BAND + FALLBACK_MARGIN + FALLBACK_REACH * ((sure - from) / Math.max(1e-9, 1 - from));
  // Move the evidence so the net lands at `target` on the model's side; it only ever adds evidence.
  // A MIXED answer the model settles keeps its clauses but not the losing side's strength.
  const moved = rule === 'MIXED' ? { ...mass, ...(side > 0 ? { worstClause: 0 } : { bestClause: 0 }) } : mass;
  if (side * net >= target) return moved;
  return side > 0 ? { ...moved, positive: mass.positive + (target - net) } : { ...moved, negative: mass.negative + (net + target) };
}

export function detectKeyPhrases(text: string, languageCode: string): KeyPhrase[] {
  return keyPhrasesFor(text, engineLanguage(languageCode));
}

function engineLanguage(code: string): EngineLanguage {
  const base = code.toLowerCase().split('-')[0] ?? '';
  return (ENGINE_LANGUAGES as readonly string[]).includes(base) ? (base as EngineLanguage) : 'en';
}

function label(mass: PolarityMass): SentimentLabel {
  const { positive, negative, bestClause, worstClause } = mass;
  const weaker = Math.min(bestClause, worstClause);
  if (weaker >= MIXED_CLAUSE_MIN && weaker >= MIXED_BALANCE * Math.max(bestClause, worstClause)) return 'MIXED';
  const net = positive - negative;
  if (Math.abs(net) < NEUTRAL_BAND) return 'NEUTRAL';
  return net > 0 ? 'POSITIVE' : 'NEGATIVE';
}

/**
 * Turns evidence into four scores that sum to 1, with the label's score highest and
 * Positive > Negative exactly when the positive evidence is larger, whatever the label.
 */
function toResult(mass: PolarityMass): SentimentResult {
  const sentiment = label(mass);
  const { positive, negative } = mass;
  const net = Math.abs(positive - negative);
  const confidence =
    sentiment === 'NEUTRAL' ? 0.5 + 0.45 * (1 - net / NEUTRAL_BAND) * Math.exp(-(positive + negative) / 6)
    : sentiment === 'MIXED' ? 0.45 + 0.4 * Math.tanh(Math.min(mass.bestClause, mass.worstClause) / 3)
    : 0.45 + 0.54 * Math.tanh(net / 2.5);

  const others: Record<SentimentLabel, number> = {
    POSITIVE: positive,
    NEGATIVE: negative,
    NEUTRAL: NEUTRAL_PRIOR / (1 + positive + negative),
    MIXED: 0.1 * Math.min(positive, negative),
  };
  others[sentiment] = 0;
  const rest = Object.values(others).reduce((a, b) => a + b, 0);
  // With no evidence at all the remainder is spread evenly over the other three labels.
  const share = (key: SentimentLabel): number =>
    key === sentiment ? confidence : rest > 0 ? ((1 - confidence) * others[key]) / rest : (1 - confidence) / 3;
  return {
    Sentiment: sentiment,
    SentimentScore: { Positive: share('POSITIVE'), Negative: share('NEGATIVE'), Neutral: share('NEUTRAL'), Mixed: share('MIXED') },
  };
}
