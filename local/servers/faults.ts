/**
 * HTTP fault injection for the local chat and helpdesk servers, as a real vendor fails:
 * `down` answers 503 (nothing done), `reset` drops the connection before doing anything
 * (unanswered, nothing done), `crash-after` does the work and then drops the connection (unanswered,
 * but done: the case a retry must not repeat). Set with `POST /local/faults {"mode","count"}` or in code.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type HttpFaultMode = 'down' | 'reset' | 'crash-after';

export class HttpFaults {
  private queue: HttpFaultMode[] = [];
  injected = 0;

  add(mode: HttpFaultMode, count = 1): void {
    for (let i = 0; i < count; i++) this.queue.push(mode);
  }

  clear(): void {
    this.queue = [];
  }

  /** The fault for this request, if any (consumed). Only requests that change something are faulted. */
  take(req: IncomingMessage): HttpFaultMode | undefined {
    if (req.method === 'GET' || req.url?.startsWith('/local/')) return undefined;
    const mode = this.queue.shift();
    if (mode) this.injected++;
    return mode;
  }

  /** Answers `down` and `reset` before the work; returns true when the request is finished. */
  before(mode: HttpFaultMode | undefined, res: ServerResponse): boolean {
    if (mode === 'down') {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '0' });
      res.end('{"error":"service unavailable (injected)"}');
      return true;
    }
    if (mode === 'reset') {
      res.socket?.destroy();
      return true;
    }
    return false;
  }

  /** After the work: `crash-after` drops the answer. Returns true when it did. */
  after(mode: HttpFaultMode | undefined, res: ServerResponse): boolean {
    if (mode !== 'crash-after') return false;
    res.socket?.destroy();
    return true;
  }

  /** `POST /local/faults` handler. */
  handle(body: string, res: ServerResponse): void {
    try {
      const { mode, count } = JSON.parse(body || '{}') as { mode?: HttpFaultMode; count?: number };
      if (mode === undefined) this.clear();
      else if (['down', 'reset', 'crash-after'].includes(mode)) this.add(mode, count ?? 1);
      else throw new Error('mode must be down, reset or crash-after');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ pending: this.queue.length }));
    } catch (err) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: (err as Error).message }));
    }
  }
}

export async function readText(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return body;
}

export function reply(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(payload === undefined ? '' : JSON.stringify(payload));
}
