/**
 * The pipeline's shape, in plain data: tables, queues, event sources, routes and schedules.
 * The CDK stack and the local runtime both build from this one description, so names, keys,
 * indexes, redrive policies and batch sizes cannot drift apart. No CDK imports here.
 */

export interface KeySpec {
  name: string;
  type: 'S' | 'N';
}

export interface TableSpec {
  /** Logical id in CDK and the table name locally. */
  id: string;
  /** Environment variable through which handlers learn the table name. */
  env: string;
  partitionKey: KeySpec;
  sortKey?: KeySpec;
  indexes: Array<{ name: string; partitionKey: KeySpec; sortKey?: KeySpec }>;
  /** Attribute holding an epoch-seconds expiry, when items should age out. */
  ttlAttribute?: string;
}

export interface QueueSpec {
  id: string;
  env: string;
  visibilityTimeoutSeconds: number;
  /** Receives before SQS parks a message in the queue's DLQ. */
  maxReceiveCount: number;
  retentionDays: number;
  /** Environment variable carrying the queue's ARN, for services that target it (EventBridge Scheduler). */
  arnEnv?: string;
}

export interface TopicSpec {
  id: string;
  /** Environment variable carrying the topic ARN. */
  env: string;
  /** Queue subscribed to the topic with raw message delivery. */
  deliverTo?: keyof typeof QUEUES;
  /** Further queues subscribed with raw delivery (handlers that act on the topic beside its people). */
  subscribers?: ReadonlyArray<keyof typeof QUEUES>;
}

export type FunctionId = 'ingest' | 'analyze' | 'notify' | 'rollup' | 'unsubscribe' | 'sesEvents' | 'api' | 'privacy' | 'pulse' | 'cases' | 'connectors' | 'helpdesk' | 'casesApi';

export interface FunctionSpec {
  id: FunctionId;
  /** Module under functions/handlers exporting `handler`. */
  entry: string;
  memoryMb: number;
  timeoutSeconds: number;
}

export interface EventSourceSpec {
  queue: string;
  function: FunctionId;
  batchSize: number;
  maxBatchingWindowSeconds: number;
  /** Ceiling on concurrent invocations for this source (Lambda allows 2–1,000); derived in docs/scaling.md. */
  maxConcurrency?: number;
}

export interface RouteSpec {
  method: 'GET' | 'HEAD' | 'POST' | 'DELETE' | 'PATCH';
  path: string;
  function: FunctionId;
  /**
   * `iam`: API Gateway demands a SigV4-signed request (IAM authorizer) before the function runs —
   * for admin and read routes. Unset: public, the handler authenticates (webhook signatures…).
   * The local HTTP API does not enforce it, like `sam local`.
   */
  auth?: 'iam';
}

export interface ScheduleSpec {
  id: string;
  function: FunctionId;
  /** Period in minutes; CDK turns it into a rate expression, the local runtime into a timer. */
  everyMinutes: number;
  /** Event the function receives (default: the scheduler's own event). */
  input?: Record<string, unknown>;
}

const pk: KeySpec = { name: 'pk', type: 'S' };
const sk: KeySpec = { name: 'sk', type: 'S' };

