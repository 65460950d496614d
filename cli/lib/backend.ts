/**
 * Points the project's own adapters (functions/adapters) at the right tables and queues, so the
 * CLI reads and writes exactly as the Lambdas do. Local: the servers listed by GET /health, with
 * the names the local runtime provisions. AWS (--aws): the same environment variables the Lambdas
 * get (FEEDBACK_TABLE, FEEDBACK_QUEUE_DLQ_URL, …), else the stack's outputs.
 */
import { GetQueueUrlCommand, QueueDoesNotExist, SQSClient } from '@aws-sdk/client-sqs';
import { dlqOf, outputIdOf, QUEUES, TABLES } from '../../lib/pipeline-spec';
import { getJson } from './api';
import { CliError } from './errors';

export interface BackendOptions {
  endpoint: string;
  aws?: boolean;
  stack?: string;
}

/** Environment variable → table name or queue URL, as the handlers read them. */
export type Resources = Record<string, string>;

const LOCAL_PREFIX = 'cx-loop';
/** The id the local runtime serves the customer hash key under (local/runtime.ts). */
const LOCAL_CUSTOMER_HASH_KEY_SECRET_ID = 'cx-loop/customer-hash-key';

const RESOURCE_ENVS = [
  ...Object.values(TABLES).map((t) => t.env),
  ...Object.values(QUEUES).flatMap((q) => [q.env, dlqOf(q).env]),
  // The key behind customer keys (`suppress add <email>` hashes the address as the handlers do).
  'CUSTOMER_HASH_KEY_SECRET_ID',
];

let connected: Promise<Resources> | undefined;

export function useBackend(options: BackendOptions): Promise<Resources> {
  connected ??= (options.aws ? awsResources(options.stack ?? 'CxLoop') : localResources(options.endpoint)).then((resources) => {
    Object.assign(process.env, resources);
    return resources;
  });
  return connected;
}

async function localResources(endpoint: string): Promise<Resources> {
  const health = await getJson<{ endpoints?: Record<string, string> }>(endpoint, '/health');
  const endpoints = health?.endpoints;
  if (!endpoints?.dynamodb || !endpoints.sqs) {
    throw new CliError(`${endpoint}/health lists no local endpoints: is this the local runtime? For a deployed stack, pass --aws.`);
  }
  // The handlers' clients read these when first created, which is after this point.
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    ...(endpoints.secretsmanager ? { AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoints.secretsmanager, CUSTOMER_HASH_KEY_SECRET_ID: LOCAL_CUSTOMER_HASH_KEY_SECRET_ID } : {}),
  });
  delete process.env.AWS_PROFILE;
  const sqs = new SQSClient({ endpoint: endpoints.sqs, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const queueUrl = async (id: string) => {
    try {
      return (await sqs.send(new GetQueueUrlCommand({ QueueName: `${LOCAL_PREFIX}-${id}` }))).QueueUrl!;
    } catch (err) {
      if (!(err instanceof QueueDoesNotExist)) throw err;
      throw new CliError(`The local runtime at ${endpoint} has no queue ${LOCAL_PREFIX}-${id}: it was started from older code. Restart it (npm start).`);
    }
  };
  try {
    const resources: Resources = {};
    for (const table of Object.values(TABLES)) resources[table.env] = `${LOCAL_PREFIX}-${table.id}`;
    for (const queue of Object.values(QUEUES)) {
      resources[queue.env] = await queueUrl(queue.id);
      resources[dlqOf(queue).env] = await queueUrl(dlqOf(queue).id);
    }
    return resources;
  } finally {
    sqs.destroy();
  }
}

async function awsResources(stack: string): Promise<Resources> {
  const fromEnv = Object.fromEntries(RESOURCE_ENVS.flatMap((env) => (process.env[env] ? [[env, process.env[env]!]] : [])));
  if (Object.keys(fromEnv).length === RESOURCE_ENVS.length) return fromEnv;
  const { CloudFormationClient, DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
  const cfn = new CloudFormationClient({});
  try {
    const out = await cfn.send(new DescribeStacksCommand({ StackName: stack }));
    const outputs = new Map((out.Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
    const missing = RESOURCE_ENVS.filter((env) => !fromEnv[env] && !outputs.get(outputIdOf(env)));
    if (missing.length) throw new CliError(`Stack ${stack} has no output for ${missing.join(', ')}; set them as environment variables or redeploy.`);
    return Object.fromEntries(RESOURCE_ENVS.map((env) => [env, fromEnv[env] ?? outputs.get(outputIdOf(env))!]));
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`Cannot read stack ${stack} (${(err as Error).message}). Check AWS_PROFILE/AWS_REGION, or pass --stack.`);
  } finally {
    cfn.destroy();
  }
}
