/** BatchGet / BatchWrite over any number of keys, retrying what DynamoDB leaves unprocessed. */
import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '#clients/dynamodb';
import { chunk } from './queue';

export type Item = Record<string, unknown>;
export type WriteRequest = { DeleteRequest: { Key: Item } } | { PutRequest: { Item: Item } };

const MAX_ATTEMPTS = 5;

export async function getAll(table: string, keys: Item[], consistent = true): Promise<Item[]> {
  const found: Item[] = [];
  for (const batch of chunk(keys, 100)) {
    let request: Record<string, { Keys: Item[]; ConsistentRead?: boolean }> | undefined = { [table]: { Keys: batch, ConsistentRead: consistent } };
    for (let attempt = 1; request?.[table]?.Keys.length; attempt++) {
      if (attempt > MAX_ATTEMPTS) throw new Error(`BatchGet on ${table} left keys unprocessed`);
      const res = await documents.send(new BatchGetCommand({ RequestItems: request }));
      found.push(...(res.Responses?.[table] ?? []));
      request = res.UnprocessedKeys as typeof request;
    }
  }
  return found;
}

export async function writeAll(table: string, requests: WriteRequest[]): Promise<void> {
  for (const batch of chunk(requests, 25)) {
    let pending: WriteRequest[] = batch;
    for (let attempt = 1; pending.length; attempt++) {
      if (attempt > MAX_ATTEMPTS) throw new Error(`BatchWrite on ${table} left items unprocessed`);
      const res = await documents.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = (res.UnprocessedItems?.[table] ?? []) as WriteRequest[];
    }
  }
}
