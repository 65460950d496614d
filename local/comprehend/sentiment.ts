import { emojiValence, emoticonValence } from './emoji';
import { idiomAt } from './idioms';
import { lexiconFor } from './lexicons';
import { ratingValence, statedRating } from './ratings';
import { RULES, hasElidedNegation, normalizeWord, stripElision, type EngineLanguage, type LanguageRules } from './rules';
import { tokenize, type Token } from './tokenize';
import { DETERMINERS } from './stopwords';

/**
 * VADER-style rule scoring (Hutto & Gilbert 2014) generalised to several languages, plus
 * clause-level analysis so that a clearly positive and a clearly negative clause in one text
 * read as MIXED rather than cancelling out.
 */
export interface PolarityMass {
  /** Summed positive valence after modifiers and clause weighting. */
  positive: number;
  /** Summed negative valence (as a positive number). */
  negative: number;
  /** Strongest positive and negative clause nets, before "but" weighting; used to detect MIXED. */
  bestClause: number;
  worstClause: number;
  /** The text frames a request ("I'd appreciate…", "I'd like to…"): the rules read what it asks for as asked, not given. */
  request: boolean;
}

const NEGATION_SCALAR = -0.74;
const CAPS_EMPHASIS = 0.733;
const EXCLAMATION_STEP = 0.292;
const MAX_EXCLAMATIONS = 4;
const CONTRAST_BEFORE = 0.5;
const CONTRAST_AFTER = 1.5;
const CONCESSIVE_WEIGHT = 0.5;
/** Praise inside a question is asked about, not given ("is there a good way to…?"). */
const QUESTION_POSITIVE = 0.15;
const SCOPE = 3;
const LONE_NEGATION = -0.5;
const UNMET_EXPECTATION = -1.4;
/** A problem reported as put right: "fixed", "sorted out", "problema resuelto". */
const RESOLVED = 1.3;
/** A fix asked for ("…if my broadband could be fixed") means it is broken now. */
const REQUESTED_FIX = -1;
/** "Finally" inside a request is exasperation: "…could finally look into my complaint". */
const REQUESTED_FINALLY = -1;
/** An elapsed wait ("for three weeks", "since March", "five days ago"). */
const WAITED = -0.9;
/** A quick answer ("in five minutes", "within an hour"). */
const QUICK = 0.9;
/** Repeated attempts: "I've done it ten times", "tres veces", "zehn Mal". */
const REPEATED = -0.8;
/** A problem reported as put right by someone else ("the email said it was resolved") is not a fact. */
const REPORTED = /^(?:said|says|told|claimed|claims|claim|supposedly|apparently|marked)$/;
/** "It is not." — a sentence this short that ends on its negation contradicts what came before. */
const ELLIPTICAL_WORDS = 4;
/** "Too" + a word that is not already negative: "too expensive", "too small", "trop cher". */
const EXCESS = -1;
/** Ironic praise needs at least this much complaint in the rest of its sentence to turn. */
const IRONY_EVIDENCE = -0.9;
const TOOK =
  /^(?:took|take|takes|taking|need|needs|needed|tardo|tarda|tardan|tardaron|met|mettent|dauert|dauerte|demorou|demora|demoram|levou|duurt|duurde|doet|doen|deed|dura|durato|mette|mettono)$/;
