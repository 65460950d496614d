/**
 * Sentiment, language, key phrases and PII through Amazon Comprehend, batched across an SQS batch:
 * BatchDetectDominantLanguage only for texts without a known language, then per language (one
 * LanguageCode per call) BatchDetectSentiment and, if enabled, BatchDetectKeyPhrases in chunks of
 * 25; DetectPiiEntities (single-document only) per English or Spanish text when redaction is on.
 * Every outcome maps back to its key: a result, or an Error for that key alone (the caller turns
 * it into a partial batch failure, so SQS retries only those events).
 */
import {
  BatchDetectDominantLanguageCommand,
  BatchDetectKeyPhrasesCommand,
  BatchDetectSentimentCommand,
  DetectPiiEntitiesCommand,
  type BatchItemError,
  type KeyPhrase,
  type LanguageCode,
  type PiiEntity,
} from '@aws-sdk/client-comprehend';
import { comprehend } from '#clients/comprehend';
import { comprehendUnitsOf, type ComprehendUsage } from '#domain/cost';
import type { Sentiment } from '#domain/sentiment';
import { truncateUtf8 } from '#domain/text-limits';
import { chunk } from './queue';

export interface TextToScore {
  key: string;
  text: string;
  /** The language the source gave, if any (BCP 47: "en", "pt-BR"). */
  language?: string;
}

export interface AnalysisOptions {
  /** Replace PII in the comment with `[TYPE]` before it is stored (English and Spanish). */
  redactPii?: boolean;
  /** Tag the feedback with up to five key phrases. */
  keyPhrases?: boolean;
}

export interface Analysis {
  sentiment: Sentiment;
  /** The comment with PII replaced; set only when redaction ran. */
  redactedText?: string;
  /** Comprehend units this text was billed, per operation (the cost ledger, functions/domain/cost.ts). */
  usage: ComprehendUsage;
}

export type AnalysisOutcome = Analysis | Error;

/** Comprehend's sentiment languages ("Languages supported in Amazon Comprehend"). */
const SENTIMENT_LANGUAGES: ReadonlySet<string> = new Set(['ar', 'hi', 'ko', 'zh-TW', 'ja', 'zh', 'de', 'pt', 'en', 'it', 'fr', 'es']);
/** DetectPiiEntities accepts English and Spanish only. */
const PII_LANGUAGES: ReadonlySet<string> = new Set(['en', 'es']);
const MAX_BATCH = 25;
/** Every batch item, for sentiment, language and key phrases alike, may hold 5,000 bytes of UTF-8. */
const MAX_ITEM_BYTES = 5_000;
const MAX_KEY_PHRASES = 5;
const MIN_KEY_PHRASE_SCORE = 0.8;
/** Item errors that the same request would hit again: stored as NEUTRAL with the reason, not retried. */
const PERMANENT_ITEM_ERRORS: ReadonlySet<string> = new Set(['InvalidRequestException', 'TextSizeLimitExceededException', 'UnsupportedLanguageException']);

const COMPREHEND_ENGINE = { name: 'amazon-comprehend', version: '2017-11-27' } as const;
/** A Comprehend-compatible stand-in (our local server) names its engine in this response header. */
const ENGINE_HEADER = 'x-cx-engine';
let reportedEngine: Sentiment['engine'];

comprehend.middlewareStack.add(
  (next) => async (args) => {
    const result = await next(args);
    const header = (result.response as { headers?: Record<string, string | undefined> }).headers?.[ENGINE_HEADER];
    const [name, version] = header?.split('/') ?? [];
    if (name && version) reportedEngine = { name, version };
    return result;
  },
  { step: 'deserialize', name: 'cxLoopEngineHeader', override: true },
);

