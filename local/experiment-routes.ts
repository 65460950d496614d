/**
 * Local-only routes that let `npm run demo` (and you) try the recovery experiment without editing
 * cx-loop.config.json or waiting a week:
 * - `PUT /local/experiments/recovery` with `{ "experiment": {…}, "resurvey": {…} }` sets the running
 *   stack's `experiments.recovery` (and `resurvey`), validated by the same schemas as the settings
 *   file; `DELETE` turns it off again. It lasts until `npm start` stops.
 * - `POST /local/scheduler/fast-forward` with `{ "until": "<ISO time>" }` delivers every
 *   EventBridge Scheduler schedule due by then (deferred emails, re-surveys) now, as if that time had
 *   come; answers `{ "delivered": n }`.
 * Deployed stacks have neither route: there, configure the experiment in the settings file.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { RecoveryExperiment, Resurvey } from '../functions/domain/experiments/settings';
import type { Settings } from '../functions/domain/settings';

const Body = z.strictObject({ experiment: RecoveryExperiment, resurvey: Resurvey.optional() });
const FastForward = z.strictObject({ until: z.iso.datetime({ offset: true }) });

export function serveExperimentRoutes(req: IncomingMessage, res: ServerResponse, settings: Settings, fastForward: (until: Date) => Promise<number>): boolean {
  const path = (req.url ?? '').split('?')[0];
  if (path === '/local/experiments/recovery' && (req.method === 'PUT' || req.method === 'DELETE')) {
    void withBody(req, res, (raw) => {
      if (req.method === 'DELETE') {
        delete settings.experiments.recovery;
        return { status: 200, body: { experiment: null } };
      }
      const parsed = Body.safeParse(raw);
      if (!parsed.success) return { status: 400, body: { message: z.prettifyError(parsed.error) } };
      settings.experiments.recovery = parsed.data.experiment;
      if (parsed.data.resurvey) settings.resurvey = parsed.data.resurvey;
      return { status: 200, body: { experiment: settings.experiments.recovery, resurvey: settings.resurvey } };
    });
    return true;
  }
  if (path === '/local/scheduler/fast-forward' && req.method === 'POST') {
    void withBody(req, res, async (raw) => {
      const parsed = FastForward.safeParse(raw);
      if (!parsed.success) return { status: 400, body: { message: z.prettifyError(parsed.error) } };
      return { status: 200, body: { delivered: await fastForward(new Date(parsed.data.until)) } };
    });
    return true;
  }
  return false;
}

type Reply = { status: number; body: unknown };

async function withBody(req: IncomingMessage, res: ServerResponse, handle: (body: unknown) => Reply | Promise<Reply>) {
  let reply: Reply;
  try {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      body = undefined;
    }
    reply = body === undefined ? { status: 400, body: { message: 'the body is not JSON' } } : await handle(body);
  } catch (err) {
    reply = { status: 500, body: { message: (err as Error).message } };
  }
  res.writeHead(reply.status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(reply.body));
}
