import { describe, expect, it } from 'vitest';
import { decide } from '../../functions/domain/decide';
import { escalationAlertOf } from '../../functions/domain/escalation';
import { FeedbackEvent } from '../../functions/domain/feedback-event';
import { outreachFor, toFeedbackRecord } from '../../functions/domain/feedback-record';
import { DEFAULT_RULES } from '../../functions/domain/rules';
import { genericSource } from '../../functions/domain/sources/generic';

const promoter = FeedbackEvent.parse({
  id: '3b241101-e2bb-4255-8caf-4136c566a962',
  source: 'typeform',
  sourceEventId: 'resp_1',
  receivedAt: '2026-11-23T10:00:00Z',
  occurredAt: '2025-06-01T09:00:00Z',
  customer: { email: 'ana@example.com' },
  channel: 'survey',
  metric: { type: 'nps', score: 10 },
});

const recordOf = (event: FeedbackEvent) => toFeedbackRecord(event, undefined, decide(event, undefined, undefined, DEFAULT_RULES), 30, 'test-hash-key');

describe('outreachFor', () => {
  it('offers the email the decision calls for', () => {
    expect(outreachFor(recordOf(promoter))).toMatchObject({ kind: 'gratitude', outreachId: 'typeform#resp_1#gratitude' });
  });

  it('offers nothing for imported history (outreach: false), though the decision is still recorded', () => {
    const record = recordOf({ ...promoter, outreach: false });
    expect(record.decision.action).toBe('gratitude');
    expect(record.outreach).toBe(false);
    expect(outreachFor(record)).toBeUndefined();
  });

  it('raises no team escalation for imported history either', () => {
    const detractor = { ...promoter, metric: { type: 'nps' as const, score: 1 } };
    expect(escalationAlertOf(recordOf(detractor), 'https://api')).toBeDefined();
    expect(escalationAlertOf(recordOf({ ...detractor, outreach: false }), 'https://api')).toBeUndefined();
  });

  it('cannot be switched off by a webhook sender: the generic source drops the field', () => {
    const body = JSON.stringify({ sourceEventId: 'x1', customer: { email: 'ana@example.com' }, metric: { type: 'nps', score: 10 }, outreach: false });
    const result = genericSource.parse({ method: 'POST', url: 'https://api/webhooks/generic', headers: {}, query: {}, rawBody: Buffer.from(body) }, new Date());
    expect(result.kind).toBe('feedback');
    expect(result.kind === 'feedback' && 'outreach' in result.drafts[0]!).toBe(false);
  });
});