export async function analyzeTexts(items: TextToScore[], options: AnalysisOptions = {}): Promise<Map<string, AnalysisOutcome>> {
  const out = new Map<string, AnalysisOutcome>();
  const scorable = items.filter((i) => i.text.trim().length > 0);
  const undetected = scorable.filter((i) => !i.language);
  const detected = await detectMissingLanguages(undetected, out);
  // Every text sent to BatchDetectDominantLanguage is billed, whatever it answered.
  const languageUnits = new Map(undetected.map((i) => [i.key, batchUnits(i.text)]));
  const usageOf = (item: TextToScore, more: ComprehendUsage): ComprehendUsage => ({ ...(languageUnits.has(item.key) ? { language: languageUnits.get(item.key)! } : {}), ...more });

  const byLanguage = new Map<string, TextToScore[]>();
  for (const item of scorable) {
    if (out.has(item.key)) continue;
    const language = comprehendLanguage(item.language ?? detected.get(item.key) ?? 'und');
    if (!SENTIMENT_LANGUAGES.has(language)) {
      out.set(item.key, { sentiment: neutral(language, `language "${language}" is not supported by Comprehend sentiment`), usage: usageOf(item, {}) });
      continue;
    }
    byLanguage.set(language, [...(byLanguage.get(language) ?? []), item]);
  }

  const groups = [...byLanguage].flatMap(([language, group]) => chunk(group, MAX_BATCH).map((batch) => ({ language, batch })));
  const piiItems = options.redactPii ? groups.filter(({ language }) => PII_LANGUAGES.has(language)) : [];
  const [sentiments, phrases, pii] = await Promise.all([
    merged(groups.map(({ language, batch }) => detectSentiments(language, batch))),
    merged(options.keyPhrases ? groups.map(({ language, batch }) => detectKeyPhrases(language, batch)) : []),
    merged(piiItems.flatMap(({ language, batch }) => batch.map((item) => detectPii(item, language)))),
  ]);

  for (const item of groups.flatMap(({ batch }) => batch)) {
    const sentiment = sentiments.get(item.key);
    const found = phrases.get(item.key);
    const entities = pii.get(item.key);
    if (sentiment instanceof Error || found instanceof Error || entities instanceof Error || !sentiment) {
      out.set(item.key, [sentiment, found, entities].find((x): x is Error => x instanceof Error) ?? new Error('Comprehend returned no result for this text'));
      continue;
    }
    const units = batchUnits(item.text);
    out.set(item.key, {
      sentiment: found ? { ...sentiment, keyPhrases: topics(found, entities ?? []) } : sentiment,
      ...(entities ? { redactedText: redact(item.text, entities) } : {}),
      usage: usageOf(item, { sentiment: units, ...(found ? { keyPhrases: units } : {}), ...(entities ? { pii: comprehendUnitsOf(item.text) } : {}) }),
    });
  }
  return out;
}

/** Units of a batch item: the text as sent, cut to the batch-item limit. */
const batchUnits = (text: string) => comprehendUnitsOf(truncateUtf8(text, MAX_ITEM_BYTES));

async function merged<T>(parts: Array<Promise<Map<string, T>>>): Promise<Map<string, T>> {
  return new Map((await Promise.all(parts)).flatMap((m) => [...m]));
}

async function detectMissingLanguages(items: TextToScore[], out: Map<string, AnalysisOutcome>): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  await Promise.all(
    chunk(items, MAX_BATCH).map(async (batch) => {
      try {
        const res = await comprehend.send(new BatchDetectDominantLanguageCommand({ TextList: batch.map((i) => truncateUtf8(i.text, MAX_ITEM_BYTES)) }));
        for (const r of res.ResultList ?? []) {
          const item = batch[r.Index ?? -1];
          const best = r.Languages?.[0]?.LanguageCode;
          if (item && best) found.set(item.key, best);
        }
        // A text Comprehend refuses to identify stays without a language and is scored NEUTRAL with the reason.
        for (const { item, code, error } of itemErrors(res.ErrorList, batch)) {
          if (!PERMANENT_ITEM_ERRORS.has(code)) out.set(item.key, error);
        }
      } catch (err) {
        for (const item of batch) out.set(item.key, asError(err));
      }
    }),
  );
  return found;
}

async function detectSentiments(language: string, batch: TextToScore[]): Promise<Map<string, Sentiment | Error>> {
  const out = new Map<string, Sentiment | Error>();
  try {
    const res = await comprehend.send(
      new BatchDetectSentimentCommand({ LanguageCode: language as LanguageCode, TextList: batch.map((i) => truncateUtf8(i.text, MAX_ITEM_BYTES)) }),
    );
    const engine = reportedEngine ?? COMPREHEND_ENGINE;
    for (const r of res.ResultList ?? []) {
      const item = batch[r.Index ?? -1];
      if (!item) continue;
      const s = r.SentimentScore ?? {};
      out.set(item.key, {
        label: r.Sentiment ?? 'NEUTRAL',
        scores: { positive: s.Positive ?? 0, negative: s.Negative ?? 0, neutral: s.Neutral ?? 0, mixed: s.Mixed ?? 0 },
        language,
        engine,
      });
    }
    for (const { item, code, error } of itemErrors(res.ErrorList, batch)) {
      out.set(item.key, PERMANENT_ITEM_ERRORS.has(code) ? neutral(language, `not scored: ${error.message}`) : error);
    }
  } catch (err) {
    for (const item of batch) out.set(item.key, asError(err));
  }
  return out;
}

