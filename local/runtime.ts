/**
 * The embedded local stack: starts API-compatible servers for DynamoDB, SQS, SES, Comprehend and
 * Secrets Manager, provisions them from the CDK stack's spec, points the real AWS SDK clients at
 * them through AWS_ENDPOINT_URL_<SERVICE>, and runs the unchanged handlers behind a local HTTP API,
 * SQS pollers and timers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { EVENT_SOURCES, FUNCTIONS, QUEUES, ROUTES, SCHEDULES, type FunctionSpec, type ScheduleSpec } from '../lib/pipeline-spec';
import { startComprehendServer } from './comprehend/server';
import { customerHashKeyFor, unsubscribeKeyFromEnv, vendorApiFromEnv, webhookSecretsFromEnv } from './dev-secrets';
import { withoutRequestLog } from '../functions/clients/no-request-log';
import { buildGenerated } from '../functions/generated';
import { serveTemplatesPage } from './templates-page';
import { startHttpApi, type HttpHandler } from './http-api';
import { lambdaContext } from './lambda-context';
import { assertPortFree, PortInUseError, type LocalService } from './local-ports';
import { provision, type ProvisionedResources } from './provision';
import { startChat, type LocalChat } from './servers/chat';
import { startDynamoDb } from './servers/dynamodb';
import { startHelpdesk, type LocalHelpdesk } from './servers/helpdesk';
import type { LocalServer } from './servers/ports';
import { serveExperimentRoutes } from './experiment-routes';
import { startScheduler } from './servers/scheduler';
import { startSecretsManager } from './servers/secrets-manager';
import { startSes } from './servers/ses';
import { startSqs } from './servers/sqs';
import { SqsEventSource, type SqsHandler } from './sqs-event-source';

export interface LocalRuntimeOptions {
  /** API port; 0 picks a free one. */
  port?: number;
  /** Ports for the AWS-compatible servers; omitted ones are picked free (tests). */
  servicePorts?: Partial<Record<keyof Endpoints, number>>;
  /**
   * Compressed time for fault-injection tests: redeliveries after a short visibility timeout and
   * Lambda deadlines that end sooner. Defaults are the spec's values, as deployed.
   */
  timing?: { visibilityTimeoutSeconds?: number; functionTimeoutSeconds?: number };
  /**
   * Overrides the event source mappings (benchmarks compare batch size 1 with the spec's): batch
   * size, and how many batches run at once per queue (Lambda's concurrency).
   */
  eventSources?: { batchSize?: number; concurrency?: number };
  /** Called with the runtime's own SQS client (the event source pollers) once provisioning is done, e.g. to count its calls. */
  instrumentPollers?: (sqs: SQSClient) => void;
  /** Where DynamoDB keeps its data between runs; omit for an in-memory database. */
  dataDir?: string;
  /** Sources to serve (defaults to the settings file's list). */
  sources?: readonly string[];
  /** Extra local-only HTTP routes (dashboard, health…); return true when handled. */
  extraRoutes?: (req: IncomingMessage, res: ServerResponse, runtime: LocalRuntime) => boolean;
  onError?: (where: string, err: unknown) => void;
  /** Wraps each function's handler as it is loaded (the bench's `--trace` times invocations this way). */
  wrapHandler?: <H extends (event: never, context: Context) => Promise<unknown>>(functionId: string, handler: H) => H;
  /** Called with each escalation alert published to the topic; the default prints its rule, reason and link. */
  onEscalation?: (alert: Record<string, unknown>) => void;
}

export interface Endpoints {
  dynamodb: string;
  sqs: string;
  /** fauxqs serves SNS on the SQS endpoint. */
  sns: string;
  ses: string;
  comprehend: string;
  secretsmanager: string;
  scheduler: string;
  /** Slack- and Teams-compatible webhook sink: GET <chat>/messages. */
  chat: string;
  /** Zendesk- and Jira-compatible ticket API: GET <helpdesk>/api/v2/tickets.json. */
  helpdesk: string;
}

