/**
 * Due times. An SLA counts either wall-clock hours or the team's business hours in its own
 * timezone (days of the week, start and end of the working day). Walking the calendar re-reads the
 * local time after every jump, so a DST change moves the result by at most the jump it falls in.
 */
import type { Sla, Team } from './settings';

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

const formatters = new Map<string, Intl.DateTimeFormat>();
function localClock(at: Date, timeZone: string): { weekday: number; minute: number } {
  let f = formatters.get(timeZone);
  if (!f) formatters.set(timeZone, (f = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })));
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  return { weekday: WEEKDAYS[parts.weekday!]!, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** `hours` after `from`, counting only the team's working time when `businessHours`. */
export function addSlaHours(from: Date, hours: number, businessHours: boolean, team: Pick<Team, 'timezone' | 'businessHours'>): Date {
  if (!businessHours) return new Date(from.getTime() + hours * 3_600_000);
  const { days, start, end } = team.businessHours;
  const [open, close] = [minutesOf(start), minutesOf(end)];
  let remaining = Math.round(hours * 60);
  let t = from.getTime();
  // Bounded: each pass either consumes a working day or skips to the next one.
  for (let i = 0; i < 2_000; i++) {
    const { weekday, minute } = localClock(new Date(t), team.timezone);
    if (!days.includes(weekday) || minute >= close) {
      t += (DAY_MINUTES - minute) * MINUTE;
      continue;
    }
    if (minute < open) {
      t += (open - minute) * MINUTE;
      continue;
    }
    const available = close - minute;
    if (remaining <= available) return new Date(t + remaining * MINUTE);
    remaining -= available;
    t += available * MINUTE;
  }
  throw new Error('business hours leave no working time');
}

export function dueTimes(openedAt: Date, sla: Sla, team: Pick<Team, 'timezone' | 'businessHours'>): { dueAt: Date; leadAt: Date } {
  const dueAt = addSlaHours(openedAt, sla.hours, sla.businessHours, team);
  return { dueAt, leadAt: addSlaHours(dueAt, sla.leadAfterHours, sla.businessHours, team) };
}
