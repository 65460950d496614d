/**
 * The experiment's treatment of one stored feedback: who takes part, what each arm gets, and the
 * re-survey every participant gets — the holdout too.
 */
import { describe, expect, it } from 'vitest';
import { decide } from '../../../functions/domain/decide';
import { RecoveryExperiment, Resurvey } from '../../../functions/domain/experiments/settings';
import { experimentMarkOf, outreachOf, waitOf, type ExperimentRecord } from '../../../functions/domain/experiments/treatment';
import type { FeedbackEvent } from '../../../functions/domain/feedback-event';
import { toFeedbackRecord } from '../../../functions/domain/feedback-record';
import { parseSettings } from '../../../functions/domain/settings';
import { renderOutreachEmail } from '../../../functions/domain/email/render';
import { bundledTemplates } from '../../../functions/domain/email/bundled';
import config from '../../../cx-loop.config.json' with { type: 'json' };

const settings = parseSettings(config);
const HASH = 'unit-test-hash-key';
const at = '2026-03-02T10:00:00.000Z';
const experiment = (treatment: 'none' | 'standard' | 'offer' | 'delay', extra: Record<string, unknown> = {}) =>
  RecoveryExperiment.parse({ id: 'exp', start: '2026-03-01T00:00:00Z', end: '2026-04-01T00:00:00Z', arms: [{ name: 'control', share: 1, treatment, ...extra }, { name: 'other', share: 1e-9, treatment: 'standard' }].map((a, i) => (i === 0 ? { ...a, share: 1 - 1e-9 } : a)) });
const resurvey = Resurvey.parse({});

function record(score: number, overrides: Partial<FeedbackEvent> = {}): ExperimentRecord {
  const event: FeedbackEvent = { id: 'f1', source: 'generic', sourceEventId: `e-${score}`, receivedAt: at, occurredAt: at, customer: { email: 'ana@example.com' }, channel: 'survey', metric: { type: 'nps', score }, ...overrides } as FeedbackEvent;
  const decision = decide(event, undefined, undefined, settings.rules);
  return toFeedbackRecord(event, undefined, decision, 30, HASH);
}
const marked = (r: ExperimentRecord, e: RecoveryExperiment) => ({ ...r, ...(experimentMarkOf(r, e, settings.cases) ? { experiment: experimentMarkOf(r, e, settings.cases) } : {}) });

describe('who takes part', () => {
  it('a non-severe recovery, within the experiment\'s dates', () => {
    expect(experimentMarkOf(record(5), experiment('none'), settings.cases)).toMatchObject({ id: 'exp', arm: 'control', treatment: 'none', reason: expect.stringContaining('holdout') });
    expect(experimentMarkOf(record(5, { receivedAt: '2026-05-01T00:00:00Z' }), experiment('none'), settings.cases)).toBeUndefined();
  });

  it('never an escalation, a P1 case, a gratitude, a re-survey answer, imported history, or feedback without an address or a score', () => {
    const e = experiment('none');
    expect(experimentMarkOf(record(1), e, settings.cases)).toBeUndefined(); // NPS 1: escalation
    expect(experimentMarkOf(record(5), e, { ...settings.cases, open: 'recoveries', priorities: { P1: ['recovery.nps'], P2: [], P3: [] } })).toBeUndefined();
    expect(experimentMarkOf(record(5), e, { ...settings.cases, open: 'recoveries', priorities: { P1: [], P2: ['recovery.nps'], P3: [] } })).toBeDefined();
    expect(experimentMarkOf(record(10), e, settings.cases)).toBeUndefined();
    expect(experimentMarkOf(record(5, { resurveyOf: 'generic#x' }), e, settings.cases)).toBeUndefined();
    expect(experimentMarkOf(record(5, { outreach: false }), e, settings.cases)).toBeUndefined();
    expect(experimentMarkOf(record(5, { customer: { id: 'c1' } }), e, settings.cases)).toBeUndefined();
    expect(experimentMarkOf(record(5, { metric: { type: 'none' }, text: 'Awful, broken, angry.' }), e, settings.cases)).toBeUndefined();
  });
});

