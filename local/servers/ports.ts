import { createServer } from 'node:net';

/** A port the OS says is free right now, for servers that cannot listen on port 0 themselves. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface LocalServer {
  url: string;
  stop(): Promise<void>;
}
