/**
 * The CLI finds the local runtime where `npm start` put it: the same PORT variable, CX_LOOP_ENDPOINT
 * above it, --endpoint above both; its connection error names the URL it tried and how to change it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../local/servers/ports';
import { runCli } from './cli';

describe('cx-loop: which endpoint', () => {
  it('follows PORT like `npm start` does, and says what to set when nothing answers', async () => {
    const port = await freePort();
    const res = await runCli(['send', '--score', '9'], 60_000, { PORT: String(port) });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`Cannot reach http://localhost:${port}/webhooks/generic`);
    expect(res.stderr).toContain('CX_LOOP_ENDPOINT');
  });

  it('prefers CX_LOOP_ENDPOINT over PORT', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.writeHead(202, { 'content-type': 'application/json' }).end('{"id":"x"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const res = await runCli(['send', '--score', '9'], 60_000, { PORT: '1', CX_LOOP_ENDPOINT: `http://127.0.0.1:${port}` });
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
      expect(seen).toEqual(['POST /webhooks/generic']);
    } finally {
      server.close();
    }
  });
});
