import { ComprehendError } from './errors';
import {
  BATCH_ITEM_MAX_BYTES,
  MAX_BATCH_ITEMS,
  PII_LANGUAGES,
  SENTIMENT_LANGUAGES,
  SENTIMENT_MAX_BYTES,
  SINGLE_DOCUMENT_MAX_BYTES,
  utf8Bytes,
} from './limits';
import { detectDominantLanguage, detectKeyPhrases, detectSentiment } from './engine';
import { detectPiiEntities } from './pii';

/** One Comprehend operation: parsed JSON request body in, JSON response body out. */
export type OperationHandler = (body: Record<string, unknown>) => unknown;

interface BatchItemError {
  Index: number;
  ErrorCode: string;
  ErrorMessage: string;
}

function requireText(body: Record<string, unknown>, maxBytes: number): string {
  const text = body['Text'];
  if (typeof text !== 'string') throw new ComprehendError('InvalidRequestException', 'Text is required and must be a string');
  checkText(text, maxBytes);
  return text;
}

function checkText(text: string, maxBytes: number): void {
  if (text.trim().length === 0) throw new ComprehendError('InvalidRequestException', 'Text must contain at least one non-whitespace character');
  const bytes = utf8Bytes(text);
  if (bytes > maxBytes) {
    throw new ComprehendError(
      'TextSizeLimitExceededException',
      `Input text size exceeds limit. Max length of request text allowed is ${maxBytes} bytes while in this request the text size is ${bytes} bytes`,
    );
  }
}

function requireLanguage(body: Record<string, unknown>, supported: ReadonlySet<string>): string {
  const code = body['LanguageCode'];
  if (typeof code !== 'string' || code.length === 0) throw new ComprehendError('InvalidRequestException', 'LanguageCode is required');
  if (!supported.has(code)) {
    throw new ComprehendError('UnsupportedLanguageException', `Language code '${code}' is not supported by this operation; supported: ${[...supported].join(', ')}`);
  }
  return code;
}

function requireTextList(body: Record<string, unknown>): string[] {
  const list = body['TextList'];
  if (!Array.isArray(list) || list.length === 0) throw new ComprehendError('InvalidRequestException', 'TextList must be a non-empty list of strings');
  if (list.length > MAX_BATCH_ITEMS) {
    throw new ComprehendError('BatchSizeLimitExceededException', `The number of documents in the request (${list.length}) exceeds the limit of ${MAX_BATCH_ITEMS}`);
  }
  if (!list.every((item): item is string => typeof item === 'string')) throw new ComprehendError('InvalidRequestException', 'TextList entries must be strings');
  return list;
}

/**
 * Batch operations report per-document problems in ErrorList and still analyse the rest, so a
 * caller's partial-failure handling can be exercised locally. ErrorCode carries the exception
 * name the single-document operation would have raised.
 */
function runBatch<T>(texts: string[], analyse: (text: string) => T): { ResultList: Array<T & { Index: number }>; ErrorList: BatchItemError[] } {
  const ResultList: Array<T & { Index: number }> = [];
  const ErrorList: BatchItemError[] = [];
  texts.forEach((text, Index) => {
    try {
      checkText(text, BATCH_ITEM_MAX_BYTES);
      ResultList.push({ Index, ...analyse(text) });
    } catch (err) {
      if (!(err instanceof ComprehendError)) throw err;
      ErrorList.push({ Index, ErrorCode: err.type, ErrorMessage: err.message });
    }
  });
  return { ResultList, ErrorList };
}

export const OPERATIONS: Readonly<Record<string, OperationHandler>> = {
  DetectSentiment(body) {
    const text = requireText(body, SENTIMENT_MAX_BYTES);
    return detectSentiment(text, requireLanguage(body, SENTIMENT_LANGUAGES));
  },
  BatchDetectSentiment(body) {
    const texts = requireTextList(body);
    const language = requireLanguage(body, SENTIMENT_LANGUAGES);
    return runBatch(texts, (text) => detectSentiment(text, language));
  },
  DetectDominantLanguage(body) {
    return { Languages: detectDominantLanguage(requireText(body, SINGLE_DOCUMENT_MAX_BYTES)) };
  },
  BatchDetectDominantLanguage(body) {
    return runBatch(requireTextList(body), (text) => ({ Languages: detectDominantLanguage(text) }));
  },
  DetectKeyPhrases(body) {
    const text = requireText(body, SINGLE_DOCUMENT_MAX_BYTES);
    return { KeyPhrases: detectKeyPhrases(text, requireLanguage(body, SENTIMENT_LANGUAGES)) };
  },
  BatchDetectKeyPhrases(body) {
    const texts = requireTextList(body);
    const language = requireLanguage(body, SENTIMENT_LANGUAGES);
    return runBatch(texts, (text) => ({ KeyPhrases: detectKeyPhrases(text, language) }));
  },
  DetectPiiEntities(body) {
    const text = requireText(body, SINGLE_DOCUMENT_MAX_BYTES);
    requireLanguage(body, PII_LANGUAGES);
    return { Entities: detectPiiEntities(text) };
  },
};
