/**
 * `cx-loop experiment report`: the recovery experiment's results per arm, against control, from the
 * stored feedback (local runtime or `--aws`), computed by the same code as GET /experiments/recovery.
 * `cx-loop experiment simulate`: the same estimator on a synthetic population with a known effect.
 */
import type { Comparison, ExperimentResults } from '#domain/experiments/results';
import { simulateExperiment, type Simulation } from '#domain/experiments/simulate';
import type { RecoveryExperimentReport } from '../../functions/handlers/experiment-report';
import { useBackend, type BackendOptions } from '../lib/backend';
import { CliError } from '../lib/errors';
import { table } from '../lib/table';

export async function experimentReport(options: BackendOptions): Promise<RecoveryExperimentReport> {
  await useBackend(options);
  const { settings } = await import('../../functions/settings');
  const { recoveryExperimentReport } = await import('../../functions/handlers/experiment-report');
  return recoveryExperimentReport(settings, new Date());
}

export function printExperimentReport(report: RecoveryExperimentReport, json: boolean): void {
  if (json) return console.log(JSON.stringify(report, null, 2));
  if (!report.experiment || !report.results) {
    console.log('No recovery experiment is configured (experiments.recovery in cx-loop.config.json).');
    return;
  }
  const e = report.experiment;
  console.log(`Recovery experiment "${e.id}", ${e.start} … ${e.end}; feedback read ${report.from} … ${report.to}.`);
  console.log(`Every participant, the holdout too, is re-surveyed ${report.resurvey.afterDays} days after the recovery decision (after the email in a delay arm).`);
  printResults(report.results);
}

export interface SimulateOptions {
  trueUplift: number;
  n: number;
  seed: number;
  json?: boolean;
}

export function simulate(options: SimulateOptions): Simulation {
  if (!Number.isFinite(options.trueUplift) || options.trueUplift <= -30 || options.trueUplift >= 70) throw new CliError('--true-uplift must be a number of percentage points between -30 and 70.');
  if (!Number.isInteger(options.n) || options.n < 2 || options.n > 10_000_000) throw new CliError('--n must be a whole number of customers from 2 to 10,000,000.');
  return simulateExperiment(options);
}

export function printSimulation(s: Simulation, json: boolean): void {
  if (json) return console.log(JSON.stringify(s, null, 2));
  console.log(`Synthetic experiment: ${s.n} detractors, seed ${s.seed}, true uplift in the share won ${s.trueUplift} points.`);
  if (s.estimate === null || !s.interval) {
    console.log('Too few responders to estimate anything.');
    return;
  }
  console.log(`Estimated uplift ${s.estimate} points, 95% interval ${s.interval[0]} to ${s.interval[1]} (${s.method}); ${s.covers ? 'covers' : 'misses'} the truth.`);
  printResults(s.results);
}

function printResults(r: ExperimentResults): void {
  const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
  const num = (x: number | null) => (x === null ? '—' : x.toFixed(2));
  console.log();
  console.log(
    table(
      ['arm', 'n', 'responded', 'resp. rate', 'mean Δscore', 'won', 'share won', 'returned'],
      r.arms.map((a) => [a.arm + (a.arm === r.control && a.arm !== 'control' ? ' (control)' : ''), String(a.n), String(a.responded), pct(a.responseRate), num(a.meanScoreChange), String(a.won), pct(a.shareWon), pct(a.shareReturned)]),
    ),
  );
  for (const c of r.comparisons) console.log(`\n${c.arm} vs ${r.control}: ${verdictLine(c, r.minSamplePerArm)}\n${intervalLines(c)}`);
  console.log(`\nIntervals: ${r.methods.proportions}; ${r.methods.means}.`);
}

const points = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}`;
function intervalLines(c: Comparison): string {
  const lines = [`  response rate  ${points(c.responseRate.estimate)} points [${points(c.responseRate.low)}, ${points(c.responseRate.high)}]`];
  if (c.shareWon) lines.push(`  share won      ${points(c.shareWon.estimate)} points [${points(c.shareWon.low)}, ${points(c.shareWon.high)}]`);
  if (c.meanScoreChange) lines.push(`  mean Δscore    ${c.meanScoreChange.estimate.toFixed(2)} [${c.meanScoreChange.low.toFixed(2)}, ${c.meanScoreChange.high.toFixed(2)}]`);
  lines.push(`  returned       ${points(c.shareReturned.estimate)} points [${points(c.shareReturned.low)}, ${points(c.shareReturned.high)}]`);
  return lines.join('\n');
}

function verdictLine(c: Comparison, minSample: number): string {
  const more = c.moreForFivePoints > 0 ? ` About ${c.moreForFivePoints} more customers to detect a 5-point uplift in the share won.` : '';
  if (c.verdict === 'insufficient data') return `no verdict yet (fewer than ${minSample} responders in an arm).${more}`;
  return `${c.verdict} (share won, 95% interval ${c.verdict === 'no detectable difference' ? 'includes' : 'excludes'} 0).${more}`;
}
