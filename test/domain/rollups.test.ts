import { describe, expect, it } from 'vitest';
import { alarmSignals } from '../../functions/domain/alarm-signals';
import { counterBucketOf } from '../../functions/domain/counters';
import {
  addDays, boundsOf, bucketRangeFor, countersByLocalDay, dayIn, daysFrom, daysNeededFor, isoWeekOf, localDayOf, rolledUpDimensions, rollupRows, trailingNps,
} from '../../functions/domain/rollups';

describe('counter buckets', () => {
  it('are UTC hours, whatever offset the timestamp carries', () => {
    expect(counterBucketOf('2026-11-20T23:59:59.999Z')).toBe('2026-11-20T23');
    expect(counterBucketOf('2026-11-21T00:30:00+02:00')).toBe('2026-11-20T22');
  });
});

describe('business-timezone days', () => {
  it('cut at local midnight, not UTC midnight', () => {
    // Los Angeles is UTC−8 in November: 07:00 UTC is 23:00 the day before.
    expect(localDayOf('2026-11-21T07', 'America/Los_Angeles')).toBe('2026-11-20');
    expect(localDayOf('2026-11-21T08', 'America/Los_Angeles')).toBe('2026-11-21');
    // Tokyo is UTC+9: 15:00 UTC is midnight the next day.
    expect(localDayOf('2026-11-20T14', 'Asia/Tokyo')).toBe('2026-11-20');
    expect(localDayOf('2026-11-20T15', 'Asia/Tokyo')).toBe('2026-11-21');
    expect(localDayOf('2026-11-20T23', 'UTC')).toBe('2026-11-20');
  });

  it('follow daylight saving time (Europe/Madrid: UTC+2 in summer, UTC+1 in winter)', () => {
    expect(localDayOf('2026-07-01T21', 'Europe/Madrid')).toBe('2026-07-01');
    expect(localDayOf('2026-07-01T22', 'Europe/Madrid')).toBe('2026-07-02');
    expect(localDayOf('2026-12-01T22', 'Europe/Madrid')).toBe('2026-12-01');
    expect(localDayOf('2026-12-01T23', 'Europe/Madrid')).toBe('2026-12-02');
  });

  it('assign half-hour zones by the hour’s start (documented approximation)', () => {
    // Kolkata is UTC+5:30: 18:00 UTC is 23:30 local, so that whole hour stays on the 20th.
    expect(localDayOf('2026-11-20T18', 'Asia/Kolkata')).toBe('2026-11-20');
    expect(localDayOf('2026-11-20T19', 'Asia/Kolkata')).toBe('2026-11-21');
  });

  it('keep legacy UTC-day counter rows on their day', () => {
    expect(localDayOf('2026-11-20', 'America/Los_Angeles')).toBe('2026-11-20');
  });

  it('sum the hours of each local day and drop days outside the range', () => {
    const rows = [
      { bucket: '2026-11-20T07', counters: { responses: 1 } }, // LA: Nov 19, outside
      { bucket: '2026-11-20T08', counters: { responses: 2 } }, // LA: Nov 20
      { bucket: '2026-11-21T07', counters: { responses: 3 } }, // LA: Nov 20
      { bucket: '2026-11-21T08', counters: { responses: 4 } }, // LA: Nov 21, outside
    ];
    expect([...countersByLocalDay(rows, 'America/Los_Angeles', '2026-11-20', '2026-11-20')]).toEqual([['2026-11-20', { responses: 5 }]]);
  });

  it('query a bucket range wide enough for any offset', () => {
    expect(bucketRangeFor('2026-11-20', '2026-11-21')).toEqual({ from: '2026-11-19', to: '2026-11-22T23' });
  });

  it('name today where the business is', () => {
    const at = new Date('2026-11-21T03:00:00Z');
    expect(dayIn('America/New_York', at)).toBe('2026-11-20');
    expect(dayIn('Europe/Paris', at)).toBe('2026-11-21');
  });
});