/** A count that means one: "a day", "un jour" is not a repetition. */
const SINGLE = /^(?:a|an|one|un|una|uno|une|ein|eine|einem|einer|einen|een|um|uma)$/;
const OPENERS = new Set(['oh', 'ah', 'wow', 'well', 'yeah', 'just', 'really', 'so', 'que', 'qué', 'ach', 'na', 'nou', 'och', 'eh', 'ma', 'ah']);
/** Years are how long someone has been a customer ("with you ten years"), not a wait, unless waiting is said. */
const YEAR_UNITS = /^(?:year|years|ano|anos|an|ans|annee|annees|jahr|jahre|jahren|anno|anni|jaar|jaren)$/;
const WAITING = /^(?:wait|waited|waiting|espero|esperando|esperei|attends|attendu|warte|gewartet|aspetto|aspettando|wacht|gewacht)$/;
/** Units too short for "it took…" to be a wait: "setup took five minutes". An hour is a wait. */
const MINUTE_UNITS = /^(?:second|seconds|minute|minutes|min|mins|minuto|minutos|minuten|minuti|minuut)$/;
const SHORT_UNITS = /^(?:second|seconds|minute|minutes|min|mins|hour|hours|hrs|minuto|minutos|hora|horas|heure|heures|minuten|stunde|stunden|minuti|ora|ore|minuut|uur|uren)$/;
const SENTENCE_END = /[.!?;…]/;
/** Long units in the plural: "for weeks", "seit Wochen", "depuis des semaines" is a long wait even without a count. */
const LONG_PLURALS = /^(?:days|weeks|months|ages|dias|semanas|meses|jours|semaines|mois|tage|tagen|wochen|monate|monaten|giorni|settimane|mesi|dagen|weken|maanden)$/;
/** Articles that may stand between the waiting word and the unit: "depuis des semaines", "desde hace semanas". */
const WAIT_FILLERS = /^(?:des|de|hace|das|ha|ja|wel|al)$/;
/** "Stress free", "hassle free": free of something bad is good, as "stress-free" is. */
const FREE_OF_BAD_PAIR = 1.8;
/**
 * Service markers that carry a complaint or praise without an opinion word (English; the idiom and
 * rule lists carry the other languages' forms where they exist):
 * - "again" with no praise in its clause and no intent to return ("power out again"; not "would book again");
 * - "actually" or "even" in a question ("do you ever actually answer emails?", "does anyone even read these?");
 * - a chase for news ("any update on…", "just wondering when my order might ship", "I'd like to know when my claim will…");
 * - "no … needed" is ease ("no receipt needed", "no branch visit required");
 * - something done for nothing or unasked ("for free", "free of charge", "at no extra cost",
 *   "without me asking", "no chasing") and something done "within minutes" is praise.
 */
const AGAIN = -0.8;
/** "Still shows 'awaiting agent'", "still charged me": what should have changed has not (no praise in its clause: not "still the best"). */
const STILL = -0.8;
const SCEPTICAL_QUESTION = -0.9;
const CHASE = -0.9;
const NOTHING_ASKED = 1.2;
const UNASKED = /^(?:asking|asked|chasing|prompting|prompted|charge|cost)$/;
const INTENT = /^(?:would|will|wd|id|ill|definitely|gladly|happily|certainly|recommend|book|order|buy|use|visit|stay|fly|shop)$/;
/** Three or more contacts is repetition as "times" is: "five phone calls", "three different agents" ("two calls" may just be a fact). */
const CONTACT_UNITS = /^(?:calls|emails|attempts|tries|agents|chats|visits|messages|letters|phonecalls)$/;
const CONTACT_FILLERS = /^(?:phone|separate|different|more|further|long)$/;

interface Scored {
  /** Valence after modifiers, before clause weighting. */
  valence: number;
  weight: number;
  clause: number;
  sentence: number;
  /** Token index where the scored word or idiom starts. */
  at: number;
  polite: boolean;
  role?: 'problem' | 'resolution' | 'ironic' | 'frame';
}

