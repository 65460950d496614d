/**
 * Measures the local sentiment engine on public labelled data (see docs/sentiment.md and
 * ../shared/datasets/README.md): binary accuracy on the UCI "Sentiment Labelled Sentences"
 * (Amazon, IMDb, Yelp), 3-class macro-F1 on "Twitter US Airline Sentiment", how often English
 * text is detected as English, throughput on one core and cold-load time.
 * The data sets are only read here, never used to fit the engine.
 *
 *   npm run bench:sentiment      # writes bench/sentiment-results.json
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINE, detectDominantLanguage, detectSentiment } from '../local/comprehend/engine';
import { DATASETS_DIR, UCI_SETS, binaryAccuracy, datasetsAvailable, readTweets, readUci, threeClassReport } from '../local/comprehend/evaluation';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsFile = path.join(repoRoot, 'bench/sentiment-results.json');

const TARGETS = { uciAccuracy: 0.8, tweetMacroF1: 0.6, textsPerSecond: 5_000, coldLoadMs: 300 } as const;

/** Calls per second of `fn` over `texts` on this thread, after a warm-up. */
function throughput(texts: string[], fn: (text: string) => unknown): number {
  for (const t of texts.slice(0, 500)) fn(t);
  const started = performance.now();
  let done = 0;
  while (performance.now() - started < 2_000) {
    for (const t of texts) fn(t);
    done += texts.length;
  }
  return done / ((performance.now() - started) / 1_000);
}

interface ColdLoad {
  /** Module import, English lexicon load and the first answer, as a freshly started local server pays it. */
  firstCallMs: number;
  /** Plus the six other lexicons and the language detector. */
  allLanguagesMs: number;
}

/** Cold start in fresh processes (median of 3), with tsx already loaded as `npm start` has it. */
function coldLoad(): ColdLoad {
  const engine = path.join(repoRoot, 'local/comprehend/engine.ts');
  const script = `
    const t0 = performance.now();
    const e = await import(${JSON.stringify(engine)});
    e.detectSentiment('The delivery was quick and the staff were lovely', 'en');
    const t1 = performance.now();
    for (const l of ['es', 'fr', 'de', 'pt', 'it', 'nl']) e.detectSentiment('muy bien', l);
    e.detectDominantLanguage('Das Essen war gut');
    const t2 = performance.now();
    console.log(JSON.stringify({ firstCallMs: t1 - t0, allLanguagesMs: t2 - t0 }));`;
  const runs = Array.from({ length: 3 }, () =>
    JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' })) as ColdLoad,
  );
  const median = (key: keyof ColdLoad): number => runs.map((r) => r[key]).sort((a, b) => a - b)[1] ?? NaN;
  return { firstCallMs: median('firstCallMs'), allLanguagesMs: median('allLanguagesMs') };
}

function main(): void {
  if (!datasetsAvailable()) {
    console.log(
      `bench:sentiment skipped: no data sets in ${DATASETS_DIR}. Put them there (or set CX_DATASETS_DIR); docs/sentiment.md says where to get them.`,
    );
    return;
  }
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  const mark = (ok: boolean): string => (ok ? 'meets target' : 'BELOW TARGET');
  console.log(`${ENGINE.name} ${ENGINE.version}`);

  const uci = Object.fromEntries(UCI_SETS.map((set) => [set, binaryAccuracy(readUci(set))]));
  for (const [set, r] of Object.entries(uci)) {
    console.log(`uci/${set.padEnd(6)} binary accuracy ${pct(r.accuracy)} (n=${r.n}) ${mark(r.accuracy >= TARGETS.uciAccuracy)}`);
  }

  const tweets = readTweets();
  const overall = threeClassReport(tweets);
  const confident = threeClassReport(tweets.filter((t) => t.confidence >= 0.9));
  for (const [name, r] of [['all', overall], ['confidence>=0.9', confident]] as const) {
    console.log(
      `twitter-us-airline ${name}: macro-F1 ${r.macroF1.toFixed(3)} accuracy ${pct(r.accuracy)} (n=${r.n}; F1 pos ${r.f1.positive.toFixed(3)} neg ${r.f1.negative.toFixed(3)} neu ${r.f1.neutral.toFixed(3)})`,
    );
  }
  console.log(`twitter-us-airline macro-F1 ${mark(overall.macroF1 >= TARGETS.tweetMacroF1)}`);

  const englishTexts = [...tweets.map((t) => t.text), ...UCI_SETS.flatMap((set) => readUci(set).map((r) => r.text))];
  const detectedEnglish = englishTexts.filter((t) => detectDominantLanguage(t)[0]?.LanguageCode === 'en').length / englishTexts.length;
  console.log(`language: ${pct(detectedEnglish)} of ${englishTexts.length} English tweets and review sentences detected as English`);

  const sample = tweets.map((t) => t.text);
  const textsPerSecond = throughput(sample, (t) => detectSentiment(t, 'en'));
  const languageTextsPerSecond = throughput(sample, detectDominantLanguage);
  console.log(`throughput (one thread, tweets): sentiment ${Math.round(textsPerSecond)} texts/s ${mark(textsPerSecond >= TARGETS.textsPerSecond)}, language ${Math.round(languageTextsPerSecond)} texts/s`);
  const cold = coldLoad();
  console.log(
    `cold load: first answer ${cold.firstCallMs.toFixed(0)} ms ${mark(cold.firstCallMs < TARGETS.coldLoadMs)}, all seven languages ${cold.allLanguagesMs.toFixed(0)} ms`,
  );

  const results = {
    engine: ENGINE,
    measuredAt: new Date().toISOString(),
    node: process.version,
    targets: TARGETS,
    uci,
    twitterUsAirline: { overall, confident },
    englishDetectedAsEnglish: { n: englishTexts.length, share: detectedEnglish },
    textsPerSecond,
    languageTextsPerSecond,
    coldLoad: cold,
  };
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`wrote ${path.relative(repoRoot, resultsFile)}`);
}

main();
