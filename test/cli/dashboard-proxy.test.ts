/**
 * `cx-loop dashboard`: the loopback proxy forwards only the dashboard's three GET routes to the
 * deployed API, SigV4-signed for execute-api in the API's region, and nothing else.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dashboardProxy } from '../../cli/commands/dashboard';

const realFetch = globalThis.fetch;
const upstream: Array<{ url: string; headers: Record<string, string> }> = [];
let proxy: Awaited<ReturnType<typeof dashboardProxy>>;

beforeAll(async () => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY');
  vi.stubEnv('AWS_PROFILE', '');
  vi.stubGlobal('fetch', async (url: string | URL, init?: RequestInit) => {
    if (String(url).startsWith('http://127.0.0.1')) return realFetch(url, init);
    upstream.push({ url: String(url), headers: init?.headers as Record<string, string> });
    return new Response('{"total":{}}', { headers: { 'content-type': 'application/json', 'x-amzn-requestid': 'r' } });
  });
  proxy = await dashboardProxy({ endpoint: 'https://abc123.execute-api.eu-west-1.amazonaws.com', port: 0 });
});

afterAll(async () => {
  await proxy?.close();
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

describe('cx-loop dashboard proxy', () => {
  it('signs the read routes for execute-api in the API’s region and passes the answer back', async () => {
    const res = await fetch(proxy.url.replace('/dashboard', '/metrics?from=2026-11-01&dimension=channel&value=chat'));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('{"total":{}}');
    expect(res.headers.get('x-amzn-requestid')).toBeNull();
    const call = upstream.at(-1)!;
    expect(call.url).toBe('https://abc123.execute-api.eu-west-1.amazonaws.com/metrics?from=2026-11-01&dimension=channel&value=chat');
    expect(call.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/);
    expect(call.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
  });

  it('forwards nothing but GET /dashboard, /metrics and /feedback', async () => {
    const before = upstream.length;
    expect((await fetch(proxy.url.replace('/dashboard', '/webhooks/generic'))).status).toBe(404);
    expect((await fetch(proxy.url.replace('/dashboard', '/customers/x'), { method: 'DELETE' })).status).toBe(404);
    expect((await fetch(proxy.url, { method: 'POST' })).status).toBe(404);
    expect(upstream.length).toBe(before);
  });

  it('refuses a request for another Host (DNS rebinding) with 421 and signs nothing', async () => {
    const before = upstream.length;
    const port = Number(new URL(proxy.url).port);
    for (const host of ['evil.attacker.example', `evil.attacker.example:${port}`, `localhost:${port + 1}`]) {
      const res = await new Promise<{ status: number; type: string | undefined; body: string }>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path: '/metrics', headers: { host } }, (r) => {
          let body = '';
          r.on('data', (c: Buffer) => (body += c.toString()));
          r.on('end', () => resolve({ status: r.statusCode!, type: r.headers['content-type'], body }));
        }).on('error', reject).end();
      });
      expect(res.status, host).toBe(421);
      expect(res.type).toBe('application/problem+json');
      expect(JSON.parse(res.body).detail).toMatch(/localhost, 127\.0\.0\.1 or \[::1\]/);
    }
    expect(upstream.length).toBe(before);
  });

  it('refuses a non-https endpoint (the local runtime needs no proxy)', async () => {
    await expect(dashboardProxy({ endpoint: 'http://localhost:3000', port: 0 })).rejects.toThrow(/https/);
  });
});
