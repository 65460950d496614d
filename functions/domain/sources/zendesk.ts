/**
 * Zendesk webhooks.
 * Followed: https://developer.zendesk.com/documentation/webhooks/verifying/ (X-Zendesk-Webhook-Signature
 * = base64(HMACSHA256(TIMESTAMP + BODY)) with the webhook's signing secret, timestamp from
 * X-Zendesk-Webhook-Signature-Timestamp) and
 * https://developer.zendesk.com/api-reference/webhooks/event-types/webhook-event-types/ (event
 * webhooks are `{type: "zen:event-type:…", …}`; ticket activity goes through triggers instead).
 *
 * Satisfaction arrives through a trigger whose JSON body is the template in docs/sources.md
 * (`score` good/bad, or 1–5 for the newer numeric CSAT surveys). Mapping: good → CSAT 5,
 * bad → CSAT 1 — the two ends of the scale, so CSAT averages and the satisfied/dissatisfied
 * classes stay meaningful next to 1–5 sources. Zendesk's own event webhooks are verified and
 * acknowledged as ignored: they carry no feedback.
 */
import { z } from 'zod';
import type { Metric } from '../feedback-event';
import { parseJsonBody, parseOrProblem } from '../validate';
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
  return GOOD_BAD[String(score).trim().toLowerCase()] ?? scoredMetric('csat', score);
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
    const body = parseOrProblem(ZendeskBody, parseJsonBody(req.rawBody), 'Zendesk payload');
    if ('type' in body) return { kind: 'ignored', reason: `${body.type} carries no feedback` };
    const rating = body as z.infer<typeof SatisfactionTrigger>;
    const ratedAt = rating.rated_at ? new Date(rating.rated_at) : now;
    return feedbackOrIgnored(
      {
        source: 'zendesk',
        sourceEventId: `ticket-${rating.ticket_id}`,
        occurredAt: Number.isNaN(ratedAt.getTime()) ? now.toISOString() : ratedAt.toISOString(),
        channel: 'support_ticket',
        customer: customerFrom(rating.requester),
        metric: metricFor(rating.score),
        text: rating.comment,
        sourceRef: { surveyId: 'satisfaction', url: rating.ticket_url || undefined },
        // A re-rating fires the trigger again: the rating time, else the signed send time, orders the versions.
        revision: revisionFromIso(rating.rated_at) ?? revisionFromIso(req.headers['x-zendesk-webhook-signature-timestamp']),
      },
      'Zendesk payload',
    );
  },
};
