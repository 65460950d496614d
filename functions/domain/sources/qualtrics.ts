/**
 * Qualtrics event subscriptions — thin payload.
 * Followed: https://api.qualtrics.com/ (Event Subscriptions: the publicationUrl receives
 * `application/x-www-form-urlencoded` data, not JSON; topic `surveyengine.completedResponse.{SurveyID}`;
 * a subscription may carry a `sharedKey`; the response is read with
 * GET /API/v3/surveys/{surveyId}/responses/{responseId} and X-API-TOKEN, whose `result.values`
 * holds `QIDn` answers, `QIDn_NPS_GROUP` for NPS questions, `QIDn_TEXT` for text entry,
 * `recipientEmail`, `userLanguage`, `endDate`).
 *
 * Two delivery shapes are accepted:
 * - the flat fields the API reference lists (Topic, Status, SurveyID, ResponseID, RecipientID,
 *   CompletedDate, BrandID);
 * - what subscriptions actually post (a genuine delivery quoted on community.qualtrics.com, see
 *   test/fixtures/webhooks/qualtrics/README.md): `Topic`, `MSG` = a JSON string holding SurveyID,
 *   ResponseID, Status, RecipientID, CompletedDate…, and `HMAC` when the subscription has a
 *   sharedKey: 128 hex digits, HMAC-SHA512 of the MSG value keyed with the sharedKey.
 *
 * Authentication: a delivery that carries `HMAC` must match it (the sharedKey is this source's
 * secret). A delivery without one must carry `?token=<secret>` in the publication URL, compared in
 * constant time — the only thing we control when no sharedKey is set. Rotate by subscribing anew,
 * then removing the old subscription. Keep access logs from recording query strings for this route.
 */
import { z } from 'zod';
import { badRequest, unauthorized } from '../problem';
import { parseOrProblem } from '../validate';
import { parseFormBody } from './shared/body';
import { customerFrom, feedbackOrIgnored, nonBlank, scoredMetric } from './shared/feedback';
import { FieldName, MappedMetric } from './shared/mapping';
import { assertSignedByAny } from './shared/signature';
import type { ThinPayloadSource } from './shared/thin-payload';
import { signQualtrics } from './sign';

const Field = FieldName('a key of the response\'s `values` (a QID like "QID3", "QID4_TEXT", or an embedded data field)');
const Located = z.strictObject({ field: Field });

/**
 * Where a Qualtrics response keeps what we read, as keys of the Response API's `result.values`:
 * question ids (`QID1`, `QID2_TEXT`) and embedded data fields under their own names. Unset parts
 * keep the defaults: the question with a `QIDn_NPS_GROUP` value as NPS, the first `QIDn_TEXT` as
 * the comment, `recipientEmail`, `recipientFirstName` + `recipientLastName`, `userLanguage`.
 */
export const QualtricsMapping = z.strictObject({
  score: z.strictObject({ field: Field, metric: MappedMetric }).optional(),
  comment: Located.optional(),
  email: Located.optional(),
  name: Located.optional(),
  locale: Located.optional(),
});
export type QualtricsMapping = z.infer<typeof QualtricsMapping>;

/** Qualtrics ids: a type prefix, an underscore, then letters and digits (SV_…, R_…). */
export const QualtricsSurveyId = z.string().regex(/^SV_[A-Za-z0-9]{1,64}$/, 'expected a Qualtrics survey id (SV_…)');
export const QualtricsResponseId = z.string().regex(/^R_[A-Za-z0-9]{1,64}$/, 'expected a Qualtrics response id (R_…)');

const Event = z.looseObject({
  Topic: z.string(),
  SurveyID: QualtricsSurveyId,
  ResponseID: QualtricsResponseId,
});

const ResponseDoc = z.looseObject({
  result: z.looseObject({ responseId: z.string(), values: z.record(z.string(), z.unknown()) }),
});

