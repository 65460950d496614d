import { describe, expect, it } from 'vitest';
import { classifyScore } from '../../functions/domain/classify';
import { dedupeKey, FeedbackEvent, isReachable } from '../../functions/domain/feedback-event';
import { ProblemError } from '../../functions/domain/problem';
import { parseJsonBody, parseOrProblem } from '../../functions/domain/validate';

const valid = {
  id: '3b241101-e2bb-4255-8caf-4136c566a962',
  source: 'generic',
  sourceEventId: 'resp_1',
  receivedAt: '2026-11-23T10:00:00Z',
  occurredAt: '2026-11-23T09:59:00+01:00',
  customer: { email: 'ana@example.com', locale: 'pt-BR', timezone: 'Europe/Lisbon' },
  channel: 'survey',
  metric: { type: 'nps', score: 9 },
};

describe('FeedbackEvent', () => {
  it('accepts a complete event and derives the dedupe key from source and vendor id', () => {
    const event = FeedbackEvent.parse(valid);
    expect(dedupeKey(event)).toBe('generic#resp_1');
    expect(isReachable(event.customer)).toBe(true);
  });

  it.each([
    ['nps', -1], ['nps', 11], ['nps', 7.5], ['csat', 0], ['csat', 6], ['ces', 0], ['ces', 8],
  ])('rejects %s score %s outside its scale', (type, score) => {
    expect(FeedbackEvent.safeParse({ ...valid, metric: { type, score } }).success).toBe(false);
  });

  it('rejects unknown channels, bad timezones, bad emails and non-UUID ids', () => {
    for (const patch of [{ channel: 'fax' }, { customer: { timezone: 'Mars/Olympus' } }, { customer: { email: 'not-an-email' } }, { id: '42' }]) {
      expect(FeedbackEvent.safeParse({ ...valid, ...patch }).success, JSON.stringify(patch)).toBe(false);
    }
  });

  it('keeps a customer without contact details unreachable, not invalid', () => {
    const event = FeedbackEvent.parse({ ...valid, customer: { id: 'cus_1' } });
    expect(isReachable(event.customer)).toBe(false);
  });
});

describe('classifyScore', () => {
  it.each([
    [{ type: 'nps', score: 10 }, 'promoter'], [{ type: 'nps', score: 9 }, 'promoter'], [{ type: 'nps', score: 8 }, 'passive'],
    [{ type: 'nps', score: 7 }, 'passive'], [{ type: 'nps', score: 6 }, 'detractor'], [{ type: 'nps', score: 0 }, 'detractor'],
    [{ type: 'csat', score: 4 }, 'satisfied'], [{ type: 'csat', score: 3 }, 'neutral'], [{ type: 'csat', score: 2 }, 'dissatisfied'],
    [{ type: 'ces', score: 6 }, 'satisfied'], [{ type: 'ces', score: 5 }, 'neutral'], [{ type: 'ces', score: 4 }, 'neutral'], [{ type: 'ces', score: 3 }, 'dissatisfied'],
    [{ type: 'none' }, undefined],
  ] as const)('%o → %s', (metric, expected) => {
    expect(classifyScore(metric)).toBe(expected);
  });
});

describe('edge parsing', () => {
  it('turns invalid JSON and invalid UTF-8 into 400 problems', () => {
    expect(() => parseJsonBody(Buffer.from('{"a":'))).toThrow(ProblemError);
    expect(() => parseJsonBody(Buffer.from([0x7b, 0xff, 0x7d]))).toThrow(/UTF-8/);
  });

  it('drops prototype-polluting keys', () => {
    const parsed = parseJsonBody(Buffer.from('{"__proto__": {"polluted": true}, "constructor": {"x": 1}, "ok": 1}')) as Record<string, unknown>;
    expect(parsed).toEqual({ ok: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('names every failing field', () => {
    try {
      parseOrProblem(FeedbackEvent, { ...valid, channel: 'fax', metric: { type: 'nps', score: 42 } }, 'Feedback');
      expect.unreachable();
    } catch (err) {
      const problem = err as ProblemError;
      expect(problem.status).toBe(400);
      expect(problem.fields?.map((f) => f.path).sort()).toEqual(['channel', 'metric.score']);
    }
  });
});