async function detectKeyPhrases(language: string, batch: TextToScore[]): Promise<Map<string, KeyPhrase[] | Error>> {
  const out = new Map<string, KeyPhrase[] | Error>();
  try {
    const res = await comprehend.send(
      new BatchDetectKeyPhrasesCommand({ LanguageCode: language as LanguageCode, TextList: batch.map((i) => truncateUtf8(i.text, MAX_ITEM_BYTES)) }),
    );
    for (const r of res.ResultList ?? []) {
      const item = batch[r.Index ?? -1];
      if (item) out.set(item.key, r.KeyPhrases ?? []);
    }
    // Topics are an extra: an item Comprehend could not tag is stored without them.
    for (const { item, code, error } of itemErrors(res.ErrorList, batch)) out.set(item.key, PERMANENT_ITEM_ERRORS.has(code) ? [] : error);
  } catch (err) {
    for (const item of batch) out.set(item.key, asError(err));
  }
  return out;
}

/** One call per text: Comprehend has no batch PII operation. Feedback text (≤ 20,000 characters) fits its 100 KB limit. */
async function detectPii(item: TextToScore, language: string): Promise<Map<string, PiiEntity[] | Error>> {
  try {
    const res = await comprehend.send(new DetectPiiEntitiesCommand({ Text: item.text, LanguageCode: language as LanguageCode }));
    return new Map([[item.key, res.Entities ?? []]]);
  } catch (err) {
    // A comment that should be redacted is never stored unredacted: fail it and let SQS retry.
    return new Map([[item.key, asError(err)]]);
  }
}

/** Comprehend offsets count characters (code points), not UTF-16 units. */
function redact(text: string, entities: PiiEntity[]): string {
  const chars = Array.from(text);
  const spans = entities
    .filter((e) => e.BeginOffset !== undefined && e.EndOffset !== undefined)
    .sort((a, b) => b.BeginOffset! - a.BeginOffset!);
  let end = chars.length;
  for (const e of spans) {
    // Spans sorted from the end; an overlapping one is clipped to what is left.
    const stop = Math.min(e.EndOffset!, end);
    if (stop <= e.BeginOffset!) continue;
    chars.splice(e.BeginOffset!, stop - e.BeginOffset!, `[${e.Type ?? 'PII'}]`);
    end = e.BeginOffset!;
  }
  return chars.join('');
}

/** Dashboard topics: confident phrases, lower case, without a leading article, none overlapping PII. */
function topics(phrases: KeyPhrase[], pii: PiiEntity[]): string[] {
  const overlapsPii = (p: KeyPhrase) => pii.some((e) => (p.BeginOffset ?? 0) < (e.EndOffset ?? 0) && (p.EndOffset ?? 0) > (e.BeginOffset ?? 0));
  const names = phrases
    .filter((p) => (p.Score ?? 0) >= MIN_KEY_PHRASE_SCORE && p.Text && !overlapsPii(p))
    .map((p) => p.Text!.toLowerCase().replace(LEADING_DETERMINER, '').trim())
    .filter(Boolean);
  return [...new Set(names)].slice(0, MAX_KEY_PHRASES);
}

const LEADING_DETERMINER =
  /^(?:(?:the|a|an|my|your|our|their|this|that|these|those|el|la|los|las|un|una|mi|su|le|les|une|mon|ma|mes|der|die|das|den|dem|ein|eine|mein|meine|o|os|as|um|uma|meu|minha|il|lo|gli|uno|mio|mia|de|het|een|mijn)\s+|[ld]['’])/u;

interface ItemError {
  item: TextToScore;
  code: string;
  error: Error;
}

function itemErrors(errors: BatchItemError[] | undefined, batch: TextToScore[]): ItemError[] {
  return (errors ?? []).flatMap((e) => {
    const item = batch[e.Index ?? -1];
    const code = e.ErrorCode ?? 'Error';
    return item ? [{ item, code, error: new Error(`${code}: ${e.ErrorMessage ?? 'item failed'}`) }] : [];
  });
}

/** "pt-BR" → "pt", but Comprehend keeps "zh-TW" as its own code. */
function comprehendLanguage(tag: string): string {
  return /^zh-(TW|Hant)/i.test(tag) ? 'zh-TW' : (tag.split('-')[0] ?? tag).toLowerCase();
}

function neutral(language: string, note: string): Sentiment {
  return { label: 'NEUTRAL', scores: { positive: 0, negative: 0, neutral: 1, mixed: 0 }, language, note };
}

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));
