/**
 * The one shape every source is normalized into. Validated at the edge (ingest) and trusted
 * everywhere after: queues carry it as JSON and consumers parse it with the same schema.
 */
import { z } from 'zod';

export const CHANNELS = ['survey', 'support_ticket', 'chat', 'email', 'sms', 'review', 'social'] as const;
export const Channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof Channel>;

/** Scale of each survey metric; the score must sit inside it. */
export const METRIC_SCALES = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
} as const;
export type ScoredMetric = keyof typeof METRIC_SCALES;

const scored = (type: ScoredMetric) =>
  z.object({
    type: z.literal(type),
    score: z.number().int().min(METRIC_SCALES[type].min).max(METRIC_SCALES[type].max),
  });

export const Metric = z.discriminatedUnion('type', [
  scored('nps'),
  scored('csat'),
  scored('ces'),
  z.object({ type: z.literal('none') }),
]);
export type Metric = z.infer<typeof Metric>;

/** BCP 47-ish: "en", "pt-BR". Kept loose on purpose — vendors send many casings. */
const LanguageTag = z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'expected a language tag like "en" or "pt-BR"');

const IanaTimezone = z.string().refine(isIanaTimezone, 'expected an IANA timezone like "Europe/Paris"');

/** C0 controls except tab, LF and CR: never part of what a person wrote (NUL, escape, bell…). */
const STRAY_CONTROLS = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F';
const FreeText = z.string().max(20_000).regex(new RegExp(`^[^${STRAY_CONTROLS}]*$`), 'control characters other than tab and line breaks');
/** For vendors' free text, where dropping a stray control beats refusing the customer's words. */
export const withoutStrayControls = (text: string) => text.replace(new RegExp(`[${STRAY_CONTROLS}]`, 'g'), '');
/** A display name is one line: CR/LF or NUL in it can only be an attempt on a header or a log line. */
const PersonName = z.string().max(200).regex(/^[^\u0000-\u001F\u007F]*$/, 'one line of text without control characters');

export const Customer = z.object({
  id: z.string().min(1).max(256).optional(),
  email: z.email().max(254).optional(),
  name: PersonName.optional(),
  locale: LanguageTag.optional(),
  timezone: IanaTimezone.optional(),
  /** Explicit marketing/outreach consent from the source, when the source carries one. */
  consent: z.boolean().optional(),
  tags: z.array(z.string().max(64)).max(20).optional(),
  /**
   * True when the address comes from the vendor's own record of this person (a helpdesk requester,
   * a CRM or messenger contact, a survey distribution's recipient), false or absent when the
   * respondent typed it: anyone can type anyone's address into a public form, so unverified
   * addresses get no quote and no name in emails, and a per-domain hourly cap.
   */
  emailVerified: z.boolean().optional(),
});
export type Customer = z.infer<typeof Customer>;

/** Ids that become keys (dedupe key, vendor API paths). */
export const SafeId = z.string().min(1).max(256).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

export const FeedbackEvent = z.object({
  /** Our id (UUID), minted at ingest. */
  id: z.uuid(),
  /** Webhook source adapter name, e.g. "generic", "typeform". */
  source: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/),
  /** The vendor's id for this response/event; with `source` it is the dedupe key. */
  sourceEventId: SafeId,
  receivedAt: z.iso.datetime({ offset: true }),
  occurredAt: z.iso.datetime({ offset: true }),
  customer: Customer,
  channel: Channel,
  metric: Metric,
  text: FreeText.optional(),
  language: LanguageTag.optional(),
  /** Where the raw payload lives upstream (form id, survey id, ticket id…), for links and dimensions. */
  sourceRef: z
    .object({
      surveyId: z.string().max(256).optional(),
      url: z.url().max(2048).optional(),
    })
    .optional(),
  /**
   * `false` on history backfilled by `cx-loop import` (without `--send`): stored and counted like
   * any feedback, but no email is offered and no escalation raised. Webhook sources never set it.
   */
  outreach: z.boolean().optional(),
  /**
   * Which version of a response this is, for vendors that send a response again as it changes
   * (Delighted's `survey_response.updated`, a Zendesk re-rating, SurveyMonkey's `response_updated`):
   * a number that grows with each version — the vendor's own update time in epoch milliseconds, or
   * its sequence number. A later version replaces the stored one; an earlier or equal one changes
   * nothing (functions/domain/revisions.ts). Absent: the response is never revised.
   */
  revision: z.number().int().nonnegative().optional(),
  /** On a re-survey answer (`source: "pulse"`): the dedupe key of the feedback whose recovery it follows up. */
  resurveyOf: SafeId.optional(),
});
export type FeedbackEvent = z.infer<typeof FeedbackEvent>;

/** What a source adapter produces: everything but the fields ingest mints. */
export const FeedbackDraft = FeedbackEvent.omit({ id: true, receivedAt: true });
export type FeedbackDraft = z.infer<typeof FeedbackDraft>;

export function dedupeKey(event: Pick<FeedbackEvent, 'source' | 'sourceEventId'>): string {
  return `${event.source}#${event.sourceEventId}`;
}

/** True when we have some way to reach the customer. */
export function isReachable(customer: Customer): boolean {
  return Boolean(customer.email);
}

export function isIanaTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