export function polarityMass(text: string, language: EngineLanguage): PolarityMass {
  const rules = RULES[language];
  const tokens = tokenize(text);
  const words = tokens.filter((t) => t.kind === 'word');
  // Emphasis by capitals only means something when the writer does not shout everything.
  const shouting = words.length > 1 && words.every((w) => w.text === w.text.toUpperCase());
  const normalized = tokens.map((t) => (t.kind !== 'word' ? t.text : normalizeWord(language === 'en' ? t.text : stripElision(t.text))));

  const weights = clauseWeights(tokens, normalized, rules);
  const clauses = clauseIds(tokens, normalized, rules);
  const sentences = sentenceIds(tokens);
  const questions = questionSentences(tokens);
  const negators = tokens.map((t, i) => rules.negators.has(normalized[i] ?? '') || t.lower.endsWith("n't"));
  const scored: Scored[] = [];
  const usedNegators = new Set<number>();
  const covered = new Set<number>();
  const requests = new Set<number>();
  let exclamations = 0;
  const push = (valence: number, i: number, extra: Partial<Scored> = {}): void => {
    scored.push({ valence, weight: weights[i] ?? 1, clause: clauses[i] ?? 0, sentence: sentences[i] ?? 0, at: i, polite: false, ...extra });
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === 'punct') {
      if (token.text.includes('!')) exclamations += token.text.length;
      continue;
    }
    if (token.kind === 'ref') continue;
    const idiom = token.kind === 'word' ? idiomAt(normalized, i, language) : undefined;
    let valence: number;
    let role: Scored['role'];
    if (idiom) {
      const first = i;
      const last = i + idiom.words.length - 1;
      if (idiom.negates) negators[last] = true;
      for (let k = i; k < last; k++) covered.add(k);
      if (!idiom.negates) covered.add(last);
      i = last;
      if (idiom.request) {
        requests.add(sentences[first] ?? 0);
        continue;
      }
      if (idiom.negates || idiom.valence === 0) continue;
      valence = idiom.valence;
      // "I will never order again": an idiom is negated like a word.
      // An idiom that is itself a negation ("nunca mais") is not undone by another one: "não volto
      // nunca mais" is negative concord, not a double negative.
      const negator = negators[first] ? -1 : negatedBy(tokens, normalized, negators, first, rules);
      if (negator >= 0 && !covered.has(negator)) {
        valence *= NEGATION_SCALAR;
        usedNegators.add(negator);
      } else if (idiom.ironic && (!idiom.opening || opensSentence(tokens, first, sentences))) {
        role = idiom.frame ? 'frame' : 'ironic';
      }
      if (valence > 0 && questions[first]) valence *= QUESTION_POSITIVE;
      push(valence, first, { role });
      continue;
    }
    const word = normalized[i] ?? '';
    valence = baseValence(token, language);
    if (token.kind === 'word' && i > 0 && rules.excess.has(normalized[i - 1] ?? '') && valence >= 0 && !covered.has(i - 1)) {
      const negator = negatedBy(tokens, normalized, negators, i - 1, rules);
      if (negator >= 0) usedNegators.add(negator);
      else push(EXCESS, i);
      continue;
    }
    if (token.kind === 'word' && rules.resolutions.has(word)) {
      // "fixed": put right, unless negated ("not fixed yet") or asked for ("could this be fixed?").
      const negator = negatedBy(tokens, normalized, negators, i, rules);
      if (negator >= 0) {
        usedNegators.add(negator);
        valence = UNMET_EXPECTATION;
      } else if (requests.has(sentences[i] ?? 0)) {
        valence = REQUESTED_FIX;
      } else if (questions[i] || reported(normalized, sentences, i)) {
        continue;
      } else {
        valence = RESOLVED;
        role = 'resolution';
      }
    } else if (token.kind === 'word' && rules.expectations.has(word)) {
      // The package lexicons rate some of these ("llegó" +0.8); only their absence is telling.
      const negator = negatedBy(tokens, normalized, negators, i, rules);
      if (negator < 0) continue;
      usedNegators.add(negator);
      valence = UNMET_EXPECTATION;
    } else if (token.kind === 'word' && rules.finally.has(word) && requests.has(sentences[i] ?? 0)) {
      valence = REQUESTED_FINALLY;
    } else if (valence === 0) {
      continue;
    } else if (language === 'en' && token.kind === 'word' && isComparisonBase(normalized, i)) {
      // "smoother than we feared", "quicker than I'd dreaded": the feared thing is the yardstick,
      // not what happened; the comparative before it says how it went.
      continue;
    } else if (token.kind === 'word') {
      if (!shouting && isCaps(token.text)) valence += Math.sign(valence) * CAPS_EMPHASIS;
      valence += boost(tokens, normalized, i, rules, valence, shouting);
      if (valence < 0 && language === 'en' && normalized[i + 1] === 'free') {
        valence = FREE_OF_BAD_PAIR;
      } else if (valence < 0 && normalized[i - 1] === 'less') {
        // "much less stressful": less of something bad is relief, not a milder complaint.
        valence = -valence * -NEGATION_SCALAR;
      }
      const negator = negatedBy(tokens, normalized, negators, i, rules);
      if (negator >= 0) {
        valence *= NEGATION_SCALAR;
        usedNegators.add(negator);
      } else if (isLeast(normalized, i)) {
        // VADER's rule: "the least helpful agent" is the opposite of helpful; "at least" is not.
        valence *= NEGATION_SCALAR;
      } else if (valence > 0 && isInterjection(tokens, i, sentences)) {
        role = 'ironic';
      }
      // "sorted my lost card", "fixed our broken heating": what the writer owned that went wrong is
      // the problem a resolution in its clause put right.
      if (valence < 0 && (rules.problems.has(word) || (language === 'en' && /^(?:my|our)$/.test(normalized[i - 1] ?? '')))) role = 'problem';
    }
    // A negator with a valence of its own ("no") has spoken already.
    if (negators[i]) usedNegators.add(i);
    if (valence > 0 && questions[i]) valence *= QUESTION_POSITIVE;
    // What a request asks for is not praise given: "…if the store could honour the price".
    if (valence > 0 && token.kind === 'word' && requests.has(sentences[i] ?? 0) && !rules.politeness.has(word)) continue;
    const polite = rules.politeness.has(word) || (requests.has(sentences[i] ?? 0) && valence > 0);
    push(valence, i, { polite, role });
  }

  // "9 - fast and friendly", "2/10 nobody called back": the score the writer typed says what the words may not.
  const rating = statedRating(text);
  if (rating) {
    const at = tokens.findIndex((t) => t.start === rating.start);
    const valence = ratingValence(rating.score);
    if (at >= 0 && valence !== 0) push(valence, at);
  }
  for (const wait of waits(normalized, rules)) push(wait.valence, wait.at);
  for (const at of repeats(normalized, rules)) push(REPEATED, at);
  if (language === 'en') {
    for (const marker of serviceMarkers(normalized, tokens, sentences, clauses, questions, negators, scored)) {
      if (marker.negator !== undefined) {
        usedNegators.add(marker.negator);
        // "No" carries a valence of its own in VADER; here it is part of the praise ("no receipt needed").
        const own = scored.findIndex((x) => x.at === marker.negator && x.valence < 0);
        if (own >= 0) scored.splice(own, 1);
      }
      push(marker.valence, marker.at);
    }
  }

  // A negation with nothing to negate still says something failed: "my bag didn't arrive". The
  // second half of a bracketing negation ("ne … pas", "n'aime pas") is not a second one.
  const bracketed = (j: number): boolean => [1, 2, 3].some((d) => usedNegators.has(j - d));
  negators.forEach((isNegator, j) => {
    if (isNegator && !usedNegators.has(j) && !covered.has(j) && !bracketed(j)) {
      push(elliptical(tokens, sentences, j) ? UNMET_EXPECTATION : LONE_NEGATION, j);
    }
  });

  // "Problem solved": the problem word does not count against a clause that says it was put right.
  const resolvedClauses = new Set(scored.filter((s) => s.role === 'resolution').map((s) => s.clause));
  const settled = scored.filter((s) => !(s.role === 'problem' && resolvedClauses.has(s.clause)));
  // "Great, another delay", "thanks for losing my bag": praise followed in its own sentence by a
  // complaint (or by "another"/"again" after an interjection) is irony. So is ironic-sounding praise
  // in a sentence that holds up the company's own word in scare quotes ("love paying for a
  // 'premium' tier"); on the tune split all 80 texts with a short lower-case quoted phrase are
  // complaints. Only praise the rules already suspect is turned: reviews quote for emphasis too.
  const quotedSentences = new Set(scareQuotes(text, tokens).map(([from]) => sentences[from] ?? -1));
  for (const item of settled) {
    if (item.role !== 'ironic' && item.role !== 'frame') continue;
    const rest = settled.filter((s) => s.sentence === item.sentence && s.at > item.at).reduce((sum, s) => sum + s.valence, 0);
    if (item.role === 'frame' && rest < 0) item.valence = -Math.abs(item.valence);
    const repeated = isInterjection(tokens, item.at, sentences) && normalized.some((w, k) => k > item.at && sentences[k] === item.sentence && rules.repetition.has(w));
    if (rest <= IRONY_EVIDENCE || (repeated && rest <= 0) || quotedSentences.has(item.sentence)) item.valence = -Math.abs(item.valence);
  }

  // "Thanks, but my bag is still missing": courtesy beside a complaint is not praise.
  const complaint = settled.some((s) => !s.polite && s.valence < 0);
  const counted = complaint ? settled.filter((s) => !s.polite) : settled;

  let positive = 0;
  let negative = 0;
  const clauseNet = new Map<number, number>();
  for (const { valence, weight, clause } of counted) {
    if (valence > 0) positive += valence * weight;
    else negative -= valence * weight;
    clauseNet.set(clause, (clauseNet.get(clause) ?? 0) + valence);
  }
  // Exclamation marks strengthen whichever way the text already leans.
  const emphasis = Math.min(exclamations, MAX_EXCLAMATIONS) * EXCLAMATION_STEP;
  if (positive > negative) positive += emphasis;
  else if (negative > positive) negative += emphasis;

  const nets = [...clauseNet.values()];
  return { positive, negative, bestClause: Math.max(0, ...nets), worstClause: Math.max(0, ...nets.map((n) => -n)), request: requests.size > 0 };
}

