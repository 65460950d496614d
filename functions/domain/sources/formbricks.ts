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
 * docs/sources.md asks you to use.
 */
import { z } from 'zod';
import { parseJsonBody, parseOrProblem } from '../validate';
import { verifyStandardWebhook } from './generic';
import { customerFrom, feedbackOrIgnored, nonBlank, scoredMetric } from './shared/feedback';
import type { WebhookSource } from './webhook-source';

export interface FormbricksOptions {
  npsQuestionId?: string;
  csatQuestionId?: string;
  cesQuestionId?: string;
  commentQuestionId?: string;
}

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

export function createFormbricksSource(options: FormbricksOptions = {}): WebhookSource {
  const ids = {
    nps: options.npsQuestionId ?? 'nps',
    csat: options.csatQuestionId ?? 'csat',
    ces: options.cesQuestionId ?? 'ces',
    comment: options.commentQuestionId ?? 'comment',
  };
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
      const occurredAt = new Date(response.updatedAt ?? response.createdAt ?? now);
      return feedbackOrIgnored(
        {
          source: 'formbricks',
          sourceEventId: response.id,
          occurredAt: Number.isNaN(occurredAt.getTime()) ? now.toISOString() : occurredAt.toISOString(),
          channel: 'survey',
          customer: customerFrom({
            id: response.contact?.userId ?? response.contact?.id,
            email: attrs['email'],
            name: fullName(attrs),
            locale: response.language ?? attrs['language'],
          }),
          metric:
            scoredMetric('nps', answers[ids.nps]) ??
            scoredMetric('csat', answers[ids.csat]) ??
            scoredMetric('ces', answers[ids.ces]),
          text: nonBlank(answers[ids.comment]),
          sourceRef: { surveyId: response.surveyId },
        },
        'Formbricks payload',
      );
    },
  };
}

export const formbricksSource = createFormbricksSource();
