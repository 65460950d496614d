/**
 * Zendesk tickets (https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/), idempotent
 * twice over: the create carries `Idempotency-Key: <case id>` (Zendesk replays the first answer for
 * the same key and body, https://developer.zendesk.com/api-reference/ticketing/introduction/#idempotency),
 * and before creating we look the case id up as `external_id` (List Tickets `?external_id=`), which
 * also covers a key Zendesk has already forgotten. So a timeout is simply retried.
 */
import type { CaseRecord } from '#domain/cases/case';
import { zendeskTicket } from '#domain/cases/tickets';
import type { ConnectorCredentials } from './credentials';
import { basicAuth, callJson } from './http';

type Creds = NonNullable<ConnectorCredentials['zendesk']>;

const auth = (creds: Creds) => ({ authorization: basicAuth(`${creds.email}/token`, creds.apiToken) });
const base = (creds: Creds) => creds.baseUrl.replace(/\/$/, '');

export async function findZendeskTicket(creds: Creds, caseId: string): Promise<string | undefined> {
  const { json } = await callJson({
    connector: 'zendesk',
    method: 'GET',
    url: `${base(creds)}/api/v2/tickets.json?external_id=${encodeURIComponent(caseId)}`,
    headers: auth(creds),
    idempotent: true,
  });
  const found = (json as { tickets?: Array<{ id: number | string; external_id?: string }> } | undefined)?.tickets?.find((t) => t.external_id === caseId);
  return found ? String(found.id) : undefined;
}

export async function createZendeskTicket(creds: Creds, c: CaseRecord, caseUrl: string): Promise<{ ticketId: string; created: boolean }> {
  const existing = await findZendeskTicket(creds, c.id);
  if (existing) return { ticketId: existing, created: false };
  const { json } = await callJson({
    connector: 'zendesk',
    method: 'POST',
    url: `${base(creds)}/api/v2/tickets.json`,
    headers: { ...auth(creds), 'idempotency-key': c.id },
    body: zendeskTicket(c, caseUrl),
    idempotent: true,
  });
  const id = (json as { ticket?: { id?: number | string } } | undefined)?.ticket?.id;
  if (id === undefined) throw new Error('zendesk: the create answer carries no ticket id');
  return { ticketId: String(id), created: true };
}
