/**
 * Query strings of the read API (`GET /metrics`, `GET /feedback`), validated at the edge. Days are
 * business-timezone days for metrics and UTC days of receipt for the feedback list (its index).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { CHANNELS } from './feedback-event';
import { addDays, DAY, GRANULARITIES, isCalendarDay } from './rollups';

/** `team` and `priority` carry case counters only (functions/domain/cases/metrics.ts). */
export const DIMENSIONS = ['all', 'source', 'channel', 'language', 'survey', 'team', 'priority'] as const;
/** Longest range one request may ask for (two years of days). */
export const MAX_RANGE_DAYS = 731;

const Day = z.string().refine(isCalendarDay, 'expected a calendar day like 2026-11-01');

const rangeShape = { from: Day.optional(), to: Day.optional() };

/** Defaults: the last `days` days up to `today`. */
const withRange = (days: number, today: string) => <Q extends { from?: string | undefined; to?: string | undefined }>(q: Q) => {
  const to = q.to ?? today;
  return { ...q, to, from: q.from ?? addDays(to, 1 - days) };
};

function checkRange(q: { from: string; to: string }, ctx: z.RefinementCtx) {
  if (q.from > q.to) ctx.addIssue({ code: 'custom', path: ['from'], message: `from ${q.from} is after to ${q.to}` });
  else if (q.from < addDays(q.to, 1 - MAX_RANGE_DAYS)) ctx.addIssue({ code: 'custom', path: ['from'], message: `at most ${MAX_RANGE_DAYS} days per request` });
}

export const metricsQuery = (today: string) =>
  z
    .object({
      ...rangeShape,
      granularity: z.enum(GRANULARITIES).default('day'),
      dimension: z.enum(DIMENSIONS).default('all'),
      value: z.string().min(1).max(256).optional(),
    })
    .transform(withRange(30, today))
    .superRefine(checkRange)
    .superRefine((q, ctx) => {
      if (q.dimension !== 'all' && !q.value) ctx.addIssue({ code: 'custom', path: ['value'], message: `a value is required with dimension ${q.dimension}` });
    })
    .transform((q) => ({ ...q, value: q.dimension === 'all' ? 'all' : q.value! }));
export type MetricsQuery = z.output<ReturnType<typeof metricsQuery>>;

/**
 * Opaque to callers: where the previous page stopped (a day, and the index key inside it), signed
 * (`<base64url JSON>.<HMAC-SHA256>`) so a caller can neither forge a start key nor step outside the
 * days asked for; a cursor that does not verify is a 400.
 */
export const FeedbackCursor = z
  .object({ day: z.string().regex(DAY), key: z.record(z.string(), z.string()).optional() })
  .refine((c) => !c.key || c.key.day === c.day, 'the start key belongs to another day');
export type FeedbackCursor = z.infer<typeof FeedbackCursor>;

const cursorMac = (body: string, key: string) => createHmac('sha256', key).update(`feedback-cursor.${body}`).digest('base64url');

export function encodeCursor(cursor: FeedbackCursor, key: string): string {
  const body = Buffer.from(JSON.stringify(cursor)).toString('base64url');
  return `${body}.${cursorMac(body, key)}`;
}

export function decodeCursor(raw: string, key: string): FeedbackCursor | undefined {
  const [body, mac, extra] = raw.split('.');
  if (!body || !mac || extra !== undefined) return undefined;
  // Compared as text, like the unsubscribe token: base64url's spare bits would let altered MACs decode alike.
  const given = Buffer.from(mac);
  const expected = Buffer.from(cursorMac(body, key));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const parsed = FeedbackCursor.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** A cursor from a wider range never reads past `to`: it starts again at `to` (a day before `from` ends the list). */
const clampCursor = <Q extends { to: string; cursor?: FeedbackCursor | undefined }>(q: Q): Q =>
  q.cursor && q.cursor.day > q.to ? { ...q, cursor: { day: q.to } } : q;

export const feedbackQuery = (today: string, cursorKey: string) =>
  z
    .object({
      ...rangeShape,
      channel: z.enum(CHANNELS).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(25),
      cursor: z
        .string()
        .max(2048)
        .transform((raw, ctx) => decodeCursor(raw, cursorKey) ?? (ctx.addIssue({ code: 'custom', message: 'not a cursor from a previous page' }), z.NEVER))
        .optional(),
    })
    .transform(withRange(7, today))
    .superRefine(checkRange)
    .transform(clampCursor);
export type FeedbackQuery = z.output<ReturnType<typeof feedbackQuery>>;
