/**
 * The decision rule table with the default rules: every threshold and the boundary on either side
 * of it, the text overrides, escalation bands and signals, and the reason each decision records.
 */
import { describe, expect, it } from 'vitest';
import { decide, type Action } from '../../functions/domain/decide';
import type { Metric } from '../../functions/domain/feedback-event';
import { DEFAULT_RULES, Rules } from '../../functions/domain/rules';
import type { Sentiment, SentimentLabel } from '../../functions/domain/sentiment';
import { signalMatcher } from '../../functions/domain/signals';

const customer = { email: 'ana@example.com' };

function sentiment(label: SentimentLabel, score: number): Sentiment {
  const scores = { positive: 0, negative: 0, neutral: 0, mixed: 0 };
  scores[label.toLowerCase() as keyof typeof scores] = score;
  scores.neutral += 1 - score;
  return { label, scores, language: 'en' };
}

const run = (metric: Metric, options: { text?: string; sentiment?: Sentiment; tags?: string[]; rules?: Rules } = {}) =>
  decide({ metric, text: options.text, customer: { ...customer, ...(options.tags ? { tags: options.tags } : {}) } }, options.sentiment, undefined, options.rules ?? DEFAULT_RULES);

describe('score rules (defaults, no text)', () => {
  const table: Array<[Metric, Action, string, boolean]> = [
    // NPS: 0–6 recovery (0–3 escalated), 7–8 passive, 9–10 gratitude
    [{ type: 'nps', score: 0 }, 'recovery', 'escalation.nps', true],
    [{ type: 'nps', score: 3 }, 'recovery', 'recovery.nps', true],
    [{ type: 'nps', score: 4 }, 'recovery', 'recovery.nps', false],
    [{ type: 'nps', score: 6 }, 'recovery', 'recovery.nps', false],
    [{ type: 'nps', score: 7 }, 'none', 'none.nps-passive', false],
    [{ type: 'nps', score: 8 }, 'none', 'none.nps-passive', false],
    [{ type: 'nps', score: 9 }, 'gratitude', 'gratitude.nps', false],
    [{ type: 'nps', score: 10 }, 'gratitude', 'gratitude.nps', false],
    // CSAT (1–5): 1 escalated recovery, 2 recovery, 3 neutral, 4–5 gratitude
    [{ type: 'csat', score: 1 }, 'recovery', 'recovery.csat', true],
    [{ type: 'csat', score: 2 }, 'recovery', 'recovery.csat', false],
    [{ type: 'csat', score: 3 }, 'none', 'none.csat-passive', false],
    [{ type: 'csat', score: 4 }, 'gratitude', 'gratitude.csat', false],
    [{ type: 'csat', score: 5 }, 'gratitude', 'gratitude.csat', false],
    // CES (1–7): 1–3 recovery (no escalation band by default), 4–5 neutral, 6–7 gratitude
    [{ type: 'ces', score: 1 }, 'recovery', 'recovery.ces', false],
    [{ type: 'ces', score: 3 }, 'recovery', 'recovery.ces', false],
    [{ type: 'ces', score: 4 }, 'none', 'none.ces-passive', false],
    [{ type: 'ces', score: 5 }, 'none', 'none.ces-passive', false],
    [{ type: 'ces', score: 6 }, 'gratitude', 'gratitude.ces', false],
    [{ type: 'ces', score: 7 }, 'gratitude', 'gratitude.ces', false],
  ];

  it.each(table)('%o → %s', (metric, action, rule, escalated) => {
    const d = run(metric);
    expect(d.action).toBe(action);
    expect(d.escalation !== undefined).toBe(escalated);
    // The recorded rule is the one that decided; an escalation names its own band.
    expect([d.rule, d.escalation?.rule]).toContain(rule);
    expect(d.reason).toContain(`${metric.type.toUpperCase()} ${'score' in metric ? metric.score : ''}`);
    expect(d.inputs.metric).toEqual(metric);
  });

  it('no score and no text → none, saying so', () => {
    expect(run({ type: 'none' })).toMatchObject({ action: 'none', rule: 'none.neutral', reason: 'no score and no text' });
  });
});

