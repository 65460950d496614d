/**
 * Every local service listens on 127.0.0.1 only: reachable on loopback, refused on the machine's
 * other addresses (anyone on the network could otherwise read the tables or enqueue unsigned
 * events). And a port already taken — a second `npm start` — ends with one line naming the service,
 * the port and the variable to change, with nothing left running.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer as createTcpServer, connect, type Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startComprehendServer } from '../../local/comprehend/server';
import { startHttpApi } from '../../local/http-api';
import { startDynamoDb } from '../../local/servers/dynamodb';
import type { LocalServer } from '../../local/servers/ports';
import { freePort } from '../../local/servers/ports';
import { startScheduler } from '../../local/servers/scheduler';
import { startSecretsManager } from '../../local/servers/secrets-manager';
import { startSes } from '../../local/servers/ses';
import { startSqs } from '../../local/servers/sqs';

const servers: Record<string, LocalServer> = {};

beforeAll(async () => {
  const [dynamodb, sqs, ses, comprehend, secretsmanager] = await Promise.all([
    startDynamoDb(),
    startSqs(),
    startSes(),
    startComprehendServer().then((s) => ({ url: s.url, stop: () => s.close() })),
    startSecretsManager(0, new Map()),
  ]);
  const scheduler = await startScheduler({ sqsEndpoint: sqs.url });
  const api = await startHttpApi([], { port: 0 });
  Object.assign(servers, { dynamodb, sqs, ses, comprehend, secretsmanager, scheduler, api });
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(Object.values(servers).map((s) => s.stop()));
});

const portOf = (s: LocalServer) => Number(new URL(s.url).port);

/** 'open' when a TCP connection to host:port is accepted, else the error code. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 3000 });
    socket.once('connect', () => (socket.destroy(), resolve('open')));
    socket.once('timeout', () => (socket.destroy(), resolve('timeout')));
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
  });
}

/** Local addresses of LISTEN sockets on `port`, from the kernel's tables (Linux). */
function listeningAddresses(port: number): string[] | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  try {
    return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
      readFileSync(file, 'utf8').split('\n').slice(1).map((line) => line.trim().split(/\s+/))
        .filter((cols) => cols[3] === '0A' && cols[1]?.endsWith(`:${hexPort}`))
        .map((cols) => cols[1]!.split(':')[0]!),
    );
  } catch {
    return undefined;
  }
}
const LOOPBACK_HEX = new Set(['0100007F', '0000000000000000FFFF00000100007F', '00000000000000000000000001000000']);

const otherAddresses = Object.values(networkInterfaces()).flat().filter((a) => a && !a.internal && a.family === 'IPv4').map((a) => a!.address);

describe('local services listen on loopback only', () => {
  it.each(['dynamodb', 'sqs', 'ses', 'comprehend', 'secretsmanager', 'scheduler', 'api'])('%s', async (name) => {
    const port = portOf(servers[name]!);
    expect(await tryConnect('127.0.0.1', port)).toBe('open');
    for (const address of otherAddresses) expect(await tryConnect(address, port), `${name} on ${address}:${port}`).toBe('ECONNREFUSED');
    const listening = listeningAddresses(port);
    if (listening) {
      expect(listening.length).toBeGreaterThan(0);
      for (const hex of listening) expect(LOOPBACK_HEX, `${name} listens on ${hex}`).toContain(hex);
    }
  });
});

describe('a second `npm start`', () => {
  let blocker: Server;
  let taken: number;
  beforeAll(async () => {
    blocker = createTcpServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    taken = (blocker.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

  it('names the busy port and its variable, exits 1 and leaves no process behind', async () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH, HOME: process.env.HOME,
      PORT: String(await freePort()),
      CX_PORT_DYNAMODB: String(await freePort()),
      CX_PORT_SQS: String(taken),
      CX_PORT_SES: String(await freePort()),
      CX_PORT_COMPREHEND: String(await freePort()),
      CX_PORT_SECRETSMANAGER: String(await freePort()),
      CX_LOCAL_DATA: path.join(tmpdir(), `cx-loop-second-start-${process.pid}`),
    };
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], { cwd: root, env });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain(`Port ${taken} is already in use, so the SQS/SNS server cannot start`);
    expect(stderr).toContain(`CX_PORT_SQS=${taken + 100} npm start`);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    // Nothing it spawned outlives it (DynamoDB Local is a JVM).
    const jvms = spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).stdout.split('\n').filter((l) => l.includes('LoopbackDynamoDbLocal') && l.includes(env.CX_PORT_DYNAMODB!));
    expect(jvms).toEqual([]);
  }, 120_000);
});
