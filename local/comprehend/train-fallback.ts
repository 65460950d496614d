/**
 * Trains the learned fallback (fallback.ts) on the tune split of the team's own dev set and writes
 * local/comprehend/fallback-weights.json. Deterministic: same dev set, same file.
 *
 *   npm run train:sentiment
 *
 * Only tune-split rows are read. The settings (regularisation, passes over the data, the weight of
 * text features, the posterior at which the engine takes the model's word, how weak a rule answer
 * it may turn) are chosen by five-fold cross-validation inside the tune split: each tune text is answered by a model
 * trained on the other four folds, combined with the rules exactly as the engine combines them, and
 * the setting that answers most polar texts right wins among those that keep NEUTRAL texts NEUTRAL
 * and MIXED texts MIXED about as often as the rules alone (within a point) — unless its weights would take a
 * public UCI set below its floor (the figure before issue 15), in which case the next one in that
 * order is tried. The public sets' labels only pass or fail a setting; none is preferred for scoring
 * higher on them, and without ../shared/datasets the script refuses to write. The check split is
 * never read.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readReviews, trainingRows, type DevRow } from './devset';
import { ruleReading, type SentimentLabel } from './engine';
import { DATASETS_DIR, UCI_FLOORS, UCI_SETS, datasetsAvailable, readUci } from './evaluation';
import { FALLBACK_CLASSES, encodeWeights, featureVector, features, posterior, recordWeights, type FallbackClass } from './fallback';
import type { EngineLanguage } from './rules';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fallback-weights.json');
const FOLDS = 5;
/** L2 penalty per update (AdaGrad), and the value a text feature carries beside the rules' reading. */
const L2S = [1e-4, 3e-4, 1e-3];
const TEXT_WEIGHTS = [0.3, 0.5, 1];
/**
 * Passes over the training rows. Fewer passes leave rare features nearer zero (a regulariser of
 * its own); since 1.8.0 the count is chosen by cross-validation with the rest (it was fixed at 10).
 */
const EPOCHS = [5, 10];
const LEARNING_RATE = 0.5;
const POSTERIORS = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98];
/** Rule answers up to this net valence the model may turn (0: never; 99: any). */
const OVERRULE_NETS = [0, 0.5, 1, 1.5, 2, 99];
const OVERRULE_POSTERIORS = [0.5, 0.7, 0.9, 0.95, 0.98];
/** The posterior for one side at which a MIXED rule answer ("lovely staff … but the room was cold") becomes that side (1: never). */
const MIXED_POSTERIORS = [1, 0.99, 0.98, 0.95, 0.9];
/** How much of the rules' own NEUTRAL-kept and MIXED-found share the model may give up (one point: noise). */
const KEEP_SLACK = 0.01;

export interface Example {
  row: DevRow;
  feats: string[];
  /** The rules' reading: label, evidence, strongest clauses, request frame and net valence (positive − negative). */
  signal: ReturnType<typeof ruleReading>;
  fold: number;
}

/** A fold by other bits of the same hash the split uses, so folds do not line up with it. */
function foldOf(text: string): number {
  return createHash('sha1').update(text, 'utf8').digest().readUInt32BE(4) % FOLDS;
}

/**
 * Multinomial logistic regression by AdaGrad, in an order fixed by a seeded shuffle (so the same
 * tune split always gives the same weights). MIXED texts are left out: the model answers POSITIVE,
 * NEGATIVE or NEUTRAL, and the rules keep MIXED.
 */
