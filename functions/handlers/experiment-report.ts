/**
 * The recovery experiment's results from stored feedback: the participants' recoveries from the
 * experiment's start, and their re-survey answers and returns up to the end plus the time a
 * re-survey takes to be sent and answered. Shared by `GET /experiments/recovery` and the CLI.
 */
import type { ExperimentResults } from '#domain/experiments/results';
import { experimentResults } from '#domain/experiments/results';
import { participantsOf, type ExperimentRecord } from '#domain/experiments/participants';
import type { RecoveryExperiment } from '#domain/experiments/settings';
import { addDays } from '#domain/rollups';
import type { Settings } from '#domain/settings';
import { feedbackBetween } from '#adapters/feedback-range';

export interface RecoveryExperimentReport {
  experiment: Pick<RecoveryExperiment, 'id' | 'start' | 'end' | 'control' | 'arms'> | null;
  /** Re-survey settings the outcomes depend on. */
  resurvey: Settings['resurvey'];
  from?: string;
  to?: string;
  results?: ExperimentResults;
}

export async function recoveryExperimentReport(settings: Settings, now: Date): Promise<RecoveryExperimentReport> {
  const experiment = settings.experiments.recovery;
  if (!experiment) return { experiment: null, resurvey: settings.resurvey };
  const today = now.toISOString().slice(0, 10);
  const from = experiment.start.slice(0, 10);
  const followUpDays = settings.resurvey.afterDays + settings.resurvey.linkDays + settings.guards.recoveryWindowDays;
  const to = [addDays(new Date(experiment.end).toISOString().slice(0, 10), followUpDays), today].sort()[0]!;
  const records = from <= to ? ((await feedbackBetween(from, to)) as unknown as ExperimentRecord[]) : [];
  const participants = participantsOf(records, experiment.id, settings.rules, settings.guards.recoveryWindowDays);
  const { id, start, end, control, arms } = experiment;
  return {
    experiment: { id, start, end, control, arms },
    resurvey: settings.resurvey,
    from,
    to,
    results: experimentResults(participants, arms.map((a) => a.name), control, experiment.minSamplePerArm),
  };
}
