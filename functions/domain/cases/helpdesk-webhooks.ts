/**
 * Ticket status coming back from the helpdesks, verified as each vendor signs:
 * - Zendesk: X-Zendesk-Webhook-Signature = base64 HMAC-SHA256(timestamp + body), timestamp in
 *   X-Zendesk-Webhook-Signature-Timestamp (https://developer.zendesk.com/documentation/webhooks/verifying/),
 *   the same scheme and code as the Zendesk feedback source. Bodies: the trigger template in
 *   docs/cases.md (`ticket_id`, `external_id`, `status`) or a ticket event webhook
 *   (`zen:event-type:ticket.status_changed`, `detail.id`, `event.current`).
 * - Jira: X-Hub-Signature = `sha256=` + hex HMAC-SHA256(body) with the admin webhook's secret
 *   (https://developer.atlassian.com/cloud/jira/platform/webhooks/#secure-admin-webhooks), the
 *   WebSub scheme Delighted uses too. Body: `jira:issue_updated` with the issue's labels and status.
 * Pure: secrets and the clock come in as arguments.
 */
import { z } from 'zod';
import { unauthorized } from '../problem';
import { assertFresh, assertSignedByAny, requireHeader } from '../sources/shared/signature';
import { signDelighted, signZendesk } from '../sources/sign';
import type { WebhookRequest } from '../sources/webhook-source';
import { parseJsonBody, parseOrProblem } from '../validate';
import { CASE_ID } from './case';
import { caseStatusForTicket, jiraLabelOf } from './tickets';

export const HELPDESKS = ['zendesk', 'jira'] as const;
export type Helpdesk = (typeof HELPDESKS)[number];

export interface TicketUpdate {
  helpdesk: Helpdesk;
  ticketId: string;
  /** When the payload names the case itself (Zendesk external_id, the Jira label). */
  caseId?: string;
  status: string;
  /** What the status means for the case; undefined leaves it as it is. */
  to?: 'resolved' | 'contacted';
}

/** Jira signs like Delighted: `sha256=` + hex HMAC-SHA256 of the raw body. */
export const signJira = signDelighted;

const ZendeskTrigger = z.looseObject({
  ticket_id: z.coerce.string().regex(/^\d+$/, 'expected a numeric ticket id'),
  external_id: z.string().optional(),
  status: z.string().min(1),
});
const ZendeskEvent = z.looseObject({
  type: z.string().startsWith('zen:event-type:ticket.'),
  detail: z.looseObject({ id: z.coerce.string(), external_id: z.string().nullish(), status: z.string().optional() }),
  event: z.looseObject({ current: z.string().optional() }).optional(),
});

const signedAt = (timestamp: string) => (/^\d+$/.test(timestamp) ? new Date(Number(timestamp) * 1000) : new Date(timestamp));

export function verifyZendesk(req: WebhookRequest, secrets: readonly string[], now: Date): void {
  const presented = requireHeader(req, 'x-zendesk-webhook-signature');
  const timestamp = requireHeader(req, 'x-zendesk-webhook-signature-timestamp');
  assertFresh(signedAt(timestamp), now);
  assertSignedByAny(secrets, presented, (secret) => signZendesk(req.rawBody, secret, timestamp));
}

export function parseZendesk(req: WebhookRequest): TicketUpdate | undefined {
  const raw = parseJsonBody(req.rawBody);
  const asEvent = ZendeskEvent.safeParse(raw);
  let ticketId: string, externalId: string | undefined, status: string | undefined;
  if (asEvent.success) {
    const { detail, event } = asEvent.data;
    [ticketId, externalId, status] = [detail.id, detail.external_id ?? undefined, event?.current ?? detail.status];
  } else {
    const body = parseOrProblem(ZendeskTrigger, raw, 'Zendesk ticket webhook');
    [ticketId, externalId, status] = [body.ticket_id, body.external_id, body.status];
  }
  if (!status) return undefined;
  const to = caseStatusForTicket('zendesk', status);
  return { helpdesk: 'zendesk', ticketId, ...(externalId && CASE_ID.test(externalId) ? { caseId: externalId } : {}), status, ...(to ? { to } : {}) };
}

const JiraIssueEvent = z.looseObject({
  webhookEvent: z.string(),
  issue: z.looseObject({
    key: z.string().min(1),
    fields: z.looseObject({
      labels: z.array(z.string()).default([]),
      status: z.looseObject({ name: z.string(), statusCategory: z.looseObject({ key: z.string() }).optional() }).optional(),
    }),
  }),
});

export function verifyJira(req: WebhookRequest, secrets: readonly string[]): void {
  const presented = requireHeader(req, 'x-hub-signature');
  if (!presented.startsWith('sha256=')) throw unauthorized('X-Hub-Signature must start with "sha256="');
  assertSignedByAny(secrets, presented, (secret) => signJira(req.rawBody, secret));
}

export function parseJira(req: WebhookRequest): TicketUpdate | undefined {
  const body = parseOrProblem(JiraIssueEvent, parseJsonBody(req.rawBody), 'Jira webhook');
  const status = body.issue.fields.status;
  if (!body.webhookEvent.startsWith('jira:issue_') || !status) return undefined;
  const caseId = body.issue.fields.labels.map((l) => l.slice(jiraLabelOf('').length)).find((id) => CASE_ID.test(id));
  const to = caseStatusForTicket('jira', status.name, status.statusCategory?.key);
  return { helpdesk: 'jira', ticketId: body.issue.key, ...(caseId ? { caseId } : {}), status: status.name, ...(to ? { to } : {}) };
}
