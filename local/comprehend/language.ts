import { francAll } from 'franc-min';
import { coreLexicon } from './lexicon-core';
import { ENGINE_LANGUAGES, RULES, normalizeWord, type EngineLanguage } from './rules';
// Function words and spellings are shared with the detector the analyze Lambda runs itself.
import { FUNCTION_WORDS, SPELLING_CUES } from '../../functions/domain/language-detector';

export interface DominantLanguage {
  LanguageCode: string;
  Score: number;
}

/** franc's ISO 639-3 codes for languages Comprehend also detects, mapped to Comprehend's codes. */
const ISO3_TO_COMPREHEND: Readonly<Record<string, string>> = {
  eng: 'en', spa: 'es', fra: 'fr', deu: 'de', por: 'pt', ita: 'it', nld: 'nl', swe: 'sv', pol: 'pl', ces: 'cs',
  ron: 'ro', hun: 'hu', tur: 'tr', ind: 'id', zlm: 'ms', vie: 'vi', tgl: 'tl', swh: 'sw', hrv: 'hr', bos: 'bs',
  srp: 'sr', rus: 'ru', ukr: 'uk', bul: 'bg', bel: 'be', kaz: 'kk', arb: 'ar', urd: 'ur', pes: 'fa', hin: 'hi',
  mar: 'mr', npi: 'ne', cmn: 'zh', jpn: 'ja', kor: 'ko', tha: 'th', ell: 'el', ben: 'bn', tam: 'ta', tel: 'te',
  guj: 'gu', kan: 'kn', mal: 'ml', pan: 'pa', amh: 'am', som: 'so', zul: 'zu', hau: 'ha', yor: 'yo', jav: 'jv',
};
const CANDIDATES = Object.keys(ISO3_TO_COMPREHEND);

const FUNCTION_WORD_WEIGHT = 0.6;

/**
 * The words the sentiment engine knows for each language (its hand-written lexicon and rule
 * words) that no other of the seven shares: feedback vocabulary such as "helpful", "atento",
 * "Warteschleife". They settle the short comments that carry no function word ("great service").
 */
function feedbackVocabulary(): Readonly<Record<string, ReadonlySet<string>>> {
  const words = new Map<EngineLanguage, Set<string>>();
  for (const language of ENGINE_LANGUAGES) {
    const rules = RULES[language];
    const own = new Set<string>([...coreLexicon(language).keys()].map(normalizeWord));
    for (const list of [rules.negators, rules.contrast, rules.politeness, rules.expectations, rules.resolutions, rules.problems, rules.timeUnits]) {
      for (const w of list) own.add(w);
    }
    words.set(language, own);
  }
  const owners = new Map<string, number>();
  for (const own of words.values()) for (const w of own) owners.set(w, (owners.get(w) ?? 0) + 1);
  return Object.fromEntries([...words].map(([language, own]) => [language, new Set([...own].filter((w) => owners.get(w) === 1 && w.length > 2))]));
}
let vocabulary: Readonly<Record<string, ReadonlySet<string>>> | undefined;
const VOCABULARY_WEIGHT = 0.4;
const SPELLING_CUE_WEIGHT = 0.5;
// franc's trigram profile is unreliable below a few dozen letters; its say grows with length.
const TRIGRAM_FULL_TRUST_LETTERS = 40;
// Turns the gap between candidate scores into a confidence; chosen so that one clear sentence scores > 0.9.
const SHARPNESS = 14;
const MIN_REPORTED = 0.05;
const FALLBACK: DominantLanguage[] = [{ LanguageCode: 'en', Score: 0.2 }];

/**
 * Trigram language identification (franc, 82 languages) steadied by function-word evidence
 * for the engine's seven languages. Text with too little signal reports English with a low score.
 */
export function detectDominantLanguage(input: string): DominantLanguage[] {
  // Handles, hashtags and links are names, not language.
  const text = input.replace(/https?:\/\/\S+|www\.\S+|[@#]\w+/g, ' ');
  const scores = new Map<string, number>();
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const trust = Math.min(1, letters / TRIGRAM_FULL_TRUST_LETTERS);
  for (const [iso3, closeness] of francAll(text, { only: CANDIDATES, minLength: 3 })) {
    const code = ISO3_TO_COMPREHEND[iso3];
    if (code && closeness > 0) scores.set(code, closeness * trust);
  }
  const words = text.split(/[^\p{L}']+/u).filter(Boolean).map(normalizeWord);
  if (words.length > 0) {
    for (const [code, vocabulary] of Object.entries(FUNCTION_WORDS)) {
      const hits = words.filter((w) => vocabulary.has(w)).length;
      if (hits > 0) scores.set(code, (scores.get(code) ?? 0) + (FUNCTION_WORD_WEIGHT * hits) / words.length);
    }
  }
  vocabulary ??= feedbackVocabulary();
  if (words.length > 0) {
    for (const [code, known] of Object.entries(vocabulary)) {
      const hits = words.filter((w) => known.has(w)).length;
      if (hits > 0) scores.set(code, (scores.get(code) ?? 0) + (VOCABULARY_WEIGHT * hits) / words.length);
    }
  }
  for (const [code, cue] of Object.entries(SPELLING_CUES)) {
    const hits = text.toLowerCase().match(cue)?.length ?? 0;
    if (hits > 0) scores.set(code, (scores.get(code) ?? 0) + (SPELLING_CUE_WEIGHT * hits) / Math.max(words.length, 1));
  }
  if (scores.size === 0) return FALLBACK;

  const best = Math.max(...scores.values());
  const weights = [...scores].map(([code, s]) => [code, Math.exp(SHARPNESS * (s - best))] as const);
  const total = weights.reduce((sum, [, w]) => sum + w, 0);
  const ranked = weights
    .map(([LanguageCode, w]) => ({ LanguageCode, Score: round(w / total) }))
    .sort((a, b) => b.Score - a.Score);
  return ranked.filter((l, i) => i === 0 || l.Score >= MIN_REPORTED);
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
