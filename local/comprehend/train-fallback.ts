/**
 * Trains the learned fallback (fallback.ts) on the tune split of the team's own dev set and writes
 * local/comprehend/fallback-weights.json. Deterministic: same dev set, same file.
 *
 *   npm run train:sentiment
 *
 * Only tune-split rows are read. The settings (smoothing, minimum feature count, the posterior at
 * which the engine takes the model's word) are chosen by five-fold cross-validation inside the
 * tune split: each tune text is answered by a model trained on the other four folds, combined with
 * the rules exactly as the engine combines them, and the setting that answers most tune texts
 * right (four-way) wins. The check split and the public sets are never read.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { devsetSplit, type DevRow } from './devset';
import { ruleReading, type SentimentLabel } from './engine';
import { FALLBACK_CLASSES, features, posterior, type FallbackClass, type FallbackModel } from './fallback';
import type { EngineLanguage } from './rules';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fallback-weights.json');
const FOLDS = 5;
const ALPHAS = [0.25, 0.5, 1];
const MIN_COUNTS = [1, 2, 3];
const POSTERIORS = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.97, 0.98, 0.99, 0.995, 0.998, 0.999];
/**
 * Rule answers up to this net valence the model may overturn (0: never), and whether the model
 * must agree with the rules' own lean. Since 1.5.0 the model never goes against the rules: on the
 * grown tune split cross-validation preferred letting it overturn weak rule answers (1,142 of 1,277
 * right against 1,140), but that setting took the UCI IMDb sentences below their floor (0.809 <
 * 0.812); the public sets are a floor to keep, not a set to tune on, so the model keeps to what the
 * rules say and only speaks where they are silent (docs/sentiment.md). FALLBACK_FREE=1 restores the
 * full grid.
 */
const FREE = process.env.FALLBACK_FREE === '1';
const OVERRULE_NETS = FREE ? [0, 0.5, 0.75, 1, 1.5] : [0];
const FOLLOW_LEAN = FREE ? [true, false] : [true];
const OVERRULE_POSTERIORS = [0.99, 0.995, 0.998, 0.999, 0.9999];

interface Example {
  row: DevRow;
  feats: string[];
  rule: SentimentLabel;
  /** The rules' net valence (positive − negative). */
  net: number;
  request: boolean;
  fold: number;
}

/** A fold by other bits of the same hash the split uses, so folds do not line up with it. */
function foldOf(text: string): number {
  return createHash('sha1').update(text, 'utf8').digest().readUInt32BE(4) % FOLDS;
}

function train(examples: readonly Example[], alpha: number, minCount: number): Pick<FallbackModel, 'prior' | 'weights'> {
  const trainable = examples.filter((e) => (FALLBACK_CLASSES as readonly string[]).includes(e.row.label));
  const counts = new Map<string, number[]>();
  const docs = FALLBACK_CLASSES.map(() => 0);
  for (const e of trainable) {
    const c = FALLBACK_CLASSES.indexOf(e.row.label as FallbackClass);
    docs[c]!++;
    // Each feature counts once per text (binarized multinomial NB reads short text better).
    for (const f of new Set(e.feats)) {
      const row = counts.get(f) ?? FALLBACK_CLASSES.map(() => 0);
      row[c]!++;
      counts.set(f, row);
    }
  }
  const kept = [...counts.entries()].filter(([, row]) => row.reduce((a, b) => a + b, 0) >= minCount).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const totals = FALLBACK_CLASSES.map((_, c) => kept.reduce((sum, [, row]) => sum + (row[c] ?? 0), 0));
  const vocabulary = kept.length;
  const weights: Record<string, number[]> = {};
  for (const [f, row] of kept) weights[f] = row.map((n, c) => Math.log((n + alpha) / ((totals[c] ?? 0) + alpha * vocabulary)));
  const all = docs.reduce((a, b) => a + b, 0);
  return { prior: docs.map((d) => Math.log(d / all)), weights };
}

interface Setting {
  skipRequests: boolean;
  /** Inside the NEUTRAL band, the model may only take the side the rules already lean to (or either when they lean nowhere). */
  followLean: boolean;
  minPosterior: number;
  overruleNet: number;
  overrulePosterior: number;
}

/** The engine's rule (engine.ts withFallback), on the rules' reading and the model's posterior. */
function combined(e: Example, p: readonly number[], s: Setting): SentimentLabel {
  const positive = p[0] ?? 0;
  const negative = p[1] ?? 0;
  if (e.rule === 'NEUTRAL') {
    if (e.request && s.skipRequests) return 'NEUTRAL';
    if (Math.max(positive, negative) < s.minPosterior) return 'NEUTRAL';
    if (s.followLean && e.net !== 0 && e.net > 0 !== positive > negative) return 'NEUTRAL';
    return positive > negative ? 'POSITIVE' : 'NEGATIVE';
  }
  if (e.rule === 'MIXED' || Math.abs(e.net) >= s.overruleNet) return e.rule;
  if (e.rule === 'POSITIVE' && negative >= s.overrulePosterior) return 'NEGATIVE';
  if (e.rule === 'NEGATIVE' && positive >= s.overrulePosterior) return 'POSITIVE';
  return e.rule;
}

