/**
 * Hand-written grammar cues per language: what flips, boosts or splits sentiment. Word lists
 * are lower-case and accent-free (matched after `normalizeWord`), except where noted.
 */
export type EngineLanguage = 'en' | 'es' | 'fr' | 'de' | 'pt' | 'it' | 'nl';

export const ENGINE_LANGUAGES: readonly EngineLanguage[] = ['en', 'es', 'fr', 'de', 'pt', 'it', 'nl'];

export interface LanguageRules {
  /** Words that negate a sentiment word up to three tokens after them. */
  negators: ReadonlySet<string>;
  /** Negators that typically follow what they negate ("ich mag es nicht"). */
  trailingNegators: ReadonlySet<string>;
  /**
   * "never" and its kin: with a "such" word after them they do not negate but make a superlative
   * ("never had such terrible service", "nog nooit zo goed geholpen"). "not so good" stays negated.
   */
  never: ReadonlySet<string>;
  /** "so", "such": see `never`. */
  such: ReadonlySet<string>;
  /** Intensity modifiers: positive values intensify, negative ones damp. */
  boosters: ReadonlyMap<string, number>;
  /** "but": the clause after it carries the point, the one before it is conceded. */
  contrast: ReadonlySet<string>;
  /** "although": the clause it opens is conceded. */
  concessive: ReadonlySet<string>;
  /** Courtesy words ("thanks", "please"): formulaic, so they only count when nothing is wrong. */
  politeness: ReadonlySet<string>;
  /** What a customer waits for: neutral, but negated it is a complaint ("it never arrived"). */
  expectations: ReadonlySet<string>;
  /**
   * A problem put right ("fixed", "sorted", "résolu"): praise when it happened, a complaint when
   * negated ("still not fixed") or asked for ("I'd appreciate it if this could be fixed").
   */
  resolutions: ReadonlySet<string>;
  /** Nouns for the problem itself ("issue", "problema"): no complaint once the clause says it was resolved. */
  problems: ReadonlySet<string>;
  /** Units of waiting time ("days", "semanas"); with a cue below, an elapsed wait is a complaint. */
  timeUnits: ReadonlySet<string>;
  /** Counts before a unit ("three", "a", "plusieurs"); digits always count. */
  counts: ReadonlySet<string>;
  /** Cues before a count that make it a wait ("for", "since", "depuis", "seit", "llevo"). */
  waitBefore: ReadonlySet<string>;
  /** Cues after a unit that make it a wait ("ago", "later", "geleden"). */
  waitAfter: ReadonlySet<string>;
  /** Cues before a count that make a short time a quick answer ("in", "within", "binnen"). */
  speedBefore: ReadonlySet<string>;
  /** "another", "again", "encore": after a sarcastic "Great," they say what happened once more. */
  repetition: ReadonlySet<string>;
  /** "finally": relief in praise, exasperation in a request. */
  finally: ReadonlySet<string>;
  /** "too" before a word says there is too much of it: "too expensive", "too slow", "trop cher". */
  excess: ReadonlySet<string>;
  /** After a count other than one, repeated attempts: "ten times", "tres veces", "dix fois". */
  repeatUnits: ReadonlySet<string>;
  /** The same said in one word: "repeatedly", "zweimal", "mehrmals". */
  repeatWords: ReadonlySet<string>;
}

const INTENSIFY = 0.293;
const DAMPEN = -0.293;

function boosters(intensifiers: string, dampeners: string): ReadonlyMap<string, number> {
  const map = new Map<string, number>();
  for (const w of intensifiers.split(/\s+/)) if (w) map.set(w, INTENSIFY);
  for (const w of dampeners.split(/\s+/)) if (w) map.set(w, DAMPEN);
  return map;
}

const set = (words: string): ReadonlySet<string> => new Set(words.split(/\s+/).filter(Boolean));

