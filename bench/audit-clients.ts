/** The clients the soak's audits read the local tables and queues with (never the handlers' own, which carry injected faults). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import type { LocalRuntime } from '../local/runtime';

export function auditClients(runtime: LocalRuntime) {
  const creds = { region: 'us-east-1', credentials: { accessKeyId: 'soak', secretAccessKey: 'soak' } };
  const db = DynamoDBDocumentClient.from(new DynamoDBClient({ ...creds, endpoint: runtime.endpoints.dynamodb }));
  const sqs = new SQSClient({ ...creds, endpoint: runtime.endpoints.sqs, useQueueUrlAsEndpoint: false });
  const scan = async (table: string) => {
    const items: Record<string, unknown>[] = [];
    for await (const page of paginateScan({ client: db }, { TableName: table })) items.push(...(page.Items ?? []));
    return items;
  };
  return { db, sqs, scan, destroy: () => (db.destroy(), sqs.destroy()) };
}
