/**
 * Replaying rules on stored feedback: decisions before → after, the feedback that flips, escalations
 * added and removed, and what the guards would have done with the emails — computed without I/O.
 * And the settings a CX team could write that contradict themselves, refused with the key named.
 */
import { describe, expect, it } from 'vitest';
import { decide } from '../../functions/domain/decide';
import type { FeedbackEvent, Metric } from '../../functions/domain/feedback-event';
import { toFeedbackRecord, type FeedbackRecord } from '../../functions/domain/feedback-record';
import { DEFAULT_GUARDS, Guards } from '../../functions/domain/guards';
import { DEFAULT_RULES, Rules } from '../../functions/domain/rules';
import { replayRules } from '../../functions/domain/rules-replay';
import { parseSettings } from '../../functions/domain/settings';
import config from '../../cx-loop.config.json' with { type: 'json' };

let n = 0;
function record(metric: Metric, options: { email?: string; at?: string; text?: string; consent?: boolean; outreach?: false } = {}): FeedbackRecord {
  n++;
  const at = options.at ?? `2026-11-02T1${n % 10}:00:00.000Z`;
  const event: FeedbackEvent = {
    source: 'typeform',
    sourceEventId: `r${n}`,
    channel: 'survey',
    metric,
    ...(options.text ? { text: options.text } : {}),
    customer: { ...(options.email !== undefined ? { email: options.email } : { email: `c${n}@example.com` }), ...(options.consent !== undefined ? { consent: options.consent } : {}) },
    occurredAt: at,
    receivedAt: at,
    ...(options.outreach === false ? { outreach: false } : {}),
  } as FeedbackEvent;
  return toFeedbackRecord(event, undefined, decide(event, undefined, undefined, DEFAULT_RULES), 30);
}

const current = { guards: DEFAULT_GUARDS };
const noQuiet = Guards.parse({ quietHours: null });

