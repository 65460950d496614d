/** fauxqs: an in-memory SQS (and SNS) with long polling, visibility timeouts and DLQ redrive. */
import type { AddressInfo } from 'node:net';
import { buildApp } from 'fauxqs';
import type { LocalServer } from './ports';

export async function startSqs(options: { port?: number } = {}): Promise<LocalServer> {
  // fauxqs' own startFauxqs() always listens on 0.0.0.0 (its `host` only names queue URLs), which
  // would let anyone on the network enqueue unsigned events: listen on loopback ourselves.
  const app = buildApp({ logger: false });
  await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, stop: () => app.close() };
}
