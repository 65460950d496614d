/**
 * Creates the local tables and queues from the same spec the CDK stack deploys, through the real
 * SDK clients. Idempotent: existing tables and queues are kept (so is their data).
 */
import { CreateTableCommand, DynamoDBClient, ResourceInUseException, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { dlqOf, QUEUES, TABLES, type QueueSpec, type TableSpec } from '../lib/pipeline-spec';

export interface ProvisionedResources {
  /** Environment variables the handlers read: table names, queue and DLQ URLs. */
  env: Record<string, string>;
  queueUrls: Record<keyof typeof QUEUES, { url: string; dlqUrl: string }>;
}

export interface ProvisionOptions {
  prefix?: string;
  /** Overrides every queue's visibility timeout (tests compress redelivery time). */
  visibilityTimeoutSeconds?: number;
}

export async function provision(dynamodb: DynamoDBClient, sqs: SQSClient, options: ProvisionOptions = {}): Promise<ProvisionedResources> {
  const prefix = options.prefix ?? 'cx-loop';
  const env: Record<string, string> = {};
  for (const spec of Object.values(TABLES)) env[spec.env] = await createTable(dynamodb, spec, `${prefix}-${spec.id}`);
  const queueUrls = {} as ProvisionedResources['queueUrls'];
  for (const [key, spec] of Object.entries(QUEUES) as Array<[keyof typeof QUEUES, QueueSpec]>) {
    const urls = await createQueue(sqs, { ...spec, visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? spec.visibilityTimeoutSeconds }, prefix);
    queueUrls[key] = urls;
    env[spec.env] = urls.url;
    env[dlqOf(spec).env] = urls.dlqUrl;
  }
  return { env, queueUrls };
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
  }
  return name;
}

async function createQueue(client: SQSClient, spec: QueueSpec, prefix: string): Promise<{ url: string; dlqUrl: string }> {
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
  return { url, dlqUrl };
}
