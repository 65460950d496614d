/** `npm start`: the whole pipeline on this machine, no AWS account and no Docker. */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalRuntime } from './runtime';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT ?? 3000);

console.log('cx-loop: starting the local stack…');
/** Documented defaults (README "Local runtime"), each overridable: CX_PORT_DYNAMODB=8100 npm start. */
const servicePort = (name: string, fallback: number) => Number(process.env[`CX_PORT_${name.toUpperCase()}`] ?? fallback);
const runtime = await startLocalRuntime({
  port,
  servicePorts: {
    dynamodb: servicePort('dynamodb', 8000),
    sqs: servicePort('sqs', 9324),
    ses: servicePort('ses', 8005),
    comprehend: servicePort('comprehend', 8006),
    secretsmanager: servicePort('secretsmanager', 8007),
  },
  dataDir: process.env.CX_LOCAL_DATA ?? path.join(root, '.local-data', 'dynamodb'),
  onError: (where, err) => console.error(`[${where}]`, err instanceof Error ? err.message : err),
});

const e = runtime.endpoints;
console.log(`
cx-loop is running locally.

  API (same routes as API Gateway)  ${runtime.apiUrl}
    POST ${runtime.apiUrl}/webhooks/{source}
    GET  ${runtime.apiUrl}/health
  Dashboard                         ${runtime.apiUrl}/dashboard
  Email inbox (local SES)           ${e.ses}          JSON: ${runtime.sesStoreUrl}
  Chat (Slack/Teams sink)           ${e.chat}/messages
  Helpdesk (Zendesk/Jira)           ${e.helpdesk}/api/v2/tickets.json
  Cases                             ${runtime.apiUrl}/cases

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