describe('what each arm gets', () => {
  const kinds = (r: ExperimentRecord) => outreachOf(r, resurvey).map((m) => m.kind);

  it('outside the experiment: the usual email, no re-survey unless resurvey.enabled', () => {
    expect(kinds(record(5))).toEqual(['recovery']);
    expect(outreachOf(record(5), { ...resurvey, enabled: true }).map((m) => [m.kind, m.notBefore])).toEqual([['recovery', undefined], ['pulse', '2026-03-09T10:00:00.000Z']]);
    expect(kinds(record(10))).toEqual(['gratitude']);
  });

  it('the holdout: no recovery email, and the re-survey a week later', () => {
    const [pulse, ...rest] = outreachOf(marked(record(5), experiment('none')), resurvey);
    expect(rest).toEqual([]);
    expect(pulse).toMatchObject({ kind: 'pulse', outreachId: 'generic#e-5#pulse', notBefore: '2026-03-09T10:00:00.000Z', pulse: { metric: 'nps' }, experiment: { id: 'exp', arm: 'control' } });
    expect(pulse!.quote).toBeUndefined();
  });

  it('standard: the email without the offer (even when brand.offer covers recoveries); offer: with the code', () => {
    const render = (treatment: 'standard' | 'offer') => {
      const [email] = outreachOf(marked(record(5), experiment(treatment)), resurvey);
      expect(email).toMatchObject({ kind: 'recovery', experiment: { offer: treatment === 'offer' } });
      return renderOutreachEmail(email!, 'https://x.invalid/unsubscribe?token=t', settings, bundledTemplates()).text;
    };
    expect(settings.brand.offer?.kinds).toContain('recovery');
    expect(render('standard')).not.toContain(settings.brand.offer!.code);
    expect(render('offer')).toContain(settings.brand.offer!.code);
  });

  it('delay: the email delayHours later, and the re-survey as long after it as in the other arms', () => {
    const out = outreachOf(marked(record(5), experiment('delay', { delayHours: 24 })), resurvey);
    expect(out.map((m) => [m.kind, m.notBefore])).toEqual([['recovery', '2026-03-03T10:00:00.000Z'], ['pulse', '2026-03-10T10:00:00.000Z']]);
    expect(waitOf(out[0]!, new Date('2026-03-03T09:00:00Z'))).toBe(3_600_000);
    expect(waitOf(out[0]!, new Date('2026-03-03T11:00:00Z'))).toBe(0);
  });

  it('is deterministic: a redelivered feedback offers the same messages under the same outreach ids', () => {
    const r = marked(record(5), experiment('standard'));
    expect(outreachOf(r, resurvey)).toEqual(outreachOf(structuredClone(r), resurvey));
  });
});

describe('the re-survey email', () => {
  it('links every score of the original scale, in the customer\'s language, with the unsubscribe link', () => {
    const [pulse] = outreachOf(marked(record(3, { metric: { type: 'csat', score: 2 }, customer: { email: 'ana@example.com', locale: 'fr' } }), experiment('none')), resurvey);
    expect(pulse!.pulse).toEqual({ metric: 'csat' });
    const scores = [1, 2, 3, 4, 5].map((score) => ({ score, url: `https://x.invalid/pulse?token=t&score=${score}` }));
    const email = renderOutreachEmail(pulse!, 'https://x.invalid/unsubscribe?token=u', settings, bundledTemplates(), scores);
    expect(email.locale).toBe('fr');
    for (const s of scores) {
      expect(email.text).toContain(s.url);
      expect(email.html).toContain(s.url.replace(/&/g, '&amp;'));
    }
    expect(email.text).toContain('https://x.invalid/unsubscribe?token=u');
    expect(email.subject).toBe('Quelle note nous donneriez-vous aujourd’hui ?');
  });
});

describe('settings', () => {
  it('refuse an offer arm without brand.offer', () => {
    const { offer: _, ...brand } = config.brand;
    const raw = { ...config, brand, experiments: { recovery: { id: 'x', start: '2026-03-01T00:00:00Z', end: '2026-04-01T00:00:00Z', arms: [{ name: 'control', share: 0.5, treatment: 'none' }, { name: 'offer', share: 0.5, treatment: 'offer' }] } } };
    expect(() => parseSettings(raw)).toThrow('experiments.recovery.arms.1.treatment: an offer arm needs brand.offer');
    expect(() => parseSettings({ ...raw, brand: config.brand })).not.toThrow();
  });
});
