/**
 * Sentiment through Amazon Comprehend, batched across an SQS batch:
 * BatchDetectDominantLanguage only for texts without a known language, then BatchDetectSentiment
 * per language (one LanguageCode per call) in chunks of 25. Per-item failures map back to their key.
 */
import {
  BatchDetectDominantLanguageCommand,
  BatchDetectSentimentCommand,
  type BatchItemError,
} from '@aws-sdk/client-comprehend';
import { comprehend } from '#clients/comprehend';
import type { Sentiment } from '#domain/sentiment';
import { truncateUtf8 } from '#domain/text-limits';
import { chunk } from './queue';

export interface TextToScore {
  key: string;
  text: string;
  language?: string;
}

/** Comprehend's sentiment languages; anything else is scored neutral with a note, not an error. */
const SENTIMENT_LANGUAGES = new Set(['ar', 'hi', 'ko', 'zh-TW', 'ja', 'zh', 'de', 'pt', 'en', 'it', 'fr', 'es']);
const MAX_BATCH = 25;
const MAX_SENTIMENT_BYTES = 5000;
const MAX_LANGUAGE_BYTES = 5000;

export type ScoreOutcome = Sentiment | Error;

export async function scoreTexts(items: TextToScore[]): Promise<Map<string, ScoreOutcome>> {
  const out = new Map<string, ScoreOutcome>();
  const scorable = items.filter((i) => i.text.trim().length > 0);
  const languages = await detectMissingLanguages(scorable.filter((i) => !i.language), out);

  const byLanguage = new Map<string, TextToScore[]>();
  for (const item of scorable) {
    if (out.has(item.key)) continue;
    const language = comprehendLanguage(item.language ?? languages.get(item.key) ?? 'und');
    if (!SENTIMENT_LANGUAGES.has(language)) {
      out.set(item.key, neutral(language, `language "${language}" is not supported for sentiment`));
      continue;
    }
    byLanguage.set(language, [...(byLanguage.get(language) ?? []), item]);
  }

  await Promise.all(
    [...byLanguage].flatMap(([language, group]) =>
      chunk(group, MAX_BATCH).map(async (batch) => {
        try {
          const res = await comprehend.send(
            new BatchDetectSentimentCommand({ LanguageCode: language as never, TextList: batch.map((i) => truncateUtf8(i.text, MAX_SENTIMENT_BYTES)) }),
          );
          for (const r of res.ResultList ?? []) {
            const item = batch[r.Index ?? -1];
            if (!item) continue;
            const s = r.SentimentScore ?? {};
            out.set(item.key, {
              label: (r.Sentiment ?? 'NEUTRAL') as Sentiment['label'],
              scores: { positive: s.Positive ?? 0, negative: s.Negative ?? 0, neutral: s.Neutral ?? 0, mixed: s.Mixed ?? 0 },
              language,
            });
          }
          mapItemErrors(res.ErrorList, batch, out);
        } catch (err) {
          for (const item of batch) out.set(item.key, asError(err));
        }
      }),
    ),
  );
  return out;
}

async function detectMissingLanguages(items: TextToScore[], out: Map<string, ScoreOutcome>): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  await Promise.all(
    chunk(items, MAX_BATCH).map(async (batch) => {
      try {
        const res = await comprehend.send(
          new BatchDetectDominantLanguageCommand({ TextList: batch.map((i) => truncateUtf8(i.text, MAX_LANGUAGE_BYTES)) }),
        );
        for (const r of res.ResultList ?? []) {
          const item = batch[r.Index ?? -1];
          const best = r.Languages?.[0]?.LanguageCode;
          if (item && best) found.set(item.key, best);
        }
        mapItemErrors(res.ErrorList, batch, out);
      } catch (err) {
        for (const item of batch) out.set(item.key, asError(err));
      }
    }),
  );
  return found;
}

function mapItemErrors(errors: BatchItemError[] | undefined, batch: TextToScore[], out: Map<string, ScoreOutcome>) {
  for (const e of errors ?? []) {
    const item = batch[e.Index ?? -1];
    if (item) out.set(item.key, new Error(`${e.ErrorCode ?? 'Error'}: ${e.ErrorMessage ?? 'item failed'}`));
  }
}

/** "pt-BR" → "pt", but Comprehend keeps "zh-TW" as its own code. */
function comprehendLanguage(tag: string): string {
  return tag === 'zh-TW' ? tag : tag.slice(0, 2).toLowerCase();
}

function neutral(language: string, note: string): Sentiment {
  return { label: 'NEUTRAL', scores: { positive: 0, negative: 0, neutral: 1, mixed: 0 }, language, note };
}

const asError = (err: unknown) => (err instanceof Error ? err : new Error(String(err)));