export const TABLES = {
  /** One item per feedback event, keyed by its dedupe key (source#sourceEventId). */
  feedback: {
    id: 'Feedback',
    env: 'FEEDBACK_TABLE',
    partitionKey: pk,
    indexes: [
      { name: 'byDay', partitionKey: { name: 'day', type: 'S' }, sortKey: { name: 'receivedAt', type: 'S' } },
      { name: 'byCustomer', partitionKey: { name: 'customerKey', type: 'S' }, sortKey: { name: 'receivedAt', type: 'S' } },
      // Feedback keyed by its email that also named a customer id: GDPR requests by id find it.
      { name: 'byCustomerId', partitionKey: { name: 'customerIdKey', type: 'S' }, sortKey: { name: 'receivedAt', type: 'S' } },
    ],
    ttlAttribute: 'expiresAt',
  },
  /** Outreach ledger (exactly-once sends), per-customer contact state and the suppression list. */
  outreach: {
    id: 'Outreach',
    env: 'OUTREACH_TABLE',
    partitionKey: pk,
    sortKey: sk,
    indexes: [],
    ttlAttribute: 'expiresAt',
  },
  /** Counters per day × dimension, and the rollups computed from them. */
  metrics: {
    id: 'Metrics',
    env: 'METRICS_TABLE',
    partitionKey: pk,
    sortKey: sk,
    indexes: [],
  },
  /**
   * Cases (`CASE#<id>` / `CASE`), their connector delivery ledger (`CASE#<id>` / `OUT#<connector>#<kind>`),
   * ticket → case pointers (`TICKET#<helpdesk>#<id>`) and round-robin turns (`TEAM#<name>` / `RR`).
   */
  cases: {
    id: 'Cases',
    env: 'CASES_TABLE',
    partitionKey: pk,
    sortKey: sk,
    indexes: [
      { name: 'byKind', partitionKey: { name: 'kind', type: 'S' }, sortKey: { name: 'openedAt', type: 'S' } },
      { name: 'byCustomer', partitionKey: { name: 'customerKey', type: 'S' }, sortKey: { name: 'openedAt', type: 'S' } },
    ],
  },
} as const satisfies Record<string, TableSpec>;

export const QUEUES = {
  feedback: { id: 'FeedbackQueue', env: 'FEEDBACK_QUEUE_URL', visibilityTimeoutSeconds: 60, maxReceiveCount: 5, retentionDays: 4 },
  outreach: { id: 'OutreachQueue', env: 'OUTREACH_QUEUE_URL', visibilityTimeoutSeconds: 60, maxReceiveCount: 5, retentionDays: 4, arnEnv: 'OUTREACH_QUEUE_ARN' },
  /** SES sending events (bounce, complaint, delivery, open, click) from the SES events topic. */
  sesEvents: { id: 'SesEventsQueue', env: 'SES_EVENTS_QUEUE_URL', visibilityTimeoutSeconds: 30, maxReceiveCount: 5, retentionDays: 4 },
  /** Escalation alerts (from the topic), recoveries from analyze, and case reminders from EventBridge Scheduler. */
  caseEvents: { id: 'CaseEventsQueue', env: 'CASE_EVENTS_QUEUE_URL', visibilityTimeoutSeconds: 60, maxReceiveCount: 5, retentionDays: 4, arnEnv: 'CASE_EVENTS_QUEUE_ARN' },
  /** One message per case × connector (Slack, Teams, Zendesk, Jira); redelivery is the backoff. */
  connectors: { id: 'ConnectorQueue', env: 'CONNECTOR_QUEUE_URL', visibilityTimeoutSeconds: 60, maxReceiveCount: 6, retentionDays: 4 },
} as const satisfies Record<string, QueueSpec>;

/** Every queue gets a DLQ named `<id>Dlq`, exposed to handlers as `<env>` with `_URL` → `_DLQ_URL`. */
export const dlqOf = (queue: QueueSpec) => ({
  id: `${queue.id}Dlq`,
  env: queue.env.replace(/_URL$/, '_DLQ_URL'),
  retentionDays: 14,
});

export const TOPICS = {
  /** Escalation alerts for the team; subscribers (email, Slack or Teams through AWS Chatbot) are the operator's choice. */
  escalations: { id: 'EscalationTopic', env: 'ESCALATION_TOPIC_ARN', subscribers: ['caseEvents'] },
  /** The SES configuration set's event destination, fanned out to the SES events queue. */
  sesEvents: { id: 'SesEventsTopic', env: 'SES_EVENTS_TOPIC_ARN', deliverTo: 'sesEvents' },
} as const satisfies Record<string, TopicSpec>;

/** The stack output naming a resource env var's value, read by `cx-loop … --aws`: FEEDBACK_QUEUE_DLQ_URL → FeedbackQueueDlqUrl. */
export const outputIdOf = (env: string) => env.toLowerCase().replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase());

