/**
 * Turning extracted vendor values into a FeedbackDraft (or an `ignored` result). Vendors send
 * optional fields of uneven quality (a ticket link without a scheme, a locale given as a language
 * name); a bad optional field is dropped and reported rather than failing the whole delivery,
 * because a 400 loses the customer's feedback and makes the vendor retry something that never
 * fixes itself.
 */
import { FeedbackDraft, METRIC_SCALES, withoutStrayControls, type Customer, type Metric, type ScoredMetric } from '../../feedback-event';
import { badRequest } from '../../problem';
import { parseDroppingInvalidOptional } from '../../validate';
import type { SourceResult } from '../webhook-source';

/** A metric when `value` is an integer inside the scale, else undefined. */
export function scoredMetric(type: ScoredMetric, value: unknown): Metric | undefined {
  const score = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof score !== 'number' || !Number.isInteger(score)) return undefined;
  const { min, max } = METRIC_SCALES[type];
  return score >= min && score <= max ? { type, score } : undefined;
}

export function nonBlank(text: unknown): string | undefined {
  return typeof text === 'string' && text.trim() !== '' ? text.trim() : undefined;
}

type CustomerInput = { [K in keyof Customer]?: unknown };

/**
 * Collects the customer attributes a vendor sent (blank ones left out, numeric ids as strings).
 * Validation happens once, in feedbackOrIgnored, which drops and reports any invalid attribute.
 */
export function customerFrom(input: CustomerInput): Customer {
  const customer: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) continue;
    customer[key] = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : value;
  }
  return customer as Customer;
}

/** A vendor's epoch-seconds timestamp; one outside what a Date can hold is a 400, not a RangeError. */
export function isoFromUnixSeconds(seconds: number): string {
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) throw badRequest(`Timestamp ${seconds} is out of range`);
  return date.toISOString();
}

/**
 * A vendor's update time as a response revision (epoch ms, functions/domain/revisions.ts); one that
 * is missing or unusable gives none — the response is then stored once and never revised.
 */
export function revisionFromUnixSeconds(seconds: number | null | undefined): number | undefined {
  const ms = typeof seconds === 'number' ? Math.round(seconds * 1000) : NaN;
  return Number.isSafeInteger(ms) && ms >= 0 ? ms : undefined;
}

/** ISO 8601, or unix seconds as some senders stamp (Zendesk's signature timestamp in hand-made tests). */
export function revisionFromIso(iso: string | null | undefined): number | undefined {
  const ms = !iso ? NaN : /^\d+$/.test(iso) ? Number(iso) * 1000 : Date.parse(iso);
  return Number.isSafeInteger(ms) && ms >= 0 ? ms : undefined;
}

export interface DraftInput extends Omit<FeedbackDraft, 'metric' | 'text'> {
  metric?: Metric | undefined;
  text?: string | undefined;
}

/** Fields a delivery is still worth storing without: an invalid value here is dropped, not a 400. */
export const OPTIONAL_DRAFT_FIELDS = ['customer', 'sourceRef', 'language'] as const;

/** `ignored` when there is neither a score nor text; otherwise one validated draft. */
export function feedbackOrIgnored(input: DraftInput, what: string): SourceResult {
  const metric = input.metric ?? { type: 'none' };
  const text = nonBlank(typeof input.text === 'string' ? withoutStrayControls(input.text) : input.text);
  if (metric.type === 'none' && !text) {
    return { kind: 'ignored', reason: 'no score and no text', sourceEventId: input.sourceEventId };
  }
  const { text: _raw, ...rest } = input;
  const { data, dropped } = parseDroppingInvalidOptional(FeedbackDraft, { ...rest, metric, ...(text ? { text } : {}) }, OPTIONAL_DRAFT_FIELDS, what);
  return { kind: 'feedback', drafts: [data], ...(dropped.length ? { dropped } : {}) };
}
