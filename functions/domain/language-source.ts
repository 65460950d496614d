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
 *  Otherwise Comprehend detects it (`comprehend`).
 */
import type { FeedbackEvent } from './feedback-event';
import { detectLanguageLocally, LOCAL_DETECTOR_MIN_LETTERS } from './language-detector';

export const LANGUAGE_SOURCES = ['event', 'local-detector', 'locale', 'comprehend'] as const;
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
  if (event.customer.locale && SURVEY_LANGUAGE_LOCALE_SOURCES.has(event.source)) return { language: event.customer.locale, source: 'locale' };
  return undefined;
}
