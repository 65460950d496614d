/**
 * The two customer-mood figures CloudWatch alarms watch, computed by the rollup from day counters:
 * how the 7-day NPS moved against the 7 days before, and how far today's detractor share sits
 * above its 30-day baseline. Both stay null on too few responses, so quiet days never page anyone.
 */
import type { CounterFields } from './counters';
import { npsScore, sumCounters } from './figures';
import { addDays, daysFrom } from './rollups';

export interface AlarmSignals {
  /** NPS over the last 7 days, today included. */
  nps7d: number | null;
  /** nps7d minus the NPS of the 7 days before it, in points (negative = worse). */
  nps7dChange: number | null;
  /** Today's detractor share minus its share over the 30 days before, in percentage points. */
  detractorSpikePoints: number | null;
}

export function alarmSignals(dayCounters: ReadonlyMap<string, CounterFields>, today: string, minResponses: number): AlarmSignals {
  const window = (from: string, to: string) => {
    const c = sumCounters(daysFrom(from, to).map((d) => dayCounters.get(d) ?? {}));
    const [p, pa, d] = [c.nps_promoter ?? 0, c.nps_passive ?? 0, c.nps_detractor ?? 0];
    const n = p + pa + d;
    return { n, nps: npsScore(p, pa, d), detractorPct: n === 0 ? null : (d / n) * 100 };
  };
  const current = window(addDays(today, -6), today);
  const previous = window(addDays(today, -13), addDays(today, -7));
  const day = window(today, today);
  const baseline = window(addDays(today, -30), addDays(today, -1));
  const enough = (w: { n: number }) => w.n >= minResponses;
  return {
    nps7d: current.nps,
    nps7dChange: enough(current) && enough(previous) ? round1(current.nps! - previous.nps!) : null,
    detractorSpikePoints: enough(day) && enough(baseline) ? round1(day.detractorPct! - baseline.detractorPct!) : null,
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10 + 0;
