/**
 * Formbricks webhooks.
 * Followed: https://formbricks.com/docs/xm-and-surveys/core-features/integrations/webhooks —
 * Formbricks implements Standard Webhooks (webhook-id / webhook-timestamp / webhook-signature
 * `v1,<base64>`, secret `whsec_…` shown when the webhook is created), so verification is the
 * generic source's. Triggers: responseCreated, responseUpdated, responseFinished; the body is
 * `{webhookId, event, data: response}` with `response.data` keyed by question id.
 *
 * The payload carries answers by question id but not question types, so scores are found by
 * id. Formbricks lets you set a question's id in the editor; the defaults below are the ids
 * docs/sources.md asks you to use, and `mappings.formbricks` in cx-loop.config.json names others.
 */
import { z } from 'zod';
import { parseJsonBody, parseOrProblem } from '../validate';
import { verifyStandardWebhook } from './generic';
import { customerFrom, feedbackOrIgnored, nonBlank, scoredMetric } from './shared/feedback';
import { FieldName, MappedMetric, oneOf } from './shared/mapping';
import type { WebhookSource } from './webhook-source';

const QuestionId = FieldName('a Formbricks question id');
const Located = oneOf({ questionId: QuestionId, attribute: FieldName('a Formbricks contact attribute key') });

/**
 * Where a Formbricks response keeps what we read: question ids (keys of `data`, hidden fields
 * included) or contact attributes. Unset parts keep the defaults: questions `nps` (0–10), `csat`
 * (1–5), `ces` (1–7) in that order, `comment`, attributes `email`, `firstName` + `lastName`, and the
 * response's `language`.
 */
export const FormbricksMapping = z.strictObject({
  score: z.strictObject({ questionId: QuestionId, metric: MappedMetric }).optional(),
  comment: z.strictObject({ questionId: QuestionId }).optional(),
  email: Located.optional(),
  name: Located.optional(),
  locale: Located.optional(),
});
export type FormbricksMapping = z.infer<typeof FormbricksMapping>;

const FormbricksBody = z.looseObject({
  event: z.string(),
  data: z.looseObject({
    id: z.string(),
    surveyId: z.string(),
    createdAt: z.string().optional(),
    updatedAt: z.string().optional(),
    finished: z.boolean().optional(),
    data: z.record(z.string(), z.unknown()).default({}),
    language: z.string().nullish(),
    contact: z.looseObject({ id: z.string().optional(), userId: z.string().nullish() }).nullish(),
    contactAttributes: z.record(z.string(), z.unknown()).nullish(),
  }),
});

const fullName = (attrs: Record<string, unknown>) =>
  [attrs['firstName'], attrs['lastName']].filter((part) => typeof part === 'string' && part).join(' ') || undefined;

const DEFAULT_SCORES = [
  { questionId: 'nps', metric: 'nps' },
  { questionId: 'csat', metric: 'csat' },
  { questionId: 'ces', metric: 'ces' },
] as const;

export function createFormbricksSource(mapping: FormbricksMapping = {}): WebhookSource {
  const scores = mapping.score ? [mapping.score] : DEFAULT_SCORES;
  const commentId = mapping.comment?.questionId ?? 'comment';
  return {
    name: 'formbricks',
    defaultChannel: 'survey',
    verify: (req, { secrets }) => verifyStandardWebhook(req, secrets),

    parse(req, now) {
      const body = parseOrProblem(FormbricksBody, parseJsonBody(req.rawBody), 'Formbricks payload');
      const response = body.data;
      if (body.event !== 'responseFinished') {
        return { kind: 'ignored', reason: `${body.event}: only finished responses are acted on`, sourceEventId: response.id };
      }
      const answers = response.data;
      const attrs = response.contactAttributes ?? {};
      const located = (where: { questionId?: string; attribute?: string } | undefined, fallback: unknown) =>
        !where ? fallback : where.attribute !== undefined ? attrs[where.attribute] : answers[where.questionId!];
      const occurredAt = new Date(response.updatedAt ?? response.createdAt ?? now);
      return feedbackOrIgnored(
        {
          source: 'formbricks',
          sourceEventId: response.id,
          occurredAt: Number.isNaN(occurredAt.getTime()) ? now.toISOString() : occurredAt.toISOString(),
          channel: 'survey',
          customer: customerFrom({
            id: response.contact?.userId ?? response.contact?.id,
            email: located(mapping.email, attrs['email']),
            name: located(mapping.name, fullName(attrs)),
            locale: located(mapping.locale, response.language ?? attrs['language']),
          }),
          metric: scores.map((s) => scoredMetric(s.metric, answers[s.questionId])).find((m) => m !== undefined),
          text: nonBlank(answers[commentId]),
          sourceRef: { surveyId: response.surveyId },
        },
        'Formbricks payload',
      );
    },
  };
}

export const formbricksSource = createFormbricksSource();