/** A quoted phrase of one to five words in lower case ('premium', "customer service", « rapide »), as token index ranges. */
const SCARE_QUOTE = /(?<=^|[\s(\[])(['"‘“«„‚])\s?([^'"‘’“”«»„‚\n]{1,40}?)\s?(['"’”»“‘])(?=[\s.,;:!?)\]]|$)/gu;
const MAX_QUOTED_WORDS = 5;

function scareQuotes(text: string, tokens: readonly Token[]): Array<[from: number, to: number]> {
  const spans: Array<[number, number]> = [];
  for (const m of text.matchAll(SCARE_QUOTE)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    const inside = tokens.map((t, i) => [t, i] as const).filter(([t]) => t.kind === 'word' && t.start >= start && t.end <= end + 1);
    // A title or a name is quoted with capitals ("Mirrormask", 'The Way You Look Tonight'); a scare
    // quote is the company's own everyday word ('premium', "customer service").
    if (inside.length === 0 || inside.length > MAX_QUOTED_WORDS || /^\p{Lu}/u.test(inside[0]![0].text)) continue;
    spans.push([inside[0]![1], inside.at(-1)![1]]);
  }
  return spans;
}

/** English service markers (see AGAIN … NOTHING_ASKED). */
function serviceMarkers(
  words: readonly string[],
  tokens: Token[],
  sentences: number[],
  clauses: number[],
  questions: boolean[],
  negators: boolean[],
  scored: readonly Scored[],
): Array<{ at: number; valence: number; negator?: number }> {
  const found: Array<{ at: number; valence: number; negator?: number }> = [];
  const praised = (i: number, by: 'clause' | 'sentence'): boolean =>
    scored.some((s) => s.valence > 0 && (by === 'clause' ? s.clause === clauses[i] : s.sentence === sentences[i]));
  const inSentence = (i: number, test: (w: string) => boolean): boolean => words.some((w, k) => sentences[k] === sentences[i] && test(w));
  for (let i = 0; i < words.length; i++) {
    if (tokens[i]?.kind !== 'word') continue;
    const w = words[i] ?? '';
    const before = [words[i - 1], words[i - 2], words[i - 3], words[i - 4]].map((x) => x ?? '');
    if (w === 'again' && !praised(i, 'clause') && !inSentence(i, (x) => INTENT.test(x)) && !before.includes('never')) {
      found.push({ at: i, valence: AGAIN });
    } else if (w === 'still' && !praised(i, 'clause') && !scored.some((x) => x.at === i)) {
      found.push({ at: i, valence: STILL });
    } else if ((w === 'actually' || w === 'even') && questions[i] && !praised(i, 'sentence')) {
      found.push({ at: i, valence: SCEPTICAL_QUESTION });
    } else if (w === 'any' && /^(?:news|update|updates|progress)$/.test(words[i + 1] ?? '')) {
      found.push({ at: i, valence: CHASE });
    } else if (w === 'when' && (questions[i] || inSentence(i, (x) => /^(?:wondering|know|wonder)$/.test(x)))) {
      // A chase is about the writer's own pending thing: "when my refund will arrive", not "when will the branch open".
      const next = words.slice(i + 1, i + 7);
      if (next.some((x) => /^(?:will|might|itll|ill|going|actually|finally)$/.test(x)) && next.some((x) => /^(?:my|our|me|us)$/.test(x))) {
        found.push({ at: i, valence: CHASE });
      }
    } else if (w === 'free' && (before[0] === 'for' || (words[i + 1] === 'of' && /^(?:charge|cost)$/.test(words[i + 2] ?? '')))) {
      // "free of" alone can be a lack ("free of any charm"); "free of charge" is the service phrase.
      // Under a negation it is scorn, not a gift: "wouldn't take it even for free".
      const negated = words.some((_, k) => k < i && sentences[k] === sentences[i] && negators[k]);
      if (!negated) found.push({ at: i, valence: NOTHING_ASKED });
    } else if (w === 'minutes' && /^(?:in|within)$/.test(before[0] ?? '')) {
      found.push({ at: i, valence: QUICK });
    } else if (UNASKED.test(w)) {
      // "without me asking", "no chasing needed", "at no extra cost".
      const j = [i - 1, i - 2, i - 3].find((k) => k >= 0 && sentences[k] === sentences[i] && (words[k] === 'no' || words[k] === 'without') && negators[k]);
      if (j !== undefined && (w !== 'charge' && w !== 'cost' || words[j] === 'no')) found.push({ at: i, valence: NOTHING_ASKED, negator: j });
    } else if (/^(?:needed|required|necessary)$/.test(w)) {
      const j = [i - 1, i - 2, i - 3, i - 4].find((k) => k >= 0 && sentences[k] === sentences[i] && (words[k] === 'no' || words[k] === 'without') && negators[k]);
      if (j !== undefined) found.push({ at: i, valence: NOTHING_ASKED, negator: j });
    } else if (CONTACT_UNITS.test(w)) {
      const count = CONTACT_FILLERS.test(before[0] ?? '') ? before[1] : before[0];
      if (count && ((/^\d+$/.test(count) && Number(count) >= 3) || /^(?:three|four|five|six|seven|eight|nine|ten|several|multiple|countless|numerous)$/.test(count))) found.push({ at: i, valence: REPEATED });
    }
  }
  return found;
}