export function train(examples: readonly Example[], l2: number, textWeight: number, epochs: number): Record<string, number[]> {
  const data = examples
    .filter((e) => (FALLBACK_CLASSES as readonly string[]).includes(e.row.label))
    .map((e) => ({ x: featureVector(e.feats, e.signal, textWeight), y: FALLBACK_CLASSES.indexOf(e.row.label as FallbackClass) }));
  const weights: Record<string, number[]> = {};
  const table = recordWeights(weights);
  const squares: Record<string, number[]> = {};
  const order = data.map((_, i) => i);
  let seed = 7;
  const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const i of order) {
      const { x, y } = data[i]!;
      const p = posterior(table, x);
      for (const [f, v] of x) {
        const w = (weights[f] ??= FALLBACK_CLASSES.map(() => 0));
        const g = (squares[f] ??= FALLBACK_CLASSES.map(() => 1e-8));
        for (let c = 0; c < w.length; c++) {
          const gradient = ((p[c] ?? 0) - (c === y ? 1 : 0)) * v + l2 * (w[c] ?? 0);
          g[c] = (g[c] ?? 0) + gradient * gradient;
          w[c] = (w[c] ?? 0) - (LEARNING_RATE / Math.sqrt(g[c] ?? 1)) * gradient;
        }
      }
    }
  }
  return weights;
}

export interface Setting {
  skipRequests: boolean;
  /** Inside the NEUTRAL band, the model may only take the side the rules already lean to (or either when they lean nowhere). */
  followLean: boolean;
  minPosterior: number;
  overruleNet: number;
  overrulePosterior: number;
  mixedPosterior: number;
}

/** The engine's rule (engine.ts withFallback), on the rules' reading and the model's posterior. */
export function combined(e: Example, p: readonly number[], s: Setting): SentimentLabel {
  const positive = p[0] ?? 0;
  const negative = p[1] ?? 0;
  if (e.signal.rule === 'NEUTRAL') {
    if (e.signal.request && s.skipRequests) return 'NEUTRAL';
    if (Math.max(positive, negative) < s.minPosterior) return 'NEUTRAL';
    if (s.followLean && e.signal.net !== 0 && e.signal.net > 0 !== positive > negative) return 'NEUTRAL';
    return positive > negative ? 'POSITIVE' : 'NEGATIVE';
  }
  if (e.signal.rule === 'MIXED') return positive >= s.mixedPosterior ? 'POSITIVE' : negative >= s.mixedPosterior ? 'NEGATIVE' : 'MIXED';
  if (Math.abs(e.signal.net) >= s.overruleNet) return e.signal.rule;
  if (e.signal.rule === 'POSITIVE' && negative >= s.overrulePosterior) return 'NEGATIVE';
  if (e.signal.rule === 'NEGATIVE' && positive >= s.overrulePosterior) return 'POSITIVE';
  return e.signal.rule;
}

