/**
 * Who takes part in the recovery experiment, and in which arm. Assignment is a hash of the
 * experiment id and the customer key mapped onto the arms' shares: as good as random across
 * customers (nobody chooses it, and it is independent of the score or the text), and stable for a
 * customer, so one person never sees two treatments of the same experiment.
 */
import { createHash } from 'node:crypto';
import type { Decision } from '../decide';
import type { Arm, RecoveryExperiment } from './settings';

export interface Assignment {
  experiment: string;
  arm: string;
  treatment: Arm['treatment'];
  delayHours?: number;
}

/**
 * Only recoveries take part, and never a severe one: an escalation (a person is alerted, the customer
 * must hear from us) is always treated as usual. Outside [start, end) nobody is assigned.
 */
export function assignRecovery(experiment: RecoveryExperiment | undefined, decision: Pick<Decision, 'action' | 'escalation'>, customerKey: string | undefined, at: Date): Assignment | undefined {
  if (!experiment || !customerKey) return undefined;
  if (decision.action !== 'recovery' || decision.escalation) return undefined;
  const t = at.getTime();
  if (t < Date.parse(experiment.start) || t >= Date.parse(experiment.end)) return undefined;
  const arm = armAt(experiment.arms, uniformOf(`${experiment.id}:${customerKey}`));
  return { experiment: experiment.id, arm: arm.name, treatment: arm.treatment, ...(arm.delayHours ? { delayHours: arm.delayHours } : {}) };
}

/** A point in [0, 1) from the first 48 bits of a SHA-256. */
export function uniformOf(text: string): number {
  return parseInt(createHash('sha256').update(text).digest('hex').slice(0, 12), 16) / 2 ** 48;
}

function armAt(arms: readonly Arm[], u: number): Arm {
  let edge = 0;
  for (const arm of arms) {
    edge += arm.share;
    if (u < edge) return arm;
  }
  return arms[arms.length - 1]!;
}
