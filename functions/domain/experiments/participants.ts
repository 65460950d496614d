/**
 * From stored feedback to experiment participants: each recovery assigned to an arm, its re-survey
 * answer (`resurveyOf`), and whether the customer came back with other feedback within the window —
 * judged the same way in every arm (the holdout got no email, so the email-based won/lost link
 * cannot be used for it).
 */
import type { FeedbackRecord } from '../feedback-record';
import type { Rules } from '../rules';
import type { Participant } from './results';

export interface ExperimentRecord extends FeedbackRecord {
  experiment?: { id: string; arm: string };
  resurveyOf?: string;
}

const DAY_MS = 86_400_000;

export function participantsOf(records: readonly ExperimentRecord[], experimentId: string, rules: Pick<Rules, 'recovery'>, windowDays: number): Participant[] {
  const answers = new Map<string, ExperimentRecord>();
  const byCustomer = new Map<string, ExperimentRecord[]>();
  for (const r of records) {
    if (r.resurveyOf) {
      const first = answers.get(r.resurveyOf);
      if (!first || r.receivedAt < first.receivedAt) answers.set(r.resurveyOf, r);
    } else if (r.customerKey) {
      byCustomer.set(r.customerKey, [...(byCustomer.get(r.customerKey) ?? []), r]);
    }
  }
  return records.flatMap((r): Participant[] => {
    if (r.experiment?.id !== experimentId || r.metric.type === 'none') return [];
    const answer = answers.get(r.pk);
    const start = Date.parse(r.receivedAt);
    const returned = (byCustomer.get(r.customerKey ?? '') ?? []).some((o) => o.pk !== r.pk && Date.parse(o.receivedAt) > start && Date.parse(o.receivedAt) - start <= windowDays * DAY_MS);
    if (!answer || answer.metric.type !== r.metric.type) return [{ arm: r.experiment.arm, responded: false, returned }];
    const [, top] = rules.recovery[r.metric.type];
    return [{ arm: r.experiment.arm, responded: true, scoreChange: answer.metric.score - r.metric.score, won: answer.metric.score > top, returned }];
  });
}
