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
 *
 * `mappings.hubspot` in cx-loop.config.json names other properties (custom ones included); they are
 * added to the properties the fetcher asks for. A mapped score property is read as is on its
 * mapped scale (no 0–2 conversion: that is HubSpot's own CSAT property only).
 */
import { z } from 'zod';
import type { Metric } from '../feedback-event';
import { parseJsonBody, parseOrProblem } from '../validate';
import { customerFrom, feedbackOrIgnored, nonBlank, scoredMetric } from './shared/feedback';
import { MappedMetric } from './shared/mapping';
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

/** HubSpot internal property names: lower-case letters, digits and underscores (they go into a query string). */
const Property = z.string({ error: 'expected a HubSpot property name as a string' }).regex(/^[a-z][a-z0-9_]{0,99}$/, 'expected a HubSpot internal property name (lower-case letters, digits, underscores), e.g. hs_content');
const Located = z.strictObject({ property: Property });

/**
 * Which feedback submission properties hold what we read. Unset parts keep the defaults:
 * `hs_survey_type` + `hs_response_value` as the score, `hs_content`, `hs_contact_email_address`;
 * no name or locale (HubSpot's submission has none by default).
 */
export const HubSpotMapping = z.strictObject({
  score: z.strictObject({ property: Property, metric: MappedMetric }).optional(),
  comment: Located.optional(),
  email: Located.optional(),
  name: Located.optional(),
  locale: Located.optional(),
});
export type HubSpotMapping = z.infer<typeof HubSpotMapping>;

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

export function createHubSpotSource(mapping: HubSpotMapping = {}): ThinPayloadSource {
  const mapped = [mapping.score, mapping.comment, mapping.email, mapping.name, mapping.locale].flatMap((m) => (m ? [m.property] : []));
  const extra = mapped.filter((p) => !(HUBSPOT_FEEDBACK_PROPERTIES as readonly string[]).includes(p));
  /** Asked for only when the mapping names properties beyond the defaults. */
  const properties = extra.length ? [...HUBSPOT_FEEDBACK_PROPERTIES, ...new Set(extra)] : undefined;
  return {
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
        items: ids.map((id) => ({ sourceEventId: `submission-${id}`, responseId: id, ...(properties ? { properties } : {}) })),
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
          customer: customerFrom({
            id: p['hs_contact_id'],
            email: p[mapping.email?.property ?? 'hs_contact_email_address'],
            name: mapping.name ? p[mapping.name.property] : undefined,
            locale: mapping.locale ? p[mapping.locale.property] : undefined,
            // The submission's contact record is HubSpot's; another property may hold what the respondent typed.
            emailVerified: !mapping.email || mapping.email.property === 'hs_contact_email_address',
          }),
          metric: mapping.score ? scoredMetric(mapping.score.metric, p[mapping.score.property]) : metricFor(p['hs_survey_type'], p['hs_response_value']),
          text: nonBlank(p[mapping.comment?.property ?? 'hs_content']),
          sourceRef: p['hs_survey_id'] ? { surveyId: p['hs_survey_id'] } : undefined,
        },
        'HubSpot feedback submission',
      );
    },
  };
}

export const hubSpotSource = createHubSpotSource();
