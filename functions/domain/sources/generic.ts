/**
 * Generic source: a FeedbackEvent-shaped JSON body signed per the Standard Webhooks spec
 * (https://www.standardwebhooks.com): `webhook-signature: v1,<base64 HMAC-SHA256("id.timestamp.body")>`,
 * secrets `whsec_<base64>`, 5-minute tolerance (enforced by the reference library).
 */
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { z } from 'zod';
import { Channel, Customer, FeedbackDraft, Metric } from '../feedback-event';
import { unauthorized } from '../problem';
import { parseJsonBody, parseOrProblem } from '../validate';
import { requireJsonMediaType } from './shared/body';
import type { SourceResult, WebhookRequest, WebhookSource } from './webhook-source';

const GenericBody = z.object({
  sourceEventId: z.string().optional(),
  occurredAt: z.string().optional(),
  customer: Customer.default({}),
  channel: Channel.default('survey'),
  metric: Metric.default({ type: 'none' }),
  text: z.string().optional(),
  language: z.string().optional(),
  sourceRef: z.unknown().optional(),
  revision: z.number().int().nonnegative().optional(),
});

/** Standard Webhooks verification, shared by every source that signs this way (Formbricks too). */
export function verifyStandardWebhook(req: WebhookRequest, secrets: readonly string[]): void {
  const headers = standardHeaders(req);
  if (!headers) throw unauthorized('Missing webhook-id, webhook-timestamp or webhook-signature header');
  let lastError = 'No matching signature found';
  for (const secret of secrets) {
    try {
      // Verify only: parsing (and its 400) belongs to parse().
      new Webhook(secret).verify(req.rawBody, headers, { jsonParse: false });
      return;
    } catch (err) {
      if (!(err instanceof WebhookVerificationError)) throw unauthorized('Webhook secret is misconfigured');
      lastError = err.message;
    }
  }
  throw unauthorized(lastError);
}

/**
 * A FeedbackEvent-shaped, Standard-Webhooks-signed source under another name, for senders we
 * script ourselves (e.g. the Google Forms Apps Script in docs/sources.md).
 */
export function createStandardWebhooksSource(name: string): WebhookSource {
  return {
    name,
    defaultChannel: 'survey',
    verify: (req, { secrets }) => verifyStandardWebhook(req, secrets),
    parse: (req, now) => parseGenericBody(name, req, now),
  };
}

export const genericSource: WebhookSource = createStandardWebhooksSource('generic');

function parseGenericBody(source: string, req: WebhookRequest, now: Date): SourceResult {
  requireJsonMediaType(req);
  const body = parseOrProblem(GenericBody, parseJsonBody(req.rawBody), 'Feedback body');
  const draft = {
    ...body,
    source,
    sourceEventId: body.sourceEventId ?? req.headers['webhook-id'],
    occurredAt: body.occurredAt ?? now.toISOString(),
  };
  if (draft.metric.type === 'none' && !draft.text?.trim()) {
    return { kind: 'ignored', reason: 'no score and no text', sourceEventId: draft.sourceEventId };
  }
  return { kind: 'feedback', drafts: [parseOrProblem(FeedbackDraft, draft, 'Feedback body')] };
}

function standardHeaders(req: WebhookRequest) {
  const id = req.headers['webhook-id'];
  const timestamp = req.headers['webhook-timestamp'];
  const signature = req.headers['webhook-signature'];
  if (!id || !timestamp || !signature) return undefined;
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature };
}
