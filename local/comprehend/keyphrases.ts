import { lexiconFor } from './lexicons';
import { codePointOffsets } from './offsets';
import { normalizeWord, type EngineLanguage } from './rules';
import { DETERMINERS, stopwords } from './stopwords';
import { tokenize, type Token } from './tokenize';

export interface KeyPhrase {
  Text: string;
  Score: number;
  BeginOffset: number;
  EndOffset: number;
}

/**
 * Key phrases as runs of content words between stop words, punctuation and opinion words (the
 * topic of "the delivery was slow" is "the delivery", not "slow"), keeping a leading determiner
 * the way Comprehend's noun phrases do. Offsets are in characters (code points).
 */
export function detectKeyPhrases(text: string, language: EngineLanguage): KeyPhrase[] {
  const stops = stopwords(language);
  const determiners = new Set(DETERMINERS[language].split(' '));
  const lexicon = lexiconFor(language);
  const toChar = codePointOffsets(text);
  const phrases: KeyPhrase[] = [];
  let run: Token[] = [];
  let determiner: Token | undefined;
  let previous: Token | undefined;

  const flush = (): void => {
    const first = run[0];
    const last = run[run.length - 1];
    if (first && last && run.some((t) => /\p{L}/u.test(t.text))) {
      const begin = (determiner ?? first).start;
      phrases.push({
        Text: text.slice(begin, last.end),
        Score: Math.round((0.95 + 0.015 * Math.min(run.length, 3)) * 1e4) / 1e4,
        BeginOffset: toChar(begin),
        EndOffset: toChar(last.end),
      });
    }
    run = [];
    determiner = undefined;
  };

  for (const token of tokenize(text)) {
    const word = token.kind === 'word' ? normalizeWord(token.text) : '';
    const isContent = token.kind === 'word' && !stops.has(word) && Math.abs(lexicon.valence(token.lower)) < 1;
    if (isContent) {
      if (run.length === 0 && previous?.kind === 'word' && determiners.has(normalizeWord(previous.text))) determiner = previous;
      run.push(token);
    } else {
      flush();
    }
    previous = token;
  }
  flush();
  return phrases;
}
