import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { coreLexicon } from './lexicon-core';
import { RULES, normalizeWord, stripElision, type EngineLanguage } from './rules';
import { stopwords } from './stopwords';

/**
 * Word valence per language on VADER's -4..4 scale. English uses the VADER lexicon; the others
 * use the stemmed lexicons that ship with the @nlpjs/lang-* packages (AFINN, ML-SentiCon and
 * Pattern), rescaled, with the hand-written core list taking precedence.
 */
export interface Lexicon {
  valence(lowerWord: string): number;
}

const require = createRequire(import.meta.url);

interface Stemmer {
  stemWord(word: string): string;
}

interface NlpjsSentimentData {
  afinn?: Record<string, number>;
  senticon?: Record<string, number>;
  pattern?: Record<string, number>;
}

// Package lexicons use different ranges: AFINN -5..5, SentiCon and Pattern -1..1.
const AFINN_TO_VADER = 0.8;
const UNIT_TO_VADER = 3.2;
// Below this (VADER scale) a package entry is mostly noise: ML-SentiCon gives "hora" (hour) -0.8.
const MIN_PACKAGE_VALENCE = 1.2;
// Shorter stems collide across unrelated words ("hor" is both "hora" and "horror").
const MIN_STEM_LENGTH = 4;
// A comparative is only read through a base that is clearly evaluative ("nicer", not "paper").
const MIN_DEGREE_BASE = 1;
/** "stress-free", "worry-free": as "hassle-free" in the core list. */
const FREE_OF_BAD = 1.8;
// Words looked up are cached; the cap only guards a long-running local server's memory.
const CACHE_LIMIT = 100_000;

function loadVader(): Map<string, number> {
  const file = readFileSync(require.resolve('vader-sentiment/vader_lexicon.txt'), 'utf8');
  const map = new Map<string, number>();
  for (const line of file.split('\n')) {
    const [word, mean] = line.split('\t');
    if (word && mean) map.set(word, Number(mean));
  }
  return map;
}

function loadNlpjs(language: Exclude<EngineLanguage, 'en'>): { stems: Map<string, number>; stemmer: Stemmer } {
  const data = require(`@nlpjs/lang-${language}/src/sentiment/sentiment_${language}.js`) as NlpjsSentimentData;
  const StemmerClass = require(`@nlpjs/lang-${language}/src/stemmer-${language}.js`) as new () => Stemmer;
  const stems = new Map<string, number>();
  // Pattern and SentiCon cover more words; AFINN is more reliable where it has an entry.
  for (const [source, scale] of [[data.pattern, UNIT_TO_VADER], [data.senticon, UNIT_TO_VADER], [data.afinn, AFINN_TO_VADER]] as const) {
    for (const [stem, value] of Object.entries(source ?? {})) {
      const valence = value * scale;
      if (Math.abs(valence) >= MIN_PACKAGE_VALENCE || source === data.afinn) stems.set(stem, valence);
    }
  }
  return { stems, stemmer: new StemmerClass() };
}

function cached(lookup: (word: string) => number): Lexicon {
  const cache = new Map<string, number>();
  return {
    valence(word) {
      let value = cache.get(word);
      if (value === undefined) {
        if (cache.size >= CACHE_LIMIT) cache.clear();
        value = lookup(word);
        cache.set(word, value);
      }
      return value;
    },
  };
}

/**
 * Comparatives, superlatives and adverbs VADER lists only in their base form: "friendliest",
 * "rudest", "cleaner", "painfully". A degree word says the writer is ranking, so the base valence
 * carries over.
 */
function degreeBases(word: string): string[] {
  const adverb = /^(\p{L}{4,}?)(i?)ly$/u.exec(word);
  if (adverb) return adverb[2] ? [`${adverb[1]}y`] : [adverb[1] ?? '', `${adverb[1]}le`];
  const m = /^(\p{L}{3,}?)(i?)(est|er)$/u.exec(word);
  if (!m) return [];
  const [, stem = '', i] = m;
  if (i) return [`${stem}y`];
  return [stem, `${stem}e`, ...(/(\p{L})\1$/u.test(stem) ? [stem.slice(0, -1)] : [])];
}

/**
 * A hyphenated compound not listed as such: written solid ("over-priced" is "overpriced"), else
 * its most evaluative part ("user-friendly" reads as "friendly").
 */
function compound(word: string, known: (w: string) => number | undefined): number {
  const solid = known(word.replace(/-/g, ''));
  if (solid !== undefined) return solid;
  // "stress-free", "error-free": free of something bad is good.
  const [head = '', tail, ...more] = word.split('-');
  if (tail === 'free' && more.length === 0 && (known(head) ?? 0) < 0) return FREE_OF_BAD;
  let best = 0;
  for (const part of word.split('-')) {
    const value = known(part) ?? 0;
    if (Math.abs(value) > Math.abs(best)) best = value;
  }
  return best;
}

function englishLexicon(): Lexicon {
  const vader = loadVader();
  const core = coreLexicon('en');
  const known = (w: string): number | undefined => core.get(w) ?? vader.get(w);
  return cached((word) => {
    const plain = normalizeWord(word);
    const direct = known(word) ?? known(plain);
    if (direct !== undefined) return direct;
    if (plain.includes('-')) return compound(plain, known);
    for (const base of degreeBases(plain)) {
      const value = known(base);
      if (value !== undefined && Math.abs(value) >= MIN_DEGREE_BASE) return value;
    }
    return 0;
  });
}

function stemmedLexicon(language: Exclude<EngineLanguage, 'en'>): Lexicon {
  const { stems, stemmer } = loadNlpjs(language);
  const core = coreLexicon(language);
  const coreStems = new Map<string, number>();
  for (const [word, value] of core) {
    const stem = stemmer.stemWord(word);
    if (!coreStems.has(stem)) coreStems.set(stem, value);
  }
  const grammar = grammarWords(language);
  return cached((word) => {
    const bare = stripElision(word);
    const plain = normalizeWord(bare);
    const known = core.get(bare) ?? core.get(plain);
    if (known !== undefined) return known;
    // The package lexicons give function words a polarity ("fue" -0.8, "het" +0.3): noise, and
    // negators or boosters work through the rules instead.
    if (grammar.has(plain)) return 0;
    const stem = stemmer.stemWord(plain);
    return coreStems.get(stem) ?? stems.get(plain) ?? (stem.length >= MIN_STEM_LENGTH ? stems.get(stem) : undefined) ?? 0;
  });
}

function grammarWords(language: EngineLanguage): ReadonlySet<string> {
  const rules = RULES[language];
  return new Set([...stopwords(language), ...rules.negators, ...rules.boosters.keys(), ...rules.contrast, ...rules.concessive]);
}

const loaded = new Map<EngineLanguage, Lexicon>();

/** Lexicons load on first use so a process that only needs English never parses the others. */
export function lexiconFor(language: EngineLanguage): Lexicon {
  let lexicon = loaded.get(language);
  if (!lexicon) {
    lexicon = language === 'en' ? englishLexicon() : stemmedLexicon(language);
    loaded.set(language, lexicon);
  }
  return lexicon;
}
