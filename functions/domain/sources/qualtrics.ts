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
import { assertSignedByAny } from './shared/signature';
import type { ThinPayloadSource } from './shared/thin-payload';
import { signQualtrics } from './sign';

export interface QualtricsOptions {
  /** e.g. "QID1"; default: the question that has a `QIDn_NPS_GROUP` value. */
  npsQuestionId?: string;
  /** e.g. "QID2_TEXT"; default: the first `QIDn_TEXT` value. */
  commentField?: string;
}

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

export function createQualtricsSource(options: QualtricsOptions = {}): ThinPayloadSource {
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
      const npsId = options.npsQuestionId ?? keys.find((k) => k.endsWith('_NPS_GROUP'))?.replace(/_NPS_GROUP$/, '');
      const commentKey = options.commentField ?? keys.find((k) => /^QID\d+_TEXT$/.test(k));
      const endDate = typeof values['endDate'] === 'string' ? new Date(values['endDate']) : now;
      const name = [values['recipientFirstName'], values['recipientLastName']].filter((p) => typeof p === 'string' && p).join(' ');
      return feedbackOrIgnored(
        {
          source: 'qualtrics',
          sourceEventId: item.sourceEventId,
          occurredAt: Number.isNaN(endDate.getTime()) ? now.toISOString() : endDate.toISOString(),
          channel: 'survey',
          customer: customerFrom({
            id: values['externalDataReference'],
            email: values['recipientEmail'],
            name,
            locale: typeof values['userLanguage'] === 'string' ? values['userLanguage'].replace('_', '-') : undefined,
          }),
          metric: npsId ? scoredMetric('nps', values[npsId]) : undefined,
          text: commentKey ? nonBlank(values[commentKey]) : undefined,
          sourceRef: { surveyId: item.surveyId },
        },
        'Qualtrics response',
      );
    },
  };
}

export const qualtricsSource = createQualtricsSource();