export const RULES: Readonly<Record<EngineLanguage, LanguageRules>> = {
  en: {
    negators: set(`not no never nothing nobody none nowhere neither nor without zero cannot cant dont doesnt didnt isnt arent wasnt werent wont wouldnt couldnt shouldnt hasnt havent hadnt aint nope barely hardly rarely`),
    trailingNegators: set(''),
    never: set(`never`),
    such: set(`so such`),
    boosters: boosters(
      `very really so extremely absolutely completely totally utterly incredibly super highly truly quite especially exceptionally fully most too deeply hugely thoroughly remarkably seriously insanely ridiculously damn fucking`,
      `slightly somewhat little bit barely kinda sorta partly fairly marginally occasionally less`,
    ),
    contrast: set(`but however yet though nevertheless nonetheless`),
    concessive: set(`although despite while whereas albeit`),
    politeness: set(`thanks thank thx ty please pls plz cheers`),
    expectations: set(`update updates news callback confirmation explanation apology notice warning information came come turned followed arrive arrived arrives show showed shown receive received deliver delivered respond responded answer answered reply replied call called refund refunded fix fixed resolve resolved work working help helped heard replying responding answering warned told informed notified`),
    resolutions: set(`fixed resolved solved sorted fixing resolving solving replaced`),
    problems: set(`problem problems issue issues bug bugs fault error`),
    timeUnits: set(`minute minutes min mins hour hours hrs day days week weeks month months year years`),
    counts: set(`a an one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty several few couple many`),
    waitBefore: set(`for since over after been took take takes taking already waited waiting wait almost nearly`),
    waitAfter: set(`ago later now late running straight`),
    speedBefore: set(`in within under`),
    repetition: set(`another again yet more`),
    finally: set(`finally`),
    excess: set(`too`),
    repeatUnits: set(`times`),
    repeatWords: set(`repeatedly`),
  },
  es: {
    negators: set(`no nunca jamas ni nada nadie ninguno ninguna ningun tampoco sin`),
    trailingNegators: set(''),
    never: set(`nunca jamas`),
    such: set(`tan tanto tanta tantos tantas semejante`),
    boosters: boosters(
      `muy mucho muchisimo super realmente totalmente completamente extremadamente increiblemente tan demasiado bastante sumamente absolutamente`,
      `poco algo ligeramente apenas casi`,
    ),
    contrast: set(`pero embargo sino`),
    concessive: set(`aunque pese`),
    politeness: set(`gracias favor`),
    expectations: set(`llega llego llegado recibido recibi responde respondido contesta contestado funciona funciono arreglado resuelto`),
    resolutions: set(`resuelve resuelven resuelto resuelta resolvieron solucionado solucionada solucionaron arreglado arreglada arreglaron`),
    problems: set(`problema problemas incidencia fallo error averia`),
    timeUnits: set(`minuto minutos hora horas dia dias semana semanas mes meses ano anos`),
    counts: set(`un una uno dos tres cuatro cinco seis siete ocho nueve diez quince veinte treinta varios varias muchos muchas`),
    waitBefore: set(`desde hace llevo lleva llevamos llevan tras despues durante ya esperando espere tardo tardaron tarda mas`),
    waitAfter: set(`despues`),
    speedBefore: set(`en menos`),
    repetition: set(`otra otro otra vez de nuevo mas`),
    finally: set(`finalmente`),
    excess: set(`demasiado demasiada`),
    repeatUnits: set(`veces`),
    repeatWords: set(`repetidamente`),
  },
  fr: {
    negators: set(`ne n pas jamais rien personne aucun aucune ni sans guere`),
    trailingNegators: set(`pas`),
    never: set(`jamais`),
    such: set(`aussi si tel telle tels telles pareil pareille autant`),
    boosters: boosters(
      `tres vraiment trop tellement super extremement absolument completement totalement incroyablement fort hyper particulierement`,
      `peu assez legerement plutot presque`,
    ),
    contrast: set(`mais cependant pourtant toutefois neanmoins`),
    concessive: set(`quoique malgre`),
    politeness: set(`merci plait`),
    expectations: set(`arrive arrivee recu repondu fonctionne marche rembourse repare resolu`),
    resolutions: set(`resolu resolue regle reglee repare reparee`),
    problems: set(`probleme problemes souci soucis bug panne erreur`),
    timeUnits: set(`minute minutes heure heures jour jours semaine semaines mois an ans annee annees`),
    counts: set(`un une deux trois quatre cinq six sept huit neuf dix quinze vingt trente plusieurs`),
    waitBefore: set(`depuis apres pendant deja attends attendu attente y plus`),
    waitAfter: set(`plus`),
    speedBefore: set(`en moins`),
    repetition: set(`encore nouveau autre`),
    finally: set(`enfin`),
    excess: set(`trop`),
    repeatUnits: set(`fois`),
    repeatWords: set(``),
  },
  de: {
    negators: set(`nicht kein keine keinen keinem keiner keines keinerlei nie niemals nichts nirgends ohne weder niemand`),
    trailingNegators: set(`nicht nie niemals`),
    never: set(`nie niemals`),
    such: set(`so solch solche solchen solcher solches`),
    boosters: boosters(
      `sehr wirklich total extrem absolut vollig komplett unglaublich so echt super besonders ausserst richtig ziemlich zu`,
      `etwas wenig bisschen leicht kaum fast`,
    ),
    contrast: set(`aber jedoch doch allerdings trotzdem sondern`),
    concessive: set(`obwohl obgleich trotz`),
    politeness: set(`danke dank bitte`),
    expectations: set(`antwortet meldet angekommen gekommen erhalten geliefert geantwortet funktioniert geht erstattet repariert gelost`),
    resolutions: set(`gelost behoben repariert erledigt`),
    problems: set(`problem probleme fehler storung`),
    timeUnits: set(`minute minuten stunde stunden tag tage tagen woche wochen monat monate monaten jahr jahre jahren`),
    counts: set(`ein eine einem einer einen zwei drei vier funf sechs sieben acht neun zehn zwolf zwanzig dreissig mehrere paar`),
    waitBefore: set(`seit vor nach schon bereits warte gewartet dauert dauerte uber fast seitdem`),
    waitAfter: set(`spater her`),
    speedBefore: set(`in innerhalb binnen unter`),
    repetition: set(`wieder schon noch erneut`),
    finally: set(`endlich`),
    excess: set(``),
    repeatUnits: set(`mal`),
    repeatWords: set(`zweimal dreimal viermal funfmal zehnmal mehrmals mehrfach`),
  },
  pt: {
    negators: set(`nao nunca jamais nem nada ninguem nenhum nenhuma sem`),
    trailingNegators: set(''),
    never: set(`nunca jamais`),
    such: set(`tao tanto tanta tantos tantas tal`),
    boosters: boosters(
      `muito muita muitos muitas super realmente totalmente completamente extremamente incrivelmente tao demais bastante absolutamente`,
      `pouco pouca meio levemente quase`,
    ),
    contrast: set(`mas porem contudo entretanto todavia`),
    concessive: set(`embora apesar`),
    politeness: set(`obrigado obrigada favor`),
    expectations: set(`chegou chega recebi recebido respondeu responde atende atendeu funciona funcionou reembolsado resolvido`),
    resolutions: set(`resolve resolvem resolvido resolvida resolveram solucionado solucionada consertado consertada consertaram`),
    problems: set(`problema problemas defeito erro falha`),
    timeUnits: set(`minuto minutos hora horas dia dias semana semanas mes meses ano anos`),
    counts: set(`um uma dois duas tres quatro cinco seis sete oito nove dez quinze vinte trinta varios varias muitos muitas`),
    waitBefore: set(`ha faz desde apos depois durante ja esperando esperei demorou demora levou mais`),
    waitAfter: set(`depois atras`),
    speedBefore: set(`em menos`),
    repetition: set(`mais outra outro novo`),
    finally: set(`finalmente`),
    excess: set(``),
    repeatUnits: set(`vezes`),
    repeatWords: set(`repetidamente`),
  },
  it: {
    negators: set(`non mai niente nulla nessuno nessuna senza neanche nemmeno`),
    trailingNegators: set(''),
    never: set(`mai`),
    such: set(`cosi tanto tanta tanti tante simile`),
    boosters: boosters(
      `molto tanto tanta davvero veramente totalmente completamente estremamente incredibilmente super troppo proprio assolutamente cosi`,
      `poco leggermente abbastanza quasi`,
    ),
    contrast: set(`ma pero tuttavia comunque`),
    concessive: set(`sebbene benche nonostante`),
    politeness: set(`grazie prego`),
    expectations: set(`arrivato arrivata ricevuto risposto risponde rispondono funziona rimborsato risolto`),
    resolutions: set(`risolve risolvono risolto risolta risolti sistemato sistemata riparato riparata`),
    problems: set(`problema problemi guasto errore`),
    timeUnits: set(`minuto minuti ora ore giorno giorni settimana settimane mese mesi anno anni`),
    counts: set(`un uno una due tre quattro cinque sei sette otto nove dieci quindici venti trenta diversi diverse parecchi parecchie`),
    waitBefore: set(`da dopo gia aspetto aspettando attesa durato dura altre altri`),
    waitAfter: set(`fa dopo`),
    speedBefore: set(`in entro meno`),
    repetition: set(`ennesima ennesimo altre altri altra altro ancora nuovo`),
    finally: set(`finalmente`),
    excess: set(`troppo troppa`),
    repeatUnits: set(`volte`),
    repeatWords: set(`ripetutamente`),
  },
  nl: {
    negators: set(`niet geen nooit niets niks nergens niemand zonder noch`),
    trailingNegators: set(`niet nooit`),
    never: set(`nooit`),
    such: set(`zo zon zulke zulk zoiets`),
    boosters: boosters(
      `heel erg zeer echt super totaal extreem absoluut enorm ontzettend zo bijzonder hartstikke te`,
      `beetje enigszins nauwelijks bijna`,
    ),
    contrast: set(`maar echter toch desondanks`),
    concessive: set(`hoewel ondanks alhoewel`),
    politeness: set(`bedankt dank alsjeblieft alstublieft`),
    expectations: set(`aangekomen ontvangen geleverd gereageerd geantwoord reageert antwoordt neemt werkt terugbetaald opgelost`),
    resolutions: set(`opgelost verholpen gerepareerd gefikst geregeld`),
    problems: set(`probleem problemen storing fout`),
    timeUnits: set(`minuut minuten uur uren dag dagen week weken maand maanden jaar jaren`),
    counts: set(`een twee drie vier vijf zes zeven acht negen tien twaalf twintig dertig enkele paar meerdere`),
    waitBefore: set(`al sinds na wacht gewacht duurt duurde ruim bijna`),
    waitAfter: set(`geleden later`),
    speedBefore: set(`binnen in`),
    repetition: set(`weer alweer opnieuw nog`),
    finally: set(`eindelijk`),
    excess: set(``),
    repeatUnits: set(`keer keren`),
    repeatWords: set(`meermaals herhaaldelijk`),
  },
};

/** Elided articles and pronouns ("l'hôtel", "c'était", "dell'albergo") are not part of the word. */
export function stripElision(word: string): string {
  return word.replace(/^\p{L}{1,5}['’](?=\p{L}{2})/u, '');
}

/** French "n'" negates the word it is glued to: "je n'aime pas". */
export function hasElidedNegation(word: string): boolean {
  return /^n['’]\p{L}/iu.test(word);
}

/** Lower-case, accent-free form used by every rule list and lexicon. */
export function normalizeWord(word: string): string {
  return word.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/'/g, '');
}
