/**
 * One customer's data at rest, found by customerKey, for GDPR export and erasure:
 *   - feedback items (Feedback table, `byCustomer` index);
 *   - the outreach ledger items decided for that feedback (`OUT#<feedbackKey>#<kind>`) and the SES
 *     message pointers they name (`MSG#<sesMessageId>`);
 *   - contact state (`CUST#<customerKey>` / `STATE`) and suppression (`SUPP#<customerKey>` / `SUPP`).
 * Erasure deletes feedback, pointers and contact state, and overwrites each ledger item with a
 * tombstone holding no customer data: a deferred or redelivered outreach still finds its ledger
 * item "done" and is never sent to an erased customer. The suppression item is kept: its key is a
 * hash, and without it an erased address that had unsubscribed would be emailed again.
 */
import { BatchGetCommand, BatchWriteCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { documents } from '#clients/dynamodb';
import { outreachIdOf } from '#domain/outreach';
import { requireEnv } from '../env';
import { chunk } from './queue';

export type Item = Record<string, unknown>;

export interface CustomerData {
  feedback: Item[];
  outreach: Item[];
  contact: Item[];
  suppressions: Item[];
}

export interface ErasureCounts {
  feedback: number;
  outreach: number;
  messagePointers: number;
  contact: number;
  suppressionsKept: number;
}

/** Every kind of ledger item a feedback can have (emails and the escalation alert). */
const LEDGER_KINDS = ['gratitude', 'recovery', 'escalation'] as const;
/** Tombstones outlive any deferred copy of an outreach (quiet hours, hourly ceiling: under a day). */
const TOMBSTONE_DAYS = 30;
const MAX_ATTEMPTS = 5;

export async function feedbackOf(customerKey: string): Promise<Item[]> {
  const items: Item[] = [];
  const pages = paginateQuery(
    { client: documents },
    { TableName: requireEnv('FEEDBACK_TABLE'), IndexName: 'byCustomer', KeyConditionExpression: 'customerKey = :k', ExpressionAttributeValues: { ':k': customerKey } },
  );
  for await (const page of pages) items.push(...(page.Items ?? []));
  return items;
}

/** Everything held about the customers behind these keys (one person may be keyed by email and by id). */
export async function customerData(customerKeys: readonly string[]): Promise<CustomerData> {
  const feedback = (await Promise.all(customerKeys.map(feedbackOf))).flat();
  const ledgerKeys = feedback.flatMap((f) => LEDGER_KINDS.map((kind) => ({ pk: `OUT#${outreachIdOf(String(f.pk), kind)}`, sk: 'OUT' })));
  const stateKeys = customerKeys.flatMap((k) => [{ pk: `CUST#${k}`, sk: 'STATE' }, { pk: `SUPP#${k}`, sk: 'SUPP' }]);
  const outreachItems = await getAll(requireEnv('OUTREACH_TABLE'), [...ledgerKeys, ...stateKeys]);
  return {
    feedback,
    outreach: outreachItems.filter((i) => String(i.pk).startsWith('OUT#') && i.status !== 'erased'),
    contact: outreachItems.filter((i) => String(i.pk).startsWith('CUST#')),
    suppressions: outreachItems.filter((i) => String(i.pk).startsWith('SUPP#')),
  };
}

export async function eraseCustomerData(data: CustomerData, now: Date): Promise<ErasureCounts> {
  const feedbackTable = requireEnv('FEEDBACK_TABLE');
  const outreachTable = requireEnv('OUTREACH_TABLE');
  const expiresAt = Math.floor(now.getTime() / 1000) + TOMBSTONE_DAYS * 86_400;
  const pointers = data.outreach.flatMap((o) => (typeof o.messageId === 'string' ? [{ pk: `MSG#${o.messageId}`, sk: 'MSG' }] : []));
  await writeAll(feedbackTable, data.feedback.map((f) => ({ DeleteRequest: { Key: { pk: f.pk } } })));
  await writeAll(outreachTable, [
    ...data.outreach.map((o) => ({ PutRequest: { Item: { pk: o.pk, sk: o.sk, status: 'erased', erasedAt: now.toISOString(), expiresAt } } })),
    ...pointers.map((key) => ({ DeleteRequest: { Key: key } })),
    ...data.contact.map((c) => ({ DeleteRequest: { Key: { pk: c.pk, sk: c.sk } } })),
  ]);
  return {
    feedback: data.feedback.length,
    outreach: data.outreach.length,
    messagePointers: pointers.length,
    contact: data.contact.length,
    suppressionsKept: data.suppressions.length,
  };
}

async function getAll(table: string, keys: Item[]): Promise<Item[]> {
  const found: Item[] = [];
  for (const batch of chunk(keys, 100)) {
    let request: Record<string, { Keys: Item[]; ConsistentRead?: boolean }> | undefined = { [table]: { Keys: batch, ConsistentRead: true } };
    for (let attempt = 1; request?.[table]?.Keys.length; attempt++) {
      if (attempt > MAX_ATTEMPTS) throw new Error(`BatchGet on ${table} left keys unprocessed`);
      const res = await documents.send(new BatchGetCommand({ RequestItems: request }));
      found.push(...(res.Responses?.[table] ?? []));
      request = res.UnprocessedKeys as typeof request;
    }
  }
  return found;
}

type WriteRequest = { DeleteRequest: { Key: Item } } | { PutRequest: { Item: Item } };

async function writeAll(table: string, requests: WriteRequest[]): Promise<void> {
  for (const batch of chunk(requests, 25)) {
    let pending: WriteRequest[] = batch;
    for (let attempt = 1; pending.length; attempt++) {
      if (attempt > MAX_ATTEMPTS) throw new Error(`BatchWrite on ${table} left items unprocessed`);
      const res = await documents.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = (res.UnprocessedItems?.[table] ?? []) as WriteRequest[];
    }
  }
}
