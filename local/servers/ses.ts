/** aws-ses-v2-local: SES v1/v2 SendEmail with a web inbox at `/` and JSON at `GET /store`. */
import sesModule from 'aws-ses-v2-local';
import { freePort, type LocalServer } from './ports';

// A CommonJS module whose export is `exports.default`: unwrap it whichever way the loader presents it.
const startSesServer = (sesModule as unknown as { default?: typeof sesModule }).default ?? sesModule;

export async function startSes(options: { port?: number } = {}): Promise<LocalServer> {
  const port = options.port || (await freePort());
  const server = await startSesServer({ host: '127.0.0.1', port });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
