import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { coreLexicon } from './lexicon-core';
import { normalizeWord, type EngineLanguage } from './rules';

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
      if (Math.abs(value) >= 0.05) stems.set(stem, value * scale);
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

function englishLexicon(): Lexicon {
  const vader = loadVader();
  const core = coreLexicon('en');
  return cached((word) => {
    const plain = normalizeWord(word);
    return core.get(word) ?? core.get(plain) ?? vader.get(word) ?? vader.get(plain) ?? 0;
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
  return cached((word) => {
    // Elided articles and pronouns ("l'hôtel", "c'était", "dell'albergo") are not part of the word.
    const bare = word.replace(/^(?:[a-z]+)'(?=\p{L}{2})/u, '');
    const plain = normalizeWord(bare);
    const stem = stemmer.stemWord(plain);
    return core.get(bare) ?? core.get(plain) ?? coreStems.get(stem) ?? stems.get(plain) ?? stems.get(stem) ?? 0;
  });
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
