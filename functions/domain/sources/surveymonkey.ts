/**
 * SurveyMonkey webhooks (API v3) — thin payload.
 * Followed: https://api.surveymonkey.com/v3/docs#webhooks — callbacks carry Sm-Apikey and
 * Sm-Signature = base64 HMAC-SHA1 of the raw body keyed with `api_key&api_secret`; the body is
 * `{event_type, event_id, object_type, object_id, event_datetime, resources.{survey_id,
 * collector_id, respondent_id, recipient_id}}`; SurveyMonkey checks the subscription URL with a
 * HEAD request that must answer 200. The response itself comes from
 * GET /v3/surveys/{survey_id}/responses/{response_id}/details (adapters/vendor-api).
 *
 * The documented details response names a chosen answer by `choice_id` only; `simple=true` adds
 * `simple_text`, but a score must not depend on it. So the fetcher also reads the survey's own
 * definition (GET /v3/surveys/{id}/details: each question's `answers.choices[]` with `id`,
 * `text`, `weight`, `position`) and a chosen choice is resolved there when it has no text.
 * An NPS question is one whose choices are exactly 0…10 (by text, else by weight). A mapped score
 * question (`mappings.surveymonkey.score`) is read on its mapped scale without that check, and is then
 * the only score read.
 */
import { z } from 'zod';
import type { Metric, ScoredMetric } from '../feedback-event';
import { parseJsonBody, parseOrProblem } from '../validate';
import { customerFrom, feedbackOrIgnored, nonBlank, revisionFromIso, scoredMetric } from './shared/feedback';
import { FieldName, MappedMetric, oneOf } from './shared/mapping';
import { assertSignedByAny, requireHeader } from './shared/signature';
import type { ThinPayloadSource } from './shared/thin-payload';
import { signSurveyMonkey } from './sign';

/** SurveyMonkey ids are decimal numbers (sent as strings); nothing else may reach an API path. */
export const SurveyMonkeyId = z.coerce.string().regex(/^\d{1,20}$/, 'expected a numeric SurveyMonkey id');

const QuestionId = z.coerce.string().regex(/^\d{1,20}$/, 'expected a SurveyMonkey question id (digits, as in GET /v3/surveys/{id}/details)');
const Located = oneOf({ questionId: QuestionId, customVariable: FieldName('a SurveyMonkey custom variable name') });

/**
 * Where a SurveyMonkey response keeps what we read: question ids, or custom variables of the
 * collector link (`?locale=fr`). Unset parts keep the defaults: the first question whose choices
 * are 0–10 as NPS, the first free-text answer as the comment, the respondent's `email_address`,
 * `first_name` + `last_name`, and the `locale` custom variable.
 */
export const SurveyMonkeyMapping = z.strictObject({
  score: z.strictObject({ questionId: QuestionId, metric: MappedMetric }).optional(),
  comment: z.strictObject({ questionId: QuestionId }).optional(),
  email: Located.optional(),
  name: Located.optional(),
  locale: Located.optional(),
});
export type SurveyMonkeyMapping = z.infer<typeof SurveyMonkeyMapping>;

const Callback = z.looseObject({
  event_type: z.string(),
  object_type: z.string().optional(),
  object_id: SurveyMonkeyId,
  resources: z.looseObject({ survey_id: SurveyMonkeyId }),
});

const Answer = z.looseObject({ simple_text: z.string().optional(), text: z.string().optional(), choice_id: z.coerce.string().optional() });
const Question = z.looseObject({ id: z.coerce.string(), answers: z.array(Answer).default([]) });
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

const Choice = z.looseObject({ id: z.coerce.string(), text: z.string().optional(), weight: z.number().optional(), position: z.number().optional() });
const SurveyDetails = z.looseObject({
  pages: z
    .array(
      z.looseObject({
        questions: z.array(z.looseObject({ id: z.coerce.string(), answers: z.looseObject({ choices: z.array(Choice).default([]) }).optional() })).default([]),
      }),
    )
    .default([]),
});
type Choice = z.infer<typeof Choice>;

