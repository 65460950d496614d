/**
 * Closed-loop rule thresholds. Validated once at startup; defaults are what a CX team expects
 * out of the box (see README "Configuration").
 */
import { z } from 'zod';
import { METRIC_SCALES, type ScoredMetric } from './feedback-event';

const Range = z.tuple([z.number(), z.number()]).refine(([lo, hi]) => lo <= hi, 'range must be [low, high]');

/**
 * Churn and legal signals, per language. Matched as whole words (case- and accent-insensitive) by
 * `signals.ts`; a trailing `*` matches any ending ("cancel*" → cancel, cancelled, cancellation).
 */
export const DEFAULT_SIGNAL_WORDS: Record<string, string[]> = {
  en: ['cancel*', 'refund*', 'lawyer*', 'attorney*', 'lawsuit*', 'sue', 'chargeback*', 'charge back', 'close my account', 'switching to', 'never again', 'fraud*', 'scam*'],
  es: ['cancelar', 'cancelación', 'reembolso*', 'abogado*', 'demanda*', 'denuncia*', 'contracargo*', 'darme de baja', 'nunca más', 'fraude*', 'estafa*'],
  fr: ['annuler', 'annulation', 'rembours*', 'avocat*', 'procès', 'plainte', 'rétrofacturation', 'résilier', 'résiliation', 'plus jamais', 'fraude*', 'arnaque*'],
  de: ['kündig*', 'storn*', 'rückerstattung*', 'geld zurück', 'anwalt*', 'rechtsanwalt*', 'klage*', 'verbraucherzentrale', 'rückbuchung*', 'nie wieder', 'betrug*'],
  pt: ['cancelar', 'cancelamento', 'reembolso*', 'estorno*', 'advogado*', 'processo judicial', 'procon', 'chargeback*', 'nunca mais', 'fraude*', 'golpe*'],
};

const RulesShape = z.object({
  gratitude: z
    .object({
      nps: Range.default([9, 10]),
      csat: Range.default([4, 5]),
      ces: Range.default([6, 7]),
      /** With no score, thank a clearly positive text. */
      positiveAtLeast: z.number().min(0).max(1).default(0.8),
    })
    .prefault({}),
  recovery: z
    .object({
      nps: Range.default([0, 6]),
      csat: Range.default([1, 2]),
      ces: Range.default([1, 3]),
      /** A clearly negative text triggers recovery whatever the score. */
      negativeAtLeast: z.number().min(0).max(1).default(0.7),
    })
    .prefault({}),
  /** Recovery plus an alert to the team. */
  escalation: z
    .object({
      nps: Range.default([0, 3]),
      csat: Range.default([1, 1]),
      /** Optional; CES has no escalation band unless configured. */
      ces: Range.optional(),
      negativeAtLeast: z.number().min(0).max(1).default(0.95),
      /** Churn/legal words per language code; every configured language is searched. */
      signalWords: z.record(z.string().regex(/^[a-z]{2,3}$/), z.array(z.string().min(2).max(64)).max(200)).default(DEFAULT_SIGNAL_WORDS),
      /** A recovery for a customer carrying one of these tags is escalated. */
      highValueTags: z.array(z.string().min(1).max(64)).default(['high-value', 'vip']),
    })
    .prefault({}),
});

export const Rules = RulesShape.superRefine(refuseContradictions);
export type Rules = z.infer<typeof Rules>;

type Band = readonly [number, number];
const SCORED = Object.keys(METRIC_SCALES) as ScoredMetric[];

/**
 * Settings that cannot mean what their author meant: a band outside the metric's scale never fires,
 * and a score both thanked and recovered (or thanked and escalated) has no single answer. Refused at
 * startup, synth and `cx-loop rules check` rather than resolved silently by rule order.
 */
function refuseContradictions(rules: z.infer<typeof RulesShape>, ctx: z.RefinementCtx) {
  for (const metric of SCORED) {
    const { min, max } = METRIC_SCALES[metric];
    const bands: Array<[string, Band | undefined]> = [
      ['gratitude', rules.gratitude[metric]],
      ['recovery', rules.recovery[metric]],
      ['escalation', rules.escalation[metric]],
    ];
    for (const [kind, band] of bands) {
      if (band && (band[1] < min || band[0] > max)) {
        ctx.addIssue({ code: 'custom', path: [kind, metric], message: `[${band.join(', ')}] lies outside the ${metric.toUpperCase()} scale ${min}–${max}, so it never applies` });
      }
    }
    const thanked = rules.gratitude[metric];
    for (const [kind, band] of bands.slice(1)) {
      const overlap = band && overlapOf(thanked, band);
      if (overlap) {
        ctx.addIssue({
          code: 'custom',
          path: ['gratitude', metric],
          message: `[${thanked.join(', ')}] overlaps ${kind}.${metric} [${band.join(', ')}]: ${metric.toUpperCase()} ${show(overlap)} would be both thanked and ${kind === 'recovery' ? 'recovered' : 'escalated'}`,
        });
      }
    }
  }
}

const overlapOf = (a: Band, b: Band): Band | undefined => (Math.max(a[0], b[0]) <= Math.min(a[1], b[1]) ? [Math.max(a[0], b[0]), Math.min(a[1], b[1])] : undefined);
const show = ([lo, hi]: Band) => (lo === hi ? `${lo}` : `${lo}–${hi}`);

export const DEFAULT_RULES: Rules = Rules.parse({});
