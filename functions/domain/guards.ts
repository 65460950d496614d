/**
 * Guards between a decision and an email: cooldown, consent, quiet hours, hourly rate. Pure and
 * clock-injected; the adapters enforce the same rules atomically where a race matters (cooldown,
 * rate), and these functions explain the outcome.
 */
import { z } from 'zod';

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected "HH:MM" (24 h)');

export const Guards = z.object({
  /** No more than one outreach per customer in this many days (0 turns the cooldown off). */
  cooldownDays: z.number().int().min(0).max(365).default(14),
  /** A recovery may go out within the cooldown of a gratitude (an unhappy customer outranks a thank-you). */
  recoveryOverridesGratitude: z.boolean().default(true),
  /** When true, only customers whose source said `consent: true` are emailed; `false` is always honoured. */
  requireConsent: z.boolean().default(false),
  /**
   * Local time in the customer's timezone during which emails wait; null disables. Customers with no
   * known timezone are emailed at once unless `defaultTimezone` says where most of them live.
   */
  quietHours: z
    .object({ start: ClockTime.default('21:00'), end: ClockTime.default('08:00'), defaultTimezone: z.string().refine(isTimeZone, 'not an IANA time zone like Europe/Paris').optional() })
    // Equal ends are a window of no length: almost certainly a typo for a real window, so say so.
    .refine((q) => q.start !== q.end, { message: 'quiet hours start and end at the same time (a window of zero length); use null to turn quiet hours off', path: ['end'] })
    .nullable()
    .prefault({}),
  /** Ceiling on emails per clock hour, protecting the SES sending reputation. */
  maxPerHour: z.number().int().min(1).max(1_000_000).default(500),
  /** New feedback within this many days of a recovery email is linked to it and counts it won or lost. */
  recoveryWindowDays: z.number().int().min(1).max(365).default(30),
});
export type Guards = z.infer<typeof Guards>;

export const DEFAULT_GUARDS: Guards = Guards.parse({});

export type OutreachKind = 'gratitude' | 'recovery';

/** Per-customer contact state, kept beside the ledger. */
export interface CustomerHistory {
  lastOutreachAt?: string;
  lastKind?: OutreachKind;
  lastOutreachId?: string;
  /** The latest recovery email, until later feedback links to it. */
  recovery?: { feedbackKey: string; sentAt: string; linkedTo?: string };
}

export type GuardVerdict = { ok: true } | { ok: false; guard: string; reason: string };

const DAY_MS = 86_400_000;

export function cooldownAllows(history: CustomerHistory | undefined, kind: OutreachKind, now: Date, guards: Pick<Guards, 'cooldownDays' | 'recoveryOverridesGratitude'>, outreachId?: string): GuardVerdict {
  if (!history?.lastOutreachAt || guards.cooldownDays === 0) return { ok: true };
  if (outreachId && history.lastOutreachId === outreachId) return { ok: true };
  const ageMs = now.getTime() - Date.parse(history.lastOutreachAt);
  if (ageMs >= guards.cooldownDays * DAY_MS) return { ok: true };
  if (kind === 'recovery' && history.lastKind === 'gratitude' && guards.recoveryOverridesGratitude) return { ok: true };
  const days = Math.floor(ageMs / DAY_MS);
  return { ok: false, guard: 'cooldown', reason: `customer had a ${history.lastKind ?? 'previous'} email ${days} day(s) ago (cooldown ${guards.cooldownDays} days)` };
}

export function consentAllows(consent: boolean | undefined, guards: Pick<Guards, 'requireConsent'>): GuardVerdict {
  if (consent === false) return { ok: false, guard: 'consent', reason: 'the source says the customer did not consent' };
  if (consent === undefined && guards.requireConsent) return { ok: false, guard: 'consent', reason: 'consent is required and the source sent none' };
  return { ok: true };
}

/**
 * How long to wait before emailing someone in `timezone` at `now`: 0 outside quiet hours, else the
 * time until they end. Windows may wrap midnight (21:00–08:00). Unknown timezones fall back to the default.
 */
export function quietHoursWait(now: Date, timezone: string | undefined, quiet: Guards['quietHours']): number {
  if (!quiet || !(timezone ?? quiet.defaultTimezone)) return 0;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return 0;
  const local = localMinutes(now, timezone, quiet.defaultTimezone);
  const inside = start < end ? local >= start && local < end : local >= start || local < end;
  if (!inside) return 0;
  const minutesLeft = (end - local + 1440) % 1440;
  return minutesLeft * 60_000 - (now.getUTCSeconds() * 1000 + now.getUTCMilliseconds());
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function localMinutes(now: Date, timezone: string | undefined, fallback: string | undefined): number {
  for (const timeZone of [timezone, fallback, 'UTC']) {
    if (!timeZone) continue;
    try {
      const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
      const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
      return get('hour') * 60 + get('minute');
    } catch {
      // Not an IANA zone this runtime knows: try the next one.
    }
  }
  return now.getUTCHours() * 60 + now.getUTCMinutes();
}

/** The rate-limit bucket for a moment: one per UTC clock hour. */
export const hourBucket = (now: Date) => now.toISOString().slice(0, 13);

/** Time until the next hour bucket opens, for work deferred by the rate limit. */
export const untilNextHour = (now: Date) => 3_600_000 - (now.getTime() % 3_600_000);
