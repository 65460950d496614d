/**
 * `cx-loop dashboard --endpoint <deployed API URL>`: opens the deployed dashboard in a browser. The
 * read routes need IAM (SigV4) in AWS and a browser cannot sign, so this serves the dashboard on
 * 127.0.0.1 and forwards its GETs (/dashboard, /metrics, /feedback) to the API, signed with your
 * AWS credentials (the usual chain: AWS_PROFILE, SSO, environment…). Nothing else is forwarded,
 * nothing listens beyond this machine, and only requests addressed to localhost/127.0.0.1/[::1] on
 * its port are served (DNS rebinding).
 */
import { createHash, createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SourceData } from '@smithy/types';
import { refuseForeignHost } from '#local/loopback-host';
import { CliError } from '../lib/errors';

export interface DashboardOptions {
  endpoint: string;
  port: number;
  region?: string;
}

const FORWARDED = new Set(['/dashboard', '/metrics', '/feedback']);

/** node:crypto as the signer's hash (SHA-256, or HMAC-SHA-256 with a key). */
class Sha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret ? createHmac('sha256', bytes(secret)) : createHash('sha256');
  }
  update(data: SourceData) {
    this.hash.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
  reset() {}
}

const bytes = (d: SourceData) => (typeof d === 'string' ? d : d instanceof ArrayBuffer ? new Uint8Array(d) : new Uint8Array(d.buffer, d.byteOffset, d.byteLength));

export async function dashboardProxy(options: DashboardOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const api = new URL(options.endpoint);
  if (api.protocol !== 'https:') throw new CliError(`--endpoint must be the deployed https API URL (the local runtime serves ${options.endpoint}/dashboard itself).`);
  const region = options.region ?? /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(api.hostname)?.[1] ?? process.env.AWS_REGION;
  if (!region) throw new CliError('Cannot tell the API\'s region from its URL: pass --region.');
  const signer = new SignatureV4({ service: 'execute-api', region, credentials: defaultProvider(), sha256: Sha256 });

  const server = createServer(async (req, res) => {
    // Requests are signed with the operator's credentials: a page that rebinds its DNS name to
    // 127.0.0.1 must not be able to borrow them (local/loopback-host.ts).
    if (refuseForeignHost(req, res, (server.address() as AddressInfo).port)) return;
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' || !FORWARDED.has(url.pathname)) {
      res.writeHead(url.pathname === '/' ? 302 : 404, url.pathname === '/' ? { location: '/dashboard' } : {});
      res.end();
      return;
    }
    try {
      const signed = await signer.sign({
        method: 'GET',
        protocol: 'https:',
        hostname: api.hostname,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: { host: api.hostname, accept: req.headers.accept ?? '*/*' },
      });
      const upstream = await fetch(`${api.origin}${url.pathname}${url.search}`, { headers: signed.headers });
      res.writeHead(upstream.status, Object.fromEntries([...upstream.headers].filter(([k]) => ['content-type', 'content-security-policy', 'cache-control'].includes(k))));
      res.end(Buffer.from(await upstream.arrayBuffer()));
    } catch (err) {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`Could not reach the API: ${(err as Error).message}`);
    }
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(options.port, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/dashboard`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
