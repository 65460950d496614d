/**
 * A small local language detector that runs inside the analyze Lambda, so a comment whose language
 * it is sure of needs no `BatchDetectDominantLanguage` call (3 Comprehend units, about 40% of the
 * Comprehend bill). Pure and dependency-free on purpose: a trigram library (franc-min) would add
 * ~175 KB to the analyze bundle and is weakest on exactly the short texts feedback is made of.
 *
 * It answers only when the evidence is one-sided, and otherwise abstains (the text then goes to
 * Comprehend): Hangul means Korean and kana means Japanese; for Latin-script text, distinctive
 * function words and spellings of seven languages (en, es, fr, de, pt, it, nl) must point one way by
 * a clear margin. The caller trusts an answer only on texts of at least `LOCAL_DETECTOR_MIN_LETTERS`
 * letters — the length from which it was measured as accurate as we need on the team's dev set
 * (docs/sentiment.md, "Skipping language detection"; `npm run bench:sentiment` prints the bands).
 */

/**
 * Frequent function words distinctive for each language, compared after `normalizeWord`. Shared
 * with the local Comprehend engine's detector (local/comprehend/language.ts), where they steady
 * its trigram scores on one-line comments.
 */
export const FUNCTION_WORDS: Readonly<Record<string, ReadonlySet<string>>> = Object.fromEntries(
  Object.entries({
    en: 'the and is was are were this that with for not have has you it my of to very but at they be hello hi thanks thank please would could your just been i we what why how can will did get got from our an if or there about all so now as always do u ur',
    es: 'el la los las es muy pero que por para con una del estaba fue esta este mi no lo y al hola gracias bueno buena malo mala nada nunca ya hay todo pedido',
    fr: 'le la les est tres mais que pour avec une des du etait ce cette mon pas je et au bonjour merci bon bonne mauvais jamais rien tout ne dans par sur aux vous nous votre',
    de: 'der die das ist sehr aber und nicht mit fur ein eine war ich mein es zu auf sind auch hallo danke gut schlecht kein keine nie mehr noch immer schon wir vielen bitte gerne',
    pt: 'o os as e muito mas que para com uma do da nao foi esta meu minha no na em ola obrigado obrigada bom boa ruim nunca mais voce tudo gostaria estou onde ja pior um',
    it: 'il lo gli e molto ma che per con una della del non era questo mio mia ho sono ciao grazie buono buona cattivo mai piu tutto anche dopo ho si gli da',
    nl: 'de het een is zeer maar en niet met voor was dit mijn ik van erg zijn ook op hallo bedankt goed slecht geen nooit meer nog heel wel echt',
  }).map(([code, words]) => [code, new Set(words.split(' '))]),
);

/** Spellings only one of the seven languages uses (on the lower-cased text, accents kept). */
export const SPELLING_CUES: Readonly<Record<string, RegExp>> = {
  es: /ñ|[¿¡]|\p{L}ó(?!\p{L})|(?<!\p{L})(?:qué|más|aquí|así|también|después)(?!\p{L})/gu,
  pt: /[ãõç]|(?<!\p{L})(?:você|não|também)(?!\p{L})/gu,
  fr: /[èêœç]|(?<!\p{L})[cjmnst]'/gu,
  de: /ß|\p{L}[äöü]\p{L}/gu,
  it: /\p{L}[ìòù](?!\p{L})|(?<!\p{L})è(?!\p{L})|\p{L}zion[ei](?!\p{L})/gu,
  nl: /ij|aa|uu/gu,
};

/** Lower case, accents and apostrophes dropped: "Très" → "tres", "don't" → "dont". */
export function normalizeWord(word: string): string {
  return word.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/'/g, '');
}

/**
 * Letters from which the detector's answer is trusted instead of asking Comprehend. Chosen on the
 * dev set's tune split as the shortest length band from which every language's answers were ≥ 99%
 * right (see docs/sentiment.md for the per-band table and the check split).
 */
export const LOCAL_DETECTOR_MIN_LETTERS = 20;

export interface LocalDetection {
  language: string;
  /** Letters in the text (what the length threshold is measured in). */
  letters: number;
}

/** Evidence points the winner needs, and how many times the runner-up's it must be. */
const MIN_EVIDENCE = 2;
const MIN_MARGIN = 3;

/** The language of `input`, or undefined when the evidence is thin or split (then ask Comprehend). */
export function detectLanguageLocally(input: string): LocalDetection | undefined {
  const text = withoutNames(input);
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters === 0) return undefined;
  const hangul = text.match(/\p{Script=Hangul}/gu)?.length ?? 0;
  const kana = text.match(/[\p{Script=Hiragana}\p{Script=Katakana}]/gu)?.length ?? 0;
  const latin = text.match(/\p{Script=Latin}/gu)?.length ?? 0;
  if (hangul / letters >= 0.5) return { language: 'ko', letters };
  if (kana > 0 && kana / letters >= 0.2 && latin / letters < 0.5) return { language: 'ja', letters };
  // Anything else not mostly Latin (Cyrillic, Arabic, Han-only Chinese…) is left to Comprehend.
  if (latin / letters < 0.9) return undefined;

  const scores = evidenceOf(text);
  const [best, second] = scores as [Evidence, Evidence];
  if (best.score < MIN_EVIDENCE || best.score < MIN_MARGIN * second.score) return undefined;
  return { language: best.code, letters };
}

/**
 * Whether a short Latin-script text confirms `locale` as its language: it carries at least one
 * function word or spelling of that language, and more of them than of any other of the seven
 * ("It was fine.": two English words, one also Dutch). Too thin to name a
 * language on its own ("Rien à signaler." has one French word), it is enough to agree with a locale
 * the source sent: the two are independent, and for the text to confirm a wrong locale it would have
 * to hold more words of the wrong language than of its own. Measured against every locale, not only
 * the right one, on the dev set (`npx tsx bench/local-language.ts`; docs/sentiment.md).
 */
export function textConfirmsLocale(input: string, locale: string): boolean {
  const language = locale.toLowerCase().split(/[-_]/)[0]!;
  if (!(language in FUNCTION_WORDS)) return false;
  const text = withoutNames(input);
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const latin = text.match(/\p{Script=Latin}/gu)?.length ?? 0;
  if (letters === 0 || latin / letters < 0.9) return false;
  const scores = evidenceOf(text);
  const own = scores.find(({ code }) => code === language)!.score;
  return own >= 1 && scores.every(({ code, score }) => code === language || score < own);
}

interface Evidence {
  code: string;
  score: number;
}

/** Handles, hashtags and links are names, not language. */
function withoutNames(input: string): string {
  return input.replace(/https?:\/\/\S+|www\.\S+|[@#]\w+/g, ' ');
}

/** Function words and spellings found per language, best first. */
function evidenceOf(text: string): Evidence[] {
  const words = text.split(/[^\p{L}']+/u).filter(Boolean).map(normalizeWord);
  const lower = text.toLowerCase();
  const scores = Object.keys(FUNCTION_WORDS).map((code) => {
    const words_ = FUNCTION_WORDS[code]!;
    const cue = SPELLING_CUES[code];
    const score = words.filter((w) => words_.has(w)).length + (cue ? (lower.match(cue)?.length ?? 0) : 0);
    return { code, score };
  });
  return scores.sort((a, b) => b.score - a.score);
}
