/**
 * Intercom webhooks.
 * Followed: https://developers.intercom.com/docs/webhooks (notification envelope
 * `{type: "notification_event", topic, id, created_at, data.item}`; signed notifications:
 * X-Hub-Signature = `sha1=` + hex HMAC-SHA1 of the raw body with the app's client_secret; the
 * `ping` topic is what "Send test request" delivers) and the Conversation model
 * (`conversation_rating.{rating 1–5, remark, created_at, contact.id}`, `source.author.{email,name}`).
 * Intercom signs with no timestamp, so there is no replay window to enforce.
 */
import { z } from 'zod';
import { parseJsonBody, parseOrProblem } from '../validate';
import { customerFrom, feedbackOrIgnored, isoFromUnixSeconds, revisionFromUnixSeconds, scoredMetric } from './shared/feedback';
import { assertSignedByAny, requireHeader, stripAlgorithmPrefix } from './shared/signature';
import { signIntercom } from './sign';
import type { WebhookSource } from './webhook-source';

const Conversation = z.looseObject({
  id: z.coerce.string(),
  conversation_rating: z
    .looseObject({
      rating: z.number().nullish(),
      remark: z.string().nullish(),
      created_at: z.number().nullish(),
      contact: z.looseObject({ id: z.string().optional(), external_id: z.string().nullish() }).nullish(),
    })
    .nullish(),
  source: z.looseObject({ author: z.looseObject({ email: z.string().nullish(), name: z.string().nullish() }).nullish() }).nullish(),
});

const Notification = z.looseObject({
  type: z.literal('notification_event'),
  topic: z.string(),
  id: z.string().optional(),
  created_at: z.number().optional(),
  data: z.looseObject({ item: z.unknown() }),
});

export const intercomSource: WebhookSource = {
  name: 'intercom',
  defaultChannel: 'chat',

  verify(req, { secrets }) {
    const header = requireHeader(req, 'x-hub-signature');
    stripAlgorithmPrefix(header, 'sha1', 'X-Hub-Signature');
    assertSignedByAny(secrets, header, (secret) => signIntercom(req.rawBody, secret));
  },

  parse(req, now) {
    const note = parseOrProblem(Notification, parseJsonBody(req.rawBody), 'Intercom notification');
    if (note.topic !== 'conversation.rating.added') {
      return { kind: 'ignored', reason: `topic ${note.topic} carries no rating`, sourceEventId: note.id };
    }
    const conversation = parseOrProblem(Conversation, note.data.item, 'Intercom conversation');
    const rating = conversation.conversation_rating;
    const ratedAt = rating?.created_at ?? note.created_at;
    return feedbackOrIgnored(
      {
        source: 'intercom',
        sourceEventId: `conversation-${conversation.id}`,
        occurredAt: ratedAt ? isoFromUnixSeconds(ratedAt) : now.toISOString(),
        channel: 'chat',
        customer: customerFrom({
          id: rating?.contact?.external_id ?? rating?.contact?.id,
          email: conversation.source?.author?.email,
          name: conversation.source?.author?.name,
          emailVerified: true,
        }),
        metric: scoredMetric('csat', rating?.rating),
        text: rating?.remark ?? undefined,
        // Each notification about the rating (a remark added later) is stamped when Intercom created it.
        revision: revisionFromUnixSeconds(note.created_at),
      },
      'Intercom conversation',
    );
  },
};
