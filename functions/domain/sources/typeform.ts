/**
 * Typeform webhooks.
 * Followed: https://www.typeform.com/developers/webhooks/secure-your-webhooks/ (Typeform-Signature:
 * `sha256=` + base64 HMAC-SHA256 of the raw body with the webhook's secret; no timestamp) and
 * https://www.typeform.com/developers/webhooks/example-payload/ (event_type `form_response`,
 * `form_response.{form_id, token, submitted_at, hidden, definition.fields, answers[]}` where each
 * answer carries `field.{id, type, ref}` and a value under its `type` key).
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

const TypeformBody = z.looseObject({
  event_id: z.string(),
  event_type: z.string(),
  form_response: z
    .looseObject({
      form_id: z.string(),
      token: z.string(),
      submitted_at: z.iso.datetime({ offset: true }),
      hidden: z.record(z.string(), z.unknown()).optional(),
      answers: z.array(Answer).default([]),
    })
    .optional(),
});

const NPS_TYPES = ['nps', 'opinion_scale'];

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
      const metric =
        scoredMetric('nps', pick(answers, options.npsFieldRef, NPS_TYPES)?.number) ??
        scoredMetric('csat', pick(answers, options.csatFieldRef, ['rating'])?.number);

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