/** What the fetcher hands over: the response details and, when it could read it, the survey definition. */
const Wrapped = z.looseObject({ response: z.record(z.string(), z.unknown()), survey: z.unknown().optional() });

/** The choice's label as a 0–10 score: its text when numeric, else its weight. */
const choiceScore = (choice: Choice): number | undefined =>
  choice.text !== undefined && /^\s*\d{1,2}\s*$/.test(choice.text) ? Number(choice.text) : choice.weight;

function isNpsQuestion(choices: readonly Choice[]): boolean {
  const scores = choices.map(choiceScore).sort((a, b) => (a ?? -1) - (b ?? -1));
  return scores.length === 11 && scores.every((score, i) => score === i);
}

export function createSurveyMonkeySource(mapping: SurveyMonkeyMapping = {}): ThinPayloadSource {
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
      const wrapped = Wrapped.safeParse(fetched);
      const response = parseOrProblem(ResponseDetails, wrapped.success ? wrapped.data.response : fetched, 'SurveyMonkey response');
      const survey = wrapped.success && wrapped.data.survey !== undefined ? parseOrProblem(SurveyDetails, wrapped.data.survey, 'SurveyMonkey survey') : undefined;
      const choicesOf = new Map(survey?.pages.flatMap((page) => page.questions.map((q) => [q.id, q.answers?.choices ?? []] as const)) ?? []);
      const questions = response.pages.flatMap((page) => page.questions);
      const answers = questions.flatMap((q) => q.answers);
      const byId = (id: string) => questions.find((q) => q.id === id);
      /**
       * The score of a question on `metric`: from the answer's own text (simple=true) or, failing
       * that, the chosen choice in the survey's definition — trusted as a score when the question
       * is mapped, else only when its choices are exactly 0–10.
       */
      const scoreOf = (question: Question | undefined, metric: ScoredMetric, mapped: boolean): Metric | undefined => {
        const answer = question?.answers.find((a) => a.choice_id);
        if (!question) return undefined;
        if (!answer) return mapped ? scoredMetric(metric, question.answers.find((a) => a.text)?.text) : undefined;
        const fromText = scoredMetric(metric, answer.simple_text);
        if (fromText) return fromText;
        const choices = choicesOf.get(question.id) ?? [];
        const chosen = choices.find((c) => c.id === answer.choice_id);
        return chosen && (mapped || isNpsQuestion(choices)) ? scoredMetric(metric, choiceScore(chosen)) : undefined;
      };
      const metric = mapping.score
        ? scoreOf(byId(mapping.score.questionId), mapping.score.metric, true)
        : questions.map((q) => scoreOf(q, 'nps', false)).find((m) => m !== undefined);
      const comment = mapping.comment ? byId(mapping.comment.questionId)?.answers[0] : answers.find((a) => !a.choice_id && a.text);
      const vars = response.custom_variables ?? {};
      const located = (where: { questionId?: string; customVariable?: string } | undefined, fallback: unknown) => {
        if (!where) return fallback;
        if (where.customVariable !== undefined) return vars[where.customVariable];
        const answer = byId(where.questionId!)?.answers[0];
        return answer?.text ?? answer?.simple_text;
      };
      return feedbackOrIgnored(
        {
          source: 'surveymonkey',
          sourceEventId: item.sourceEventId,
          occurredAt: response.date_modified ?? now.toISOString(),
          channel: 'survey',
          customer: customerFrom({
            id: vars['customer_id'],
            email: located(mapping.email, response.email_address),
            name: located(mapping.name, [response.first_name, response.last_name].filter(Boolean).join(' ')),
            locale: located(mapping.locale, vars['locale']),
            // The collector's recipient address is SurveyMonkey's record; a mapped answer is typed by the respondent.
            emailVerified: !mapping.email,
          }),
          metric,
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
