/**
 * Every regex that customer text reaches runs in linear time: adversarial inputs (long runs that
 * make a backtracking pattern rescan, the "Calle " + 600 capitals that took 46 s in the local PII
 * detector) go through the local Comprehend engine and the domain's text functions, each call under
 * a generous budget — linear work on these sizes takes milliseconds, catastrophic backtracking
 * minutes. Sizes stay within what each path accepts (Comprehend's 100 KB and 5 KB, FeedbackEvent's
 * 20,000 characters).
 */
import { describe, expect, it } from 'vitest';
import { detectDominantLanguage, detectKeyPhrases, detectSentiment } from '../../local/comprehend/engine';
import { detectPiiEntities } from '../../local/comprehend/pii';
import { decide } from '../../functions/domain/decide';
import { escapeHtml, inlineSafe } from '../../functions/domain/email/escape';
import { FeedbackEvent, withoutStrayControls } from '../../functions/domain/feedback-event';
import { maskEmail } from '../../functions/domain/mask';
import { DEFAULT_RULES } from '../../functions/domain/rules';

const BUDGET_MS = 2_000;
const N = 20_000;

const ADVERSARIAL: Record<string, string> = {
  'Spanish street, no number (the reported 46 s)': `Calle ${'A'.repeat(600)}`,
  'street words without a street type': `12 ${'Main '.repeat(N / 5)}`,
  'house number and one long word': `1 ${'A'.repeat(N)}`,
  'street prefixes repeated': 'Calle '.repeat(N / 6),
  'a word that never meets an @': 'a'.repeat(N),
  'many dots after an @': `a@${'a.'.repeat(N / 2)}`,
  'labels without a top-level domain': `a@${'1.'.repeat(N / 2)}x`,
  'ats everywhere': 'a@'.repeat(N / 2),
  'a URL of trailing punctuation': `http://${'.'.repeat(N)}x`,
  'URLs back to back': 'http://'.repeat(N / 7),
  'a long run of digits': '1'.repeat(N),
  'digits with separators': '1 '.repeat(N / 2),
  'digits with dashes': '12-'.repeat(N / 3),
  'phone-like groups': '(12) '.repeat(N / 5),
  'whitespace': ' \t'.repeat(N / 2),
  'signal word with a long tail': `cancel${'a'.repeat(N)}1`,
  'signal phrase spaced out': `money${' '.repeat(N)}back1`,
  'combining marks': `e${'\u0301'.repeat(N)}`,
};

function within(label: string, run: () => unknown) {
  const started = performance.now();
  run();
  expect(performance.now() - started, label).toBeLessThan(BUDGET_MS);
}

describe('regexes on customer text stay linear', () => {
  for (const [name, text] of Object.entries(ADVERSARIAL)) {
    it(name, () => {
      within('DetectPiiEntities', () => detectPiiEntities(text));
      const fiveKb = text.slice(0, 5_000);
      for (const language of ['en', 'es']) {
        within(`DetectSentiment ${language}`, () => detectSentiment(fiveKb, language));
        within(`DetectKeyPhrases ${language}`, () => detectKeyPhrases(fiveKb, language));
      }
      within('DetectDominantLanguage', () => detectDominantLanguage(fiveKb));
      within('signal words (decide)', () => decide({ metric: { type: 'none' }, text, customer: {} }, undefined, undefined, DEFAULT_RULES));
      within('FeedbackEvent schema', () => FeedbackEvent.safeParse({ text, customer: { name: text.slice(0, 200), email: text.slice(0, 254) } }));
      within('escaping', () => [escapeHtml(text), inlineSafe(text, 200), withoutStrayControls(text), maskEmail(text)]);
    }, 120_000);
  }
});
