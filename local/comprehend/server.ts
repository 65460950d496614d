import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { ENGINE, detectSentiment } from './engine';
import { ComprehendError } from './errors';
import { OPERATIONS } from './operations';

export interface ComprehendServer {
  url: string;
  close(): Promise<void>;
}

const TARGET_PREFIX = 'Comprehend_20171127.';
const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';
// Far above any legal request (25 × 5 KB, or one 100 KB document) but bounded, so a runaway
// client cannot make the local server buffer without limit.
const MAX_BODY_BYTES = 1_000_000;
/** Not sent by AWS: lets callers record which engine scored a text (see functions/adapters/sentiment.ts). */
const ENGINE_HEADER = { 'x-cx-engine': `${ENGINE.name}/${ENGINE.version}` };

/**
 * Local stand-in for Amazon Comprehend speaking AWS JSON 1.1, so the real
 * `@aws-sdk/client-comprehend` works against it unchanged. Signatures are not checked.
 */
export async function startComprehendServer(opts: { port?: number; host?: string } = {}): Promise<ComprehendServer> {
  const host = opts.host ?? '127.0.0.1';
  // Read the learned reader's weights and the English lexicon now, not on the first request: the
  // read blocks the event loop for about a quarter of a second (6 MB of weights), and locally this
  // server shares its process with the handlers, so the first comment would hold up every webhook
  // acknowledged meanwhile. Amazon Comprehend has no such first-call cost for its caller.
  detectSentiment('Thanks, all sorted.', 'en');
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      sendError(res, err instanceof ComprehendError ? err : new ComprehendError('InternalServerException', String(err), 500));
    });
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = await readBody(req);
  if (req.method !== 'POST') {
    throw new ComprehendError('InvalidRequestException', `Method ${req.method ?? '?'} not allowed; Comprehend accepts POST /`);
  }
  const target = req.headers['x-amz-target'];
  const operation = typeof target === 'string' && target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
  const handler = operation === undefined ? undefined : OPERATIONS[operation];
  if (!handler) throw new ComprehendError('UnknownOperationException', `Unknown operation ${String(target)}`);

  sendJson(res, 200, handler(parseBody(raw)));
}

function parseBody(raw: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = raw.length === 0 ? {} : JSON.parse(raw);
  } catch {
    throw new ComprehendError('InvalidRequestException', 'Request body is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ComprehendError('InvalidRequestException', 'Request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ComprehendError('TextSizeLimitExceededException', `Request body exceeds ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': JSON_CONTENT_TYPE,
    'Content-Length': Buffer.byteLength(payload),
    'x-amzn-RequestId': randomUUID(),
    ...ENGINE_HEADER,
    ...headers,
  });
  res.end(payload);
}

function sendError(res: ServerResponse, err: ComprehendError): void {
  if (res.headersSent) return;
  sendJson(res, err.status, { __type: err.type, Message: err.message }, { 'x-amzn-ErrorType': err.type });
}
