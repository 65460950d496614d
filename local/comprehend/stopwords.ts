import { createRequire } from 'node:module';
import { normalizeWord, type EngineLanguage } from './rules';

const require = createRequire(import.meta.url);

/** Determiners Comprehend keeps at the head of a noun phrase ("the product"). */
export const DETERMINERS: Readonly<Record<EngineLanguage, string>> = {
  en: 'the a an my your our their his her its this that these those',
  es: 'el la los las un una unos unas mi mis su sus este esta estos estas ese esa',
  fr: 'le la les l un une des mon ma mes ton ta tes son sa ses notre votre leur ce cet cette ces',
  de: 'der die das den dem des ein eine einen einem einer mein meine meinen unser unsere ihr ihre dieser diese dieses',
  pt: 'o a os as um uma uns umas meu minha meus minhas seu sua nosso nossa este esta esse essa',
  it: 'il lo la i gli le l un uno una mio mia miei mie suo sua nostro nostra questo questa quel quella',
  nl: 'de het een mijn jouw uw onze hun zijn haar deze dit die dat',
};

const ENGLISH_STOPWORDS = `i me my we our you your he him his she her it its they them their what which who whom
  this that these those am is are was were be been being have has had having do does did doing would should could
  can will shall may might must a an the and but if or because as until while of at by for with about against
  between into through during before after above below to from up down in out on off over under again further then
  once here there when where why how all any both each few more most other some such no nor not only own same so
  than too very just also still even ever really quite rather already yet twice once always never now get got
  getting gets go went going make made take took come came say said tell told like dont didnt cant wont isnt wasnt
  im ive id youre theyre thats theres its lets one ones thing things lot lots way much many well back`;

const cache = new Map<EngineLanguage, ReadonlySet<string>>();

/** Function words per language (accent-free lower case): the @nlpjs lists, and our own for English. */
export function stopwords(language: EngineLanguage): ReadonlySet<string> {
  let words = cache.get(language);
  if (!words) {
    const list =
      language === 'en'
        ? ENGLISH_STOPWORDS.split(/\s+/)
        : Object.keys((new (require(`@nlpjs/lang-${language}/src/stopwords-${language}.js`) as new () => { dictionary: Record<string, unknown> })()).dictionary);
    words = new Set([...list, ...DETERMINERS[language].split(' ')].filter(Boolean).map(normalizeWord));
    cache.set(language, words);
  }
  return words;
}