function main(): void {
  const examples: Example[] = devsetSplit('tune').map((row) => ({
    row,
    feats: features(row.text, row.language as EngineLanguage),
    ...ruleReading(row.text, row.language),
    fold: foldOf(row.text),
  }));
  let best = { right: -1, alpha: 0, minCount: 0, skipRequests: true, followLean: true, minPosterior: 0, overruleNet: 0, overrulePosterior: 1 };
  // Requests the rules found nothing wrong in are always left NEUTRAL: a design choice, not a tuned
  // one (with the model free to read them, cross-validation answers one tune text more of 1,040 —
  // noise — and "I'd appreciate a call back this afternoon" reads NEGATIVE).
  const settings: Setting[] = [true].flatMap((skipRequests) =>
    FOLLOW_LEAN.flatMap((followLean) =>
      POSTERIORS.flatMap((minPosterior) =>
        OVERRULE_NETS.flatMap((overruleNet) =>
          (overruleNet === 0 ? [1] : OVERRULE_POSTERIORS).map((overrulePosterior) => ({ skipRequests, followLean, minPosterior, overruleNet, overrulePosterior })),
        ),
      ),
    ),
  );
  for (const alpha of ALPHAS) {
    for (const minCount of MIN_COUNTS) {
      const outOfFold = new Map<Example, number[]>();
      for (let fold = 0; fold < FOLDS; fold++) {
        const model = train(examples.filter((e) => e.fold !== fold), alpha, minCount);
        for (const e of examples.filter((x) => x.fold === fold)) outOfFold.set(e, posterior({ ...model, skipRequests: true, followLean: true, minPosterior: 1, overruleNet: 0, overrulePosterior: 1 }, e.feats).p);
      }
      for (const setting of settings) {
        const right = examples.filter((e) => combined(e, outOfFold.get(e) ?? [], setting) === e.row.label).length;
        if (process.env.VERBOSE) {
          const polar = examples.filter((e) => e.row.label === 'POSITIVE' || e.row.label === 'NEGATIVE');
          const neutral = examples.filter((e) => e.row.label === 'NEUTRAL');
          const polarRight = polar.filter((e) => combined(e, outOfFold.get(e) ?? [], setting) === e.row.label).length;
          const kept = neutral.filter((e) => combined(e, outOfFold.get(e) ?? [], setting) === 'NEUTRAL').length;
          console.log(alpha, minCount, JSON.stringify(setting), right, `polar ${polarRight}/${polar.length} neutral kept ${kept}/${neutral.length}`);
        }
        // Ties go to the more cautious setting: the model overrules less and answers less often.
        const cautious = (x: Setting): number => x.overruleNet * 10 - x.overrulePosterior - x.minPosterior - (x.skipRequests ? 1 : 0) - (x.followLean ? 1 : 0);
        if (right > best.right || (right === best.right && cautious(setting) < cautious(best))) best = { right, alpha, minCount, ...setting };
      }
    }
  }
  const rulesOnly = examples.filter((e) => e.rule === e.row.label).length;
  const model = { ...train(examples, best.alpha, best.minCount), skipRequests: best.skipRequests, followLean: best.followLean, minPosterior: best.minPosterior, overruleNet: best.overruleNet, overrulePosterior: best.overrulePosterior };
  const round = (x: number): number => Math.round(x * 1e4) / 1e4;
  const file = {
    about: 'Generated by `npm run train:sentiment` (local/comprehend/train-fallback.ts) from the tune split of local/comprehend/devset only. Do not edit.',
    trainedOn: { rows: examples.length, byLabel: Object.fromEntries(['POSITIVE', 'NEGATIVE', 'NEUTRAL', 'MIXED'].map((l) => [l, examples.filter((e) => e.row.label === l).length])) },
    crossValidation: { folds: FOLDS, alpha: best.alpha, minCount: best.minCount, fourWayRight: best.right, rulesOnlyRight: rulesOnly, of: examples.length },
    skipRequests: model.skipRequests,
    followLean: model.followLean,
    minPosterior: model.minPosterior,
    overruleNet: model.overruleNet,
    overrulePosterior: model.overrulePosterior,
    prior: model.prior.map(round),
    weights: Object.fromEntries(Object.entries(model.weights).map(([f, w]) => [f, w.map(round)])),
  };
  writeFileSync(OUT, `${JSON.stringify(file)}\n`);
  console.log(
    `tune split: ${examples.length} texts; five-fold: rules alone ${rulesOnly} right, with the fallback ${best.right} ` +
      `(alpha ${best.alpha}, min count ${best.minCount}, min posterior ${best.minPosterior}, overrules nets under ${best.overruleNet} at ${best.overrulePosterior}, requests left alone: ${best.skipRequests}, follows the rules' lean: ${best.followLean}); ${Object.keys(model.weights).length} features; wrote ${path.basename(OUT)}`,
  );
}

main();
