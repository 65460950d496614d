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
 * a field ref is configured.
 */
import { z } from 'zod';
import { parseJsonBody, parseOrProblem } from '../validate';
import { customerFrom, feedbackOrIgnored, nonBlank, scoredMetric } from './shared/feedback';
import { assertSignedByAny, requireHeader } from './shared/signature';
import { signTypeform } from './sign';
import type { WebhookSource } from './webhook-source';

export interface TypeformOptions {
  /** Field ref of the 0–10 question; default: the first `nps` or `opinion_scale` answer. */
  npsFieldRef?: string;
  /** Field ref of the 1–5 question; default: the first `rating` answer. */
  csatFieldRef?: string;
  /** Field ref of the free-text question; default: the first `long_text` answer. */
  commentFieldRef?: string;
}

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

export function createTypeformSource(options: TypeformOptions = {}): WebhookSource {
  const pick = (answers: Answer[], ref: string | undefined, types: readonly string[]) =>
    ref ? answers.find((a) => a.field.ref === ref) : answers.find((a) => types.includes(a.field.type));

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
      const email = answers.find((a) => a.field.type === 'email')?.email ?? hidden['email'];
      const definitions = new Map((response.definition?.fields ?? []).map((f) => [f.id, f]));
      const scaled = (kind: 'nps' | 'csat') => answers.find((a) => scaleOf(a, definitions.get(a.field.id)) === kind);
      const configured = (ref: string | undefined) => (ref ? answers.find((a) => a.field.ref === ref || definitions.get(a.field.id)?.ref === ref) : undefined);
      const npsAnswer = options.npsFieldRef ? configured(options.npsFieldRef) : scaled('nps');
      const csatAnswer = options.csatFieldRef ? configured(options.csatFieldRef) : scaled('csat');
      const metric = scoredMetric('nps', npsAnswer?.number) ?? scoredMetric('csat', csatAnswer?.number);

      return feedbackOrIgnored(
        {
          source: 'typeform',
          sourceEventId: response.token,
          occurredAt: response.submitted_at,
          channel: 'survey',
          customer: customerFrom({
            id: hidden['customer_id'] ?? hidden['user_id'],
            email,
            name: hidden['name'],
            locale: hidden['locale'] ?? hidden['lang'],
          }),
          metric,
          text: nonBlank(pick(answers, options.commentFieldRef, ['long_text'])?.text),
          sourceRef: { surveyId: response.form_id },
        },
        'Typeform payload',
      );
    },
  };
}

export const typeformSource = createTypeformSource();
