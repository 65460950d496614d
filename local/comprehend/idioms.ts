import { normalizeWord, type EngineLanguage } from './rules';

/**
 * Multi-word expressions whose sentiment is not the sum of their words: "thanks for nothing"
 * is not thanks, "don't waste your money" is not praise, "on hold" and "still waiting" carry
 * a service complaint without one sentiment word, and "I'd like to" is a request, not a liking.
 * A valence of `NEGATES` marks a counterfactual that negates what follows, like "not":
 * "it could have been great". Entries are accent-free lower case, apostrophes dropped.
 */
const NEGATES = 'negates';
/**
 * A request framed as thanks ("I'd appreciate", "je vous serais reconnaissant"): not praise, and
 * what it asks for says what is wrong ("…if this could finally be fixed").
 */
const REQUEST = 'request';

const IDIOMS: Readonly<Record<EngineLanguage, string>> = {
  en: `
    thanks for nothing:-2.6 thank you for nothing:-2.6 never again:-2.2 not again:-1.5 hats off:2.5 couldnt have gone better:3 couldnt have been better:3 couldnt be better:3 could not have gone better:3 could not have been better:3 couldnt have gone smoother:3 couldnt have been smoother:3 couldnt have been easier:3 couldnt have been more helpful:3 couldnt have been nicer:3 couldnt have asked for more:3 couldnt ask for more:3 couldnt have been worse:-3 couldnt be worse:-3 could not have been worse:-3 more of this:2 game changer:2.5 no brainer:2
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
    well written:2 well made:2 well cooked:2 too long:-1.2 too expensive:-1.6 too small:-1.2
    five stars:2.5 5 stars:2.5 one star:-2.2 1 star:-2.2 zero stars:-2.5 0 stars:-2.5 buy again:1.8 order again:1.8
    as described:1.5 on time:1.5 above and beyond:2.6 want a refund:-1.6 demand a refund:-2
    couldnt have been nicer:2.8 could not have been nicer:2.8 couldnt have been better:2.8
    could not have been better:2.8 couldnt have been more helpful:2.8 could not have been more helpful:2.8
    could have been:${NEGATES} should have been:${NEGATES} couldve been:${NEGATES} shouldve been:${NEGATES}
    id appreciate:${REQUEST} i would appreciate:${REQUEST} would appreciate:${REQUEST} would really appreciate:${REQUEST}
    id really appreciate:${REQUEST} wed appreciate:${REQUEST} would be grateful:${REQUEST} id be grateful:${REQUEST}
    would be thankful:${REQUEST} id be thankful:${REQUEST} would be glad:${REQUEST} kindly:${REQUEST} would you mind:${REQUEST}
    i hope you can:${REQUEST} thanks for:~1.9 thank you for:~1.9 thanks so much for:~2.2 well done on:~2.2 well done for:~2.2
    love how:^2 i love how:^2 loved how:^2 amazing how:^2 nice to know:^1.5 so helpful of you:~2
    where is my:-0.8 wheres my:-0.8 how many times:-1.5 how many more times:-1.8 how hard is it:-1.6 how hard can it be:-1.6
    how is it possible:-1.6 how is it that:-1.2 how come:-1 what is the point:-2 whats the point:-2 is it too much to ask:-2
    is anyone:-0.8 does anyone:-0.8 will anyone:-0.8 is there any reason:-1 when exactly:-0.8
    supposed to:-1 was meant to:-0.8 were meant to:-0.8 as promised:1.5 the only thing:${NEGATES} only one:-0.6
    second time:-0.6 third time:-1 fourth time:-1.2 fifth time:-1.2 yet again:-1.2 again and again:-1.5 sorry to chase:-1.2
    without a hitch:2 no issues:1.5 without any issues:1.5 no fuss:1.2 without any fuss:1.5 in minutes:1.2 within minutes:1.2
    straight away:1 right away:1 same day:1 made my day:2.6 made our day:2.6 spot on:2 charged twice:-2 double charged:-2
    charged me twice:-2 went up:-0.6 cut off:-1.2 cut me off:-1.6 no signal:-1.6 no internet:-1.6 no wifi:-1.6 no power:-1.6
    no hot water:-1.8 let down:-1.8 let me down:-2 fed up:-2.2 in circles:-1.4 without warning:-1.2 with no warning:-1.2
    without notice:-1.2 without explanation:-1.2 stay again:1.8 book again:1.8 fly again:1.2 shop again:1.8 use again:1.6
    come back:1.2 hassle free:2 expected better:-1.6 expected more:-1.4 expect better:-1.4 deserve better:-1.8
    too bad:-1.5 everything works:1.6 all working:1.4 keep it up:1.8 keep up the good work:2.4
    took forever:-1.6 takes forever:-1.6 taking forever:-1.6 took ages:-1.5 takes ages:-1.5 for ages:-1.2 no show:-1.8
    out of stock:-1 sold out:-0.6 long wait:-1.5 long queue:-1.5 long queues:-1.5 long line:-1.2 radio silence:-1.8
    as advertised:1.2 false advertising:-2.2 bait and switch:-2.2 cash grab:-2 ripped off:-2.5 rip off:-2.5
    exceeded expectations:2.5 exceeded my expectations:2.5 is down:-1.4 was down:-1.4 went down:-1.2 been down:-1.4
    want to cancel:-1.2 trying to cancel:-1.4 tried to cancel:-1.4 nobody cares:-2 no one cares:-2 had enough:-1.6
    better than expected:2 worse than expected:-2 faster than expected:1.6 quicker than expected:1.6
    sooner than expected:1.6 lower than expected:1.2 longer than expected:-1.4 slower than expected:-1.4
    higher than expected:-1.2 finally a:1.2 finally an:1.2 finally someone:1.2 finally somebody:1.2
    someone elses:-1.2 somebody elses:-1.2 copy and paste:-1.2 not once:-1.5 still nothing:-1.5
    better things to do:-1.5 more important things to do:-1.5 had to ask:-1 have to ask:-0.8
    knew what they were doing:1.5 know what they are doing:1.5 know what theyre doing:1.5 knows what they are doing:1.5
    knew what he was doing:1.5 knew what she was doing:1.5 knows what he is doing:1.5 knows what she is doing:1.5
    brand new:1
    no fees:1.2 no hidden fees:1.6 no extra fees:1.2 no extra charge:1.2 two payments:-1 took two payments:-1.8
    paid twice:-1.8 billed twice:-2 taken twice:-2
    smart meter:0 smart meters:0 smart tv:0 smart home:0 smart card:0 smart plug:0 smart watch:0
    love paying:^2 loved paying:^2 love waiting:^2 loved waiting:^2 enjoyed waiting:^2 love being:^2 loved being:^2
    love spending:^2 loved spending:^2 enjoyed spending:^2 with respect:0 with all due respect:-1
    treated me with respect:2 treated us with respect:2 treated with respect:2 does the job well:1.8 did the job well:1.8
    does its job well:1.8 out of their way:2.2 out of his way:2.2 out of her way:2.2 havent looked back:2
    have not looked back:2 never looked back:2 free of charge:1.5 kept us updated:1.6 kept me updated:1.6
    kept us informed:1.6 kept me informed:1.6 kept me in the loop:1.6 kept us in the loop:1.6 fell apart:-2
    falling apart:-2 falls apart:-2 a different answer:-1.2 what happened to:-1 great job:@2.6 good job:@2.2
    nice job:@2 great work:@2.6 nice work:@2 when it works:-1.5 when it does work:-1.5 late check-in:0
    late checkin:0 late checkout:0 late check-out:0 reason to complain:-1 reason to leave:-1
    thank you to:3 big thanks:3 huge thanks:3 massive thanks:3 special thanks:3 shout out to:3 shoutout to:3 kudos to:3
    no questions asked:2 nothing was too much trouble:2.4 nothing is too much trouble:2.4 extra mile:2.4 over the moon:2.8
    answered all my questions:1.8 answered all our questions:1.8 answered every question:1.8 well packaged:1.5
    well packed:1.5 exactly what i ordered:1.5 exactly what i needed:1.8 exactly what i wanted:1.8 everything i need:1.2
    everything we need:1.2 logs me out:-1.2 logged me out:-1.2 kicks me out:-1.5 kicked me out:-1.5 is a maze:-1.5
    switching providers:-1.5 switching provider:-1.5 switch providers:-1.2
    nothing to report:0 nothing to add:0 nothing to say:0 nothing to declare:0 nothing to complain about:1.8 nothing to fault:1.8`,
  es: `
    se agradece:1.8 esperaba mas:-1.6 una broma:-1.8 tomadura de pelo:-2.5 de diez:2.2 un diez:2.2 sin problemas:1.5 ningun problema:1.5 vale la pena:1.8
    muchas gracias a:3 mil gracias a:3 me quito el sombrero:2.5 gracias a:3 gracias al:3 quiero agradecer:3 agradezco a:3 agradecer a:3 asi se hace:2.5 asi se gana:2.5 asi si:2 tranquilidad total:2.5 un detallazo:2.5 no podria haber sido mejor:3 no pudo ser mejor:3 no pudo haber sido mejor:3 no podria estar mas contento:3 no podria estar mas contenta:3
    nunca mas:-2.2 no funciona:-1.8 sigo esperando:-1.8 todavia no:-1.2 aun no:-1.2 no vale la pena:-1.9
    por favor:0 me gustaria:0 podria ser:${NEGATES} podria haber sido:${NEGATES} deberia ser:${NEGATES}
    les agradeceria:${REQUEST} le agradeceria:${REQUEST} agradeceria:${REQUEST} les ruego:${REQUEST} le ruego:${REQUEST}
    gracias por:~1.9 donde esta mi:-0.8 por que:-0.7 cuantas veces:-1.5 hasta cuando:-1.5 sin avisar:-1.2 sin respuesta:-1.5
    no sirve:-1.8 otra vez:-0.6 me cortaron:-1.6 solo una:-0.6 solo un:-0.6 el doble:-1.2 debia llegar:-1.2
    tenia que llegar:-1.2 se cierra:-1.2 nadie me atiende:-1.6 por fin:0.3 todo funciona:1.6 por fin un:1.2 por fin una:1.2 finalmente un:1.2 finalmente una:1.2
    nada que reportar:0 nada que decir:0 nada que anadir:0 nada que agregar:0 nada que destacar:0 nada que objetar:1.8 nada que reprochar:1.8 sin quejas:1.8`,
  fr: `
    ca fait plaisir:2 sattend a mieux:-1.8 une blague:-1.8 foutage de gueule:-2.8 nimporte quoi:-2 sans souci:1.5 aucun souci:1.5 au top:2.5
    un grand merci:3 merci beaucoup a:3 merci a:3 merci au:3 merci aux:3 je tiens a remercier:3 naurait pas pu mieux:3 ne pouvait pas mieux:3 pouvait pas mieux:3
    plus jamais:-2.2 ne fonctionne pas:-1.8 ne marche pas:-1.8 toujours pas:-1.5 toujours rien:-1.5
    il vous plait:0 il te plait:0 attends toujours:-1.8 pas terrible:-1.5 pourrait etre:${NEGATES} aurait pu etre:${NEGATES}
    aurait du etre:${NEGATES}
    je vous serais reconnaissant:${REQUEST} vous serais reconnaissant:${REQUEST} serais reconnaissant:${REQUEST}
    je vous prie:${REQUEST} merci de bien vouloir:${REQUEST} merci de me:${REQUEST} merci pour:~1.9 bravo pour:~2
    ou est ma:-0.8 ou est mon:-0.8 combien de fois:-1.5 jusqua quand:-1.5 sans explication:-1.2 sans reponse:-1.5
    une seule:-0.6 un seul:-0.6 le double:-1.2 encore une fois:-0.6 devait arriver:-1.2 sans arret:-0.8 tout fonctionne:1.6 tout marche:1.6 enfin un:1.2 enfin une:1.2 enfin quelquun:1.2
    rien a signaler:0 rien a dire:0 rien a ajouter:0 rien a declarer:0 rien a redire:1.8 rien a reprocher:1.8`,
  de: `
    ein witz:-1.8 mehr erwartet:-1.6 gerne wieder:2 immer wieder gerne:2.2 ohne probleme:1.6 kein problem:1.2 hut ab:2.5 so geht service:2.5 gold wert:2.5
    danke an:3 vielen dank an:3 grossen dank an:3 dankeschon an:3 ein dank an:3 hatte nicht besser:3 konnte nicht besser:3
    nie wieder:-2.2 funktioniert nicht:-1.8 geht nicht:-1.4 immer noch nicht:-1.5 immer noch kein:-1.5
    warte immer noch:-1.8 konnte besser:-1.2 hatte besser:-1.2
    ware ihnen dankbar:${REQUEST} waren ihnen dankbar:${REQUEST} ware dankbar:${REQUEST} ich bitte sie:${REQUEST}
    danke fur:~1.9 vielen dank fur:~2 wo bleibt:-1 wo ist mein:-0.8 wo ist meine:-0.8 wie oft:-1.2 wie lange noch:-1.5
    wie lange soll:-1.2 ohne erklarung:-1.2 ohne vorwarnung:-1.2 keine antwort:-1.5 keine reaktion:-1.5 nur eine:-0.6
    nur ein:-0.6 das doppelte:-1.2 schon wieder:-0.8 sollte am:-0.6 hangt fest:-1.2 steckt fest:-1.2 alles funktioniert:1.6 alles klappt:1.6 endlich ein:1.2 endlich eine:1.2 endlich jemand:1.2
    nichts zu melden:0 nichts zu sagen:0 nichts hinzuzufugen:0 nichts zu beanstanden:1.8 nichts auszusetzen:1.8`,
  pt: `
    uma piada:-1.8 esperava mais:-1.6 nota 10:2.5 nota dez:2.5 vale a pena:1.8 sem problemas:1.5 nenhum problema:1.5 falta de respeito:-2.5 tiro o chapeu:2.5
    muito obrigado ao:3 muito obrigada ao:3 muito obrigado a:3 muito obrigada a:3 obrigado a:3 obrigada a:3 obrigado ao:3 obrigada ao:3 agradeco ao:3 agradeco a:3 nao tenho como agradecer:3 assim da gosto:2.5 nao podia ter sido melhor:3 nao poderia ter sido melhor:3 nao podia ser melhor:3 nao podia ter corrido melhor:3
    nunca mais:-2.2 nao funciona:-1.8 ainda nao:-1.2 continuo esperando:-1.8 nao vale a pena:-1.9
    por favor:0 gostaria de:0 estou esperando:-1.6 poderia ser:${NEGATES} poderia ter sido:${NEGATES} deveria ser:${NEGATES}
    agradeco se:${REQUEST} agradeceria:${REQUEST} peco por gentileza:${REQUEST} por gentileza:${REQUEST} agradecia que:${REQUEST} agradeco que:${REQUEST} agradecia:${REQUEST} agradeco desde ja:0
    fora do ar:-1.8 nada mal:2 nota mil:2.5 nada a apontar:1.8 fazem a diferenca:2 faz a diferenca:2
    obrigado por:~1.9 obrigada por:~1.9 onde esta meu:-0.8 onde esta minha:-0.8 por que:-0.7 ate quando:-1.5
    quantas vezes:-1.5 sem aviso:-1.2 sem resposta:-1.5 so um:-0.6 so uma:-0.6 o dobro:-1.2 era para ter:-1.2
    mais uma vez:-0.6 fecha sozinho:-1.5 ninguem atendeu:-1.6 ninguem atende:-1.6 tudo funciona:1.6 finalmente um:1.2 finalmente uma:1.2
    nada a declarar:0 nada a relatar:0 nada a dizer:0 nada a acrescentar:0 nada a reclamar:1.8 sem reclamacoes:1.8`,
  it: `
    presa in giro:-2.5 mi aspettavo di piu:-1.6 ne vale la pena:1.8 da consigliare:2 nessun problema:1.5 senza problemi:1.5 tanto di cappello:2.5
    grazie mille a:3 un grazie a:3 grazie a:3 grazie al:3 grazie alla:3 grazie all:3 grazie ai:3 un grazie al:3 un grazie alla:3 un grazie speciale a:3 grazie di cuore:3 vorrei ringraziare:3 non poteva andare meglio:3 non poteva essere migliore:3 non poteva andare meglio:3 non si poteva chiedere di meglio:3 non potevo chiedere di meglio:3
    mai piu:-2.2 non funziona:-1.8 ancora niente:-1.5 ancora non:-1.2 sto ancora aspettando:-1.8
    per favore:0 non vale la pena:-1.9 potrebbe essere:${NEGATES} poteva essere:${NEGATES} avrebbe potuto essere:${NEGATES}
    vi sarei grato:${REQUEST} vi sarei grata:${REQUEST} sarei grato:${REQUEST} sarei grata:${REQUEST} vi prego:${REQUEST}
    grazie per:~1.9 complimenti per:~2 dove il mio:-0.8 dove la mia:-0.8 fino a quando:-1.5 quante volte:-1.5
    senza spiegazioni:-1.2 senza risposta:-1.5 nessuna risposta:-1.5 nessuna assistenza:-1.6 una sola:-0.6 un solo:-0.6
    il doppio:-1.2 si blocca:-1.5 doveva arrivare:-1.2 ancora una volta:-0.6 nessuno risponde:-1.6 tutto funziona:1.6 finalmente un:1.2 finalmente una:1.2
    niente da segnalare:0 nulla da segnalare:0 niente da dire:0 niente da aggiungere:0 niente da ridire:1.8 nulla da ridire:1.8 nessuna lamentela:1.8`,
  nl: `
    een grap:-1.8 meer verwacht:-1.6 voor herhaling vatbaar:2.4 geen probleem:1.2 zonder problemen:1.5 petje af:2.5 goud waard:2.5
    dank aan:3 bedankt aan:3 dank je wel aan:3 had niet beter gekund:3 kon niet beter:3 had niet beter kunnen:3
    nooit meer:-2.2 werkt niet:-1.8 nog steeds niet:-1.5 nog steeds geen:-1.5 wacht nog steeds:-1.8 kan beter:-1.2
    had beter gekund:-1.2
    zou het op prijs stellen:${REQUEST} op prijs stellen:${REQUEST} verzoek u:${REQUEST} bedankt voor:~1.9 dank voor:~1.9
    waar blijft:-1 hoe lang nog:-1.5 hoe vaak:-1.2 hoe lang moet:-1.2 zonder uitleg:-1.2 geen reactie:-1.5 geen antwoord:-1.5
    maar een:-0.6 het dubbele:-1.2 loopt vast:-1.5 doet het niet:-1.8 niemand neemt op:-1.6 alles werkt:1.6 eindelijk een:1.2 eindelijk iemand:1.2
    niets te melden:0 niets te zeggen:0 niets toe te voegen:0 niets op aan te merken:1.8 geen klachten:1.8`,
};

