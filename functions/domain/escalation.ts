/**
 * The alert a team gets for an escalated feedback: the rule that fired, the score, a short excerpt
 * and a link to the full record. No address or name: the link is behind the team's own access.
 */
import { truncate } from './email/escape';
import type { FeedbackRecord } from './feedback-record';

export interface EscalationAlert {
  feedbackKey: string;
  rule: string;
  reason: string;
  channel: string;
  source: string;
  metric: string;
  /** Hashed customer key, to find their history without carrying their address. */
  customerKey?: string;
  /** The customer's words, cut short; subscribers are the company's own team. */
  excerpt?: string;
  /**
   * Where to read the full record: the feedback API's list for the UTC day it was received (the
   * list's own day), where `feedbackKey` identifies it.
   */
  link: string;
  receivedAt: string;
}

const EXCERPT_CHARS = 280;

export function escalationAlertOf(record: FeedbackRecord, publicApiUrl: string): EscalationAlert | undefined {
  const escalation = record.decision.escalation;
  // Imported history (outreach: false) is counted, not acted on: months-old detractors page no one.
  if (!escalation || record.outreach === false) return undefined;
  const text = record.text?.replace(/\s+/g, ' ').trim();
  return {
    feedbackKey: record.pk,
    rule: escalation.rule,
    reason: escalation.reason,
    channel: record.channel,
    source: record.source,
    metric: record.metric.type === 'none' ? 'no score' : `${record.metric.type.toUpperCase()} ${record.metric.score}`,
    ...(record.customerKey ? { customerKey: record.customerKey } : {}),
    ...(text ? { excerpt: truncate(text, EXCERPT_CHARS) } : {}),
    link: `${publicApiUrl.replace(/\/$/, '')}/feedback?from=${record.day}&to=${record.day}`,
    receivedAt: record.receivedAt,
  };
}
