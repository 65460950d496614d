/**
 * One realistic payload per source for `cx-loop send`, shaped as each vendor sends it (the same
 * shapes as test/fixtures/webhooks). Thin-payload vendors only announce a response; ingest then
 * reads it from the vendor's API, so score and text cannot travel in their notification.
 */
import type { ScoredMetric } from '#domain/feedback-event';
import { CliError } from './errors';

export interface SampleInput {
  /** Unique per send: the vendor's response id, so each send is a new event. */
  id: string;
  metric: ScoredMetric | 'none';
  score?: number;
  text?: string;
  language?: string;
  email?: string;
  name?: string;
  /** The sender's phone number, for SMS sources (Twilio's `From`). */
  phone?: string;
  now: Date;
}

export const THIN_SOURCES = ['surveymonkey', 'qualtrics', 'hubspot'];

type Builder = (s: SampleInput) => string;

const json = (value: unknown) => JSON.stringify(value);
const unix = (d: Date) => Math.floor(d.getTime() / 1000);

/** Sources whose payload can carry only some metrics. */
const METRICS: Readonly<Record<string, readonly string[]>> = {
  typeform: ['nps', 'csat', 'none'],
  zendesk: ['csat', 'none'],
  intercom: ['csat', 'none'],
  twilio: ['nps', 'none'],
};

const BUILDERS: Readonly<Record<string, Builder>> = {
  generic: (s) => json(genericBody(s)),
  'google-forms': (s) => json(genericBody(s)),
  typeform: (s) => {
    const answers: unknown[] = [];
    if (s.metric === 'nps') answers.push({ type: 'number', number: s.score, field: { id: 'nps01', type: 'nps', ref: 'nps' } });
    if (s.metric === 'csat') answers.push({ type: 'number', number: s.score, field: { id: 'csat01', type: 'rating', ref: 'csat' } });
    if (s.text) answers.push({ type: 'text', text: s.text, field: { id: 'why01', type: 'long_text', ref: 'why' } });
    if (s.email) answers.push({ type: 'email', email: s.email, field: { id: 'email01', type: 'email', ref: 'email' } });
    return json({
      event_id: `evt_${s.id}`,
      event_type: 'form_response',
      form_response: {
        form_id: 'cxloopCLI',
        token: s.id,
        submitted_at: s.now.toISOString(),
        hidden: { ...(s.name ? { name: s.name } : {}), ...(s.language ? { lang: s.language } : {}) },
        answers,
      },
    });
  },
  delighted: (s) =>
    json({
      event_type: 'survey_response.created',
      event_data: {
        id: s.id,
        person: { id: `p-${s.id}`, email: s.email ?? null, name: s.name ?? null },
        survey_type: s.metric === 'none' ? 'nps' : s.metric,
        score: s.score ?? null,
        comment: s.text ?? null,
        permalink: `https://app.delighted.com/r/${s.id}`,
        created_at: unix(s.now),
        person_properties: s.language ? { locale: s.language } : null,
      },
    }),
  zendesk: (s) =>
    json({
      ticket_id: String(Date.now() % 1e9),
      score: s.score ?? 'good',
      comment: s.text,
      requester: { id: `r-${s.id}`, email: s.email, name: s.name, locale: s.language },
      rated_at: s.now.toISOString(),
    }),
  intercom: (s) =>
    json({
      type: 'notification_event',
      id: `notif_${s.id}`,
      topic: 'conversation.rating.added',
      created_at: unix(s.now),
      data: {
        type: 'notification_event_data',
        item: {
          type: 'conversation',
          id: s.id,
          source: { type: 'conversation', author: { type: 'user', email: s.email ?? null, name: s.name ?? null } },
          conversation_rating: { rating: s.score ?? null, remark: s.text ?? null, created_at: unix(s.now), contact: { type: 'contact', id: `c-${s.id}` } },
        },
      },
    }),
  formbricks: (s) =>
    json({
      webhookId: 'cli',
      event: 'responseFinished',
      data: {
        id: s.id,
        surveyId: 'cxloopCLI',
        createdAt: s.now.toISOString(),
        finished: true,
        data: { ...(s.metric !== 'none' ? { [s.metric]: s.score } : {}), ...(s.text ? { comment: s.text } : {}) },
        language: s.language ?? null,
        contactAttributes: s.email ? { email: s.email, firstName: s.name } : {},
      },
    }),
  twilio: (s) =>
    new URLSearchParams({
      MessageSid: `SM${s.id.replace(/-/g, '')}`,
      From: s.phone ?? '+14155550100',
      To: '+14155559999',
      Body: [s.score, s.text].filter((p) => p !== undefined).join(' '),
    }).toString(),
  surveymonkey: (s) =>
    json({
      name: 'cx-loop CLI',
      filter_type: 'survey',
      filter_id: '123456789',
      event_type: 'response_completed',
      event_id: s.id,
      object_type: 'response',
      object_id: s.id,
      event_datetime: s.now.toISOString(),
      resources: { survey_id: '123456789', collector_id: '111222333', respondent_id: s.id },
    }),
  qualtrics: (s) =>
    new URLSearchParams({
      Topic: 'surveyengine.completedResponse.SV_cxloopCLI',
      Status: 'Complete',
      SurveyID: 'SV_cxloopCLI',
      ResponseID: `R_${s.id.replace(/-/g, '').slice(0, 15)}`,
      CompletedDate: s.now.toISOString(),
    }).toString(),
  hubspot: (s) =>
    json([{ eventId: Date.now(), subscriptionId: 1, portalId: 1, appId: 1, occurredAt: s.now.getTime(), subscriptionType: 'object.creation', objectId: Date.now() % 1e9, objectTypeId: '0-19', changeSource: 'FEEDBACK', changeFlag: 'NEW' }]),
};

