/**
 * Per-arm results of the recovery experiment, and each arm against control. Outcomes per participant:
 * - responded: answered the re-survey (its response rate is an outcome of its own);
 * - score change: re-survey score minus the original score, same metric (responders only);
 * - won: the re-survey score is above the original metric's recovery band (NPS by default: a
 *   detractor who is now a passive or a promoter), among responders;
 * - returned: gave any other feedback within the recovery window (the existing won/lost link).
 * Differences are treatment − control: proportions with Newcombe's interval, means with Welch's.
 */
import { differenceOfMeans, differenceOfProportions, perArmForUplift, sampleOf, type Interval } from './statistics';

export interface Participant {
  arm: string;
  responded: boolean;
  /** Re-survey score − original score, when they responded. */
  scoreChange?: number;
  won?: boolean;
  returned: boolean;
}

export interface ArmResult {
  arm: string;
  n: number;
  responded: number;
  responseRate: number;
  meanScoreChange: number | null;
  won: number;
  shareWon: number | null;
  returned: number;
  shareReturned: number;
}

export interface Comparison {
  arm: string;
  /** Difference of proportions (Newcombe hybrid score, 95%). */
  responseRate: Interval;
  /** Difference of proportions among responders (Newcombe hybrid score, 95%). */
  shareWon: Interval | null;
  /** Difference of means among responders (Welch, normal quantile, 95%). */
  meanScoreChange: Interval | null;
  /** Difference of proportions (Newcombe hybrid score, 95%). */
  shareReturned: Interval;
  verdict: 'insufficient data' | 'better' | 'worse' | 'no detectable difference';
  /** About this many more participants (all arms) to detect a 5-point uplift in the share won. */
  moreForFivePoints: number;
}

export interface ExperimentResults {
  control: string;
  minSamplePerArm: number;
  arms: ArmResult[];
  comparisons: Comparison[];
  methods: { proportions: string; means: string };
}

export const METHODS = {
  proportions: 'difference of proportions, Newcombe hybrid score interval (95%)',
  means: 'difference of means, Welch standard error with the normal quantile (95%)',
};

export function experimentResults(participants: readonly Participant[], armNames: readonly string[], control: string, minSamplePerArm: number): ExperimentResults {
  const byArm = new Map(armNames.map((a) => [a, [] as Participant[]]));
  for (const p of participants) byArm.get(p.arm)?.push(p);
  const arms = armNames.map((arm) => armResult(arm, byArm.get(arm)!));
  const base = byArm.get(control)!;
  const comparisons = armNames.filter((a) => a !== control).map((arm) => compare(arm, byArm.get(arm)!, base, minSamplePerArm, armNames.length));
  return { control, minSamplePerArm, arms, comparisons, methods: METHODS };
}

function armResult(arm: string, ps: Participant[]): ArmResult {
  const responders = ps.filter((p) => p.responded);
  const changes = responders.flatMap((p) => (p.scoreChange === undefined ? [] : [p.scoreChange]));
  const won = responders.filter((p) => p.won).length;
  const returned = ps.filter((p) => p.returned).length;
  return {
    arm,
    n: ps.length,
    responded: responders.length,
    responseRate: ps.length ? responders.length / ps.length : 0,
    meanScoreChange: changes.length ? sampleOf(changes).mean : null,
    won,
    shareWon: responders.length ? won / responders.length : null,
    returned,
    shareReturned: ps.length ? returned / ps.length : 0,
  };
}

function compare(arm: string, treated: Participant[], control: Participant[], minSample: number, armCount: number): Comparison {
  const tr = treated.filter((p) => p.responded);
  const cr = control.filter((p) => p.responded);
  const changes = (ps: Participant[]) => sampleOf(ps.flatMap((p) => (p.scoreChange === undefined ? [] : [p.scoreChange])));
  const shareWon = tr.length && cr.length ? differenceOfProportions(tr.filter((p) => p.won).length, tr.length, cr.filter((p) => p.won).length, cr.length) : null;
  const [ct, cc] = [changes(tr), changes(cr)];
  const meanScoreChange = ct.n > 1 && cc.n > 1 ? differenceOfMeans(ct, cc) : null;
  const enough = tr.length >= minSample && cr.length >= minSample;
  const verdict: Comparison['verdict'] = !enough || !shareWon ? 'insufficient data' : shareWon.low > 0 ? 'better' : shareWon.high < 0 ? 'worse' : 'no detectable difference';

  // Plan with what is known: the control's share won and the response rate so far (assumed when unknown).
  const baseline = cr.length ? cr.filter((p) => p.won).length / cr.length : 0.3;
  const responseRate = treated.length + control.length ? (tr.length + cr.length) / (treated.length + control.length) || 0.3 : 0.3;
  const neededPerArm = Math.ceil(perArmForUplift(baseline, 0.05) / responseRate);
  const have = Math.min(treated.length, control.length);
  return {
    arm,
    responseRate: differenceOfProportions(tr.length, treated.length, cr.length, control.length),
    shareWon,
    meanScoreChange,
    shareReturned: differenceOfProportions(treated.filter((p) => p.returned).length, treated.length, control.filter((p) => p.returned).length, control.length),
    verdict,
    moreForFivePoints: Math.max(0, (neededPerArm - have) * armCount),
  };
}