describe('text sentiment', () => {
  it('NEGATIVE ≥ 0.7 beats a 10 ("10 — but your app lost my order" gets recovery)', () => {
    const d = run({ type: 'nps', score: 10 }, { text: 'Great people, but your app lost my order', sentiment: sentiment('NEGATIVE', 0.7) });
    expect(d).toMatchObject({ action: 'recovery', rule: 'recovery.negative-text' });
    expect(d.reason).toMatch(/NEGATIVE 0\.70 ≥ 0\.7/);
    expect(d.inputs.sentiment).toEqual({ label: 'NEGATIVE', positive: 0, negative: 0.7 });
  });

  it('NEGATIVE just under 0.7 does not override the score, but still blocks gratitude', () => {
    expect(run({ type: 'nps', score: 10 }, { text: 'meh', sentiment: sentiment('NEGATIVE', 0.69) })).toMatchObject({ action: 'none', rule: 'gratitude.blocked-by-text' });
  });

  it.each(['NEGATIVE', 'MIXED'] as const)('%s text blocks gratitude for a promoter score', (label) => {
    const d = run({ type: 'csat', score: 5 }, { text: 'ok I guess', sentiment: sentiment(label, 0.5) });
    expect(d).toMatchObject({ action: 'none', rule: 'gratitude.blocked-by-text' });
    expect(d.reason).toContain(label);
  });

  it('NEUTRAL or POSITIVE text keeps the gratitude', () => {
    expect(run({ type: 'nps', score: 9 }, { text: 'fine', sentiment: sentiment('NEUTRAL', 0.9) }).action).toBe('gratitude');
    expect(run({ type: 'nps', score: 9 }, { text: 'love it', sentiment: sentiment('POSITIVE', 0.99) }).action).toBe('gratitude');
  });

  it('with no score, POSITIVE ≥ 0.8 is thanked and 0.79 is not', () => {
    expect(run({ type: 'none' }, { text: 'love it', sentiment: sentiment('POSITIVE', 0.8) })).toMatchObject({ action: 'gratitude', rule: 'gratitude.positive-text' });
    expect(run({ type: 'none' }, { text: 'nice', sentiment: sentiment('POSITIVE', 0.79) })).toMatchObject({ action: 'none', rule: 'none.neutral' });
  });

  it('with no score, NEGATIVE ≥ 0.7 gets recovery and neutral text nothing', () => {
    expect(run({ type: 'none' }, { text: 'awful', sentiment: sentiment('NEGATIVE', 0.8) }).action).toBe('recovery');
    expect(run({ type: 'none' }, { text: 'it is a chair', sentiment: sentiment('NEUTRAL', 0.95) })).toMatchObject({ action: 'none', reason: 'text sentiment NEUTRAL, no score' });
  });
});