/** "The email said my issue was resolved": a reporting word before it in its sentence. */
function reported(words: readonly string[], sentences: number[], i: number): boolean {
  for (let j = i - 1; j >= 0 && sentences[j] === sentences[i]; j--) if (REPORTED.test(words[j] ?? '')) return true;
  return false;
}

/** The negator ends a sentence of at most ELLIPTICAL_WORDS words: "It is not.", "It wasn't." */
function elliptical(tokens: Token[], sentences: number[], j: number): boolean {
  const same = tokens.filter((t, k) => t.kind === 'word' && sentences[k] === sentences[j]);
  return same.length >= 2 && same.length <= ELLIPTICAL_WORDS && same[same.length - 1] === tokens[j];
}

/** "Ten times", "tres veces", "dix fois": a count of attempts other than one. "How many times" is an idiom of its own. */
function repeats(words: readonly string[], rules: LanguageRules): number[] {
  const found: number[] = [];
  if (rules.repeatWords.has(words[0] ?? '')) found.push(0);
  for (let u = 1; u < words.length; u++) {
    if (rules.repeatWords.has(words[u] ?? '')) found.push(u);
    if (!rules.repeatUnits.has(words[u] ?? '')) continue;
    const count = words[u - 1] ?? '';
    if (SINGLE.test(count) || !(/^\d+$/.test(count) || rules.counts.has(count)) || words[u - 2] === 'how') continue;
    found.push(u);
  }
  return found;
}

