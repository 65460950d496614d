/**
 * The local HTTP API answers only requests addressed to a loopback name on its own port: a page
 * whose DNS name is rebound to 127.0.0.1 (Host: evil.attacker.example) gets 421, changes nothing.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpApi, type HttpApiServer } from '../../local/http-api';
import { isLoopbackHost } from '../../local/loopback-host';
import { lambdaContext } from '../../local/lambda-context';

let api: HttpApiServer;
let port: number;
const calls: string[] = [];

beforeAll(async () => {
  const handler = async (event: { routeKey: string }) => {
    calls.push(event.routeKey);
    return { statusCode: 200, body: '{"ok":true}' };
  };
  const context = () => lambdaContext('test', 10);
  api = await startHttpApi([
    { method: 'GET', path: '/customers/{idOrEmail}/export', handler: handler as never, context },
    { method: 'DELETE', path: '/customers/{idOrEmail}', handler: handler as never, context },
  ], { port: 0 });
  port = Number(new URL(api.url).port);
});
afterAll(() => api?.stop());

/** node:http, because fetch will not let a caller choose the Host header. */
function call(method: string, path: string, host: string): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('local HTTP API: Host check against DNS rebinding', () => {
  it('serves localhost, 127.0.0.1 and [::1] on its own port', async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      expect((await call('GET', '/customers/ana%40example.com/export', host)).status, host).toBe(200);
    }
  });

  it('refuses any other Host with 421 problem+json and never runs the handler', async () => {
    const before = calls.length;
    for (const host of ['evil.attacker.example', `evil.attacker.example:${port}`, `localhost:${port + 1}`, 'localhost', `127.0.0.2:${port}`, `localhost.attacker.example:${port}`, `127.0.0.1.nip.io:${port}`]) {
      for (const method of ['GET', 'DELETE']) {
        const res = await call(method, method === 'GET' ? '/customers/ana%40example.com/export' : '/customers/ana%40example.com', host);
        expect(res.status, `${method} ${host}`).toBe(421);
        expect(res.type).toBe('application/problem+json');
        expect(JSON.parse(res.body)).toMatchObject({ status: 421, title: 'Misdirected Request', detail: expect.stringContaining('DNS rebinding') });
      }
    }
    expect(calls.length).toBe(before);
  });

  it('reads Host names exactly', () => {
    expect(isLoopbackHost('localhost', 80)).toBe(true);
    expect(isLoopbackHost(undefined, 3000)).toBe(false);
    expect(isLoopbackHost('', 3000)).toBe(false);
    expect(isLoopbackHost('[::1]:3000', 3000)).toBe(true);
    expect(isLoopbackHost('[::2]:3000', 3000)).toBe(false);
    expect(isLoopbackHost('localhost:3000:3000', 3000)).toBe(false);
  });
});