export interface LocalRuntime {
  apiUrl: string;
  endpoints: Endpoints;
  /** The SES server's mailbox as JSON. */
  sesStoreUrl: string;
  resources: ProvisionedResources;
  webhookSecrets: Record<string, string[]>;
  /** Escalation alerts published so far (in AWS they reach the topic's subscribers). */
  escalations: Array<Record<string, unknown>>;
  /** The local chat sink (messages, fault injection). */
  chat: LocalChat;
  /** The local helpdesk (tickets, issues, webhooks back to the API, fault injection). */
  helpdesk: LocalHelpdesk;
  invoke(fn: keyof typeof FUNCTIONS, event: unknown): Promise<unknown>;
  /**
   * Stops one AWS-compatible server and starts it again on the same port, as a crash and restart
   * would, then re-creates whatever an in-memory server forgot (tables, queues, topics). Data kept
   * by the server itself (DynamoDB with `dataDir`) survives; messages in the in-memory SQS do not.
   */
  restart(service: 'dynamodb' | 'sqs'): Promise<void>;
  /** Delivers now every scheduler schedule due by `until` (deferred emails, re-surveys), as if that time had come. */
  fastForward(until: Date): Promise<number>;
  stop(): Promise<void>;
}

const SECRETS_ID = 'cx-loop/webhook-secrets';
const VENDOR_API_SECRET_ID = 'cx-loop/vendor-api';
const UNSUBSCRIBE_KEY_SECRET_ID = 'cx-loop/unsubscribe-key';
const CUSTOMER_HASH_KEY_SECRET_ID = 'cx-loop/customer-hash-key';
const CONNECTOR_SECRET_ID = 'cx-loop/connectors';
/** Signing secrets the local helpdesk signs its status webhooks with (development values, like the webhook secrets). */
const LOCAL_HELPDESK_SECRETS = { zendesk: 'cx-loop-local-dev-zendesk-tickets', jira: 'cx-loop-local-dev-jira-issues' };
type Handlers = Record<keyof typeof FUNCTIONS, (event: unknown, context: Context) => Promise<unknown>>;