/** "than we feared", "than I'd hoped": a feeling after "than" (and a pronoun) names the comparison's yardstick. */
function isComparisonBase(words: readonly string[], i: number): boolean {
  return words[i - 1] === 'than' || (words[i - 2] === 'than' && /^(?:i|we|you|they|id|wed|youd|theyd|anyone|everyone)$/.test(words[i - 1] ?? ''));
}

function isLeast(words: readonly string[], i: number): boolean {
  return words[i - 1] === 'least' && words[i - 2] !== 'at' && words[i - 2] !== 'very';
}

/** Sentence index per token. */
function sentenceIds(tokens: Token[]): number[] {
  let sentence = 0;
  return tokens.map((t) => (isSentenceEnd(t) && t.kind === 'punct' ? sentence++ : sentence));
}

/** Token `i` opens its sentence, allowing one opener before it ("Oh great job…"). */
function opensSentence(tokens: Token[], i: number, sentences: number[]): boolean {
  let j = i - 1;
  if (j >= 0 && sentences[j] === sentences[i] && OPENERS.has(tokens[j]?.lower ?? '')) j--;
  return j < 0 || sentences[j] !== sentences[i];
}

/**
 * A sentence that opens on one word of praise and a comma ("Great, …", "Bravo, …"): the form
 * sarcasm takes in feedback. "Great food, …" is not one.
 */
