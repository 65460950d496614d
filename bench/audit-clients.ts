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

const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems', 'BatchWriteItem']);
type Key = Record<string, unknown> | undefined;
/** A key attribute as the observer sees it: marshalled (`{ S: … }`) below the document client, plain above it. */
const str = (v: unknown) => (typeof v === 'string' ? v : typeof (v as { S?: unknown } | undefined)?.S === 'string' ? (v as { S: string }).S : '');
/** `Outreach:OUT`, `Cases:CASE/OUT`, `Metrics:C`: the table (without the stack prefix) and the kind of item by its key prefixes. */
function siteOf(table: unknown, key: Key): string {
  const name = String(table ?? '?').replace(/^.*-/, '');
  if (name === 'Feedback') return name;
  const pk = str(key?.pk).split('#')[0];
  // Sort keys that are periods (counter hours, months) name no kind of item.
  const sk = str(key?.sk).split('#')[0]!.replace(/^\d.*$/, '');
  return `${name}:${pk}${sk && sk !== pk ? `/${sk}` : ''}`;
}

/**
 * DynamoDB write requests by call site — `operation table:keyPrefix` (a transaction or batch lists
 * the distinct sites of its items, sorted, `+`-joined) — so the bench shows where writes go.
 * Feed it every DynamoDB request the handlers make (`note`), read it with `counts`.
 */
/** Read sites: a GetItem's key, a BatchGetItem's keys (distinct sites, sorted), a Query's table and index. */
function readSitesOf(operation: string, input: Record<string, unknown>): string {
  if (operation === 'BatchGetItem') {
    const sites = Object.entries((input.RequestItems as Record<string, { Keys?: Key[] }>) ?? {}).flatMap(([table, r]) => (r.Keys ?? []).map((k) => siteOf(table, k)));
    return [...new Set(sites)].sort().join(' + ');
  }
  if (operation === 'Query') return `${String(input.TableName ?? '?').replace(/^.*-/, '')}${input.IndexName ? `:${String(input.IndexName)}` : ''}`;
  return siteOf(input.TableName, input.Key as Key);
}

export function writeSites() {
  const counts = new Map<string, number>();
  const reads = new Map<string, number>();
  return {
    note(operation: string, input: Record<string, unknown>) {
      if (!WRITES.has(operation)) {
        const label = `${operation} ${readSitesOf(operation, input)}`;
        reads.set(label, (reads.get(label) ?? 0) + 1);
        return;
      }
      let sites: string[];
      if (operation === 'TransactWriteItems') {
        sites = ((input.TransactItems as Array<Record<string, { TableName?: string; Key?: Key; Item?: Key }>>) ?? []).map((t) => {
          const action = Object.values(t)[0] ?? {};
          return siteOf(action.TableName, action.Key ?? action.Item);
        });
      } else if (operation === 'BatchWriteItem') {
        sites = Object.entries((input.RequestItems as Record<string, Array<{ PutRequest?: { Item: Key }; DeleteRequest?: { Key: Key } }>>) ?? {}).flatMap(([table, rs]) =>
          rs.map((r) => siteOf(table, r.PutRequest?.Item ?? r.DeleteRequest?.Key)),
        );
      } else sites = [siteOf(input.TableName, (input.Key ?? input.Item) as Key)];
      const label = `${operation} ${[...new Set(sites)].sort().join(' + ')}`;
      counts.set(label, (counts.get(label) ?? 0) + 1);
    },
    clear: () => (counts.clear(), reads.clear()),
    /** Label → requests, most first. */
    counts: () => Object.fromEntries([...counts].sort(([, a], [, b]) => b - a)),
    /** The same for every other DynamoDB request (GetItem, BatchGetItem, Query…): where the reads go. */
    readCounts: () => Object.fromEntries([...reads].sort(([, a], [, b]) => b - a)),
  };
}
