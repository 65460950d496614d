/**
 * DNS rebinding guard for servers bound to 127.0.0.1 (the local HTTP API, the `cx-loop dashboard`
 * proxy). Binding to loopback keeps the network out, but not a web page: a site whose DNS name is
 * re-pointed at 127.0.0.1 makes the visitor's browser send it requests that pass the same-origin
 * check — with `Host: evil.example`. Answering only requests addressed to a loopback name on our own
 * port closes that door (the pattern Vite, webpack-dev-server and Jupyter use).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True when a Host header names this machine's loopback on `port` (no port only for port 80). */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d{1,5}))?$/.exec((host ?? '').trim().toLowerCase());
  if (!m || !LOOPBACK_NAMES.has(m[1]!)) return false;
  return m[2] === undefined ? port === 80 : Number(m[2]) === port;
}

/**
 * Answers 421 Misdirected Request (problem+json) and returns true when the request's Host is not a
 * loopback name on `port`; the caller then stops. Nothing else about the request is looked at.
 */
export function refuseForeignHost(req: IncomingMessage, res: ServerResponse, port: number): boolean {
  if (isLoopbackHost(req.headers.host, port)) return false;
  const shown = (req.headers.host ?? '(none)').replace(/[^\x20-\x7e]/g, '?').slice(0, 100);
  res.writeHead(421, { 'content-type': 'application/problem+json', 'cache-control': 'no-store' });
  res.end(JSON.stringify({
    type: 'about:blank',
    title: 'Misdirected Request',
    status: 421,
    detail: `This local server answers only requests addressed to localhost, 127.0.0.1 or [::1] on port ${port}; Host was "${shown}". Other names are refused so that a web page cannot reach it through DNS rebinding.`,
  }));
  return true;
}
