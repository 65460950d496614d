/**
 * How the local language detector (functions/domain/language-detector.ts) does on the team's dev set,
 * per language and per length band, on the tune and check splits: of the texts in each band, how
 * many it answered and how many of those answers were right. This is what LOCAL_DETECTOR_MIN_LETTERS
 * was chosen from (on the tune split); docs/sentiment.md quotes it. Then, for the texts the detector
 * leaves to Comprehend, how often the text confirms a customer locale (`textConfirmsLocale`): with
 * the right locale, and with each of the six wrong ones (how a wrong UI locale would fare).
 *
 *   npx tsx bench/local-language.ts
 */
import { detectLanguageLocally, FUNCTION_WORDS, LOCAL_DETECTOR_MIN_LETTERS, textConfirmsLocale } from '../functions/domain/language-detector';
import { devsetSplit, type Split } from '../local/comprehend/devset';

const BANDS = [0, 10, 15, 20, 25, 30, 40, 60] as const;

export interface BandCount {
  n: number;
  answered: number;
  right: number;
}

export function localDetectorBands(split: Split): Record<string, Record<string, BandCount>> {
  const out: Record<string, Record<string, BandCount>> = {};
  for (const row of devsetSplit(split)) {
    const letters = row.text.match(/\p{L}/gu)?.length ?? 0;
    const lo = [...BANDS].reverse().find((b) => letters >= b)!;
    const hi = BANDS[BANDS.indexOf(lo) + 1];
    const band = hi ? `${lo}-${hi - 1}` : `${lo}+`;
    const found = detectLanguageLocally(row.text);
    for (const language of [row.language, 'all']) {
      const c = ((out[language] ??= {})[band] ??= { n: 0, answered: 0, right: 0 });
      c.n++;
      if (found) c.answered++;
      if (found?.language === row.language) c.right++;
    }
  }
  return out;
}

export interface LocaleConfirmations {
  /** Texts the detector alone does not decide (short or ambiguous). */
  undecided: number;
  /** Of those, confirmed when the locale is the text's language. */
  confirmedRightLocale: number;
  /** Trials with each wrong locale (undecided × 6), and how many of them the text confirmed. */
  wrongLocaleTrials: number;
  confirmedWrongLocale: number;
}

export function localeConfirmations(split: Split): LocaleConfirmations {
  const out: LocaleConfirmations = { undecided: 0, confirmedRightLocale: 0, wrongLocaleTrials: 0, confirmedWrongLocale: 0 };
  for (const row of devsetSplit(split)) {
    const found = detectLanguageLocally(row.text);
    if (found && found.letters >= LOCAL_DETECTOR_MIN_LETTERS) continue;
    out.undecided++;
    for (const locale of Object.keys(FUNCTION_WORDS)) {
      const confirmed = textConfirmsLocale(row.text, locale);
      if (locale === row.language) out.confirmedRightLocale += Number(confirmed);
      else {
        out.wrongLocaleTrials++;
        out.confirmedWrongLocale += Number(confirmed);
      }
    }
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`local language detector on the dev set (letters per text; answered/right of n); trusted from ${LOCAL_DETECTOR_MIN_LETTERS} letters`);
  for (const split of ['tune', 'check'] as const) {
    console.log(`\n${split} split`);
    const bands = localDetectorBands(split);
    for (const [language, byBand] of Object.entries(bands).sort()) {
      const cells = Object.entries(byBand).sort(([a], [b]) => parseInt(a) - parseInt(b)).map(([band, c]) => `${band}: ${c.right}/${c.answered} of ${c.n}`);
      console.log(`  ${language.padEnd(4)} ${cells.join(' | ')}`);
    }
  }
  console.log('\ntexts the detector leaves to Comprehend: confirmed by the right locale / by a wrong one');
  for (const split of ['tune', 'check'] as const) {
    const c = localeConfirmations(split);
    console.log(`  ${split}: ${c.confirmedRightLocale} of ${c.undecided} with the right locale; ${c.confirmedWrongLocale} of ${c.wrongLocaleTrials} wrong-locale trials`);
  }
}
