/**
 * Service quotas from the Comprehend developer guide ("Guidelines and quotas", real-time analysis):
 * sentiment and every batch item allow 5 KB of UTF-8; the other single-document operations 100 KB.
 */
export const MAX_BATCH_ITEMS = 25;
export const BATCH_ITEM_MAX_BYTES = 5_000;
export const SENTIMENT_MAX_BYTES = 5_000;
export const SINGLE_DOCUMENT_MAX_BYTES = 100_000;

/** Languages DetectSentiment / BatchDetectSentiment accept (Comprehend "Supported languages"). */
export const SENTIMENT_LANGUAGES: ReadonlySet<string> = new Set([
  'ar', 'hi', 'ko', 'zh', 'zh-TW', 'ja', 'de', 'en', 'es', 'it', 'pt', 'fr',
]);

/** DetectPiiEntities is documented for English and Spanish only. */
export const PII_LANGUAGES: ReadonlySet<string> = new Set(['en', 'es']);

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
