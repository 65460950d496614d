/**
 * Building blocks of the per-source field mappings (`mappings` in cx-loop.config.json, composed in
 * functions/domain/sources/mappings.ts). Each vendor module declares its own mapping schema with
 * these, in the vendor's own words for a field (Typeform `ref`, SurveyMonkey `questionId`, Qualtrics
 * `field`, HubSpot `property`…), and takes the parsed mapping as its constructor options: the config
 * file and a TypeScript caller reach the same code.
 */
import { z } from 'zod';
import { METRIC_SCALES, type ScoredMetric } from '../../feedback-event';

const SCALES = Object.keys(METRIC_SCALES) as [ScoredMetric, ...ScoredMetric[]];
const scaleList = SCALES.map((m) => `${m} ${METRIC_SCALES[m].min}–${METRIC_SCALES[m].max}`).join(', ');

/** The scale the mapped answer is on; the answer must be a whole number inside it. */
export const MappedMetric = z.enum(SCALES, { error: (issue) => (issue.input === undefined ? 'name the scale the answer is on' : `"${String(issue.input)}" is not a scale: use one of ${scaleList}`) });

/** A non-blank name of something in a vendor payload. */
export const FieldName = (what: string) => z.string({ error: `expected ${what} as a string` }).trim().min(1, `expected ${what}, not an empty string`).max(255);

/**
 * A customer attribute found one of several ways (`{"ref": …}` or `{"hidden": …}`): exactly one key,
 * so a mapping never silently prefers one spelling over another.
 */
export function oneOf<Shape extends Record<string, z.ZodType>>(shape: Shape) {
  const keys = Object.keys(shape);
  return z
    .strictObject(Object.fromEntries(keys.map((k) => [k, shape[k]!.optional()])) as { [K in keyof Shape]: z.ZodOptional<Shape[K]> })
    .superRefine((value, ctx) => {
      const given = keys.filter((k) => (value as Record<string, unknown>)[k] !== undefined);
      if (given.length !== 1) ctx.addIssue({ code: 'custom', message: `give exactly one of ${keys.map((k) => `"${k}"`).join(' or ')}${given.length ? ` (got ${given.join(' and ')})` : ''}` });
    });
}

/** The customer attributes every mapping may place (where the vendor payload has them). */
export const CUSTOMER_FIELDS = ['email', 'name', 'locale'] as const;