/**
 * `ironic`: praise that turns into its opposite when the rest of its sentence is a complaint
 * ("thanks for losing my bag", "well done on…"); written with a leading `~`. A leading `^` marks a
 * frame that praises a state of affairs ("love how…", "loved paying…"): any complaint in the rest
 * of its sentence turns it, "love how the update removed the one feature we used". A leading `@`
 * marks praise that is ironic only when it opens its sentence: "Great job losing my suitcase"
 * (but "the crew did a great job, the food was awful" is praise and a complaint).
 */
export type Idiom = { words: readonly string[] } & (
  | { valence: number; ironic?: boolean; frame?: boolean; opening?: boolean; negates?: never; request?: never }
  | { negates: true; valence?: never; ironic?: never; request?: never }
  | { request: true; valence?: never; ironic?: never; negates?: never }
);

/** Idioms by first word, longest first, so "thank you for nothing" wins over shorter matches. */
function index(language: EngineLanguage): ReadonlyMap<string, readonly Idiom[]> {
  const byFirst = new Map<string, Idiom[]>();
  for (const [, phrase = '', value] of IDIOMS[language].matchAll(/\s*([^:]+):(\S+)/g)) {
    const words = phrase.split(' ').map(normalizeWord);
    const idiom: Idiom =
      value === NEGATES ? { words, negates: true }
      : value === REQUEST ? { words, request: true }
      : value?.startsWith('~') ? { words, valence: Number(value.slice(1)), ironic: true }
      : value?.startsWith('^') ? { words, valence: Number(value.slice(1)), ironic: true, frame: true }
      : value?.startsWith('@') ? { words, valence: Number(value.slice(1)), ironic: true, opening: true }
      : { words, valence: Number(value) };
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
