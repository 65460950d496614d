/**
 * Which language a comment is in, when we can tell without asking Comprehend — and who told us, so
 * the stored record says which one decided (`languageSource`).
 *
 * In order:
 *  1. `event`: the source sent the comment's own language (the generic schema's `language`).
 *  2. `local-detector`: functions/domain/language-detector.ts is sure, on a text long enough that it
 *     was measured as accurate as we need (LOCAL_DETECTOR_MIN_LETTERS).
 *  3. `locale`: the customer's locale, only from sources where it is the language the survey was
 *     shown in, so the one the respondent was answering in. A vendor's UI or account locale (a
 *     Zendesk requester's language, a Typeform or SurveyMonkey hidden field someone filled in) says
 *     what language the person reads, not what they wrote, and is not used. It comes after the local
 *     detector, which reads the text itself, so it only settles short or ambiguous comments.
 *  4. `locale-confirmed`: any other source's customer locale, when the comment's own words confirm
 *     it (`textConfirmsLocale`: a word of that language and none of another). Neither is enough alone
 *     — "Rien à signaler." is too short to name a language, a UI locale may not be the one the person
 *     wrote in — but the two are independent, so they agree on a wrong language only when the text
 *     holds a word of the locale's language and none of its own (measured: docs/sentiment.md).
 *  Otherwise Comprehend detects it (`comprehend`).
 */
import type { FeedbackEvent } from './feedback-event';
import { detectLanguageLocally, LOCAL_DETECTOR_MIN_LETTERS, textConfirmsLocale } from './language-detector';

export const LANGUAGE_SOURCES = ['event', 'local-detector', 'locale', 'locale-confirmed', 'comprehend'] as const;
export type LanguageSource = (typeof LANGUAGE_SOURCES)[number];

/**
 * Sources whose `customer.locale` is the survey's display language:
 * - formbricks: `response.language`, the language variant of a multi-language survey the respondent saw;
 * - qualtrics: `userLanguage`, the language the respondent took the survey in;
 * - delighted: the `locale` special property, which sets the language the survey is shown in.
 */
export const SURVEY_LANGUAGE_LOCALE_SOURCES: ReadonlySet<string> = new Set(['formbricks', 'qualtrics', 'delighted']);

export interface KnownLanguage {
  language: string;
  source: Exclude<LanguageSource, 'comprehend'>;
}

export function knownLanguageOf(event: Pick<FeedbackEvent, 'source' | 'text' | 'language' | 'customer'>): KnownLanguage | undefined {
  if (event.language) return { language: event.language, source: 'event' };
  const detected = event.text ? detectLanguageLocally(event.text) : undefined;
  if (detected && detected.letters >= LOCAL_DETECTOR_MIN_LETTERS) return { language: detected.language, source: 'local-detector' };
  const locale = event.customer.locale;
  if (locale && SURVEY_LANGUAGE_LOCALE_SOURCES.has(event.source)) return { language: locale, source: 'locale' };
  if (locale && event.text && textConfirmsLocale(event.text, locale)) return { language: locale, source: 'locale-confirmed' };
  return undefined;
}