/** The event's fields, from MSG (what subscriptions post) or flat form fields (the reference's list). */
function eventFields(form: Record<string, string>): Record<string, unknown> {
  if (form['MSG'] === undefined) return form;
  let msg: unknown;
  try {
    msg = JSON.parse(form['MSG']);
  } catch {
    throw badRequest('Qualtrics MSG is not valid JSON');
  }
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) throw badRequest('Qualtrics MSG is not a JSON object');
  return { ...(msg as Record<string, unknown>), Topic: form['Topic'] };
}

export function createQualtricsSource(mapping: QualtricsMapping = {}): ThinPayloadSource {
  return {
    name: 'qualtrics',
    vendor: 'qualtrics',
    defaultChannel: 'survey',

    verify(req, { secrets }) {
      let form: Record<string, string> = {};
      try {
        form = parseFormBody(req.rawBody);
      } catch {
        // Undecodable bodies carry no HMAC field; the token decides, and parse answers the 400.
      }
      const hmac = form['HMAC'];
      if (hmac !== undefined) {
        // Qualtrics writes lower-case hex; compare case-insensitively so an upper-case copy still matches.
        assertSignedByAny(secrets, hmac.trim().toLowerCase(), (sharedKey) => signQualtrics(form['MSG'] ?? '', sharedKey));
        return;
      }
      const token = req.query['token'];
      if (!token) throw unauthorized('Missing HMAC field or token query parameter');
      assertSignedByAny(secrets, token, (secret) => secret);
    },

    parse(req) {
      const event = parseOrProblem(Event, eventFields(parseFormBody(req.rawBody)), 'Qualtrics event');
      // Brand-prefixed topics exist too (`peopleplus.surveyengine.completedResponse.SV_…`).
      if (!/(^|\.)surveyengine\.completedResponse\./.test(event.Topic)) {
        return { kind: 'ignored', reason: `topic ${event.Topic} carries no completed response` };
      }
      return {
        kind: 'fetch',
        vendor: 'qualtrics',
        items: [{ sourceEventId: event.ResponseID, responseId: event.ResponseID, surveyId: event.SurveyID }],
      };
    },

    complete(fetched, item, now) {
      const { values } = parseOrProblem(ResponseDoc, fetched, 'Qualtrics response').result;
      const keys = Object.keys(values);
      const npsId = keys.find((k) => k.endsWith('_NPS_GROUP'))?.replace(/_NPS_GROUP$/, '');
      const metric = mapping.score ? scoredMetric(mapping.score.metric, values[mapping.score.field]) : npsId ? scoredMetric('nps', values[npsId]) : undefined;
      const commentKey = mapping.comment?.field ?? keys.find((k) => /^QID\d+_TEXT$/.test(k));
      const endDate = typeof values['endDate'] === 'string' ? new Date(values['endDate']) : now;
      const name = [values['recipientFirstName'], values['recipientLastName']].filter((p) => typeof p === 'string' && p).join(' ');
      const located = (where: { field: string } | undefined, fallback: unknown) => (where ? values[where.field] : fallback);
      const locale = located(mapping.locale, values['userLanguage']);
      return feedbackOrIgnored(
        {
          source: 'qualtrics',
          sourceEventId: item.sourceEventId,
          occurredAt: Number.isNaN(endDate.getTime()) ? now.toISOString() : endDate.toISOString(),
          channel: 'survey',
          customer: customerFrom({
            id: values['externalDataReference'],
            email: located(mapping.email, values['recipientEmail']),
            name: located(mapping.name, name),
            locale: typeof locale === 'string' ? locale.replace('_', '-') : undefined,
            // The distribution's recipient is Qualtrics' contact record; another field may be typed by the respondent.
            emailVerified: !mapping.email || mapping.email.field === 'recipientEmail',
          }),
          metric,
          text: commentKey ? nonBlank(values[commentKey]) : undefined,
          sourceRef: { surveyId: item.surveyId },
        },
        'Qualtrics response',
      );
    },
  };
}

export const qualtricsSource = createQualtricsSource();
