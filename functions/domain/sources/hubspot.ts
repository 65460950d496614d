/**
 * HubSpot feedback surveys — thin payload.
 * Followed: https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation
 * (X-HubSpot-Signature-v3 = base64 HMAC-SHA256 of method + URI + body + X-HubSpot-Request-Timestamp
 * with the app's client secret, URI with a fixed set of characters URL-decoded; reject
 * timestamps older than 5 minutes), the webhooks API (a JSON array of events
 * `{eventId, subscriptionType, objectId, occurredAt, …}`), and
 * https://developers.hubspot.com/docs/api/crm/feedback-submissions (read-only; GET
 * /crm/v3/objects/feedback_submissions/{id}?properties=…). HubSpot's CSAT is a 3-point scale
 * (0 bad, 1 neutral, 2 good) and is mapped onto our 1–5 CSAT as 1/3/5.
 */
import { z } from 'zod';
import type { Metric } from '../feedback-event';
import { parseJsonBody, parseOrProblem } from '../validate';
import { customerFrom, feedbackOrIgnored, nonBlank, scoredMetric } from './shared/feedback';
import { assertFresh, assertSignedByAny, requireHeader } from './shared/signature';
import type { ThinPayloadSource } from './shared/thin-payload';
import { signHubSpot } from './sign';

/** HubSpot's documented batch ceiling ("under 100 notifications" per request). */
export const MAX_EVENTS_PER_DELIVERY = 100;

/** Feedback submissions' object type id in HubSpot's generic `object.*` subscriptions. */
const FEEDBACK_SUBMISSION_TYPE = '0-19';

/** Properties the fetcher asks for; names from HubSpot's default feedback submission properties. */
export const HUBSPOT_FEEDBACK_PROPERTIES = [
  'hs_survey_type',
  'hs_response_value',
  'hs_content',
  'hs_survey_id',
  'hs_submission_timestamp',
  'hs_contact_email_address',
  'hs_contact_id',
] as const;

/** HubSpot object ids are decimal numbers; nothing else may reach an API path. */
export const HubSpotObjectId = z.coerce.string().regex(/^\d{1,20}$/, 'expected a numeric HubSpot object id');

const WebhookEvent = z.looseObject({
  subscriptionType: z.string(),
  objectId: HubSpotObjectId,
  objectTypeId: z.string().optional(),
});

const Submission = z.looseObject({
  id: z.coerce.string(),
  createdAt: z.string().optional(),
  properties: z.record(z.string(), z.string().nullish()),
});

const isFeedbackCreation = (e: z.infer<typeof WebhookEvent>) =>
  e.subscriptionType === 'feedback_submission.creation' ||
  (e.subscriptionType === 'object.creation' && e.objectTypeId === FEEDBACK_SUBMISSION_TYPE);

const HUBSPOT_CSAT: Readonly<Record<string, number>> = { '0': 1, '1': 3, '2': 5 };

function metricFor(surveyType: string | null | undefined, value: string | null | undefined): Metric | undefined {
  switch (surveyType?.toUpperCase()) {
    case 'NPS':
      return scoredMetric('nps', value);
    case 'CSAT':
      return scoredMetric('csat', HUBSPOT_CSAT[value ?? '']);
    case 'CES':
      return scoredMetric('ces', value);
    default:
      return undefined;
  }
}

export const hubSpotSource: ThinPayloadSource = {
  name: 'hubspot',
  vendor: 'hubspot',
  defaultChannel: 'survey',

  verify(req, { secrets, now }) {
    const presented = requireHeader(req, 'x-hubspot-signature-v3');
    const timestamp = requireHeader(req, 'x-hubspot-request-timestamp');
    assertFresh(new Date(/^\d+$/.test(timestamp) ? Number(timestamp) : Number.NaN), now);
    assertSignedByAny(secrets, presented, (clientSecret) =>
      signHubSpot({ method: req.method.toUpperCase(), url: req.url, body: req.rawBody, timestamp }, clientSecret),
    );
  },

  parse(req) {
    // HubSpot batches at most 100 events per request; a longer array is not HubSpot's and would fan
    // out into that many API calls with our token.
    const events = parseOrProblem(z.array(WebhookEvent).min(1).max(MAX_EVENTS_PER_DELIVERY), parseJsonBody(req.rawBody), 'HubSpot events');
    const ids = [...new Set(events.filter(isFeedbackCreation).map((e) => e.objectId))];
    if (ids.length === 0) return { kind: 'ignored', reason: 'no feedback submission events in this batch' };
    return {
      kind: 'fetch',
      vendor: 'hubspot',
      items: ids.map((id) => ({ sourceEventId: `submission-${id}`, responseId: id })),
    };
  },

  complete(fetched, item, now) {
    const { properties: p, createdAt } = parseOrProblem(Submission, fetched, 'HubSpot feedback submission');
    const submittedAt = new Date(p['hs_submission_timestamp'] ?? createdAt ?? now);
    return feedbackOrIgnored(
      {
        source: 'hubspot',
        sourceEventId: item.sourceEventId,
        occurredAt: Number.isNaN(submittedAt.getTime()) ? now.toISOString() : submittedAt.toISOString(),
        channel: 'survey',
        customer: customerFrom({ id: p['hs_contact_id'], email: p['hs_contact_email_address'] }),
        metric: metricFor(p['hs_survey_type'], p['hs_response_value']),
        text: nonBlank(p['hs_content']),
        sourceRef: p['hs_survey_id'] ? { surveyId: p['hs_survey_id'] } : undefined,
      },
      'HubSpot feedback submission',
    );
  },
};