describe('rules replay', () => {
  it('unchanged rules change nothing', () => {
    const records = [record({ type: 'nps', score: 2 }), record({ type: 'nps', score: 7 }), record({ type: 'nps', score: 10 })];
    const report = replayRules(records, { guards: noQuiet }, { rules: DEFAULT_RULES, guards: noQuiet });
    expect(report.feedback).toBe(3);
    expect(report.flipped).toEqual([]);
    expect(report.transitions).toEqual({});
    expect(report.before).toEqual(report.after);
    expect(report.after.decisions).toEqual({ gratitude: 1, recovery: 1, none: 1 });
    expect(report.after.escalations).toBe(1);
    expect(report.after.emails.sent).toBe(2);
  });

  it('a wider recovery band flips the passives it now covers, and names them', () => {
    const seven = record({ type: 'nps', score: 7 });
    const eight = record({ type: 'nps', score: 8 });
    const records = [record({ type: 'nps', score: 5 }), seven, eight, record({ type: 'nps', score: 9 })];
    const candidate = { rules: Rules.parse({ recovery: { nps: [0, 7] } }), guards: noQuiet };
    const report = replayRules(records, { guards: noQuiet }, candidate);
    expect(report.before.decisions).toEqual({ gratitude: 1, recovery: 1, none: 2 });
    expect(report.after.decisions).toEqual({ gratitude: 1, recovery: 2, none: 1 });
    expect(report.transitions).toEqual({ 'none→recovery': 1 });
    expect(report.flipped.map((f) => f.pk)).toEqual([seven.pk]);
    expect(report.flipped[0]).toMatchObject({ before: { action: 'none', rule: 'none.nps-passive' }, after: { action: 'recovery', rule: 'recovery.nps', email: 'sent' } });
    expect(report.after.emails.sent - report.before.emails.sent).toBe(1);
  });

  it('reports escalations added and removed', () => {
    const four = record({ type: 'nps', score: 4 });
    const one = record({ type: 'nps', score: 1 });
    const report = replayRules([four, one], { guards: noQuiet }, { rules: Rules.parse({ escalation: { nps: [4, 4] } }), guards: noQuiet });
    expect(report.escalationsAdded).toEqual([four.pk]);
    expect(report.escalationsRemoved).toEqual([one.pk]);
    expect(report.before.escalations).toBe(1);
    expect(report.after.escalations).toBe(1);
  });

  it('replays the guards: a lower hourly ceiling and a cooldown hold emails the current guards sent', () => {
    const records = [
      record({ type: 'nps', score: 10 }, { email: 'ana@example.com', at: '2026-11-02T10:00:00.000Z' }),
      record({ type: 'nps', score: 10 }, { email: 'ana@example.com', at: '2026-11-05T10:00:00.000Z' }),
      record({ type: 'nps', score: 10 }, { at: '2026-11-05T10:10:00.000Z' }),
      record({ type: 'nps', score: 10 }, { at: '2026-11-05T10:20:00.000Z' }),
    ];
    const lenient = Guards.parse({ quietHours: null, cooldownDays: 0 });
    const strict = Guards.parse({ quietHours: null, cooldownDays: 7, maxPerHour: 1 });
    const report = replayRules(records, { guards: lenient }, { rules: DEFAULT_RULES, guards: strict });
    expect(report.before.emails).toMatchObject({ sent: 4, cooldown: 0, rate: 0 });
    // Ana's second thank-you falls in the new 7-day cooldown; of the two others in that hour only one fits.
    expect(report.after.emails).toMatchObject({ sent: 2, cooldown: 1, rate: 1 });
    expect(report.flipped).toHaveLength(2);
    expect(report.transitions).toEqual({});
  });

  it('never emails imported history, the unconsented, or customers without an address', () => {
    const records = [
      record({ type: 'nps', score: 1 }, { outreach: false }),
      record({ type: 'nps', score: 1 }, { consent: false }),
      record({ type: 'nps', score: 1 }, { email: '' }),
    ];
    const report = replayRules(records, current, { rules: DEFAULT_RULES, guards: DEFAULT_GUARDS });
    expect(report.after.emails).toMatchObject({ sent: 0, imported: 1, consent: 1, 'no-address': 1 });
  });

  it('quiet hours defer an email, they do not drop it', () => {
    const quiet = Guards.parse({ quietHours: { start: '00:00', end: '23:59', defaultTimezone: 'UTC' } });
    const report = replayRules([record({ type: 'nps', score: 10 }, { at: '2026-11-02T12:00:00.000Z' })], { guards: noQuiet }, { rules: DEFAULT_RULES, guards: quiet });
    expect(report.before.emails.sent).toBe(1);
    expect(report.after.emails).toMatchObject({ sent: 0, deferred: 1 });
  });

  it('replays oldest first whatever order the records come in', () => {
    const later = record({ type: 'nps', score: 10 }, { email: 'bo@example.com', at: '2026-11-03T10:00:00.000Z' });
    const earlier = record({ type: 'nps', score: 10 }, { email: 'bo@example.com', at: '2026-11-02T10:00:00.000Z' });
    const strict = Guards.parse({ quietHours: null, cooldownDays: 14 });
    const report = replayRules([later, earlier], { guards: strict }, { rules: DEFAULT_RULES, guards: strict });
    expect(report.after.emails).toMatchObject({ sent: 1, cooldown: 1 });
  });
});

describe('settings that contradict themselves are refused, naming the key', () => {
  const problems = (patch: Record<string, unknown>) => {
    try {
      parseSettings({ ...config, ...patch });
      return '';
    } catch (err) {
      return (err as Error).message;
    }
  };

  it('accepts the bundled settings', () => {
    expect(problems({})).toBe('');
  });

  it('a gratitude band overlapping the recovery band', () => {
    expect(problems({ rules: { gratitude: { nps: [6, 10] } } })).toMatch(/rules\.gratitude\.nps: \[6, 10\] overlaps recovery\.nps \[0, 6\]: NPS 6 would be both thanked and recovered/);
  });

  it('a gratitude band overlapping the escalation band', () => {
    expect(problems({ rules: { gratitude: { csat: [1, 5] }, recovery: { csat: [0, 0] } } })).toMatch(/rules\.gratitude\.csat: .*overlaps escalation\.csat \[1, 1\]/);
  });

  it('a band outside the metric scale', () => {
    expect(problems({ rules: { recovery: { csat: [6, 9] } } })).toMatch(/rules\.recovery\.csat: \[6, 9\] lies outside the CSAT scale 1–5/);
  });

  it('quiet hours of zero length', () => {
    expect(problems({ guards: { ...config.guards, quietHours: { start: '22:00', end: '22:00' } } })).toMatch(/guards\.quietHours\.end: quiet hours start and end at the same time/);
  });

  it('a default timezone that is not one', () => {
    expect(problems({ guards: { ...config.guards, quietHours: { start: '21:00', end: '08:00', defaultTimezone: 'Mars/Olympus' } } })).toMatch(/guards\.quietHours\.defaultTimezone: not an IANA time zone/);
  });
});
