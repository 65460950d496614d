/**
 * Delighted webhooks.
 * Followed: https://app.delighted.com/docs/api/webhooks (event types survey_response.created /
 * .updated / unsubscribe.created; `event_data.{id, person.{id,email,name}, survey_type, score,
 * comment, permalink, created_at (unix s), person_properties}`) and its signing note: every
 * webhook carries X-Delighted-Webhook-Signature, an HMAC SHA-256 digest of the request body keyed
 * with the account's private API key, sent as `sha256=<hex>` (format confirmed from Delighted
 * client code, not from the page itself).
 *
 * `created` usually has only the score and `updated` brings the comment; both use the response id
 * as sourceEventId, so the dedupe store must let the later event update the earlier one.
 */
import { z } from 'zod';
import type { Metric } from '../feedback-event';
import { parseJsonBody, parseOrProblem } from '../validate';
import { customerFrom, feedbackOrIgnored, isoFromUnixSeconds, revisionFromUnixSeconds, scoredMetric } from './shared/feedback';
import { assertSignedByAny, requireHeader } from './shared/signature';
import { signDelighted } from './sign';
import type { WebhookSource } from './webhook-source';

const Envelope = z.looseObject({ event_type: z.string(), event_data: z.unknown() });

const SurveyResponse = z.looseObject({
  id: z.coerce.string(),
  person: z.looseObject({ id: z.coerce.string().optional(), email: z.string().nullish(), name: z.string().nullish() }).optional(),
  survey_type: z.string().optional(),
  score: z.number().nullish(),
  comment: z.string().nullish(),
  permalink: z.string().optional(),
  created_at: z.number(),
  updated_at: z.number().nullish(),
  person_properties: z.record(z.string(), z.unknown()).nullish(),
});

/** Delighted survey types by scale; thumbs/pmf have no matching metric and keep only the comment. */
function metricFor(surveyType: string | undefined, score: number | null | undefined): Metric | undefined {
  switch (surveyType ?? 'nps') {
    case 'nps':
    case 'enps':
      return scoredMetric('nps', score);
    case 'csat':
    case '5star':
    case 'smileys':
      return scoredMetric('csat', score);
    case 'ces':
      return scoredMetric('ces', score);
    default:
      return undefined;
  }
}

export const delightedSource: WebhookSource = {
  name: 'delighted',
  defaultChannel: 'survey',

  verify(req, { secrets }) {
    const presented = requireHeader(req, 'x-delighted-webhook-signature');
    assertSignedByAny(secrets, presented, (apiKey) => signDelighted(req.rawBody, apiKey));
  },

  parse(req) {
    const body = parseOrProblem(Envelope, parseJsonBody(req.rawBody), 'Delighted payload');
    if (!body.event_type.startsWith('survey_response.')) {
      return { kind: 'ignored', reason: `event_type ${body.event_type} carries no response` };
    }
    const response = parseOrProblem(SurveyResponse, body.event_data, 'Delighted event_data');
    const props = response.person_properties ?? {};
    return feedbackOrIgnored(
      {
        source: 'delighted',
        sourceEventId: response.id,
        occurredAt: isoFromUnixSeconds(response.created_at),
        channel: 'survey',
        customer: customerFrom({
          id: response.person?.id,
          email: response.person?.email,
          name: response.person?.name,
          locale: props['locale'] ?? props['Locale'],
          emailVerified: true,
        }),
        metric: metricFor(response.survey_type, response.score),
        text: response.comment ?? undefined,
        sourceRef: { url: response.permalink },
        revision: revisionFromUnixSeconds(response.updated_at),
      },
      'Delighted payload',
    );
  },
};
