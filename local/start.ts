/** `npm start`: the whole pipeline on this machine, no AWS account and no Docker. */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { localPorts, PortInUseError } from './local-ports';
import { startLocalRuntime, type LocalRuntime } from './runtime';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

console.log('cx-loop: starting the local stack…');
let runtime: LocalRuntime;
try {
  /** Documented defaults (README "Local runtime"), each overridable: PORT=3100, CX_PORT_DYNAMODB=8100 npm start. */
  const { api, ...servicePorts } = localPorts();
  runtime = await startLocalRuntime({
    port: api,
    servicePorts,
    dataDir: process.env.CX_LOCAL_DATA ?? path.join(root, '.local-data', 'dynamodb'),
    onError: (where, err) => console.error(`[${where}]`, err instanceof Error ? err.message : err),
  });
} catch (err) {
  // Whatever had started is stopped by now (startLocalRuntime cleans up before it rejects).
  if (err instanceof PortInUseError) {
    console.error(`cx-loop: ${err.message}`);
    process.exit(1);
  }
  throw err;
}

const e = runtime.endpoints;
console.log(`
cx-loop is running locally.

  API (same routes as API Gateway)  ${runtime.apiUrl}
    the CLI finds it by itself; elsewhere: export CX_LOOP_ENDPOINT=${runtime.apiUrl}
    POST ${runtime.apiUrl}/webhooks/{source}
    GET  ${runtime.apiUrl}/health
  Dashboard                         ${runtime.apiUrl}/dashboard
  Email inbox (local SES)           ${e.ses}          JSON: ${runtime.sesStoreUrl}

  AWS-compatible endpoints (point any SDK client or the AWS CLI here, any credentials):
    DynamoDB         ${e.dynamodb}
    SQS, SNS         ${e.sqs}
    SES v2           ${e.ses}
    Comprehend       ${e.comprehend}
    Secrets Manager  ${e.secretsmanager}
    Scheduler        ${e.scheduler}

  Webhook secrets (set WEBHOOK_SECRET_<SOURCE> to override; comma-separate to rotate):
${Object.entries(runtime.webhookSecrets).map(([s, v]) => `    ${s.padEnd(16)} ${v.join(', ')}`).join('\n')}

Try it: npm run demo    Stop: Ctrl-C
`);

const shutdown = async () => {
  console.log('cx-loop: stopping…');
  await runtime.stop();
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