function genericBody(s: SampleInput) {
  return {
    sourceEventId: s.id,
    occurredAt: s.now.toISOString(),
    customer: { ...(s.email ? { email: s.email } : {}), ...(s.name ? { name: s.name } : {}) },
    metric: s.metric === 'none' ? { type: 'none' } : { type: s.metric, score: s.score },
    ...(s.text ? { text: s.text } : {}),
    ...(s.language ? { language: s.language } : {}),
  };
}

/**
 * Sources whose notification cannot carry an email: an SMS has only the sender's number, and thin
 * payloads only name a response (the email, if any, is in the vendor's API record). Silently
 * dropping `--email` would make the loop look broken (no email goes out), so it is refused.
 */
const NO_EMAIL: Readonly<Record<string, string>> = {
  twilio: 'an inbound SMS carries the sender\'s phone number, not an email; use --phone (Twilio replies are stored and counted, and reach the team through escalations, not by email)',
  surveymonkey: 'the notification only names a response; the email comes from the response record in the SurveyMonkey API',
  qualtrics: 'the notification only names a response; the email comes from the response record in the Qualtrics API',
  hubspot: 'the notification only names a feedback submission; the email comes from the submission in the HubSpot API',
};

export function samplePayload(source: string, input: SampleInput): Buffer {
  const build = BUILDERS[source];
  if (!build) throw new CliError(`Unknown source "${source}". Known: ${Object.keys(BUILDERS).join(', ')}.`);
  if (input.email !== undefined && NO_EMAIL[source]) throw new CliError(`--email cannot be sent as ${source}: ${NO_EMAIL[source]}.`);
  if (input.phone !== undefined && source !== 'twilio') throw new CliError('--phone is for --source twilio (the SMS sender).');
  const allowed = METRICS[source];
  if (allowed && !allowed.includes(input.metric)) {
    throw new CliError(`${source} payloads carry ${allowed.filter((m) => m !== 'none').join('/')} scores only; use --metric ${allowed[0]}.`);
  }
  return Buffer.from(build(input));
}