function isInterjection(tokens: Token[], i: number, sentences: number[]): boolean {
  const next = tokens[i + 1];
  if (!next || next.kind !== 'punct' || !/^[,…]|^\.\.\./.test(next.text)) return false;
  let j = i - 1;
  // "Oh great, …" — allow one opener before it.
  if (j >= 0 && sentences[j] === sentences[i] && OPENERS.has(tokens[j]?.lower ?? '')) j--;
  return j < 0 || sentences[j] !== sentences[i];
}

/**
 * Elapsed waits and quick answers: "for three weeks", "since March" is not covered (no count),
 * "five days ago", "seit zwei Wochen", "llevo diez días" are waits; "in five minutes" is quick.
 */
function waits(words: readonly string[], rules: LanguageRules): Array<{ at: number; valence: number }> {
  const found: Array<{ at: number; valence: number }> = [];
  for (let u = 1; u < words.length; u++) {
    const unit = words[u] ?? '';
    if (!rules.timeUnits.has(unit)) continue;
    const count = words[u - 1] ?? '';
    if (!(/^\d+$/.test(count) || rules.counts.has(count))) {
      // "support takes days to reply", "demora dias", "ci mette giorni", "doet er dagen over".
      if (!SHORT_UNITS.test(unit) || /^(?:hours|hrs|horas|heures|stunden|ore|uren)$/.test(unit)) {
        if ([words[u - 1], words[u - 2]].some((w) => TOOK.test(w ?? ''))) found.push({ at: u, valence: WAITED });
        // "for weeks", "seit Wochen", "depuis des semaines": a long wait without a count.
        else if (LONG_PLURALS.test(unit) && (rules.waitBefore.has(count) || (WAIT_FILLERS.test(count) && rules.waitBefore.has(words[u - 2] ?? '')))) found.push({ at: u, valence: WAITED });
      }
      continue;
    }
    const before = [words[u - 2], words[u - 3], words[u - 4]].map((w) => w ?? '');
    if (rules.speedBefore.has(before[0] ?? '')) {
      if (SHORT_UNITS.test(unit)) found.push({ at: u, valence: QUICK });
      continue;
    }
    if (YEAR_UNITS.test(unit)) {
      if (before.some((w) => WAITING.test(w))) found.push({ at: u, valence: WAITED });
      continue;
    }
    // "Setup took five minutes" is quick; "it took three weeks" or "took me an hour" is a wait.
    const cues = MINUTE_UNITS.test(unit) ? before.filter((w) => !TOOK.test(w)) : before;
    if (cues.some((w) => rules.waitBefore.has(w) || (!MINUTE_UNITS.test(unit) && TOOK.test(w))) || rules.waitAfter.has(words[u + 1] ?? '')) found.push({ at: u, valence: WAITED });
  }
  return found;
}

/** Per token: does its sentence end in a question mark? */
function questionSentences(tokens: Token[]): boolean[] {
  const flags = tokens.map(() => false);
  let start = 0;
  tokens.forEach((t, i) => {
    if (!isSentenceEnd(t)) return;
    if (t.text.includes('?')) flags.fill(true, start, i);
    start = i + 1;
  });
  return flags;
}

function baseValence(token: Token, language: EngineLanguage): number {
  if (token.kind === 'emoji') return emojiValence(token.text);
  if (token.kind === 'emoticon') return emoticonValence(token.text);
  return lexiconFor(language).valence(token.lower);
}

function isCaps(word: string): boolean {
  return word.length > 1 && /\p{Lu}/u.test(word) && word === word.toUpperCase();
}

/** Sum of intensifiers and dampeners among the previous words, fading with distance. */
function boost(tokens: Token[], normalized: string[], i: number, rules: LanguageRules, valence: number, shouting: boolean): number {
  let total = 0;
  let seen = 0;
  for (let j = i - 1; j >= 0 && seen < SCOPE; j--) {
    const t = tokens[j];
    if (!t || t.kind === 'punct') break;
    seen++;
    const scalar = rules.boosters.get(normalized[j] ?? '');
    if (scalar === undefined) continue;
    let step = scalar * Math.sign(valence) * (1 - 0.05 * (seen - 1));
    if (!shouting && isCaps(t.text)) step += Math.sign(step) * CAPS_EMPHASIS;
    total += step;
  }
  return total;
}