export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const started: LocalServer[] = [];
  const track = async <T extends LocalServer>(p: Promise<T>) => {
    const server = await p;
    started.push(server);
    return server;
  };
  // Lambda runs Node.js 22; on a Node 20 workstation the SDK's upgrade notice is noise.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  try {
    const { settings } = await import('../functions/settings');
    const webhookSecrets = webhookSecretsFromEnv(options.sources ?? settings.sources);
    const ports = options.servicePorts ?? {};
    const [chat, helpdesk] = await Promise.all([track(startChat({ port: ports.chat ?? 0 })), track(startHelpdesk({ port: ports.helpdesk ?? 0 }))]);
    // A port already taken (a second `npm start`) is named with the variable that moves it, before
    // anything starts — a listener elsewhere could otherwise answer DynamoDB Local's readiness check.
    const apiPort = options.port ?? 3000;
    await Promise.all([['api', apiPort] as const, ...(Object.entries(ports) as Array<[LocalService, number]>)].map(([service, port]) => assertPortFree(service, port)));
    const named = <T>(service: LocalService, port: number | undefined, p: Promise<T>) =>
      p.catch((err: unknown) => {
        throw (err as NodeJS.ErrnoException)?.code === 'EADDRINUSE' && port ? new PortInUseError(service, port) : err;
      });
    // Every start settles before a failure is thrown, so the catch below stops all that did start
    // (a DynamoDB Local JVM still booting when another server failed would otherwise be left running).
    const [dynamodb, sqs, ses, comprehend, secrets] = await allSettledOrThrow([
      track(named('dynamodb', ports.dynamodb, startDynamoDb({ port: ports.dynamodb ?? 0, ...(options.dataDir ? { dataDir: options.dataDir } : {}) }))),
      track(named('sqs', ports.sqs, startSqs({ port: ports.sqs ?? 0 }))),
      track(named('ses', ports.ses, startSes({ port: ports.ses ?? 0 }))),
      track(named('comprehend', ports.comprehend, startComprehendServer({ port: ports.comprehend ?? 0 }).then((s) => ({ url: s.url, stop: () => s.close() })))),
      track(
        named('secretsmanager', ports.secretsmanager, startSecretsManager(
          ports.secretsmanager ?? 0,
          new Map([
            [SECRETS_ID, JSON.stringify(webhookSecrets)],
            [VENDOR_API_SECRET_ID, JSON.stringify(vendorApiFromEnv())],
            [UNSUBSCRIBE_KEY_SECRET_ID, JSON.stringify(unsubscribeKeyFromEnv())],
            [CUSTOMER_HASH_KEY_SECRET_ID, JSON.stringify(customerHashKeyFor(options.dataDir))],
            [CONNECTOR_SECRET_ID, JSON.stringify(localConnectors(chat, helpdesk))],
          ]),
        )),
      ),
    ] as const);
    // EventBridge Scheduler delivers deferred outreach to the queue named by the target ARN.
    const scheduler = await track(named('scheduler', ports.scheduler, startScheduler({ port: ports.scheduler ?? 0, sqsEndpoint: sqs.url, onError: (err) => options.onError?.('scheduler', err) })));
    const endpoints: Endpoints = {
      dynamodb: dynamodb.url,
      sqs: sqs.url,
      sns: sqs.url,
      ses: ses.url,
      comprehend: comprehend.url,
      secretsmanager: secrets.url,
      scheduler: scheduler.url,
      chat: chat.url,
      helpdesk: helpdesk.url,
    };

    Object.assign(process.env, {
      AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
      AWS_ENDPOINT_URL_SQS: endpoints.sqs,
      AWS_ENDPOINT_URL_SESV2: endpoints.ses,
      AWS_ENDPOINT_URL_COMPREHEND: endpoints.comprehend,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoints.secretsmanager,
      AWS_ENDPOINT_URL_SNS: endpoints.sns,
      AWS_ENDPOINT_URL_SCHEDULER: endpoints.scheduler,
      SCHEDULER_GROUP: 'cx-loop-deferrals',
      SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/cx-loop-scheduler',
      WEBHOOK_SECRETS_ID: SECRETS_ID,
      VENDOR_API_SECRET_ID,
      UNSUBSCRIBE_KEY_SECRET_ID,
      CUSTOMER_HASH_KEY_SECRET_ID,
      CONNECTOR_SECRET_ID,
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
      POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
    });
    delete process.env.AWS_PROFILE;

    const clientConfig = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
    const ddbClient = new DynamoDBClient({ ...clientConfig, endpoint: endpoints.dynamodb });
    // The event source pollers' client: without the SDK's per-request log walk, like the handlers' clients.
    const sqsClient = withoutRequestLog(new SQSClient({ ...clientConfig, endpoint: endpoints.sqs }));
    const snsClient = new SNSClient({ ...clientConfig, endpoint: endpoints.sns });
    const provisionOptions = {
      sns: snsClient,
      ...(options.timing?.visibilityTimeoutSeconds ? { visibilityTimeoutSeconds: options.timing.visibilityTimeoutSeconds } : {}),
    };
    const resources = await provision(ddbClient, sqsClient, provisionOptions);
    const restartable = { dynamodb, sqs };
    Object.assign(process.env, resources.env);

    options.instrumentPollers?.(sqsClient);

    // The api handler inlines the dashboard bundle and notify the email templates, as their Lambda bundles do.
    buildGenerated();
    // Imported only now: the handlers' SDK clients read the endpoints above when they are created.
    const handlers = await loadHandlers(options.wrapHandler);
    const contextFor = (spec: FunctionSpec) => () => lambdaContext(`cx-loop-${spec.id}`, options.timing?.functionTimeoutSeconds ?? spec.timeoutSeconds);

    const runtime: LocalRuntime = {
      apiUrl: '',
      endpoints,
      sesStoreUrl: `${endpoints.ses}/store`,
      resources,
      webhookSecrets,
      escalations: [],
      chat,
      helpdesk,
      invoke: (fn, event) => handlers[fn](event, contextFor(FUNCTIONS[fn])()),
      restart: async (service) => {
        const old = restartable[service];
        await old.stop();
        const port = Number(new URL(old.url).port);
        const fresh = service === 'dynamodb'
          ? await startDynamoDb({ port, ...(options.dataDir ? { dataDir: options.dataDir } : {}) })
          : await startSqs({ port });
        started.splice(started.indexOf(old), 1, fresh);
        restartable[service] = fresh;
        await provision(ddbClient, sqsClient, provisionOptions);
      },
      fastForward: (until) => scheduler.fastForward(until),
      stop: async () => undefined,
    };

    const api = await named('api', apiPort, startHttpApi(
      ROUTES.map((r) => ({
        method: r.method,
        path: r.path,
        handler: handlers[r.function as keyof Handlers] as HttpHandler,
        context: contextFor(FUNCTIONS[r.function as keyof typeof FUNCTIONS]),
      })),
      {
        port: apiPort,
        fallback: (req, res) => {
          if (req.method === 'GET' && req.url === '/health') {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ status: 'ok', endpoints, sesStore: runtime.sesStoreUrl }));
            return true;
          }
          // The local EventBridge on demand: `POST /local/schedules/HourlyRollup` runs it now (a JSON body replaces its input).
          const schedule = req.method === 'POST' ? SCHEDULES.find((s) => req.url === `/local/schedules/${s.id}`) : undefined;
          if (schedule) {
            void runScheduleNow(runtime, schedule, req, res);
            return true;
          }
          if (serveTemplatesPage(req, res, settings)) return true;
          if (serveExperimentRoutes(req, res, settings, runtime.fastForward)) return true;
          return options.extraRoutes?.(req, res, runtime) ?? false;
        },
      },
    ));
    runtime.apiUrl = api.url;
    // The local helpdesk sends ticket status changes back to the API, signed, as Zendesk and Jira would.
    helpdesk.webhooks = {
      zendesk: { url: `${api.url}/helpdesk/zendesk`, secret: LOCAL_HELPDESK_SECRETS.zendesk },
      jira: { url: `${api.url}/helpdesk/jira`, secret: LOCAL_HELPDESK_SECRETS.jira },
    };
    // Links in emails (unsubscribe) point at this API, as they point at the HTTP API in AWS.
    process.env.PUBLIC_API_URL = api.url;

    const pollers = EVENT_SOURCES.map((source) => {
      const fn = FUNCTIONS[source.function as keyof typeof FUNCTIONS];
      return new SqsEventSource(sqsClient, handlers[fn.id] as SqsHandler, {
        queueUrl: resources.queueUrls[source.queue as keyof typeof QUEUES].url,
        batchSize: options.eventSources?.batchSize ?? source.batchSize,
        concurrency: options.eventSources?.concurrency ?? 2,
        context: contextFor(fn),
        onError: (err) => options.onError?.(fn.id, err),
      });
    });
    const escalationInbox = resources.topics.escalations.inboxUrl;
    if (escalationInbox) {
      const show = options.onEscalation ?? ((a) => console.log(`[escalation] ${String(a.rule)}: ${String(a.reason)} → ${String(a.link)}`));
      pollers.push(
        new SqsEventSource(sqsClient, async (event) => {
          for (const record of event.Records) {
            const alert = JSON.parse(record.body) as Record<string, unknown>;
            runtime.escalations.push(alert);
            show(alert);
          }
        }, { queueUrl: escalationInbox, batchSize: 10, concurrency: 1, context: () => lambdaContext('cx-loop-escalation-inbox', 30), onError: (err) => options.onError?.('escalations', err) }),
      );
    }
    for (const p of pollers) p.start();

    const timers = SCHEDULES.map((s) =>
      setInterval(() => {
        runtime.invoke(s.function as keyof typeof FUNCTIONS, s.input ?? {}).catch((err) => options.onError?.(s.id, err));
      }, s.everyMinutes * 60_000).unref(),
    );

    runtime.stop = async () => {
      for (const t of timers) clearInterval(t);
      await Promise.all(pollers.map((p) => p.stop()));
      await api.stop();
      ddbClient.destroy();
      sqsClient.destroy();
      snsClient.destroy();
      await Promise.allSettled(started.map((s) => s.stop()));
    };
    return runtime;
  } catch (err) {
    await Promise.allSettled(started.map((s) => s.stop()));
    throw err;
  }
}