function main(): void {
  const examples: Example[] = trainingRows().map(exampleOf);
  // The review set only ever trains: it joins every fold's training rows and is never scored.
  const reviews: Example[] = readReviews().map(exampleOf);
  // Requests the rules found nothing wrong in are always left NEUTRAL: a design choice, not a tuned
  // one (with the model free to read them, cross-validation answered one tune text more of 1,040 —
  // noise — and "I'd appreciate a call back this afternoon" read NEGATIVE).
  const settings: Setting[] = [true].flatMap((skipRequests) =>
    [true, false].flatMap((followLean) =>
      POSTERIORS.flatMap((minPosterior) =>
        OVERRULE_NETS.flatMap((overruleNet) =>
          (overruleNet === 0 ? [1] : OVERRULE_POSTERIORS).flatMap((overrulePosterior) =>
            MIXED_POSTERIORS.map((mixedPosterior) => ({ skipRequests, followLean, minPosterior, overruleNet, overrulePosterior, mixedPosterior })),
          ),
        ),
      ),
    ),
  );
  const candidates: Candidate[] = [];
  for (const epochs of EPOCHS) {
    for (const l2 of L2S) {
      for (const textWeight of TEXT_WEIGHTS) {
        const outOfFold = new Map<Example, number[]>();
        for (let fold = 0; fold < FOLDS; fold++) {
          const weights = train([...examples.filter((e) => e.fold !== fold), ...reviews], l2, textWeight, epochs);
          const table = recordWeights(weights);
          for (const e of examples.filter((x) => x.fold === fold)) outOfFold.set(e, posterior(table, featureVector(e.feats, e.signal, textWeight)));
        }
        for (const setting of settings) {
          const score = scoreOf(examples, (e) => combined(e, outOfFold.get(e) ?? [], setting));
          if (process.env.VERBOSE) console.log(epochs, l2, textWeight, JSON.stringify(setting), JSON.stringify(score));
          candidates.push({ ...score, epochs, l2, textWeight, ...setting });
        }
      }
    }
  }
  // Best first: most polar texts right among the settings that keep factual texts NEUTRAL and MIXED
  // texts MIXED about as often as the rules alone do (issue 15: a calibrated NEUTRAL — polar text
  // rarely NEUTRAL while factual text stays NEUTRAL); ties go to the more cautious setting (the
  // model overrules less and answers less often).
  const rulesOnly = scoreOf(examples, (e) => e.signal.rule);
  const calibrated = (x: Score): boolean => x.neutralKept >= rulesOnly.neutralKept - KEEP_SLACK && x.mixedFound >= rulesOnly.mixedFound - KEEP_SLACK;
  const cautious = (x: Setting): number => x.overruleNet * 10 - x.overrulePosterior - x.minPosterior - x.mixedPosterior - (x.skipRequests ? 1 : 0) - (x.followLean ? 1 : 0);
  candidates.sort((a, b) => Number(calibrated(b)) - Number(calibrated(a)) || b.polar - a.polar || cautious(a) - cautious(b));

  // The public sets are a floor, not a target: the first candidate (in the order cross-validation
  // ranked them) whose weights keep every UCI set at or above its floor wins. Their labels decide
  // pass or fail only; no candidate is preferred for scoring higher on them.
  if (!datasetsAvailable()) {
    console.error(`train:sentiment needs the public sets for the floor check (${DATASETS_DIR}); weights not written.`);
    process.exit(2);
  }
  const uci = UCI_SETS.map((set) => ({ set, rows: readUci(set).map((u) => ({ example: exampleOf({ id: u.text, language: 'en', domain: '', label: 'NEUTRAL', tags: [], text: u.text }), positive: u.class === 1 })) }));
  const trained = new Map<string, Record<string, number[]>>();
  const weightsFor = (c: Candidate): Record<string, number[]> => {
    const key = `${c.epochs} ${c.l2} ${c.textWeight}`;
    let weights = trained.get(key);
    if (!weights) {
      // Centred (a row's mean says nothing in a softmax) and rounded as written to the file, so the
      // floor check reads exactly what the engine will.
      weights = Object.fromEntries(
        Object.entries(train([...examples, ...reviews], c.l2, c.textWeight, c.epochs)).map(([f, w]) => {
          const mean = w.reduce((a, b) => a + b, 0) / w.length;
          return [f, w.map((x) => round(x - mean))];
        }),
      );
      trained.set(key, weights);
    }
    return weights;
  };
  let best: Candidate | undefined;
  let floors: Record<string, number> = {};
  let skipped = 0;
  for (const c of candidates) {
    const weights = weightsFor(c);
    const table = recordWeights(weights);
    floors = Object.fromEntries(uci.map(({ set, rows }) => [set, rows.filter(({ example, positive }) => leansPositive(example, posterior(table, featureVector(example.feats, example.signal, c.textWeight)), c) === positive).length / rows.length]));
    if (UCI_SETS.every((set) => (floors[set] ?? 0) >= UCI_FLOORS[set])) {
      best = c;
      break;
    }
    skipped++;
  }
  if (!best) throw new Error('no setting keeps the public sets at their floors');
  const top = candidates[0]!;
  const file = {
    about: 'Generated by `npm run train:sentiment` (local/comprehend/train-fallback.ts) from the tune split of local/comprehend/devset only. Do not edit.',
    trainedOn: {
      rows: examples.length,
      byLabel: Object.fromEntries(['POSITIVE', 'NEGATIVE', 'NEUTRAL', 'MIXED'].map((l) => [l, examples.filter((e) => e.row.label === l).length])),
      reviewRows: reviews.length,
    },
    crossValidation: {
      folds: FOLDS,
      l2: best.l2,
      epochs: best.epochs,
      chosen: { polar: round(best.polar), neutralKept: round(best.neutralKept), mixedFound: round(best.mixedFound) },
      rulesOnly: Object.fromEntries(Object.entries(rulesOnly).map(([k, v]) => [k, round(v)])),
      bestCalibratedPolar: round(top.polar),
      candidatesBelowFloor: skipped,
      of: examples.length,
    },
    publicFloors: { floors: UCI_FLOORS, chosen: Object.fromEntries(Object.entries(floors).map(([k, v]) => [k, round(v)])) },
    textWeight: best.textWeight,
    skipRequests: best.skipRequests,
    followLean: best.followLean,
    minPosterior: best.minPosterior,
    overruleNet: best.overruleNet,
    overrulePosterior: best.overrulePosterior,
    mixedPosterior: best.mixedPosterior,
    features: Object.keys(weightsFor(best)).join('\n'),
    weights: encodeWeights(Object.values(weightsFor(best)).flat()),
  };
  writeFileSync(OUT, `${JSON.stringify(file)}\n`);
  console.log(
    `tune split: ${examples.length} texts; five-fold (polar right / NEUTRAL kept / MIXED found): rules alone ${show(rulesOnly)}, with the fallback ${show(best)} ` +
      `(${best.epochs} epochs, l2 ${best.l2}, text weight ${best.textWeight}, min posterior ${best.minPosterior}, overrules nets under ${best.overruleNet} at ${best.overrulePosterior}, MIXED at ${best.mixedPosterior}, requests left alone: ${best.skipRequests}, follows the rules' lean: ${best.followLean}); ` +
      `${skipped} better-ranked settings (best polar ${top.polar.toFixed(4)}) fell below a public floor; UCI ${UCI_SETS.map((set) => `${set} ${(floors[set] ?? 0).toFixed(3)}`).join(', ')}; ${Object.keys(weightsFor(best)).length} features; wrote ${path.basename(OUT)}`,
  );
}