describe('periods', () => {
  it('numbers ISO weeks from the week holding the year’s first Thursday', () => {
    expect(isoWeekOf('2026-11-23')).toBe('2026-W48'); // a Monday
    expect(isoWeekOf('2026-11-22')).toBe('2026-W47'); // the Sunday before
    expect(isoWeekOf('2021-01-03')).toBe('2020-W53'); // early January can belong to last year's week 53
    expect(isoWeekOf('2024-12-30')).toBe('2025-W01'); // late December can belong to next year's week 1
    expect(isoWeekOf('2026-12-31')).toBe('2026-W53');
  });

  it('knows each period’s first and last day', () => {
    expect(boundsOf('2026-W48', 'week')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(boundsOf('2020-W53', 'week')).toEqual({ from: '2020-12-28', to: '2021-01-03' });
    expect(boundsOf('2028-02', 'month')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(boundsOf('2026-11-20', 'day')).toEqual({ from: '2026-11-20', to: '2026-11-20' });
  });

  it('roll up all feedback, every channel and every enabled source', () => {
    const dims = rolledUpDimensions(['generic', 'typeform']);
    expect(dims).toEqual(expect.arrayContaining([['all', 'all'], ['channel', 'email'], ['source', 'typeform']]));
    expect(dims.some(([d]) => d === 'language' || d === 'survey')).toBe(false);
  });

  it('reads back far enough for 90-day windows and whole weeks and months', () => {
    expect(daysNeededFor(['2026-11-20'])).toEqual({ from: addDays('2026-11-20', -89), to: '2026-11-30' });
  });
});

describe('rollup rows', () => {
  const day = (promoters: number, passives: number, detractors: number) => ({ responses: promoters + passives + detractors, nps_promoter: promoters, nps_passive: passives, nps_detractor: detractors });
  const history = new Map(daysFrom('2026-08-01', '2026-11-30').map((d, i) => [d, day(i % 3, 1, i % 2)]));

  it('are the same rows every time for the same counters (idempotent re-runs)', () => {
    const once = rollupRows(['2026-11-19', '2026-11-20'], history);
    const twice = rollupRows(['2026-11-19', '2026-11-20'], new Map(history));
    expect(twice).toEqual(once);
  });

  it('give one row per day, ISO week and month touched', () => {
    const rows = rollupRows(['2026-11-22', '2026-11-23'], history);
    expect(rows.map((r) => `${r.granularity}:${r.period}`)).toEqual(['day:2026-11-22', 'day:2026-11-23', 'week:2026-W47', 'week:2026-W48', 'month:2026-11']);
  });

  it('make a week the sum of its seven days', () => {
    const week = rollupRows(['2026-11-23'], history).find((r) => r.granularity === 'week')!;
    const expected = daysFrom('2026-11-23', '2026-11-29').reduce((n, d) => n + history.get(d)!.responses, 0);
    expect(week.figures.responses).toBe(expected);
  });

  it('carry trailing 7/30/90-day NPS with its margin of error', () => {
    const counters = new Map([
      ['2026-11-20', day(3, 0, 1)],
      ['2026-11-14', day(0, 0, 4)], // 6 days before: inside 7 days
      ['2026-11-13', day(4, 0, 0)], // 7 days before: outside 7, inside 30
      ['2026-08-23', day(0, 4, 0)], // 89 days before: inside 90 only
    ]);
    const [d7, d30, d90] = trailingNps(counters, '2026-11-20');
    expect(d7).toMatchObject({ days: 7, responses: 8, score: -25 });
    expect(d30).toMatchObject({ days: 30, responses: 12, score: 16.7 });
    expect(d90).toMatchObject({ days: 90, responses: 16, score: 12.5 });
    expect(d7!.marginOfError).toBeGreaterThan(d90!.marginOfError!);
  });
});

describe('alarm signals', () => {
  const nps = (p: number, d: number, pa = 0) => ({ nps_promoter: p, nps_passive: pa, nps_detractor: d });

  it('report the 7-day NPS change against the 7 days before, and a detractor spike against 30 days', () => {
    const counters = new Map<string, Record<string, number>>();
    for (const d of daysFrom('2026-10-21', '2026-11-13')) counters.set(d, nps(8, 2)); // NPS 60, 20% detractors
    for (const d of daysFrom('2026-11-14', '2026-11-19')) counters.set(d, nps(5, 5)); // NPS 0
    counters.set('2026-11-20', nps(2, 8)); // today: 80% detractors
    const s = alarmSignals(counters, '2026-11-20', 10);
    expect(s.nps7d).toBe(round1(((32 - 38) / 70) * 100));
    expect(s.nps7dChange).toBe(round1(s.nps7d! - 60));
    expect(s.detractorSpikePoints).toBeGreaterThan(50);
  });

  it('stay null on too few responses, so quiet days never alarm', () => {
    const s = alarmSignals(new Map([['2026-11-20', nps(0, 3)]]), '2026-11-20', 30);
    expect(s).toEqual({ nps7d: -100, nps7dChange: null, detractorSpikePoints: null });
  });
});

const round1 = (x: number) => Math.round(x * 10) / 10;