export const FUNCTIONS = {
  ingest: { id: 'ingest', entry: 'ingest.ts', memoryMb: 512, timeoutSeconds: 10 },
  analyze: { id: 'analyze', entry: 'analyze.ts', memoryMb: 512, timeoutSeconds: 30 },
  notify: { id: 'notify', entry: 'notify.ts', memoryMb: 256, timeoutSeconds: 30 },
  rollup: { id: 'rollup', entry: 'rollup.ts', memoryMb: 256, timeoutSeconds: 120 },
  api: { id: 'api', entry: 'api.ts', memoryMb: 512, timeoutSeconds: 15 },
  unsubscribe: { id: 'unsubscribe', entry: 'unsubscribe.ts', memoryMb: 256, timeoutSeconds: 10 },
  sesEvents: { id: 'sesEvents', entry: 'ses-events.ts', memoryMb: 256, timeoutSeconds: 30 },
  privacy: { id: 'privacy', entry: 'privacy.ts', memoryMb: 256, timeoutSeconds: 30 },
  pulse: { id: 'pulse', entry: 'pulse.ts', memoryMb: 256, timeoutSeconds: 10 },
  cases: { id: 'cases', entry: 'cases.ts', memoryMb: 256, timeoutSeconds: 30 },
  connectors: { id: 'connectors', entry: 'connectors.ts', memoryMb: 256, timeoutSeconds: 30 },
  helpdesk: { id: 'helpdesk', entry: 'helpdesk-webhook.ts', memoryMb: 256, timeoutSeconds: 10 },
  casesApi: { id: 'casesApi', entry: 'cases-api.ts', memoryMb: 256, timeoutSeconds: 15 },
} as const satisfies Partial<Record<FunctionId, FunctionSpec>>;

export const EVENT_SOURCES: EventSourceSpec[] = [
  // 200 analyze containers process ~7,000 events/s with counter conflicts kept to ~25% of attempts
  // (bench/contention.ts); a burst above that waits in the queue and drains at the surplus.
  { queue: 'feedback', function: 'analyze', batchSize: 10, maxBatchingWindowSeconds: 1, maxConcurrency: 200 },
  // Emails are bounded by the SES sending rate and the hourly ceiling, not by containers.
  { queue: 'outreach', function: 'notify', batchSize: 10, maxBatchingWindowSeconds: 1, maxConcurrency: 50 },
  { queue: 'sesEvents', function: 'sesEvents', batchSize: 10, maxBatchingWindowSeconds: 1, maxConcurrency: 20 },
  { queue: 'caseEvents', function: 'cases', batchSize: 10, maxBatchingWindowSeconds: 1 },
  { queue: 'connectors', function: 'connectors', batchSize: 5, maxBatchingWindowSeconds: 1 },
];

export const ROUTES: RouteSpec[] = [
  { method: 'POST', path: '/webhooks/{source}', function: 'ingest' },
  // SurveyMonkey checks a subscription URL with a HEAD request and wants a 200 before it creates the webhook.
  { method: 'HEAD', path: '/webhooks/{source}', function: 'ingest' },
  // GET shows the confirmation page from the email link; POST is RFC 8058 one-click from the mail client.
  { method: 'GET', path: '/unsubscribe', function: 'unsubscribe' },
  { method: 'POST', path: '/unsubscribe', function: 'unsubscribe' },
  // Re-survey answer links: public like /unsubscribe, authenticated by their signed token.
  { method: 'GET', path: '/pulse', function: 'pulse' },
  { method: 'POST', path: '/pulse', function: 'pulse' },
  // Read API and dashboard: IAM-signed in AWS (docs/metrics.md shows how a browser gets there).
  { method: 'GET', path: '/metrics', function: 'api', auth: 'iam' },
  { method: 'GET', path: '/feedback', function: 'api', auth: 'iam' },
  { method: 'GET', path: '/dashboard', function: 'api', auth: 'iam' },
  { method: 'GET', path: '/experiments/recovery', function: 'api', auth: 'iam' },
  // GDPR export and erasure: admin-only, IAM-signed.
  { method: 'GET', path: '/customers/{idOrEmail}/export', function: 'privacy', auth: 'iam' },
  { method: 'DELETE', path: '/customers/{idOrEmail}', function: 'privacy', auth: 'iam' },
  // Cases: read and work them (IAM-signed); /cases/summary before /cases/{id} (API Gateway prefers the literal path anyway).
  { method: 'GET', path: '/cases', function: 'casesApi', auth: 'iam' },
  { method: 'GET', path: '/cases/summary', function: 'casesApi', auth: 'iam' },
  { method: 'GET', path: '/cases/{id}', function: 'casesApi', auth: 'iam' },
  { method: 'PATCH', path: '/cases/{id}', function: 'casesApi', auth: 'iam' },
  // Helpdesk status webhooks (Zendesk, Jira): public, the handler verifies each vendor's signature.
  { method: 'POST', path: '/helpdesk/{vendor}', function: 'helpdesk' },
];

