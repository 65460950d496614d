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
}

export type FunctionId = 'ingest' | 'analyze' | 'notify' | 'rollup' | 'unsubscribe' | 'api';

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
}

export interface RouteSpec {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  function: FunctionId;
}

export interface ScheduleSpec {
  id: string;
  function: FunctionId;
  /** Period in minutes; CDK turns it into a rate expression, the local runtime into a timer. */
  everyMinutes: number;
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
} as const satisfies Record<string, TableSpec>;

export const QUEUES = {
  feedback: { id: 'FeedbackQueue', env: 'FEEDBACK_QUEUE_URL', visibilityTimeoutSeconds: 60, maxReceiveCount: 5, retentionDays: 4 },
  outreach: { id: 'OutreachQueue', env: 'OUTREACH_QUEUE_URL', visibilityTimeoutSeconds: 60, maxReceiveCount: 5, retentionDays: 4 },
} as const satisfies Record<string, QueueSpec>;

/** Every queue gets a DLQ named `<id>Dlq`, exposed to handlers as `<env>` with `_URL` → `_DLQ_URL`. */
export const dlqOf = (queue: QueueSpec) => ({
  id: `${queue.id}Dlq`,
  env: queue.env.replace(/_URL$/, '_DLQ_URL'),
  retentionDays: 14,
});

export const FUNCTIONS = {
  ingest: { id: 'ingest', entry: 'ingest.ts', memoryMb: 512, timeoutSeconds: 10 },
  analyze: { id: 'analyze', entry: 'analyze.ts', memoryMb: 512, timeoutSeconds: 30 },
  notify: { id: 'notify', entry: 'notify.ts', memoryMb: 256, timeoutSeconds: 30 },
  rollup: { id: 'rollup', entry: 'rollup.ts', memoryMb: 256, timeoutSeconds: 120 },
} as const satisfies Partial<Record<FunctionId, FunctionSpec>>;

export const EVENT_SOURCES: EventSourceSpec[] = [
  { queue: 'feedback', function: 'analyze', batchSize: 10, maxBatchingWindowSeconds: 1 },
  { queue: 'outreach', function: 'notify', batchSize: 10, maxBatchingWindowSeconds: 1 },
];

export const ROUTES: RouteSpec[] = [{ method: 'POST', path: '/webhooks/{source}', function: 'ingest' }];

export const SCHEDULES: ScheduleSpec[] = [{ id: 'HourlyRollup', function: 'rollup', everyMinutes: 60 }];

/** Which resources each function may touch; CDK turns this into grants, tests assert it. */
export const ACCESS: Record<keyof typeof FUNCTIONS, {
  readTables?: Array<keyof typeof TABLES>;
  writeTables?: Array<keyof typeof TABLES>;
  sendQueues?: Array<keyof typeof QUEUES>;
  sendDlqs?: Array<keyof typeof QUEUES>;
  webhookSecrets?: boolean;
  /** Signs or verifies unsubscribe links. */
  unsubscribeKey?: boolean;
  comprehend?: boolean;
  ses?: boolean;
}> = {
  ingest: { sendQueues: ['feedback'], webhookSecrets: true },
  analyze: { readTables: ['outreach'], writeTables: ['feedback', 'metrics'], sendQueues: ['outreach'], sendDlqs: ['feedback'], comprehend: true },
  notify: { writeTables: ['outreach', 'metrics'], sendQueues: ['outreach'], sendDlqs: ['outreach'], ses: true, unsubscribeKey: true },
  rollup: { readTables: ['metrics'], writeTables: ['metrics'] },
};
