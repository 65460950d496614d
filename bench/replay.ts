/**
 * DynamoDB Local's own cost, without the rest of the stack: replays the DynamoDB requests a bench run
 * recorded (`tsx bench/pipeline-run.ts --record-dynamodb FILE …`) against a fresh DynamoDB Local, as
 * the local runtime starts it, and reports its CPU per request — three passes (a fresh JVM, then
 * warmer ones), then each operation alone on the warm JVM. JVM settings (local/servers/dynamodb.ts)
 * were chosen with it; JAVA_TOOL_OPTIONS adds flags to try.
 *
 *   tsx bench/replay.ts FILE [--concurrency 16]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { provision } from '../local/provision';
import { startDynamoDb } from '../local/servers/dynamodb';
import { startSqs } from '../local/servers/sqs';
import { javaPidForPort } from './cpu';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { concurrency: { type: 'string', default: '16' } } });
const requests = readFileSync(positionals[0]!, 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as { target: string; body: string });
const concurrency = Number(values.concurrency);

const dynamodb = await startDynamoDb({});
const sqs = await startSqs({});
const config = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
await provision(new DynamoDBClient({ ...config, endpoint: dynamodb.url }), new SQSClient({ ...config, endpoint: sqs.url }));
const pid = javaPidForPort(Number(new URL(dynamodb.url).port))!;
const javaCpuMs = () => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
// DynamoDB Local reads the access key and region from the Authorization header; it checks no signature.
const authorization = 'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0';

async function replay(list: typeof requests) {
  let next = 0;
  const errors: Record<string, number> = {};
  const cpuBefore = javaCpuMs();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < list.length) {
        const { target, body } = list[next++]!;
        const res = await fetch(dynamodb.url, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target, authorization }, body });
        const text = await res.text();
        if (res.status !== 200) {
          const key = `${target.split('.')[1]}:${/"__type":"[^"]*#(\w+)/.exec(text)?.[1] ?? res.status}`;
          errors[key] = (errors[key] ?? 0) + 1;
        }
      }
    }),
  );
  const wallMs = performance.now() - started;
  const cpuMs = javaCpuMs() - cpuBefore;
  return { requests: list.length, wallMs: Math.round(wallMs), javaCpuMsPerRequest: Math.round((cpuMs / list.length) * 100) / 100, requestsPerSecond: Math.round((list.length / wallMs) * 1000), errors };
}

try {
  // Errors after the first pass are expected: conditional puts meet the items the first pass wrote.
  for (const pass of [1, 2, 3]) console.log(`pass ${pass}`.padEnd(22), JSON.stringify(await replay(requests)));
  for (const target of new Set(requests.map((r) => r.target))) {
    console.log(target.split('.')[1]!.padEnd(22), JSON.stringify(await replay(requests.filter((r) => r.target === target))));
  }
} finally {
  await dynamodb.stop();
  await sqs.stop();
}
process.exit(0);
