/**
 * A local stand-in for API Gateway's HTTP API: matches the same route templates, turns each request
 * into a payload-v2 event for the same handler code, and writes the handler's result back.
 * Like `sam local start-api`, it does not enforce authorizers: routes marked `auth: 'iam'` in the
 * spec (read and admin routes) are open on localhost and SigV4-only in AWS — which is why it listens
 * on 127.0.0.1 only and answers only requests addressed to a loopback name (DNS rebinding).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { refuseForeignHost } from './loopback-host';

export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;

export interface LocalRoute {
  method: string;
  path: string;
  handler: HttpHandler;
  context: () => Context;
}

/** API Gateway refuses bodies above 10 MB before any Lambda runs. */
const GATEWAY_MAX_BYTES = 10 * 1024 * 1024;
const TEXT_TYPES = /^(text\/|application\/(json|.*\+json|x-www-form-urlencoded|xml))/i;

export interface HttpApiServer {
  url: string;
  server: Server;
  stop(): Promise<void>;
}

export async function startHttpApi(
  routes: LocalRoute[],
  options: { port: number; host?: string; fallback?: (req: IncomingMessage, res: ServerResponse) => boolean },
): Promise<HttpApiServer> {
  const compiled = routes.map((r) => ({ ...r, pattern: templateToRegExp(r.path) }));
  const server = createServer(async (req, res) => {
    try {
      // DNS rebinding: a browser tricked into calling us sends a foreign Host (local/loopback-host.ts).
      if (refuseForeignHost(req, res, (server.address() as AddressInfo).port)) return;
      const url = new URL(req.url ?? '/', 'http://local');
      const match = compiled
        .filter((r) => r.method === req.method)
        // A template without parameters matches with no groups: still a match.
        .map((r) => ({ route: r, params: ((m) => (m ? (m.groups ?? {}) : undefined))(r.pattern.exec(url.pathname)) }))
        .find((m) => m.params);
      if (!match) {
        if (options.fallback?.(req, res)) return;
        return send(res, { statusCode: 404, headers: { 'content-type': 'application/json' }, body: '{"message":"Not Found"}' });
      }
      const body = await readBody(req);
      if (body === undefined) return send(res, { statusCode: 413, body: '{"message":"Request Entity Too Large"}' });
      const event = toEvent(req, url, match.route.method, match.route.path, { ...match.params }, body);
      send(res, await match.route.handler(event, match.route.context()));
    } catch {
      // API Gateway's answer when the integration itself fails.
      send(res, { statusCode: 500, headers: { 'content-type': 'application/json' }, body: '{"message":"Internal Server Error"}' });
    }
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    server,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function templateToRegExp(template: string): RegExp {
  const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, '(?<$1>[^/]+)');
  return new RegExp(`^${pattern}$`);
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > GATEWAY_MAX_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function toEvent(req: IncomingMessage, url: URL, method: string, template: string, pathParameters: Record<string, string>, body: Buffer): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  // API Gateway always tells the integration how the caller reached it.
  headers['x-forwarded-proto'] ??= 'http';
  headers['x-forwarded-for'] ??= req.socket.remoteAddress ?? '127.0.0.1';
  const text = TEXT_TYPES.test(headers['content-type'] ?? '');
  const now = new Date();
  const routeKey = `${method} ${template}`;
  const query = url.searchParams.size ? Object.fromEntries(url.searchParams) : undefined;
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(query ? { queryStringParameters: query } : {}),
    pathParameters: Object.fromEntries(Object.entries(pathParameters).map(([k, v]) => [k, decodeURIComponent(v)])),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: crypto.randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length ? { body: text ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !text,
  };
}

function send(res: ServerResponse, result: APIGatewayProxyResultV2) {
  const structured = typeof result === 'string' ? { statusCode: 200, body: result } : result;
  const body = structured.body ?? '';
  res.writeHead(structured.statusCode ?? 200, { ...(structured.headers as Record<string, string> | undefined) });
  res.end(structured.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}
