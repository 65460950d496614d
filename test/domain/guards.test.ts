/** The guards between a decision and an email, on a fixed clock. */
import { describe, expect, it } from 'vitest';
import { cappedDomainOf, consentAllows, cooldownAllows, DEFAULT_GUARDS, Guards, hourBucket, quietHoursWait, untilNextHour, type CustomerHistory } from '../../functions/domain/guards';
import { recoveryLinkOf } from '../../functions/domain/recovery';
import type { Decision } from '../../functions/domain/decide';

const NOW = new Date('2026-11-23T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();
const MIN = 60_000;

describe('cooldown (default 14 days)', () => {
  const history = (days: number, kind: 'gratitude' | 'recovery'): CustomerHistory => ({ lastOutreachAt: daysAgo(days), lastKind: kind, lastOutreachId: 'old' });

  it('allows a first contact', () => {
    expect(cooldownAllows(undefined, 'gratitude', NOW, DEFAULT_GUARDS)).toEqual({ ok: true });
  });

  it('holds a second email within 14 days and lets it through at 14 days', () => {
    expect(cooldownAllows(history(13.99, 'gratitude'), 'gratitude', NOW, DEFAULT_GUARDS)).toEqual({
      ok: false,
      guard: 'cooldown',
      reason: 'customer had a gratitude email 13 day(s) ago (cooldown 14 days)',
    });
    expect(cooldownAllows(history(14, 'gratitude'), 'gratitude', NOW, DEFAULT_GUARDS)).toEqual({ ok: true });
  });

  it('lets a recovery override a recent gratitude, unless configured not to', () => {
    expect(cooldownAllows(history(1, 'gratitude'), 'recovery', NOW, DEFAULT_GUARDS)).toEqual({ ok: true });
    expect(cooldownAllows(history(1, 'gratitude'), 'recovery', NOW, { ...DEFAULT_GUARDS, recoveryOverridesGratitude: false }).ok).toBe(false);
  });

  it('never lets a gratitude override a recent recovery, nor a recovery a recovery', () => {
    expect(cooldownAllows(history(1, 'recovery'), 'gratitude', NOW, DEFAULT_GUARDS).ok).toBe(false);
    expect(cooldownAllows(history(1, 'recovery'), 'recovery', NOW, DEFAULT_GUARDS).ok).toBe(false);
  });

  it('does not block a retry of the very outreach that took the slot', () => {
    expect(cooldownAllows(history(0, 'recovery'), 'recovery', NOW, DEFAULT_GUARDS, 'old')).toEqual({ ok: true });
  });

  it('is off at 0 days', () => {
    expect(cooldownAllows(history(0, 'recovery'), 'recovery', NOW, { ...DEFAULT_GUARDS, cooldownDays: 0 })).toEqual({ ok: true });
  });
});

describe('consent', () => {
  it('always honours an explicit "no"', () => {
    expect(consentAllows(false, { requireConsent: false })).toMatchObject({ ok: false, guard: 'consent' });
  });

  it('treats a missing flag as consent unless consent is required', () => {
    expect(consentAllows(undefined, { requireConsent: false })).toEqual({ ok: true });
    expect(consentAllows(undefined, { requireConsent: true })).toMatchObject({ ok: false, reason: 'consent is required and the source sent none' });
    expect(consentAllows(true, { requireConsent: true })).toEqual({ ok: true });
  });
});

describe('quiet hours (default 21:00–08:00 local)', () => {
  const quiet = DEFAULT_GUARDS.quietHours;
  const at = (iso: string) => new Date(iso);

  it('waits until 08:00 local for a late-evening customer, across midnight', () => {
    // 22:30 in Paris (UTC+1 in November) → 9 h 30 min until 08:00.
    expect(quietHoursWait(at('2026-11-23T21:30:00Z'), 'Europe/Paris', quiet)).toBe(9.5 * 60 * MIN);
    // 01:00 in Paris → 7 h.
    expect(quietHoursWait(at('2026-11-24T00:00:00Z'), 'Europe/Paris', quiet)).toBe(7 * 60 * MIN);
  });

  it('uses the customer\'s timezone, not the server\'s: the same instant is night in Tokyo and afternoon in New York', () => {
    const instant = at('2026-11-23T19:00:00Z'); // 04:00 Tokyo, 14:00 New York
    expect(quietHoursWait(instant, 'Asia/Tokyo', quiet)).toBe(4 * 60 * MIN);
    expect(quietHoursWait(instant, 'America/New_York', quiet)).toBe(0);
  });

  it('starts at 21:00 sharp and ends at 08:00 sharp', () => {
    expect(quietHoursWait(at('2026-11-23T20:59:00Z'), 'UTC', quiet)).toBe(0);
    expect(quietHoursWait(at('2026-11-23T21:00:00Z'), 'UTC', quiet)).toBe(11 * 60 * MIN);
    expect(quietHoursWait(at('2026-11-24T07:59:30Z'), 'UTC', quiet)).toBe(30_000);
    expect(quietHoursWait(at('2026-11-24T08:00:00Z'), 'UTC', quiet)).toBe(0);
  });

  it('follows daylight saving time (New York is UTC−4 in July)', () => {
    expect(quietHoursWait(at('2026-07-01T02:00:00Z'), 'America/New_York', quiet)).toBe(10 * 60 * MIN);
  });

  it('handles a window that does not wrap midnight', () => {
    const lunch = Guards.parse({ quietHours: { start: '12:00', end: '14:00' } }).quietHours;
    expect(quietHoursWait(at('2026-11-23T13:15:00Z'), 'UTC', lunch)).toBe(45 * MIN);
    expect(quietHoursWait(at('2026-11-23T14:00:00Z'), 'UTC', lunch)).toBe(0);
  });

  it('emails a customer with no known timezone at once, unless a default timezone is set', () => {
    const night = at('2026-11-23T23:00:00Z');
    expect(quietHoursWait(night, undefined, quiet)).toBe(0);
    const withDefault = Guards.parse({ quietHours: { defaultTimezone: 'Europe/Berlin' } }).quietHours;
    expect(quietHoursWait(night, undefined, withDefault)).toBe(8 * 60 * MIN); // midnight in Berlin
  });

  it('is off when null', () => {
    expect(quietHoursWait(at('2026-11-23T23:00:00Z'), 'UTC', Guards.parse({ quietHours: null }).quietHours)).toBe(0);
  });

  it('rejects a malformed clock time with the key in the message', () => {
    const result = Guards.safeParse({ quietHours: { start: '9pm' } });
    expect(result.error?.issues[0]).toMatchObject({ path: ['quietHours', 'start'], message: 'expected "HH:MM" (24 h)' });
  });
});

describe('hourly ceiling buckets', () => {
  it('one bucket per UTC clock hour', () => {
    expect(hourBucket(at('2026-11-23T12:00:00Z'))).toBe('2026-11-23T12');
    expect(hourBucket(at('2026-11-23T12:59:59.999Z'))).toBe('2026-11-23T12');
    expect(hourBucket(at('2026-11-23T13:00:00Z'))).toBe('2026-11-23T13');
  });

  it('a deferred message comes back when the next bucket opens', () => {
    expect(untilNextHour(at('2026-11-23T12:45:00Z'))).toBe(15 * MIN);
    expect(untilNextHour(at('2026-11-23T12:00:00Z'))).toBe(60 * MIN);
  });

  function at(iso: string) {
    return new Date(iso);
  }
});

describe('recovery loop link', () => {
  const decision = (action: Decision['action'], heldBack?: Decision['heldBack']) =>
    ({ action, rule: 'r', reason: 'r', inputs: { metric: { type: 'none' } }, ...(heldBack ? { heldBack } : {}) }) as Decision;
  const history: CustomerHistory = { recovery: { feedbackKey: 'generic#old', sentAt: daysAgo(5) } };

  it('links new feedback within the window, won when the customer is no longer unhappy', () => {
    expect(recoveryLinkOf(history, 'generic#new', decision('gratitude'), NOW, 30)).toEqual({ recoveredFrom: 'generic#old', outcome: 'won' });
    expect(recoveryLinkOf(history, 'generic#new', decision('none'), NOW, 30)).toEqual({ recoveredFrom: 'generic#old', outcome: 'won' });
  });

  it('counts it lost when the rules call for recovery again, even if the cooldown held the email', () => {
    expect(recoveryLinkOf(history, 'generic#new', decision('recovery'), NOW, 30)?.outcome).toBe('lost');
    expect(recoveryLinkOf(history, 'generic#new', decision('none', 'recovery'), NOW, 30)?.outcome).toBe('lost');
  });

  it('does not link outside the window, the recovered feedback itself, or after another feedback linked', () => {
    expect(recoveryLinkOf(history, 'generic#new', decision('none'), NOW, 4)).toBeUndefined();
    expect(recoveryLinkOf(history, 'generic#old', decision('none'), NOW, 30)).toBeUndefined();
    const linked = { recovery: { ...history.recovery!, linkedTo: 'generic#other' } };
    expect(recoveryLinkOf(linked, 'generic#new', decision('none'), NOW, 30)).toBeUndefined();
    expect(recoveryLinkOf({ recovery: { ...history.recovery!, linkedTo: 'generic#new' } }, 'generic#new', decision('none'), NOW, 30)).toBeDefined();
  });
});

describe('per-domain hourly cap (typed addresses only)', () => {
  it('applies to addresses the respondent typed, by their lower-cased domain', () => {
    expect(cappedDomainOf({ email: 'a1@Victim.Example' })).toBe('victim.example');
    expect(cappedDomainOf({ email: 'a1@victim.example', emailVerified: false })).toBe('victim.example');
  });

  it('leaves vendor-verified addresses, and customers without one, to the global ceiling', () => {
    expect(cappedDomainOf({ email: 'a1@victim.example', emailVerified: true })).toBeUndefined();
    expect(cappedDomainOf({})).toBeUndefined();
  });

  it('defaults to 100 an hour', () => {
    expect(DEFAULT_GUARDS.maxPerDomainPerHour).toBe(100);
    expect(Guards.safeParse({ maxPerDomainPerHour: 0 }).success).toBe(false);
  });
});
