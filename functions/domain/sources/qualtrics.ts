/**
 * Qualtrics event subscriptions — thin payload.
 * Followed: https://api.qualtrics.com/ (Event Subscriptions: the publication URL receives
 * `application/x-www-form-urlencoded` fields Topic, Status, SurveyID, ResponseID, RecipientID,
 * CompletedDate, BrandID for topic `surveyengine.completedResponse.{SurveyID}`; the response is
 * read with GET /API/v3/surveys/{surveyId}/responses/{responseId} and X-API-TOKEN, whose
 * `result.values` holds `QIDn` answers, `QIDn_NPS_GROUP` for NPS questions, `QIDn_TEXT` for text
 * entry, `recipientEmail`, `userLanguage`, `endDate`).
 *
 * Qualtrics does not sign deliveries and its subscription has no custom headers, so the only
 * thing we control is the publication URL: it carries `?token=<shared secret>`, compared in
 * constant time against every valid secret. Rotate by subscribing the new URL, then removing the
 * old one. Keep API Gateway access logs from recording query strings for this route.
 */
import { z } from 'zod';
import { SafeId } from '../feedback-event';
import { unauthorized } from '../problem';
import { parseOrProblem } from '../validate';
import { parseFormBody } from './shared/body';
import { customerFrom, feedbackOrIgnored, nonBlank, scoredMetric } from './shared/feedback';
import { assertSignedByAny } from './shared/signature';
import type { ThinPayloadSource } from './shared/thin-payload';

export interface QualtricsOptions {
  /** e.g. "QID1"; default: the question that has a `QIDn_NPS_GROUP` value. */
  npsQuestionId?: string;
  /** e.g. "QID2_TEXT"; default: the first `QIDn_TEXT` value. */
  commentField?: string;
}

const Event = z.looseObject({
  Topic: z.string(),
  SurveyID: z.string().min(1),
  ResponseID: SafeId,
});

const ResponseDoc = z.looseObject({
  result: z.looseObject({ responseId: z.string(), values: z.record(z.string(), z.unknown()) }),
});

export function createQualtricsSource(options: QualtricsOptions = {}): ThinPayloadSource {
  return {
    name: 'qualtrics',
    vendor: 'qualtrics',
    defaultChannel: 'survey',

    verify(req, { secrets }) {
      const token = req.query['token'];
      if (!token) throw unauthorized('Missing token query parameter');
      assertSignedByAny(secrets, token, (secret) => secret);
    },

    parse(req) {
      const event = parseOrProblem(Event, parseFormBody(req.rawBody), 'Qualtrics event');
      if (!event.Topic.startsWith('surveyengine.completedResponse.')) {
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
            emailVerified: true,
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
