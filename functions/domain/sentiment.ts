/** What the analyze step learns about a text; engine-neutral (Comprehend or the local engine). */
import { z } from 'zod';

export const SENTIMENT_LABELS = ['POSITIVE', 'NEGATIVE', 'NEUTRAL', 'MIXED'] as const;
export const SentimentLabel = z.enum(SENTIMENT_LABELS);
export type SentimentLabel = z.infer<typeof SentimentLabel>;

export const Sentiment = z.object({
  label: SentimentLabel,
  scores: z.object({ positive: z.number(), negative: z.number(), neutral: z.number(), mixed: z.number() }),
  language: z.string(),
  /** Set when the text could not be scored (unsupported language…) and the label is a default. */
  note: z.string().optional(),
  /** Topics for the dashboard ("delivery", "refund"), when key phrases are enabled. */
  keyPhrases: z.array(z.string()).optional(),
  /** Which engine scored the text, so scores from different models are never mixed unknowingly. */
  engine: z.object({ name: z.string(), version: z.string() }).optional(),
});
export type Sentiment = z.infer<typeof Sentiment>;

/** Signed polarity in [-1, 1], for means and trends. */
export function polarity(sentiment: Sentiment): number {
  return sentiment.scores.positive - sentiment.scores.negative;
}
