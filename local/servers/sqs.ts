/** fauxqs: an in-memory SQS (and SNS) with long polling, visibility timeouts and DLQ redrive. */
import { startFauxqs } from 'fauxqs';
import type { LocalServer } from './ports';

export async function startSqs(options: { port?: number } = {}): Promise<LocalServer> {
  const server = await startFauxqs({ port: options.port ?? 0, logger: false });
  return { url: `http://127.0.0.1:${server.port}`, stop: () => server.stop() };
}
