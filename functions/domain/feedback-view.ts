/** A stored feedback record as the read API and dashboard show it: what was said, felt and decided, and why — email masked. */
import type { FeedbackRecord } from './feedback-record';
import { maskEmail } from './mask';

export interface FeedbackView {
  id: string;
  receivedAt: string;
  source: string;
  channel: string;
  metric: FeedbackRecord['metric'];
  text?: string;
  language?: string;
  customer: { email?: string; name?: string };
  sentiment?: { label: string; scores: Record<string, number> };
  decision: { action: string; rule: string; reason: string; escalation?: { rule: string; reason: string } };
}

export function toFeedbackView(record: FeedbackRecord): FeedbackView {
  const { decision, sentiment, customer } = record;
  return {
    id: record.id,
    receivedAt: record.receivedAt,
    source: record.source,
    channel: record.channel,
    metric: record.metric,
    ...(record.text ? { text: record.text } : {}),
    ...(record.language ? { language: record.language } : {}),
    customer: { ...(customer.email ? { email: maskEmail(customer.email) } : {}), ...(customer.name ? { name: customer.name } : {}) },
    ...(sentiment ? { sentiment: { label: sentiment.label, scores: { ...sentiment.scores } } } : {}),
    decision: {
      action: decision.action,
      rule: decision.rule,
      reason: decision.reason,
      ...(decision.escalation ? { escalation: decision.escalation } : {}),
    },
  };
}
