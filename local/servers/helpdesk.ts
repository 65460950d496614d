/**
 * A local helpdesk that answers as Zendesk's Tickets API and Jira's issue API do, so `npm start`
 * shows each case's ticket and a solved ticket can move its case back, signed as the vendors sign.
 * Zendesk (https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/):
 *   POST /api/v2/tickets.json (Basic auth; honours Idempotency-Key: the same key and body replay the
 *   first answer, another body with it is refused), GET /api/v2/tickets.json[?external_id=],
 *   GET|PUT /api/v2/tickets/{id}.json. A PUT that changes the status fires the ticket webhook (a
 *   trigger's JSON body, X-Zendesk-Webhook-Signature) at the configured URL, as a trigger would.
 * Jira: POST /rest/api/2/issue, GET /rest/api/2/search?jql=labels = "…",
 *   PUT /local/jira/{key}/status {"status","category"} fires `jira:issue_updated` (X-Hub-Signature).
 * `POST /local/faults` injects outages (faults.ts).
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signJira } from '../../functions/domain/cases/helpdesk-webhooks';
import { signZendesk } from '../../functions/domain/sources/sign';
import { HttpFaults, readText, reply } from './faults';
import type { LocalServer } from './ports';

export interface LocalTicket {
  id: number;
  external_id?: string;
  subject?: string;
  description?: string;
  priority?: string;
  status: string;
  tags: string[];
  requester?: { email?: string; name?: string };
  assignee_email?: string;
  created_at: string;
  updated_at: string;
}

export interface LocalIssue {
  id: string;
  key: string;
  fields: Record<string, unknown> & { labels: string[]; status: { name: string; statusCategory: { key: string } } };
}

export interface WebhookTarget {
  url: string;
  secret: string;
}

export interface LocalHelpdesk extends LocalServer {
  tickets: LocalTicket[];
  issues: LocalIssue[];
  faults: HttpFaults;
  /** Where ticket status changes are sent (the API's /helpdesk/{vendor} route), once the API is up. */
  webhooks: { zendesk?: WebhookTarget; jira?: WebhookTarget };
  /** Webhook deliveries that failed (status or network), for tests. */
  webhookFailures: string[];
}

