/**
 * What to do about one piece of feedback. Pure: the same inputs always give the same decision,
 * and every decision carries the rule and inputs that produced it, so "why did (or didn't) this
 * customer get an email?" is answerable from the record alone.
 *
 * Order: recovery beats gratitude (a "10 — but you lost my order" gets recovery); escalation is
 * recovery plus an alert; the cooldown may then hold the email back, never the alert.
 */
import type { FeedbackEvent, Metric } from './feedback-event';
import { cooldownAllows, type CustomerHistory, type Guards } from './guards';
import type { Rules } from './rules';
import type { Sentiment } from './sentiment';
import { signalMatcher, type SignalMatch, type SignalMatcher } from './signals';

export type Action = 'gratitude' | 'recovery' | 'none';
export type { CustomerHistory } from './guards';

export interface DecisionInputs {
  metric: Metric;
  sentiment?: { label: Sentiment['label']; positive: number; negative: number };
  signals?: SignalMatch[];
  highValue?: boolean;
}

export interface Decision {
  action: Action;
  rule: string;
  reason: string;
  /** Set when the team is alerted; the customer still gets (at most) the recovery email. */
  escalation?: { rule: string; reason: string };
  /** The email the rules called for when a guard held it back. */
  heldBack?: Exclude<Action, 'none'>;
  inputs: DecisionInputs;
}

type Verdict = Pick<Decision, 'action' | 'rule' | 'reason' | 'heldBack'>;

export function decide(
  event: Pick<FeedbackEvent, 'metric' | 'text' | 'customer'>,
  sentiment: Sentiment | undefined,
  history: CustomerHistory | undefined,
  rules: Rules,
  cooldown?: { guards: Pick<Guards, 'cooldownDays' | 'recoveryOverridesGratitude'>; now: Date },
): Decision {
  const signals = event.text ? matcherFor(rules)(event.text) : [];
  const highValue = (event.customer.tags ?? []).some((t) => rules.escalation.highValueTags.includes(t));
  const inputs: DecisionInputs = {
    metric: event.metric,
    ...(sentiment ? { sentiment: { label: sentiment.label, positive: round(sentiment.scores.positive), negative: round(sentiment.scores.negative) } } : {}),
    ...(signals.length ? { signals } : {}),
    ...(highValue ? { highValue } : {}),
  };

  let verdict = byRules(event.metric, sentiment, rules);
  const escalation = escalationOf(event.metric, sentiment, signals, highValue && verdict.action === 'recovery', rules);
  // Escalation is recovery plus an alert, so a signal in an otherwise passive response still gets the recovery email.
  if (escalation && verdict.action !== 'recovery') verdict = { action: 'recovery', ...escalation };

  if (cooldown && verdict.action !== 'none') {
    const allowed = cooldownAllows(history, verdict.action, cooldown.now, cooldown.guards);
    if (!allowed.ok) verdict = { action: 'none', rule: `guard.${allowed.guard}`, reason: `${verdict.rule} held back: ${allowed.reason}`, heldBack: verdict.action };
  }
  return { ...verdict, ...(escalation ? { escalation } : {}), inputs };
}

function byRules(metric: Metric, sentiment: Sentiment | undefined, rules: Rules): Verdict {
  const negative = sentiment?.scores.negative ?? 0;
  if (sentiment && negative >= rules.recovery.negativeAtLeast) {
    return { action: 'recovery', rule: 'recovery.negative-text', reason: `text sentiment NEGATIVE ${negative.toFixed(2)} ≥ ${rules.recovery.negativeAtLeast}` };
  }
  if (metric.type !== 'none') {
    const label = `${metric.type.toUpperCase()} ${metric.score}`;
    if (within(metric.score, rules.recovery[metric.type])) {
      return { action: 'recovery', rule: `recovery.${metric.type}`, reason: `${label} in ${show(rules.recovery[metric.type])}` };
    }
    if (within(metric.score, rules.gratitude[metric.type])) {
      if (sentiment && (sentiment.label === 'NEGATIVE' || sentiment.label === 'MIXED')) {
        return { action: 'none', rule: 'gratitude.blocked-by-text', reason: `${label} but text is ${sentiment.label}` };
      }
      return { action: 'gratitude', rule: `gratitude.${metric.type}`, reason: `${label} in ${show(rules.gratitude[metric.type])}` };
    }
    return { action: 'none', rule: `none.${metric.type}-passive`, reason: `${label} is neither promoter nor detractor` };
  }
  const positive = sentiment?.scores.positive ?? 0;
  if (sentiment?.label === 'POSITIVE' && positive >= rules.gratitude.positiveAtLeast) {
    return { action: 'gratitude', rule: 'gratitude.positive-text', reason: `text sentiment POSITIVE ${positive.toFixed(2)} ≥ ${rules.gratitude.positiveAtLeast}` };
  }
  return { action: 'none', rule: 'none.neutral', reason: sentiment ? `text sentiment ${sentiment.label}, no score` : 'no score and no text' };
}

function escalationOf(metric: Metric, sentiment: Sentiment | undefined, signals: SignalMatch[], highValueRecovery: boolean, rules: Rules): Decision['escalation'] {
  const esc = rules.escalation;
  if (metric.type !== 'none') {
    const band = esc[metric.type];
    if (band && within(metric.score, band)) {
      return { rule: `escalation.${metric.type}`, reason: `${metric.type.toUpperCase()} ${metric.score} in ${show(band)}` };
    }
  }
  const negative = sentiment?.scores.negative ?? 0;
  if (sentiment && negative >= esc.negativeAtLeast) {
    return { rule: 'escalation.negative-text', reason: `text sentiment NEGATIVE ${negative.toFixed(2)} ≥ ${esc.negativeAtLeast}` };
  }
  // "Thanks for the quick refund!" names a signal word in a happy text: not a churn risk.
  if (signals.length && sentiment?.label !== 'POSITIVE') {
    return { rule: 'escalation.signal', reason: `churn/legal signal: ${signals.map((s) => `"${s.word}" (${s.language})`).join(', ')}` };
  }
  if (highValueRecovery) return { rule: 'escalation.high-value', reason: 'recovery for a customer tagged high value' };
  return undefined;
}

const matchers = new WeakMap<Rules, SignalMatcher>();
function matcherFor(rules: Rules): SignalMatcher {
  let m = matchers.get(rules);
  if (!m) matchers.set(rules, (m = signalMatcher(rules.escalation.signalWords)));
  return m;
}

const within = (score: number, [lo, hi]: readonly [number, number]) => score >= lo && score <= hi;
const show = ([lo, hi]: readonly [number, number]) => (lo === hi ? `${lo}` : `${lo}–${hi}`);
const round = (n: number) => Math.round(n * 1000) / 1000;
