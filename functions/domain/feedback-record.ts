/** How analyzed feedback is stored, and the outreach it calls for. */
import type { SKIPPED_FOR_BUDGET } from './budget';
import type { Cost } from './cost';
import { dayOf } from './counters';
import type { Decision } from './decide';
import { dedupeKey, type FeedbackEvent } from './feedback-event';
import type { LanguageSource } from './language-source';
import { customerKeyOf, outreachIdOf, type OutreachMessage } from './outreach';
import { contentHashOf } from './revisions';
import type { Sentiment } from './sentiment';

export interface FeedbackRecord extends FeedbackEvent {
  pk: string;
  /** UTC day received, for the byDay index (recent feedback lists). */
  day: string;
  customerKey?: string;
  /** The id's key when the customer named an email too (GSI `byCustomerId`): erasure by id finds email-keyed feedback. */
  customerIdKey?: string;
  sentiment?: Sentiment;
  decision: Decision;
  /** Epoch seconds; DynamoDB TTL removes raw feedback after the retention period. */
  expiresAt: number;
  /** Fingerprint of what this version says (functions/domain/revisions.ts): a re-stamped identical version changes nothing. */
  contentHash?: string;
  /** How many later versions of the response replaced the first one. */
  revisions?: number;
  /** The recovery email this feedback answered, and whether the customer was won back. */
  recoveredFrom?: string;
  recoveryOutcome?: 'won' | 'lost';
  /** Who decided the comment's language: the event, the local detector, a survey-language locale, or Comprehend. */
  languageSource?: LanguageSource;
  /** Set when the text was not analyzed: the monthly Comprehend budget was spent (decided on the score alone). */
  analysis?: typeof SKIPPED_FOR_BUDGET;
  /** What storing it cost (functions/domain/cost.ts); for a revised response, every version's analysis. */
  cost?: Cost;
}

export function toFeedbackRecord(event: FeedbackEvent, sentiment: Sentiment | undefined, decision: Decision, retentionDays: number, hashKey: string): FeedbackRecord {
  const customerKey = customerKeyOf(event.customer, hashKey);
  const customerIdKey = event.customer.email && event.customer.id ? customerKeyOf({ id: event.customer.id }, hashKey) : undefined;
  return {
    ...event,
    pk: dedupeKey(event),
    day: dayOf(event.receivedAt),
    ...(customerKey ? { customerKey } : {}),
    ...(customerIdKey ? { customerIdKey } : {}),
    ...(sentiment ? { sentiment } : {}),
    decision,
    contentHash: contentHashOf(event),
    expiresAt: Math.floor(Date.parse(event.receivedAt) / 1000) + retentionDays * 86_400,
  };
}

/**
 * The outreach message for a stored record, when its decision calls for one, we can reach them, and
 * it is not imported history. `assigned.owner` is the person who owns the follow-up (a case owner),
 * when there is one: only then does the email promise a personal follow-up.
 */
export function outreachFor(record: FeedbackRecord, assigned: { owner?: { name: string } } = {}): OutreachMessage | undefined {
  const kind = record.decision.action;
  const email = record.customer.email;
  if (kind === 'none' || !email || record.outreach === false) return undefined;
  const languages = [...new Set([record.language, record.sentiment?.language].filter((l): l is string => Boolean(l)))];
  return {
    outreachId: outreachIdOf(record.pk, kind),
    feedbackKey: record.pk,
    kind,
    customer: { ...record.customer, email },
    channel: record.channel,
    ...(record.text ? { quote: record.text } : {}),
    receivedAt: record.receivedAt,
    source: record.source,
    ...(languages.length ? { languages } : {}),
    ...(record.decision.escalation ? { escalated: true } : {}),
    ...(assigned.owner?.name ? { owner: { name: assigned.owner.name } } : {}),
  };
}
