/**
 * The local language detector the analyze Lambda runs (functions/domain/language-detector.ts): as
 * accurate as we need on the dev set from its length threshold, on the split it was not tuned on
 * too; agreeing with the local Comprehend engine on the bench workload (so skipping Comprehend's
 * detection changes no decision there); and who decides a comment's language, in order.
 */
import { describe, expect, it } from 'vitest';
import { detectLanguageLocally, LOCAL_DETECTOR_MIN_LETTERS } from '../../functions/domain/language-detector';
import { knownLanguageOf } from '../../functions/domain/language-source';
import { devsetSplit, type Split } from '../../local/comprehend/devset';
import { detectDominantLanguage, detectSentiment } from '../../local/comprehend/engine';
import { workload } from '../../bench/workload';
import { localeConfirmations } from '../../bench/local-language';

/** Per language, of the texts at or above the threshold the detector answered: how many it got right. */
function answered(split: Split) {
  const by = new Map<string, { n: number; answered: number; right: number }>();
  for (const row of devsetSplit(split)) {
    const found = detectLanguageLocally(row.text);
    if ((row.text.match(/\p{L}/gu)?.length ?? 0) < LOCAL_DETECTOR_MIN_LETTERS) continue;
    const c = by.get(row.language) ?? { n: 0, answered: 0, right: 0 };
    c.n++;
    if (found) {
      c.answered++;
      if (found.language === row.language) c.right++;
    }
    by.set(row.language, c);
  }
  return by;
}

describe('local language detector on the dev set, texts of at least LOCAL_DETECTOR_MIN_LETTERS letters', () => {
  for (const split of ['tune', 'check'] as const) {
    it(`is right on ≥ 99% of what it answers in every language (${split} split), and answers most English`, () => {
      const by = answered(split);
      expect([...by.keys()].sort()).toEqual(['de', 'en', 'es', 'fr', 'it', 'nl', 'pt']);
      for (const [language, c] of by) {
        expect(c.right / Math.max(1, c.answered), `${language}: ${c.right}/${c.answered}`).toBeGreaterThanOrEqual(0.99);
      }
      const en = by.get('en')!;
      expect(en.answered / en.n).toBeGreaterThan(0.7);
    });
  }

  it('abstains on short comments and on languages it does not know', () => {
    for (const text of ['ok', 'Top!', 'Normal.', 'Tjänsten var dålig och ingen svarade på mina mejl', 'Obsługa była bardzo zła i nikt mi nie odpowiedział', 'Служба поддержки не ответила на мое письмо']) {
      expect(detectLanguageLocally(text), text).toBeUndefined();
    }
  });

  it('knows Korean and Japanese by their scripts', () => {
    expect(detectLanguageLocally('배송이 너무 늦었고 아무도 답하지 않았어요')?.language).toBe('ko');
    expect(detectLanguageLocally('配達がとても遅くて、誰も返事をくれませんでした')?.language).toBe('ja');
  });
});

describe('bench workload: decisions unchanged', () => {
  it('every comment the detector decides is given the language the local Comprehend engine detects', () => {
    const texts = new Set(workload({ events: 2000, runId: 'x' }).flatMap((e) => (e.input.text ? [e.input.text] : [])));
    let decided = 0;
    for (const text of texts) {
      const known = knownLanguageOf({ source: 'typeform', text, customer: {} });
      if (!known) continue;
      decided++;
      expect(known.language, text).toBe(detectDominantLanguage(text)[0]!.LanguageCode);
    }
    expect(decided).toBeGreaterThanOrEqual(7);
  });

  it('every vendor comment whose language is known without Comprehend gets the sentiment it got after Comprehend’s detection', () => {
    // Vendors carry the bench's language as the respondent's locale (cli/lib/samples.ts); the generic schema as the text's language.
    let skipped = 0;
    for (const { source, input } of workload({ events: 2000, runId: 'x' })) {
      if (!input.text || source === 'generic' || source === 'google-forms') continue;
      const known = knownLanguageOf({ source, text: input.text, customer: { locale: input.language } });
      if (!known) continue;
      skipped++;
      const before = detectSentiment(input.text, detectDominantLanguage(input.text)[0]!.LanguageCode);
      const after = detectSentiment(input.text, known.language);
      expect({ label: after.Sentiment, scores: after.SentimentScore }, `${source}: ${input.text}`).toEqual({ label: before.Sentiment, scores: before.SentimentScore });
    }
    expect(skipped).toBeGreaterThan(500);
  });
});

describe('who decides a comment’s language', () => {
  const long = 'The parcel arrived damaged and nobody answered my emails.';
  it('the event’s own language first', () => {
    expect(knownLanguageOf({ source: 'generic', text: long, language: 'fr', customer: {} })).toEqual({ language: 'fr', source: 'event' });
  });
  it('then the local detector, on a long enough text', () => {
    expect(knownLanguageOf({ source: 'delighted', text: long, customer: { locale: 'de' } })).toEqual({ language: 'en', source: 'local-detector' });
  });
  it('then the locale, only from sources where it is the survey’s language', () => {
    expect(knownLanguageOf({ source: 'delighted', text: 'Top!', customer: { locale: 'de' } })).toEqual({ language: 'de', source: 'locale' });
    expect(knownLanguageOf({ source: 'zendesk', text: 'Top!', customer: { locale: 'de' } })).toBeUndefined();
    expect(knownLanguageOf({ source: 'typeform', text: 'Top!', customer: { locale: 'de' } })).toBeUndefined();
  });
  it('then any source’s locale, when the comment’s own words confirm it', () => {
    expect(knownLanguageOf({ source: 'typeform', text: 'Rien à signaler.', customer: { locale: 'fr' } })).toEqual({ language: 'fr', source: 'locale-confirmed' });
    expect(knownLanguageOf({ source: 'zendesk', text: 'War in Ordnung.', customer: { locale: 'de-AT' } })).toEqual({ language: 'de-AT', source: 'locale-confirmed' });
    // More of the locale's words than of any other language's: "was" is Dutch too, "it" only English.
    expect(knownLanguageOf({ source: 'intercom', text: 'It was fine.', customer: { locale: 'en-GB' } })).toEqual({ language: 'en-GB', source: 'locale-confirmed' });
    expect(knownLanguageOf({ source: 'intercom', text: 'It was fine.', customer: { locale: 'nl' } })).toBeUndefined();
    // A word of another language, or none of the locale's, leaves it to Comprehend.
    expect(knownLanguageOf({ source: 'typeform', text: 'Rien à signaler.', customer: { locale: 'de' } })).toBeUndefined();
    expect(knownLanguageOf({ source: 'intercom', text: 'Todo bien, gracias', customer: { locale: 'pt-BR' } })).toBeUndefined();
    expect(knownLanguageOf({ source: 'typeform', text: 'Rien à signaler.', customer: {} })).toBeUndefined();
  });
  it('a wrong locale is almost never confirmed by the text, on either split of the dev set', () => {
    for (const split of ['tune', 'check'] as const) {
      const c = localeConfirmations(split);
      expect(c.confirmedWrongLocale / c.wrongLocaleTrials, split).toBeLessThanOrEqual(0.01);
      expect(c.confirmedRightLocale, split).toBeGreaterThan(c.undecided / 10);
    }
  });
  it('otherwise nobody: Comprehend detects it', () => {
    expect(knownLanguageOf({ source: 'generic', text: 'Top!', customer: {} })).toBeUndefined();
  });
});
