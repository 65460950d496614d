import { normalizeWord, type EngineLanguage } from './rules';

/**
 * Multi-word expressions whose sentiment is not the sum of their words: "thanks for nothing"
 * is not thanks, "don't waste your money" is not praise, "on hold" and "still waiting" carry
 * a service complaint without one sentiment word, and "I'd like to" is a request, not a liking.
 * A valence of `NEGATES` marks a counterfactual that negates what follows, like "not":
 * "it could have been great". Entries are accent-free lower case, apostrophes dropped.
 */
const NEGATES = 'negates';

const IDIOMS: Readonly<Record<EngineLanguage, string>> = {
  en: `
    thanks for nothing:-2.6 thank you for nothing:-2.6 never again:-2.2 not again:-1.5
    dont waste:-2.2 do not waste:-2.2 dont bother:-2 do not bother:-2 dont buy:-2 do not buy:-2
    waste of time:-2.6 waste of money:-2.6 not worth:-1.9 money back:-1.5 fell asleep:-1.5
    stopped working:-2 doesnt work:-1.8 does not work:-1.8 didnt work:-1.8 did not work:-1.8 not working:-1.8
    on hold:-1.4 still waiting:-1.8 still no:-1.5 still not:-1.5 still hasnt:-1.5 still havent:-1.5
    still dont:-1.5 still doesnt:-1.5 still didnt:-1.5 still cant:-1.5 still wont:-1.5 still isnt:-1.5
    no response:-1.6 no answer:-1.5 no reply:-1.5 no help:-1.6 no one:-0.6 hung up:-1.6 yet another:-1.2
    is a joke:-1.8 what a joke:-2 kind of:0 sort of:0 customer care:0 customer service:0 as well:0
    would like:0 id like:0 feel like:0 feels like:0 felt like:0 looks like:0 look like:0 looked like:0
    seems like:0 seem like:0 just like:0 good morning:0.3 good afternoon:0.3 good evening:0.3
    thanks in advance:0.4 of course:0.3 for sure:0.3 pretty much:0 well done:2.2 no problem:1
    cant wait:2 cannot wait:2 can not wait:2 cant thank:2.6 couldnt be happier:3 could not be happier:3
    couldnt be better:2.8 could not be better:2.8 no complaints:1.8 second to none:2.6 well worth:2.2
    well written:2 well acted:2 well made:2 well cooked:2 too long:-1.2 too expensive:-1.6 too small:-1.2
    five stars:2.5 5 stars:2.5 one star:-2.2 1 star:-2.2 zero stars:-2.5 0 stars:-2.5 buy again:1.8 order again:1.8
    as described:1.5 on time:1.5 above and beyond:2.6 want a refund:-1.6 demand a refund:-2
    couldnt have been nicer:2.8 could not have been nicer:2.8 couldnt have been better:2.8
    could not have been better:2.8 couldnt have been more helpful:2.8 could not have been more helpful:2.8
    could have been:${NEGATES} should have been:${NEGATES} couldve been:${NEGATES} shouldve been:${NEGATES}`,
  es: `
    nunca mas:-2.2 no funciona:-1.8 sigo esperando:-1.8 todavia no:-1.2 aun no:-1.2 no vale la pena:-1.9
    por favor:0 me gustaria:0 podria ser:${NEGATES} podria haber sido:${NEGATES} deberia ser:${NEGATES}`,
  fr: `
    plus jamais:-2.2 ne fonctionne pas:-1.8 ne marche pas:-1.8 toujours pas:-1.5 toujours rien:-1.5
    il vous plait:0 il te plait:0 attends toujours:-1.8 pas terrible:-1.5 pourrait etre:${NEGATES} aurait pu etre:${NEGATES}
    aurait du etre:${NEGATES}`,
  de: `
    nie wieder:-2.2 funktioniert nicht:-1.8 geht nicht:-1.4 immer noch nicht:-1.5 immer noch kein:-1.5
    warte immer noch:-1.8 konnte besser:-1.2 hatte besser:-1.2`,
  pt: `
    nunca mais:-2.2 nao funciona:-1.8 ainda nao:-1.2 continuo esperando:-1.8 nao vale a pena:-1.9
    por favor:0 gostaria de:0 estou esperando:-1.6 poderia ser:${NEGATES} poderia ter sido:${NEGATES} deveria ser:${NEGATES}`,
  it: `
    mai piu:-2.2 non funziona:-1.8 ancora niente:-1.5 ancora non:-1.2 sto ancora aspettando:-1.8
    per favore:0 non vale la pena:-1.9 potrebbe essere:${NEGATES} poteva essere:${NEGATES} avrebbe potuto essere:${NEGATES}`,
  nl: `
    nooit meer:-2.2 werkt niet:-1.8 nog steeds niet:-1.5 nog steeds geen:-1.5 wacht nog steeds:-1.8 kan beter:-1.2
    had beter gekund:-1.2`,
};

export type Idiom = { words: readonly string[] } & ({ valence: number; negates?: never } | { negates: true; valence?: never });

/** Idioms by first word, longest first, so "thank you for nothing" wins over shorter matches. */
function index(language: EngineLanguage): ReadonlyMap<string, readonly Idiom[]> {
  const byFirst = new Map<string, Idiom[]>();
  for (const [, phrase = '', value] of IDIOMS[language].matchAll(/\s*([^:]+):(\S+)/g)) {
    const words = phrase.split(' ').map(normalizeWord);
    const idiom: Idiom = value === NEGATES ? { words, negates: true } : { words, valence: Number(value) };
    const first = words[0] ?? '';
    byFirst.set(first, [...(byFirst.get(first) ?? []), idiom].sort((a, b) => b.words.length - a.words.length));
  }
  return byFirst;
}

const indexes = new Map<EngineLanguage, ReadonlyMap<string, readonly Idiom[]>>();

/**
 * The idiom starting at token `i`, if any. `words` holds every token normalized; punctuation
 * tokens match no idiom word, so an idiom never spans a comma or a sentence end.
 */
export function idiomAt(words: readonly string[], i: number, language: EngineLanguage): Idiom | undefined {
  let byFirst = indexes.get(language);
  if (!byFirst) {
    byFirst = index(language);
    indexes.set(language, byFirst);
  }
  return byFirst.get(words[i] ?? '')?.find((idiom) => idiom.words.every((w, k) => words[i + k] === w));
}
