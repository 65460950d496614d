/**
 * SurveyMonkey webhooks (API v3) — thin payload.
 * Followed: https://api.surveymonkey.com/v3/docs#webhooks — callbacks carry Sm-Apikey and
 * Sm-Signature = base64 HMAC-SHA1 of the raw body keyed with `api_key&api_secret`; the body is
 * `{event_type, event_id, object_type, object_id, event_datetime, resources.{survey_id,
 * collector_id, respondent_id, recipient_id}}`; SurveyMonkey checks the subscription URL with a
 * HEAD request that must answer 200. The response itself comes from
 * GET /v3/surveys/{survey_id}/responses/{response_id}/details?simple=true (adapters/vendor-api).
 */
import { z } from 'zod';
import { SafeId } from '../feedback-event';
import { parseJsonBody, parseOrProblem } from '../validate';
import { customerFrom, feedbackOrIgnored, nonBlank, revisionFromIso, scoredMetric } from './shared/feedback';
import { assertSignedByAny, requireHeader } from './shared/signature';
import type { ThinPayloadSource } from './shared/thin-payload';
import { signSurveyMonkey } from './sign';

export interface SurveyMonkeyOptions {
  /** Question id of the 0–10 question; default: the first answer whose choice text is 0–10. */
  npsQuestionId?: string;
  /** Question id of the open-ended question; default: the first answer with free text. */
  commentQuestionId?: string;
}

const Callback = z.looseObject({
  event_type: z.string(),
  object_type: z.string().optional(),
  object_id: z.coerce.string().pipe(SafeId),
  resources: z.looseObject({ survey_id: z.coerce.string() }),
});

const Answer = z.looseObject({ simple_text: z.string().optional(), text: z.string().optional(), choice_id: z.string().optional() });
const Question = z.looseObject({ id: z.string(), answers: z.array(Answer).default([]) });
const ResponseDetails = z.looseObject({
  id: z.coerce.string(),
  survey_id: z.coerce.string(),
  date_modified: z.iso.datetime({ offset: true }).optional(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  email_address: z.string().nullish(),
  custom_variables: z.record(z.string(), z.unknown()).nullish(),
  pages: z.array(z.looseObject({ questions: z.array(Question).default([]) })).default([]),
});
type Question = z.infer<typeof Question>;

export function createSurveyMonkeySource(options: SurveyMonkeyOptions = {}): ThinPayloadSource {
  const byId = (questions: Question[], id: string) => questions.find((q) => q.id === id)?.answers[0];

  return {
    name: 'surveymonkey',
    vendor: 'surveymonkey',
    defaultChannel: 'survey',

    handshake: (req) => (req.method === 'HEAD' ? { status: 200 } : undefined),

    verify(req, { secrets }) {
      const presented = requireHeader(req, 'sm-signature');
      assertSignedByAny(secrets, presented, (keyAndSecret) => signSurveyMonkey(req.rawBody, keyAndSecret));
    },

    parse(req) {
      const callback = parseOrProblem(Callback, parseJsonBody(req.rawBody), 'SurveyMonkey callback');
      if (callback.event_type !== 'response_completed' && callback.event_type !== 'response_updated') {
        return { kind: 'ignored', reason: `event_type ${callback.event_type} carries no completed response` };
      }
      const responseId = callback.object_id;
      return { kind: 'fetch', vendor: 'surveymonkey', items: [{ sourceEventId: responseId, responseId, surveyId: callback.resources.survey_id }] };
    },

    complete(fetched, item, now) {
      const response = parseOrProblem(ResponseDetails, fetched, 'SurveyMonkey response');
      const questions = response.pages.flatMap((page) => page.questions);
      const answers = questions.flatMap((q) => q.answers);
      const npsAnswer = options.npsQuestionId
        ? byId(questions, options.npsQuestionId)
        : answers.find((a) => a.choice_id && scoredMetric('nps', a.simple_text));
      const comment = options.commentQuestionId ? byId(questions, options.commentQuestionId) : answers.find((a) => !a.choice_id && a.text);
      const vars = response.custom_variables ?? {};
      return feedbackOrIgnored(
        {
          source: 'surveymonkey',
          sourceEventId: item.sourceEventId,
          occurredAt: response.date_modified ?? now.toISOString(),
          channel: 'survey',
          customer: customerFrom({
            id: vars['customer_id'],
            email: response.email_address,
            name: [response.first_name, response.last_name].filter(Boolean).join(' '),
            locale: vars['locale'],
          }),
          metric: scoredMetric('nps', npsAnswer?.simple_text),
          text: nonBlank(comment?.text),
          sourceRef: { surveyId: response.survey_id },
          revision: revisionFromIso(response.date_modified),
        },
        'SurveyMonkey response',
      );
    },
  };
}

export const surveyMonkeySource = createSurveyMonkeySource();