interface Score {
  /** Polar texts right, with a NEUTRAL answer a miss and a MIXED one counted for its stronger side (issue 15's measure). */
  polar: number;
  /** NEUTRAL texts (facts, requests, questions) answered NEUTRAL. */
  neutralKept: number;
  /** MIXED texts answered MIXED. */
  mixedFound: number;
}

interface Candidate extends Setting, Score {
  epochs: number;
  l2: number;
  textWeight: number;
}

function scoreOf(examples: readonly Example[], answer: (e: Example) => SentimentLabel): Score {
  let polar = 0;
  let polarRight = 0;
  let neutral = 0;
  let kept = 0;
  let mixed = 0;
  let found = 0;
  for (const e of examples) {
    const a = answer(e);
    if (e.row.label === 'POSITIVE' || e.row.label === 'NEGATIVE') {
      polar++;
      // A MIXED answer counts for the side the evidence leans to, as in the bench (devset.ts).
      const side = a === 'MIXED' ? (e.signal.net > 0 ? 'POSITIVE' : 'NEGATIVE') : a;
      if (side === e.row.label) polarRight++;
    } else if (e.row.label === 'NEUTRAL') {
      neutral++;
      if (a === 'NEUTRAL') kept++;
    } else {
      mixed++;
      if (a === 'MIXED') found++;
    }
  }
  return { polar: polarRight / Math.max(1, polar), neutralKept: kept / Math.max(1, neutral), mixedFound: found / Math.max(1, mixed) };
}

const show = (s: Score): string => `${s.polar.toFixed(3)} / ${s.neutralKept.toFixed(3)} / ${s.mixedFound.toFixed(3)}`;

const round = (x: number): number => Math.round(x * 1e4) / 1e4;

function exampleOf(row: DevRow): Example {
  const signal = ruleReading(row.text, row.language);
  return { row, feats: [...new Set(features(row.text, row.language as EngineLanguage))], signal, fold: foldOf(row.text) };
}

/** The binary rule the UCI floors are stated in (positive iff Positive > Negative), for the engine's combined answer. */
function leansPositive(e: Example, p: readonly number[], s: Setting): boolean {
  const answer = combined(e, p, s);
  // The engine moves the evidence to the model's side when it answers; otherwise the rules' own balance decides.
  return answer === 'POSITIVE' ? true : answer === 'NEGATIVE' ? false : e.signal.net > 0;
}

// Run as a script (npm run train:sentiment), not when imported for its pieces.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
