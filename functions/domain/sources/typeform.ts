/**
 * Typeform webhooks.
 * Followed: https://www.typeform.com/developers/webhooks/secure-your-webhooks/ (Typeform-Signature:
 * `sha256=` + base64 HMAC-SHA256 of the raw body with the webhook's secret; no timestamp) and
 * https://www.typeform.com/developers/webhooks/example-payload/ (event_type `form_response`,
 * `form_response.{form_id, token, submitted_at, hidden, definition.fields, answers[]}` where each
 * answer carries `field.{id, type, ref}` and a value under its `type` key).
 *
 * The metric comes from the field's definition, never from a number alone: Typeform's own example
 * payload holds a 1–5 `opinion_scale` and a 1–5 `rating` about the weather, and neither is an NPS
 * or a satisfaction score. A field is NPS when its type is `nps`, or it is an `opinion_scale` whose
 * definition says 11 steps from 0 (or, when the definition carries no steps, whose ref/title says
 * NPS / "recommend"). A field is CSAT when it is a 5-step `rating`/`opinion_scale` from 1 whose
 * ref/title says CSAT / satisfaction. Otherwise the metric is `none` (text is still kept), unless
 * the score's field ref is mapped (`mappings.typeform` in cx-loop.config.json): then that field,
 * and only that one, is the score on the mapped scale — no guessing beside an explicit choice.
 */
import { z } from 'zod';
import { parseJsonBody, parseOrProblem } from '../validate';
import { customerFrom, feedbackOrIgnored, nonBlank, scoredMetric } from './shared/feedback';
import { FieldName, MappedMetric, oneOf } from './shared/mapping';
import { assertSignedByAny, requireHeader } from './shared/signature';
import { signTypeform } from './sign';
import type { WebhookSource } from './webhook-source';

const Ref = FieldName('a Typeform field ref');
const Located = oneOf({ ref: Ref, hidden: FieldName('a Typeform hidden field name') });

/**
 * Where a Typeform response keeps what we read: field refs (the "ref" of a question, editable in the
 * form's settings) or hidden fields. Unset parts keep the defaults: the score from the field whose
 * definition says NPS or CSAT, the first `long_text` answer as the comment, the first `email`
 * answer (else hidden `email`), hidden `name` and `locale`/`lang`.
 */
export const TypeformMapping = z.strictObject({
  score: z.strictObject({ ref: Ref, metric: MappedMetric }).optional(),
  comment: z.strictObject({ ref: Ref }).optional(),
  email: Located.optional(),
  name: Located.optional(),
  locale: Located.optional(),
});
export type TypeformMapping = z.infer<typeof TypeformMapping>;

const Answer = z.looseObject({
  type: z.string(),
  field: z.looseObject({ id: z.string(), type: z.string(), ref: z.string().optional() }),
  text: z.string().optional(),
  number: z.number().optional(),
  email: z.string().optional(),
});
type Answer = z.infer<typeof Answer>;

const FieldDefinition = z.looseObject({
  id: z.string(),
  type: z.string(),
  ref: z.string().optional(),
  title: z.string().optional(),
  properties: z.looseObject({ steps: z.number().optional(), start_at_one: z.boolean().optional() }).optional(),
});
type FieldDefinition = z.infer<typeof FieldDefinition>;

const TypeformBody = z.looseObject({
  event_id: z.string(),
  event_type: z.string(),
  form_response: z
    .looseObject({
      form_id: z.string(),
      token: z.string(),
      submitted_at: z.iso.datetime({ offset: true }),
      hidden: z.record(z.string(), z.unknown()).optional(),
      definition: z.looseObject({ fields: z.array(FieldDefinition).default([]) }).optional(),
      answers: z.array(Answer).default([]),
    })
    .optional(),
});

const NPS_WORDING = /\bnps\b|net[\s_-]?promoter|recommend/i;
const CSAT_WORDING = /\bcsat\b|satisf/i;

