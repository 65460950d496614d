/**
 * Zendesk webhooks.
 * Followed: https://developer.zendesk.com/documentation/webhooks/verifying/ (X-Zendesk-Webhook-Signature
 * = base64(HMACSHA256(TIMESTAMP + BODY)) with the webhook's signing secret, timestamp from
 * X-Zendesk-Webhook-Signature-Timestamp) and
 * https://developer.zendesk.com/api-reference/webhooks/event-types/webhook-event-types/ (event
 * webhooks are `{type: "zen:event-type:…", …}`; ticket activity goes through triggers instead).
 *
 * Satisfaction arrives through a trigger whose JSON body is the template in docs/sources.md
 * (`score` good/bad — or `{{satisfaction.current_rating}}`, which renders "Good, I'm satisfied" —
 * or 1–5 for the newer numeric CSAT surveys). Mapping: good → CSAT 5, bad → CSAT 1 — the two ends
 * of the scale, so CSAT averages and the satisfied/dissatisfied classes stay meaningful next to
 * 1–5 sources. Zendesk's own event webhooks are verified and acknowledged as ignored.
 *
 * Zendesk renders placeholders with Liquid and pastes the text in unescaped, so the body is read
 * with parseTemplatedJson (a comment with quotes or line breaks still arrives), and
 * `{{ticket.requester.language}}` renders a language *name* ("English", "Deutsch"), mapped back
 * to a tag here. An optional field that is still invalid (a link without a scheme) is dropped
 * with a warning by the shared normalization, never the rating.
 */
import { z } from 'zod';
import type { Metric } from '../feedback-event';
import { parseOrProblem } from '../validate';
import { languageTagOf } from './shared/language-names';
import { parseTemplatedJson } from './shared/templated-json';
import { customerFrom, feedbackOrIgnored, revisionFromIso, scoredMetric } from './shared/feedback';
import { assertFresh, assertSignedByAny, requireHeader } from './shared/signature';
import { signZendesk } from './sign';
import type { WebhookSource } from './webhook-source';

const SatisfactionTrigger = z.looseObject({
  ticket_id: z.coerce.string().regex(/^\d+$/, 'expected a numeric ticket id'),
  score: z.union([z.string(), z.number()]),
  comment: z.string().optional(),
  requester: z
    .looseObject({ id: z.coerce.string().optional(), email: z.string().optional(), name: z.string().optional(), locale: z.string().optional() })
    .default({}),
  rated_at: z.string().optional(),
  ticket_url: z.string().optional(),
});

const ZendeskBody = z.union([z.looseObject({ type: z.string().startsWith('zen:event-type:') }), SatisfactionTrigger]);

const GOOD_BAD: Readonly<Record<string, Metric>> = {
  good: { type: 'csat', score: 5 },
  bad: { type: 'csat', score: 1 },
};

function metricFor(score: string | number): Metric | undefined {
  const word = /^\s*(good|bad)\b/i.exec(String(score))?.[1];
  return (word ? GOOD_BAD[word.toLowerCase()] : undefined) ?? scoredMetric('csat', score);
}

/** `{{ticket.link}}` renders as `acme.zendesk.com/agent/tickets/1`, without a scheme. */
function withScheme(link: string | undefined): string | undefined {
  const trimmed = link?.trim();
  if (!trimmed) return undefined;
  return /^[a-z][a-z0-9+.-]*:/i.test(trimmed) ? trimmed : `https://${trimmed}`;
}

/** Zendesk sends ISO 8601; unix seconds is accepted too so hand-made tests and replays work. */
function signedAt(timestamp: string): Date {
  return /^\d+$/.test(timestamp) ? new Date(Number(timestamp) * 1000) : new Date(timestamp);
}

export const zendeskSource: WebhookSource = {
  name: 'zendesk',
  defaultChannel: 'support_ticket',

  verify(req, { secrets, now }) {
    const presented = requireHeader(req, 'x-zendesk-webhook-signature');
    const timestamp = requireHeader(req, 'x-zendesk-webhook-signature-timestamp');
    assertFresh(signedAt(timestamp), now);
    assertSignedByAny(secrets, presented, (secret) => signZendesk(req.rawBody, secret, timestamp));
  },

  parse(req, now) {
    const body = parseOrProblem(ZendeskBody, parseTemplatedJson(req.rawBody), 'Zendesk payload');
    if ('type' in body) return { kind: 'ignored', reason: `${body.type} carries no feedback` };
    const rating = body as z.infer<typeof SatisfactionTrigger>;
    const ratedAt = rating.rated_at ? new Date(rating.rated_at) : now;
    return feedbackOrIgnored(
      {
        source: 'zendesk',
        sourceEventId: `ticket-${rating.ticket_id}`,
        occurredAt: Number.isNaN(ratedAt.getTime()) ? now.toISOString() : ratedAt.toISOString(),
        channel: 'support_ticket',
        customer: customerFrom({ ...rating.requester, locale: languageTagOf(rating.requester.locale), emailVerified: true }),
        metric: metricFor(rating.score),
        text: rating.comment,
        sourceRef: { surveyId: 'satisfaction', url: withScheme(rating.ticket_url) },
        // A re-rating fires the trigger again: the rating time, else the signed send time, orders the versions.
        revision: revisionFromIso(rating.rated_at) ?? revisionFromIso(req.headers['x-zendesk-webhook-signature-timestamp']),
      },
      'Zendesk payload',
    );
  },
};
