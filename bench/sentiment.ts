/**
 * Measures the local sentiment engine on public labelled data (see ../shared/datasets/README.md):
 * binary accuracy on the UCI "Sentiment Labelled Sentences" (Amazon, IMDb, Yelp), 3-class
 * macro-F1 on "Twitter US Airline Sentiment", throughput and cold-load time.
 * The data sets are only read here, never used to fit the engine.
 *
 *   npm run bench:sentiment      # writes bench/sentiment-results.json
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINE, detectSentiment, type SentimentResult } from '../local/comprehend/engine';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const datasetsDir = path.resolve(repoRoot, '../shared/datasets');
const resultsFile = path.join(repoRoot, 'bench/sentiment-results.json');

type Polarity = 'positive' | 'negative' | 'neutral';

interface UciRow {
  text: string;
  class: 0 | 1 | null;
}

interface TweetRow {
  text: string;
  label: Polarity;
  confidence: number;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** The binary rule the targets are stated in: positive iff Positive > Negative. */
function binaryPositive(result: SentimentResult): boolean {
  return result.SentimentScore.Positive > result.SentimentScore.Negative;
}

/** The tweets have no mixed class; a MIXED text counts for whichever side has more weight. */
function threeClass(result: SentimentResult): Polarity {
  switch (result.Sentiment) {
    case 'POSITIVE':
      return 'positive';
    case 'NEGATIVE':
      return 'negative';
    case 'NEUTRAL':
      return 'neutral';
    case 'MIXED':
      return result.SentimentScore.Positive > result.SentimentScore.Negative ? 'positive' : 'negative';
  }
}

function uciAccuracy(file: string): { n: number; accuracy: number } {
  const rows = readJson<UciRow[]>(file).filter((r): r is UciRow & { class: 0 | 1 } => r.class !== null);
  const correct = rows.filter((r) => binaryPositive(detectSentiment(r.text, 'en')) === (r.class === 1)).length;
  return { n: rows.length, accuracy: correct / rows.length };
}

interface ThreeClassReport {
  n: number;
  accuracy: number;
  macroF1: number;
  f1: Record<Polarity, number>;
  /** confusion[gold][predicted] */
  confusion: Record<Polarity, Record<Polarity, number>>;
}

function threeClassReport(rows: TweetRow[]): ThreeClassReport {
  const classes: Polarity[] = ['positive', 'negative', 'neutral'];
  const confusion = Object.fromEntries(classes.map((g) => [g, Object.fromEntries(classes.map((p) => [p, 0]))])) as ThreeClassReport['confusion'];
  for (const row of rows) confusion[row.label][threeClass(detectSentiment(row.text, 'en'))]++;
  const f1 = Object.fromEntries(
    classes.map((c) => {
      const tp = confusion[c][c];
      const predicted = classes.reduce((sum, g) => sum + confusion[g][c], 0);
      const gold = classes.reduce((sum, p) => sum + confusion[c][p], 0);
      const precision = predicted ? tp / predicted : 0;
      const recall = gold ? tp / gold : 0;
      return [c, precision + recall ? (2 * precision * recall) / (precision + recall) : 0];
    }),
  ) as Record<Polarity, number>;
  const correct = classes.reduce((sum, c) => sum + confusion[c][c], 0);
  return { n: rows.length, accuracy: correct / rows.length, macroF1: (f1.positive + f1.negative + f1.neutral) / 3, f1, confusion };
}

function throughput(texts: string[]): number {
  for (const t of texts.slice(0, 500)) detectSentiment(t, 'en');
  const started = performance.now();
  let done = 0;
  while (performance.now() - started < 2_000) {
    for (const t of texts) detectSentiment(t, 'en');
    done += texts.length;
  }
  return done / ((performance.now() - started) / 1_000);
}

/** Cold start in a fresh process, the way a local server boots: tsx import, then first calls. */
function coldLoad(): { importMs: number; firstCallMs: number; allLanguagesMs: number } {
  const engine = path.join(repoRoot, 'local/comprehend/engine.ts');
  const script = `
    const t0 = performance.now();
    const e = await import(${JSON.stringify(engine)});
    const t1 = performance.now();
    e.detectSentiment('The delivery was quick and the staff were lovely', 'en');
    const t2 = performance.now();
    for (const l of ['es', 'fr', 'de', 'pt', 'it', 'nl']) e.detectSentiment('muy bien', l);
    e.detectDominantLanguage('Das Essen war gut');
    const t3 = performance.now();
    console.log(JSON.stringify({ importMs: t1 - t0, firstCallMs: t2 - t0, allLanguagesMs: t3 - t0 }));`;
  const runs = Array.from({ length: 3 }, () =>
    JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' })) as ReturnType<typeof coldLoad>,
  );
  const median = (key: keyof ReturnType<typeof coldLoad>): number => runs.map((r) => r[key]).sort((a, b) => a - b)[1] ?? NaN;
  return { importMs: median('importMs'), firstCallMs: median('firstCallMs'), allLanguagesMs: median('allLanguagesMs') };
}

function main(): void {
  if (!existsSync(datasetsDir)) {
    console.log(`bench:sentiment skipped: ${datasetsDir} not found (see docs/sentiment.md for the data sets and where to get them).`);
    return;
  }
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  console.log(`${ENGINE.name} ${ENGINE.version}`);

  const uci: Record<string, { n: number; accuracy: number }> = {};
  for (const name of ['amazon', 'imdb', 'yelp']) {
    uci[name] = uciAccuracy(path.join(datasetsDir, 'uci-sentiment-labelled', `${name}.json`));
    console.log(`uci/${name.padEnd(6)} binary accuracy ${pct(uci[name].accuracy)} (n=${uci[name].n})`);
  }

  const tweets = readJson<TweetRow[]>(path.join(datasetsDir, 'twitter-us-airline/tweets.json'));
  const overall = threeClassReport(tweets);
  const confident = threeClassReport(tweets.filter((t) => t.confidence >= 0.9));
  for (const [name, r] of [['all', overall], ['confidence>=0.9', confident]] as const) {
    console.log(
      `twitter-us-airline ${name}: macro-F1 ${r.macroF1.toFixed(3)} accuracy ${pct(r.accuracy)} (n=${r.n}; F1 pos ${r.f1.positive.toFixed(3)} neg ${r.f1.negative.toFixed(3)} neu ${r.f1.neutral.toFixed(3)})`,
    );
  }

  const sample = tweets.map((t) => t.text);
  const textsPerSecond = throughput(sample);
  console.log(`throughput ${Math.round(textsPerSecond)} texts/s (tweets, one thread)`);
  const cold = coldLoad();
  console.log(
    `cold load: import ${cold.importMs.toFixed(0)} ms, + English lexicon and first call ${cold.firstCallMs.toFixed(0)} ms, + all seven languages ${cold.allLanguagesMs.toFixed(0)} ms`,
  );

  writeFileSync(
    resultsFile,
    `${JSON.stringify({ engine: ENGINE, measuredAt: new Date().toISOString(), node: process.version, uci, twitterUsAirline: { overall, confident }, textsPerSecond, coldLoad: cold }, null, 2)}\n`,
  );
  console.log(`wrote ${path.relative(repoRoot, resultsFile)}`);
}

main();