/** Per language, the determiners a negation reaches across without counting them (negatedBy). */
const SCOPE_FILLERS = new Map<LanguageRules, ReadonlySet<string>>(
  (Object.keys(RULES) as EngineLanguage[]).map((language) => [RULES[language], new Set(DETERMINERS[language].split(' '))]),
);

/** Index of the token negating token `i`, or -1. */
function negatedBy(tokens: Token[], normalized: string[], negators: boolean[], i: number, rules: LanguageRules): number {
  if (hasElidedNegation(tokens[i]?.text ?? '')) return i;
  let seen = 0;
  let such = false;
  for (let j = i - 1; j >= 0 && seen < SCOPE; j--) {
    const t = tokens[j];
    if (!t || t.kind === 'punct') break;
    if (rules.contrast.has(normalized[j] ?? '')) break;
    // "never had such terrible service" is terrible service, not its absence.
    if (negators[j]) return such && rules.never.has(normalized[j] ?? '') ? -1 : j;
    if (rules.such.has(normalized[j] ?? '')) such = true;
    // A determiner does not use up the scope: "pas une seule fois déçu", "jamais eu le moindre
    // problème", "nunca tuve un solo problema" reach their word as "not once disappointed" does.
    if (!SCOPE_FILLERS.get(rules)?.has(normalized[j] ?? '')) seen++;
  }
  if (rules.trailingNegators.size === 0) return -1;
  // German and Dutch put "nicht"/"niet" after the verb it negates: "ich mag es nicht".
  for (let j = i + 1; j < tokens.length && j <= i + SCOPE; j++) {
    const t = tokens[j];
    if (!t || t.kind === 'punct') break;
    if (rules.trailingNegators.has(normalized[j] ?? '')) return isClauseEnd(tokens, normalized, j + 1, rules) ? j : -1;
  }
  return -1;
}

function isClauseEnd(tokens: Token[], normalized: string[], j: number, rules: LanguageRules): boolean {
  const next = tokens[j];
  return !next || next.kind === 'punct' || rules.contrast.has(normalized[j] ?? '');
}

/**
 * Weight per token: words before "but" are conceded (x0.5) and words after it carry the point
 * (x1.5), as in VADER; a clause opened by "although" is conceded. Applies per sentence. A
 * sentence-final "though" ("the room was filthy though") refers back to the previous sentence
 * and weights nothing.
 */
function clauseWeights(tokens: Token[], normalized: string[], rules: LanguageRules): number[] {
  const weights = tokens.map(() => 1);
  let sentenceStart = 0;
  let conceding = false;
  tokens.forEach((t, i) => {
    const word = normalized[i] ?? '';
    if (t.kind === 'punct') {
      conceding = false;
      if (isSentenceEnd(t)) sentenceStart = i + 1;
      return;
    }
    // "even though" opens a concession, like "although".
    if (rules.contrast.has(word) && !(word === 'though' && normalized[i - 1] === 'even')) {
      if (isSentenceEnd(tokens[i + 1])) return;
      for (let j = sentenceStart; j < i; j++) weights[j] = (weights[j] ?? 1) * CONTRAST_BEFORE;
      for (let j = i + 1; j < tokens.length && !isSentenceEnd(tokens[j]); j++) weights[j] = (weights[j] ?? 1) * CONTRAST_AFTER;
      sentenceStart = i + 1;
    } else if (rules.concessive.has(word) || word === 'though') {
      conceding = true;
    }
    if (conceding) weights[i] = (weights[i] ?? 1) * CONCESSIVE_WEIGHT;
  });
  return weights;
}

/** Clause index per token: sentence ends, commas and contrast words split clauses. */
function clauseIds(tokens: Token[], normalized: string[], rules: LanguageRules): number[] {
  let clause = 0;
  return tokens.map((t, i) => {
    if (t.kind === 'punct' && (isSentenceEnd(t) || t.text.includes(','))) return clause++;
    if (rules.contrast.has(normalized[i] ?? '')) return ++clause;
    return clause;
  });
}

/** Past the last token counts as an end too. */
function isSentenceEnd(token: Token | undefined): boolean {
  return !token || (token.kind === 'punct' && SENTENCE_END.test(token.text));
}
