/**
 * Dates as survey tools write them in CSV exports, to ISO 8601 UTC. Exports mostly carry wall-clock
 * times without an offset (Typeform: UTC; Qualtrics: the survey's time zone, named in its third
 * header row; SurveyMonkey: the account's time zone, US-style), so the zone comes from the caller.
 */

const ISO_LIKE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?)?$/i;
const UNIX_SECONDS = /^\d{9,10}$/;

/** ISO string, or undefined when the value is not a date we can read. */
export function parseExportDate(value: string, timeZone = 'UTC'): string | undefined {
  const text = value.trim();
  if (!text) return undefined;
  if (UNIX_SECONDS.test(text)) return new Date(Number(text) * 1000).toISOString();
  const iso = ISO_LIKE.exec(text);
  if (iso) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', zone] = iso;
    if (zone) {
      const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
      return validIso(`${y}-${mo}-${d}T${h.padStart(2, '0')}:${mi}:${s.padStart(2, '0')}${offset}`);
    }
    return wallTimeToUtc([+y!, +mo!, +d!, +h, +mi, +s], timeZone);
  }
  const us = US.exec(text);
  if (us) {
    const [, mo, d, y, h = '0', mi = '0', s = '0', half] = us;
    const hour = half ? (+h % 12) + (half.toUpperCase() === 'PM' ? 12 : 0) : +h;
    return wallTimeToUtc([+y!, +mo!, +d!, hour, +mi, +s], timeZone);
  }
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString();
}

export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

type WallTime = [year: number, month: number, day: number, hour: number, minute: number, second: number];

/** The instant a clock in `timeZone` showed this wall time (the offset is re-read once, for DST edges). */
function wallTimeToUtc([y, mo, d, h, mi, s]: WallTime, timeZone: string): string | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  const guess = asUtc - offsetMs(asUtc, timeZone);
  return new Date(asUtc - offsetMs(guess, timeZone)).toISOString();
}

/** How far `timeZone`'s clock is ahead of UTC at instant `t`. */
function offsetMs(t: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(new Date(t));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const shown = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return shown - Math.floor(t / 1000) * 1000;
}

function validIso(text: string): string | undefined {
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}
