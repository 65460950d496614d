/**
 * A synthetic recovery experiment with a known effect, run through the same estimator as the real
 * one, so anyone can check the statistics (does the 95% interval cover the truth 95% of the time?
 * is the estimate unbiased?) and plan sample sizes before spending real customers on it.
 *
 * Population: NPS detractors (0–6), split 50/50 between control and treatment; each answers the
 * re-survey with the same probability in both arms; a responder is won (re-survey score 7–10) with
 * probability `baseWon` in control and `baseWon + trueUplift` in treatment, else stays 0–6.
 */
import { seededRandom } from '../seeded-random';
import { experimentResults, type ExperimentResults, type Participant } from './results';

export interface SimulationOptions {
  /** Absolute uplift in the share won, in percentage points. */
  trueUplift: number;
  n: number;
  seed: number;
  baseWon?: number;
  responseRate?: number;
}

export interface Simulation {
  trueUplift: number;
  n: number;
  seed: number;
  /** Treatment − control share won, in percentage points, with its 95% interval. */
  estimate: number | null;
  interval: [number, number] | null;
  covers: boolean | null;
  method: string;
  results: ExperimentResults;
}

export function simulateExperiment(options: SimulationOptions): Simulation {
  const baseWon = options.baseWon ?? 0.3;
  const responseRate = options.responseRate ?? 0.6;
  const uplift = options.trueUplift / 100;
  if (baseWon + uplift > 1 || baseWon + uplift < 0) throw new RangeError(`a true uplift of ${options.trueUplift} points is impossible from a base of ${baseWon * 100}%`);
  const random = seededRandom(options.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const participants: Participant[] = [];
  for (let i = 0; i < options.n; i++) {
    const arm = random() < 0.5 ? 'control' : 'treatment';
    const before = int(0, 6);
    const responded = random() < responseRate;
    if (!responded) {
      participants.push({ arm, responded, returned: false });
      continue;
    }
    const won = random() < baseWon + (arm === 'treatment' ? uplift : 0);
    const after = won ? int(7, 10) : int(0, 6);
    participants.push({ arm, responded, won, scoreChange: after - before, returned: false });
  }
  const results = experimentResults(participants, ['control', 'treatment'], 'control', 30);
  const shareWon = results.comparisons[0]!.shareWon;
  const points = (x: number) => Math.round(x * 10_000) / 100;
  return {
    trueUplift: options.trueUplift,
    n: options.n,
    seed: options.seed,
    estimate: shareWon ? points(shareWon.estimate) : null,
    interval: shareWon ? [points(shareWon.low), points(shareWon.high)] : null,
    covers: shareWon ? shareWon.low <= uplift && uplift <= shareWon.high : null,
    method: results.methods.proportions,
    results,
  };
}