/** Hourly: today's rows as they fill; daily: yesterday's, final (late feedback included). */
export const SCHEDULES: ScheduleSpec[] = [
  { id: 'HourlyRollup', function: 'rollup', everyMinutes: 60 },
  { id: 'NightlyRollup', function: 'rollup', everyMinutes: 1440, input: { period: 'yesterday' } },
];

/** Which resources each function may touch; CDK turns this into grants, tests assert it. */
export const ACCESS: Record<keyof typeof FUNCTIONS, {
  readTables?: Array<keyof typeof TABLES>;
  writeTables?: Array<keyof typeof TABLES>;
  sendQueues?: Array<keyof typeof QUEUES>;
  sendDlqs?: Array<keyof typeof QUEUES>;
  webhookSecrets?: boolean;
  /** Signs or verifies unsubscribe links. */
  unsubscribeKey?: boolean;
  /** Computes customer keys (keyed hashes of emails and ids), or signs feedback-page cursors. */
  customerHashKey?: boolean;
  comprehend?: boolean;
  ses?: boolean;
  publishTopics?: Array<keyof typeof TOPICS>;
  /** Creates one-time EventBridge Scheduler schedules that put deferred outreach back on its queue. */
  scheduleDeferrals?: boolean;
  /** Reads the chat and helpdesk credentials (cx-loop/connectors). */
  connectorSecrets?: boolean;
  /** Builds links back to the API (case links in chat messages and tickets). */
  linksToApi?: boolean;
}> = {
  // Writes the metrics table only to count deliveries ignored for carrying no score and no text.
  ingest: { writeTables: ['metrics'], sendQueues: ['feedback'], webhookSecrets: true },
  // Writes the outreach table for the escalation ledger and the recovery-loop link.
  analyze: { writeTables: ['feedback', 'metrics', 'outreach'], sendQueues: ['outreach', 'caseEvents'], sendDlqs: ['feedback'], comprehend: true, publishTopics: ['escalations'], customerHashKey: true },
  notify: { writeTables: ['outreach', 'metrics'], sendQueues: ['outreach'], sendDlqs: ['outreach'], ses: true, unsubscribeKey: true, scheduleDeferrals: true, customerHashKey: true },
  rollup: { readTables: ['metrics'], writeTables: ['metrics'] },
  api: { readTables: ['metrics', 'feedback'], customerHashKey: true },
  unsubscribe: { writeTables: ['outreach'], unsubscribeKey: true },
  sesEvents: { writeTables: ['outreach'], sendDlqs: ['sesEvents'], customerHashKey: true },
  // Erases feedback, outreach and cases; never the metrics table, whose counters hold no personal data.
  privacy: { writeTables: ['feedback', 'outreach', 'cases'], customerHashKey: true },
  // Opens cases (reads the feedback record they are about), counts them, schedules their reminders.
  cases: { readTables: ['feedback'], writeTables: ['cases', 'metrics'], sendQueues: ['connectors'], sendDlqs: ['caseEvents'], scheduleDeferrals: true, linksToApi: true },
  connectors: { writeTables: ['cases'], sendDlqs: ['connectors'], connectorSecrets: true, linksToApi: true },
  helpdesk: { writeTables: ['cases', 'metrics'], connectorSecrets: true },
  casesApi: { writeTables: ['cases', 'metrics'] },
  // Reads the recovered feedback a re-survey answer links to; verifies with the link-signing key.
  pulse: { readTables: ['feedback'], sendQueues: ['feedback'], unsubscribeKey: true },
};