describe('escalation', () => {
  it('NEGATIVE ≥ 0.95 escalates, 0.94 does not', () => {
    expect(run({ type: 'nps', score: 5 }, { text: 'terrible', sentiment: sentiment('NEGATIVE', 0.95) }).escalation?.rule).toBe('escalation.negative-text');
    expect(run({ type: 'nps', score: 5 }, { text: 'terrible', sentiment: sentiment('NEGATIVE', 0.94) }).escalation).toBeUndefined();
  });

  it('a CES band escalates only when configured', () => {
    const rules = Rules.parse({ escalation: { ces: [1, 1] } });
    expect(run({ type: 'ces', score: 1 }, { rules }).escalation?.rule).toBe('escalation.ces');
    expect(run({ type: 'ces', score: 2 }, { rules }).escalation).toBeUndefined();
  });

  it.each([
    ['I want to cancel my subscription', 'en', 'cancel*'],
    ['Cancelled. Never again.', 'en', 'cancel*'],
    ['My lawyer will be in touch', 'en', 'lawyer*'],
    ['Filing a chargeback with my bank', 'en', 'chargeback*'],
    ['Quiero un reembolso ya', 'es', 'reembolso*'],
    ['Je vais résilier mon abonnement', 'fr', 'résilier'],
    ['Je veux être REMBOURSÉ', 'fr', 'rembours*'],
    ['Ich werde kündigen und meinen Anwalt einschalten', 'de', 'kündig*'],
    ['Vou pedir o estorno no cartão', 'pt', 'estorno*'],
  ])('signal word in "%s" (%s) escalates a passive score into recovery', (text, language, word) => {
    const d = run({ type: 'nps', score: 7 }, { text, sentiment: sentiment('NEUTRAL', 0.8) });
    expect(d.action).toBe('recovery');
    expect(d.rule).toBe('escalation.signal');
    expect(d.escalation?.rule).toBe('escalation.signal');
    expect(d.inputs.signals).toContainEqual({ language, word });
  });

  it('signal words are whole words: "cancellation policy" matches, "concancel" and "sued" do not', () => {
    const match = signalMatcher({ en: ['cancel*', 'sue'] });
    expect(match('Your cancellation policy is unclear')).toEqual([{ language: 'en', word: 'cancel*' }]);
    expect(match('concancel')).toEqual([]);
    expect(match('pursued a career')).toEqual([]);
  });

  it('a signal word in happy text is not a churn risk ("thanks for the quick refund!")', () => {
    const d = run({ type: 'nps', score: 10 }, { text: 'Thanks for the quick refund!', sentiment: sentiment('POSITIVE', 0.95) });
    expect(d.action).toBe('gratitude');
    expect(d.escalation).toBeUndefined();
    expect(d.inputs.signals).toEqual([{ language: 'en', word: 'refund*' }]);
  });

  it('a recovery for a customer tagged high value is escalated; a high-value promoter is not', () => {
    const d = run({ type: 'nps', score: 5 }, { tags: ['vip'] });
    expect(d).toMatchObject({ action: 'recovery', rule: 'recovery.nps', escalation: { rule: 'escalation.high-value' }, inputs: { highValue: true } });
    expect(run({ type: 'nps', score: 10 }, { tags: ['high-value'] }).escalation).toBeUndefined();
    expect(run({ type: 'nps', score: 5 }, { tags: ['newsletter'] }).escalation).toBeUndefined();
  });

  it('the cooldown can hold the email back, never the alert', () => {
    const history = { lastOutreachAt: '2026-11-20T00:00:00Z', lastKind: 'recovery' as const };
    const d = decide({ metric: { type: 'nps', score: 1 }, customer }, undefined, history, DEFAULT_RULES, {
      guards: { cooldownDays: 14, recoveryOverridesGratitude: true },
      now: new Date('2026-11-23T00:00:00Z'),
    });
    expect(d).toMatchObject({ action: 'none', rule: 'guard.cooldown', heldBack: 'recovery', escalation: { rule: 'escalation.nps' } });
    expect(d.reason).toMatch(/^recovery\.nps held back: customer had a recovery email 3 day\(s\) ago/);
  });
});

describe('rule configuration', () => {
  it('rejects an inverted range with a message naming it', () => {
    const result = Rules.safeParse({ recovery: { nps: [6, 0] } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['recovery', 'nps'], message: 'range must be [low, high]' });
  });

  it('moves a boundary when configured (NPS 7 as detractor)', () => {
    const rules = Rules.parse({ recovery: { nps: [0, 7] } });
    expect(run({ type: 'nps', score: 7 }, { rules }).action).toBe('recovery');
    expect(run({ type: 'nps', score: 8 }, { rules }).action).toBe('none');
  });
});
