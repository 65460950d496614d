/** The escalation alert: compact, linked to the record, free of the customer's address and name. */
import { describe, expect, it } from 'vitest';
import { decide } from '../../functions/domain/decide';
import { escalationAlertOf } from '../../functions/domain/escalation';
import { FeedbackEvent } from '../../functions/domain/feedback-event';
import { toFeedbackRecord } from '../../functions/domain/feedback-record';
import { DEFAULT_RULES } from '../../functions/domain/rules';

const event = (overrides: Record<string, unknown>) =>
  FeedbackEvent.parse({
    id: '3b241101-e2bb-4255-8caf-4136c566a962',
    source: 'typeform',
    sourceEventId: 'resp_1',
    receivedAt: '2026-11-23T10:00:00Z',
    occurredAt: '2026-11-23T09:59:00Z',
    customer: { email: 'ana@example.com', name: 'Ana Lima' },
    channel: 'survey',
    metric: { type: 'nps', score: 1 },
    ...overrides,
  });
const recordOf = (e: FeedbackEvent) => toFeedbackRecord(e, undefined, decide(e, undefined, undefined, DEFAULT_RULES), 30, 'test-hash-key');

describe('escalation alerts', () => {
  it('summarize the rule, score and words, with a link to the record', () => {
    const alert = escalationAlertOf(recordOf(event({ text: 'Lost my order.\n\nI want a refund.' })), 'https://api.example/');
    expect(alert).toEqual({
      feedbackKey: 'typeform#resp_1',
      rule: 'escalation.nps',
      reason: 'NPS 1 in 0–3',
      channel: 'survey',
      source: 'typeform',
      metric: 'NPS 1',
      customerKey: expect.stringMatching(/^e:[0-9a-f]{32}$/),
      excerpt: 'Lost my order. I want a refund.',
      link: 'https://api.example/feedback?from=2026-11-23&to=2026-11-23',
      receivedAt: '2026-11-23T10:00:00Z',
    });
    expect(JSON.stringify(alert)).not.toMatch(/ana@example\.com|Ana Lima/);
  });

  it('cut a long text to a short excerpt', () => {
    const alert = escalationAlertOf(recordOf(event({ text: 'x'.repeat(5_000) })), 'https://api.example');
    expect(Array.from(alert!.excerpt!)).toHaveLength(280);
  });

  it('exist only for escalated feedback', () => {
    expect(escalationAlertOf(recordOf(event({ metric: { type: 'nps', score: 5 } })), 'https://api.example')).toBeUndefined();
  });
});
