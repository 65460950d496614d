/**
 * The recovery loop: a customer who got a recovery email and writes again within the window is
 * linked to it (`recoveredFrom`), and the recovery counts as won (they are no longer unhappy) or lost.
 */
import type { Decision } from './decide';
import type { CustomerHistory } from './guards';

export interface RecoveryLink {
  recoveredFrom: string;
  outcome: 'won' | 'lost';
}

const DAY_MS = 86_400_000;

/** The recovery this feedback answers, if any. Feedback that is itself the recovered one never links. */
export function recoveryLinkOf(history: CustomerHistory | undefined, feedbackKey: string, decision: Decision, at: Date, windowDays: number): RecoveryLink | undefined {
  const recovery = history?.recovery;
  if (!recovery || recovery.feedbackKey === feedbackKey) return undefined;
  if (recovery.linkedTo && recovery.linkedTo !== feedbackKey) return undefined;
  const age = at.getTime() - Date.parse(recovery.sentAt);
  if (age < 0 || age > windowDays * DAY_MS) return undefined;
  return { recoveredFrom: recovery.feedbackKey, outcome: recoveryOutcomeOf(decision) };
}

/** Judged on the rules, not on what was sent: the cooldown may hold an email back, the mood is what counts. */
export function recoveryOutcomeOf(decision: Decision): RecoveryLink['outcome'] {
  return decision.action === 'recovery' || decision.heldBack === 'recovery' ? 'lost' : 'won';
}