export async function startHelpdesk(options: { port?: number } = {}): Promise<LocalHelpdesk> {
  const tickets: LocalTicket[] = [];
  const issues: LocalIssue[] = [];
  const idempotency = new Map<string, { bodyHash: string; status: number; payload: unknown }>();
  const faults = new HttpFaults();
  const helpdesk: Omit<LocalHelpdesk, 'url' | 'stop'> = { tickets, issues, faults, webhooks: {}, webhookFailures: [] };

  const fire = async (target: WebhookTarget | undefined, body: string, headers: Record<string, string>) => {
    if (!target) return;
    try {
      const res = await fetch(target.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      if (!res.ok) helpdesk.webhookFailures.push(`${res.status} ${await res.text()}`);
    } catch (err) {
      helpdesk.webhookFailures.push((err as Error).message);
    }
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = await readText(req);
    if (req.method === 'POST' && url.pathname === '/local/faults') return faults.handle(body, res);
    if (url.pathname.startsWith('/api/v2/') && !/^Basic \S+/.test(req.headers.authorization ?? '')) {
      return reply(res, 401, { error: "Couldn't authenticate you" });
    }
    const fault = faults.take(req);
    if (faults.before(fault, res)) return;
    const json = (() => {
      try {
        return body ? (JSON.parse(body) as Record<string, unknown>) : {};
      } catch {
        return undefined;
      }
    })();
    if (!json) return reply(res, 400, { error: 'InvalidJSON' });
    const now = new Date().toISOString();

    // ——— Zendesk ———
    if (url.pathname === '/api/v2/tickets.json' && req.method === 'GET') {
      const external = url.searchParams.get('external_id');
      const found = external === null ? tickets : tickets.filter((t) => t.external_id === external);
      return reply(res, 200, { tickets: found, count: found.length, next_page: null });
    }
    if (url.pathname === '/api/v2/tickets.json' && req.method === 'POST') {
      const key = req.headers['idempotency-key'];
      const bodyHash = createHash('sha256').update(body).digest('hex');
      const seen = typeof key === 'string' ? idempotency.get(key) : undefined;
      if (seen) {
        if (seen.bodyHash !== bodyHash) return reply(res, 400, { error: 'IdempotentRequestError', description: 'Request parameters do not match the original request for this Idempotency-Key' });
        if (faults.after(fault, res)) return;
        return reply(res, seen.status, seen.payload, { 'x-idempotency-lookup': 'hit' });
      }
      const input = (json.ticket ?? {}) as Record<string, unknown>;
      const ticket: LocalTicket = {
        id: tickets.length + 1,
        ...(typeof input.external_id === 'string' ? { external_id: input.external_id } : {}),
        subject: String(input.subject ?? ''),
        description: String((input.comment as { body?: string } | undefined)?.body ?? ''),
        priority: String(input.priority ?? 'normal'),
        status: 'new',
        tags: (input.tags as string[] | undefined) ?? [],
        ...(input.requester ? { requester: input.requester as LocalTicket['requester'] } : {}),
        ...(typeof input.assignee_email === 'string' ? { assignee_email: input.assignee_email } : {}),
        created_at: now,
        updated_at: now,
      };
      tickets.push(ticket);
      const payload = { ticket };
      if (typeof key === 'string') idempotency.set(key, { bodyHash, status: 201, payload });
      if (faults.after(fault, res)) return;
      return reply(res, 201, payload, { 'x-idempotency-lookup': 'miss' });
    }
    const one = /^\/api\/v2\/tickets\/(\d+)\.json$/.exec(url.pathname);
    if (one) {
      const ticket = tickets.find((t) => t.id === Number(one[1]));
      if (!ticket) return reply(res, 404, { error: 'RecordNotFound' });
      if (req.method === 'PUT') {
        const status = ((json.ticket ?? {}) as { status?: string }).status;
        if (status && status !== ticket.status) {
          ticket.status = status;
          ticket.updated_at = now;
          // As a "ticket updated" trigger with a JSON body would send it.
          const hook = JSON.stringify({ ticket_id: String(ticket.id), external_id: ticket.external_id ?? '', status: ticket.status });
          const target = helpdesk.webhooks.zendesk;
          if (target) await fire(target, hook, { 'x-zendesk-webhook-signature': signZendesk(hook, target.secret, now), 'x-zendesk-webhook-signature-timestamp': now });
        }
      }
      if (faults.after(fault, res)) return;
      return reply(res, 200, { ticket });
    }

    // ——— Jira ———
    if (url.pathname === '/rest/api/2/issue' && req.method === 'POST') {
      const fields = (json.fields ?? {}) as Record<string, unknown>;
      const n = issues.length + 1;
      const issue: LocalIssue = { id: String(10_000 + n), key: `CX-${n}`, fields: { ...fields, labels: (fields.labels as string[] | undefined) ?? [], status: { name: 'Open', statusCategory: { key: 'new' } } } };
      issues.push(issue);
      if (faults.after(fault, res)) return;
      return reply(res, 201, { id: issue.id, key: issue.key, self: `/rest/api/2/issue/${issue.id}` });
    }
    if (url.pathname === '/rest/api/2/search' && req.method === 'GET') {
      const label = /labels\s*=\s*"([^"]+)"/.exec(url.searchParams.get('jql') ?? '')?.[1];
      const found = issues.filter((i) => label !== undefined && i.fields.labels.includes(label));
      return reply(res, 200, { issues: found.map((i) => ({ id: i.id, key: i.key, fields: { labels: i.fields.labels } })), total: found.length });
    }
    const transition = /^\/local\/jira\/([A-Z]+-\d+)\/status$/.exec(url.pathname);
    if (transition && req.method === 'PUT') {
      const issue = issues.find((i) => i.key === transition[1]);
      if (!issue) return reply(res, 404, { errorMessages: ['Issue does not exist'] });
      issue.fields.status = { name: String(json.status ?? 'Done'), statusCategory: { key: String(json.category ?? 'done') } };
      const hook = JSON.stringify({ timestamp: Date.now(), webhookEvent: 'jira:issue_updated', issue });
      const target = helpdesk.webhooks.jira;
      if (target) await fire(target, hook, { 'x-hub-signature': signJira(hook, target.secret) });
      return reply(res, 200, issue);
    }
    return reply(res, 404, { error: `${req.method} ${url.pathname} is not served locally` });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  return Object.assign(helpdesk, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
