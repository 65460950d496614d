/**
 * A local chat sink that answers as Slack and Teams do, so `npm start` shows each case's message:
 * - Slack incoming webhook: `POST /slack/webhook` → 200 `ok` (https://api.slack.com/messaging/webhooks);
 * - Slack Web API: `POST /slack/api/chat.postMessage` with a Bearer token → `{ ok: true, ts }`;
 * - Teams workflow webhook: `POST /teams/webhook` → 202.
 * `GET /messages` lists what arrived (JSON); `POST /local/faults` injects outages (faults.ts).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalServer } from './ports';
import { HttpFaults, readText, reply } from './faults';

export interface ChatMessage {
  id: number;
  via: 'slack' | 'teams';
  receivedAt: string;
  body: Record<string, unknown>;
}

export interface LocalChat extends LocalServer {
  messages: ChatMessage[];
  faults: HttpFaults;
  slackWebhookUrl: string;
  teamsWebhookUrl: string;
}

export async function startChat(options: { port?: number } = {}): Promise<LocalChat> {
  const messages: ChatMessage[] = [];
  const faults = new HttpFaults();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = await readText(req);
    if (req.method === 'GET' && url.pathname === '/messages') return reply(res, 200, messages);
    if (req.method === 'POST' && url.pathname === '/local/faults') return faults.handle(body, res);
    const via = url.pathname.startsWith('/slack/') ? 'slack' : url.pathname.startsWith('/teams/') ? 'teams' : undefined;
    if (req.method !== 'POST' || !via) return reply(res, 404, { error: `${req.method} ${url.pathname} is not served locally` });
    const fault = faults.take(req);
    if (faults.before(fault, res)) return;
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(body) as Record<string, unknown>;
    } catch {
      // Slack's own answer to a body it cannot read.
      res.writeHead(400, { 'content-type': 'text/plain' });
      return res.end('invalid_payload');
    }
    const postMessage = url.pathname === '/slack/api/chat.postMessage';
    if (postMessage && !/^Bearer \S+/.test(req.headers.authorization ?? '')) return reply(res, 200, { ok: false, error: 'not_authed' });
    messages.push({ id: messages.length + 1, via, receivedAt: new Date().toISOString(), body: json });
    if (faults.after(fault, res)) return;
    if (postMessage) return reply(res, 200, { ok: true, channel: json.channel, ts: `${Date.now() / 1000}` });
    if (via === 'teams') return reply(res, 202, undefined);
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    messages,
    faults,
    slackWebhookUrl: `${url}/slack/webhook`,
    teamsWebhookUrl: `${url}/teams/webhook`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
