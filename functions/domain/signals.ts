/** Churn and legal signals in free text, in every configured language at once (feedback often mixes languages). */

export interface SignalMatch {
  language: string;
  word: string;
}

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export type SignalMatcher = (text: string) => SignalMatch[];

/** Compiles the word lists once (per cold start), so matching a batch costs one regex pass per word. */
export function signalMatcher(wordsByLanguage: Record<string, readonly string[]>): SignalMatcher {
  const patterns = Object.entries(wordsByLanguage).flatMap(([language, words]) =>
    words.map((word) => {
      const stem = fold(word.replace(/\*$/, ''));
      const tail = word.endsWith('*') ? '\\p{L}*' : '';
      return { language, word, re: new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(stem).replace(/ /g, '\\s+')}${tail}(?![\\p{L}\\p{N}])`, 'u') };
    }),
  );
  return (text) => {
    const folded = fold(text);
    return patterns.filter((p) => p.re.test(folded)).map(({ language, word }) => ({ language, word }));
  };
}