/** What a field's definition says its scale is, as far as the payload tells. */
function scaleOf(answer: Answer, definition: FieldDefinition | undefined): 'nps' | 'csat' | undefined {
  const type = answer.field.type;
  const steps = definition?.properties?.steps;
  const fromOne = definition?.properties?.start_at_one;
  const wording = `${answer.field.ref ?? definition?.ref ?? ''} ${definition?.title ?? ''}`;
  if (type === 'nps') return 'nps';
  if (type === 'opinion_scale' && steps === 11 && fromOne !== true) return 'nps';
  if (type === 'opinion_scale' && steps === undefined && NPS_WORDING.test(wording)) return 'nps';
  const fivePoint = type === 'rating' ? (steps ?? 5) === 5 : type === 'opinion_scale' && steps === 5 && fromOne === true;
  const fivePointUnknown = type === 'opinion_scale' && steps === undefined;
  if ((fivePoint || fivePointUnknown) && CSAT_WORDING.test(wording)) return 'csat';
  return undefined;
}

/**
 * What a mapped customer attribute reads from an answer that holds a string (text, email, or a
 * choice's label, e.g. a language picked from a list). `choice` is read loosely, not validated: an
 * odd one must not turn the whole response into a 400.
 */
function answerValue(a: Answer | undefined): unknown {
  const choice = (a as { choice?: { label?: unknown } } | undefined)?.choice;
  return a?.text ?? a?.email ?? (typeof choice === 'object' && choice !== null ? choice.label : undefined);
}

export function createTypeformSource(mapping: TypeformMapping = {}): WebhookSource {
  return {
    name: 'typeform',
    defaultChannel: 'survey',

    verify(req, { secrets }) {
      const presented = requireHeader(req, 'typeform-signature');
      assertSignedByAny(secrets, presented, (secret) => signTypeform(req.rawBody, secret));
    },

    parse(req) {
      const body = parseOrProblem(TypeformBody, parseJsonBody(req.rawBody), 'Typeform payload');
      if (body.event_type !== 'form_response' || !body.form_response) {
        return { kind: 'ignored', reason: `event_type ${body.event_type} carries no response` };
      }
      const response = body.form_response;
      const { answers } = response;
      const hidden = response.hidden ?? {};
      const definitions = new Map((response.definition?.fields ?? []).map((f) => [f.id, f]));
      // Answers carry `field.ref` in newer payloads; older ones name it only in the definition.
      const byRef = (ref: string) => answers.find((a) => a.field.ref === ref || definitions.get(a.field.id)?.ref === ref);
      const located = (where: { ref?: string; hidden?: string } | undefined, fallback: unknown) =>
        !where ? fallback : where.ref !== undefined ? answerValue(byRef(where.ref)) : hidden[where.hidden!];
      const scaled = (kind: 'nps' | 'csat') => answers.find((a) => scaleOf(a, definitions.get(a.field.id)) === kind);
      const metric = mapping.score
        ? scoredMetric(mapping.score.metric, byRef(mapping.score.ref)?.number)
        : (scoredMetric('nps', scaled('nps')?.number) ?? scoredMetric('csat', scaled('csat')?.number));
      const comment = mapping.comment ? byRef(mapping.comment.ref) : answers.find((a) => a.field.type === 'long_text');

      return feedbackOrIgnored(
        {
          source: 'typeform',
          sourceEventId: response.token,
          occurredAt: response.submitted_at,
          channel: 'survey',
          customer: customerFrom({
            id: hidden['customer_id'] ?? hidden['user_id'],
            email: located(mapping.email, answers.find((a) => a.field.type === 'email')?.email ?? hidden['email']),
            name: located(mapping.name, hidden['name']),
            locale: located(mapping.locale, hidden['locale'] ?? hidden['lang']),
          }),
          metric,
          text: nonBlank(comment?.text),
          sourceRef: { surveyId: response.form_id },
        },
        'Typeform payload',
      );
    },
  };
}

export const typeformSource = createTypeformSource();