/** Promise.all that waits for every promise to settle before it rejects with the first failure. */
async function allSettledOrThrow<T extends readonly unknown[]>(promises: { readonly [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const results = await Promise.allSettled(promises as unknown as ReadonlyArray<Promise<unknown>>);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

async function runScheduleNow(runtime: LocalRuntime, schedule: ScheduleSpec, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const reply = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body ?? null));
  };
  try {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    reply(200, await runtime.invoke(schedule.function as keyof typeof FUNCTIONS, body ? JSON.parse(body) : (schedule.input ?? {})));
  } catch (err) {
    reply(500, { message: (err as Error).message });
  }
}

async function loadHandlers(wrap: LocalRuntimeOptions['wrapHandler']): Promise<Handlers> {
  const entries = await Promise.all(
    Object.values(FUNCTIONS).map(async (spec) => {
      const mod = (await import(`../functions/handlers/${spec.entry}`)) as { handler: Handlers[keyof Handlers] };
      return [spec.id, wrap ? wrap(spec.id, mod.handler) : mod.handler] as const;
    }),
  );
  return Object.fromEntries(entries) as Handlers;
}

/** Connector credentials pointing at the local chat sink and helpdesk (cx-loop/connectors in Secrets Manager). */
function localConnectors(chat: LocalChat, helpdesk: LocalHelpdesk) {
  return {
    slack: { webhookUrl: chat.slackWebhookUrl },
    teams: { webhookUrl: chat.teamsWebhookUrl },
    zendesk: { baseUrl: helpdesk.url, email: 'cx-loop@example.com', apiToken: 'local', webhookSecret: LOCAL_HELPDESK_SECRETS.zendesk },
    jira: { baseUrl: helpdesk.url, email: 'cx-loop@example.com', apiToken: 'local', projectKey: 'CX', issueType: 'Task', webhookSecret: LOCAL_HELPDESK_SECRETS.jira },
  };
}
