import { emojiValence, emoticonValence } from './emoji';
import { lexiconFor } from './lexicons';
import { RULES, normalizeWord, type EngineLanguage, type LanguageRules } from './rules';
import { tokenize, type Token } from './tokenize';

/**
 * VADER-style rule scoring (Hutto & Gilbert 2014) generalised to several languages, plus
 * clause-level analysis so that a clearly positive and a clearly negative clause in one text
 * read as MIXED rather than cancelling out.
 */
export interface PolarityMass {
  /** Summed positive valence after modifiers and clause weighting. */
  positive: number;
  /** Summed negative valence (as a positive number). */
  negative: number;
  /** Strongest positive and negative clause nets, unweighted; used to detect MIXED. */
  bestClause: number;
  worstClause: number;
}

const NEGATION_SCALAR = -0.74;
const CAPS_EMPHASIS = 0.733;
const EXCLAMATION_STEP = 0.292;
const MAX_EXCLAMATIONS = 4;
const CONTRAST_BEFORE = 0.5;
const CONTRAST_AFTER = 1.5;
const CONCESSIVE_WEIGHT = 0.5;
const SCOPE = 3;

interface Scored {
  valence: number;
  clause: number;
}

export function polarityMass(text: string, language: EngineLanguage): PolarityMass {
  const rules = RULES[language];
  const tokens = tokenize(text);
  const words = tokens.filter((t) => t.kind === 'word');
  // Emphasis by capitals only means something when the writer does not shout everything.
  const shouting = words.length > 1 && words.every((w) => w.text === w.text.toUpperCase());
  const normalized = tokens.map((t) => (t.kind === 'word' ? normalizeWord(t.text) : t.text));

  const weights = clauseWeights(tokens, normalized, rules);
  const clauses = clauseIds(tokens, normalized, rules);
  const scored: Scored[] = [];
  let exclamations = 0;

  tokens.forEach((token, i) => {
    if (token.kind === 'punct') {
      if (token.text.includes('!')) exclamations += token.text.length;
      return;
    }
    if (token.kind === 'ref') return;
    let valence = baseValence(token, language);
    if (valence === 0) return;
    if (token.kind === 'word') {
      if (!shouting && isCaps(token.text)) valence += Math.sign(valence) * CAPS_EMPHASIS;
      valence += boost(tokens, normalized, i, rules, valence, shouting);
      if (isNegated(tokens, normalized, i, rules)) valence *= NEGATION_SCALAR;
    }
    scored.push({ valence: valence * (weights[i] ?? 1), clause: clauses[i] ?? 0 });
  });

  let positive = 0;
  let negative = 0;
  const clauseNet = new Map<number, number>();
  for (const { valence, clause } of scored) {
    if (valence > 0) positive += valence;
    else negative -= valence;
    clauseNet.set(clause, (clauseNet.get(clause) ?? 0) + valence);
  }
  // Exclamation marks strengthen whichever way the text already leans.
  const emphasis = Math.min(exclamations, MAX_EXCLAMATIONS) * EXCLAMATION_STEP;
  if (positive > negative) positive += emphasis;
  else if (negative > positive) negative += emphasis;

  const nets = [...clauseNet.values()];
  return { positive, negative, bestClause: Math.max(0, ...nets), worstClause: Math.max(0, ...nets.map((n) => -n)) };
}

function baseValence(token: Token, language: EngineLanguage): number {
  if (token.kind === 'emoji') return emojiValence(token.text);
  if (token.kind === 'emoticon') return emoticonValence(token.text);
  return lexiconFor(language).valence(token.lower);
}

function isCaps(word: string): boolean {
  return word.length > 1 && /\p{Lu}/u.test(word) && word === word.toUpperCase();
}

/** Sum of intensifiers and dampeners among the previous words, fading with distance. */
function boost(tokens: Token[], normalized: string[], i: number, rules: LanguageRules, valence: number, shouting: boolean): number {
  let total = 0;
  let seen = 0;
  for (let j = i - 1; j >= 0 && seen < SCOPE; j--) {
    const t = tokens[j];
    if (!t || t.kind === 'punct') break;
    seen++;
    const scalar = rules.boosters.get(normalized[j] ?? '');
    if (scalar === undefined) continue;
    let step = scalar * Math.sign(valence) * (1 - 0.05 * (seen - 1));
    if (!shouting && isCaps(t.text)) step += Math.sign(step) * CAPS_EMPHASIS;
    total += step;
  }
  return total;
}

function isNegated(tokens: Token[], normalized: string[], i: number, rules: LanguageRules): boolean {
  let seen = 0;
  for (let j = i - 1; j >= 0 && seen < SCOPE; j--) {
    const t = tokens[j];
    if (!t || t.kind === 'punct') break;
    const word = normalized[j] ?? '';
    if (rules.contrast.has(word)) break;
    seen++;
    if (rules.negators.has(word) || t.lower.endsWith("n't")) return true;
  }
  if (rules.trailingNegators.size === 0) return false;
  // German and Dutch put "nicht"/"niet" after the verb it negates: "ich mag es nicht".
  for (let j = i + 1; j < tokens.length && j <= i + SCOPE; j++) {
    const t = tokens[j];
    if (!t || t.kind === 'punct') break;
    if (rules.trailingNegators.has(normalized[j] ?? '')) return isClauseEnd(tokens, normalized, j + 1, rules);
  }
  return false;
}

function isClauseEnd(tokens: Token[], normalized: string[], j: number, rules: LanguageRules): boolean {
  const next = tokens[j];
  return !next || next.kind === 'punct' || rules.contrast.has(normalized[j] ?? '');
}

/**
 * Weight per token: words before "but" are conceded (x0.5) and words after it carry the point
 * (x1.5), as in VADER; a clause opened by "although" is conceded. Applies per sentence.
 */
function clauseWeights(tokens: Token[], normalized: string[], rules: LanguageRules): number[] {
  const weights = tokens.map(() => 1);
  let sentenceStart = 0;
  let conceding = false;
  tokens.forEach((t, i) => {
    const word = normalized[i] ?? '';
    if (t.kind === 'punct') {
      conceding = false;
      if (/[.!?;…]/.test(t.text)) sentenceStart = i + 1;
      return;
    }
    if (rules.contrast.has(word)) {
      for (let j = sentenceStart; j < i; j++) weights[j] = (weights[j] ?? 1) * CONTRAST_BEFORE;
      for (let j = i + 1; j < tokens.length && !/[.!?;…]/.test(tokens[j]?.text ?? ''); j++) weights[j] = (weights[j] ?? 1) * CONTRAST_AFTER;
      sentenceStart = i + 1;
    } else if (rules.concessive.has(word)) {
      conceding = true;
    }
    if (conceding) weights[i] = (weights[i] ?? 1) * CONCESSIVE_WEIGHT;
  });
  return weights;
}

/** Clause index per token: sentence ends, contrast words and commas after a concession split clauses. */
function clauseIds(tokens: Token[], normalized: string[], rules: LanguageRules): number[] {
  let clause = 0;
  let afterConcession = false;
  return tokens.map((t, i) => {
    const word = normalized[i] ?? '';
    if (t.kind === 'punct' && (/[.!?;…]/.test(t.text) || (afterConcession && t.text.includes(',')))) {
      afterConcession = false;
      return clause++;
    }
    if (rules.contrast.has(word)) return ++clause;
    if (rules.concessive.has(word)) afterConcession = true;
    return clause;
  });
}
