/**
 * Creates the local tables and queues from the same spec the CDK stack deploys, through the real
 * SDK clients. Idempotent: existing tables and queues are kept (so is their data).
 */
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceInUseException, UpdateTableCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, SubscribeCommand, type SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { dlqOf, QUEUES, TABLES, TOPICS, type QueueSpec, type TableSpec, type TopicSpec } from '../lib/pipeline-spec';

export interface ProvisionedResources {
  /** Environment variables the handlers read: table names, queue and DLQ URLs. */
  env: Record<string, string>;
  queueUrls: Record<keyof typeof QUEUES, { url: string; dlqUrl: string }>;
  /** Topic ARNs, and for topics no queue of ours consumes a local inbox queue to read them from. */
  topics: Record<keyof typeof TOPICS, { arn: string; inboxUrl?: string }>;
}

export interface ProvisionOptions {
  prefix?: string;
  /** Overrides every queue's visibility timeout (tests compress redelivery time). */
  visibilityTimeoutSeconds?: number;
  /** Creates the SNS topics and their subscriptions when given (fauxqs serves SNS beside SQS). */
  sns?: SNSClient;
}

export async function provision(dynamodb: DynamoDBClient, sqs: SQSClient, options: ProvisionOptions = {}): Promise<ProvisionedResources> {
  const prefix = options.prefix ?? 'cx-loop';
  const env: Record<string, string> = {};
  for (const spec of Object.values(TABLES)) env[spec.env] = await createTable(dynamodb, spec, `${prefix}-${spec.id}`);
  const queueUrls = {} as ProvisionedResources['queueUrls'];
  const queueArns = {} as Record<keyof typeof QUEUES, string>;
  for (const [key, spec] of Object.entries(QUEUES) as Array<[keyof typeof QUEUES, QueueSpec]>) {
    const { arn, ...urls } = await createQueue(sqs, { ...spec, visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? spec.visibilityTimeoutSeconds }, prefix);
    queueUrls[key] = urls;
    queueArns[key] = arn;
    env[spec.env] = urls.url;
    env[dlqOf(spec).env] = urls.dlqUrl;
    if (spec.arnEnv) env[spec.arnEnv] = arn;
  }
  const topics = {} as ProvisionedResources['topics'];
  for (const [key, spec] of options.sns ? (Object.entries(TOPICS) as Array<[keyof typeof TOPICS, TopicSpec]>) : []) {
    topics[key] = await createTopic(options.sns!, sqs, spec, prefix, spec.deliverTo && queueArns[spec.deliverTo]);
    env[spec.env] = topics[key].arn;
    for (const q of spec.subscribers ?? []) {
      await options.sns!.send(new SubscribeCommand({ TopicArn: topics[key].arn, Protocol: 'sqs', Endpoint: queueArns[q], Attributes: { RawMessageDelivery: 'true' } }));
    }
  }
  return { env, queueUrls, topics };
}

/**
 * A topic with raw delivery to the queue the spec names; a topic no handler consumes (escalations,
 * whose subscribers are people) gets a local inbox queue instead, so the local runtime can show it.
 */
async function createTopic(sns: SNSClient, sqs: SQSClient, spec: TopicSpec, prefix: string, queueArn: string | undefined) {
  const arn = (await sns.send(new CreateTopicCommand({ Name: `${prefix}-${spec.id}` }))).TopicArn!;
  let inboxUrl: string | undefined;
  if (!queueArn) {
    inboxUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `${prefix}-${spec.id}Inbox` }))).QueueUrl!;
    queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: inboxUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  }
  // Subscribe is idempotent for the same topic, protocol and endpoint.
  await sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'sqs', Endpoint: queueArn, Attributes: { RawMessageDelivery: 'true' } }));
  return { arn, ...(inboxUrl ? { inboxUrl } : {}) };
}

async function createTable(client: DynamoDBClient, spec: TableSpec, name: string): Promise<string> {
  const keys = [spec.partitionKey, ...(spec.sortKey ? [spec.sortKey] : [])];
  const indexKeys = spec.indexes.flatMap((i) => [i.partitionKey, ...(i.sortKey ? [i.sortKey] : [])]);
  const attributes = new Map([...keys, ...indexKeys].map((k) => [k.name, k.type]));
  try {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
        KeySchema: [
          { AttributeName: spec.partitionKey.name, KeyType: 'HASH' },
          ...(spec.sortKey ? [{ AttributeName: spec.sortKey.name, KeyType: 'RANGE' as const }] : []),
        ],
        GlobalSecondaryIndexes: spec.indexes.length
          ? spec.indexes.map((i) => ({
              IndexName: i.name,
              KeySchema: [
                { AttributeName: i.partitionKey.name, KeyType: 'HASH' as const },
                ...(i.sortKey ? [{ AttributeName: i.sortKey.name, KeyType: 'RANGE' as const }] : []),
              ],
              Projection: { ProjectionType: 'ALL' as const },
            }))
          : undefined,
      }),
    );
    if (spec.ttlAttribute) {
      await client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: spec.ttlAttribute, Enabled: true } }));
    }
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
    await addMissingIndexes(client, spec, name, attributes);
  }
  return name;
}

/** A table kept in `.local-data` from older code gets the indexes the spec has gained since (as a deploy would add them). */
async function addMissingIndexes(client: DynamoDBClient, spec: TableSpec, name: string, attributes: Map<string, 'S' | 'N'>): Promise<void> {
  const existing = new Set(((await client.send(new DescribeTableCommand({ TableName: name }))).Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  for (const index of spec.indexes.filter((i) => !existing.has(i.name))) {
    const keys = [index.partitionKey, ...(index.sortKey ? [index.sortKey] : [])];
    await client.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: keys.map((k) => ({ AttributeName: k.name, AttributeType: attributes.get(k.name)! })),
        GlobalSecondaryIndexUpdates: [{
          Create: {
            IndexName: index.name,
            KeySchema: [
              { AttributeName: index.partitionKey.name, KeyType: 'HASH' as const },
              ...(index.sortKey ? [{ AttributeName: index.sortKey.name, KeyType: 'RANGE' as const }] : []),
            ],
            Projection: { ProjectionType: 'ALL' as const },
          },
        }],
      }),
    );
  }
}

async function createQueue(client: SQSClient, spec: QueueSpec, prefix: string): Promise<{ url: string; dlqUrl: string; arn: string }> {
  const dlq = dlqOf(spec);
  const dlqUrl = (await client.send(
    new CreateQueueCommand({ QueueName: `${prefix}-${dlq.id}`, Attributes: { MessageRetentionPeriod: String(dlq.retentionDays * 86_400) } }),
  )).QueueUrl!;
  const dlqArn = (await client.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  const url = (await client.send(
    new CreateQueueCommand({
      QueueName: `${prefix}-${spec.id}`,
      Attributes: {
        VisibilityTimeout: String(spec.visibilityTimeoutSeconds),
        MessageRetentionPeriod: String(spec.retentionDays * 86_400),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: spec.maxReceiveCount }),
      },
    }),
  )).QueueUrl!;
  const arn = (await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  return { url, dlqUrl, arn };
}
