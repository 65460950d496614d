/**
 * One customer's data at rest, found under every identifier they used, for GDPR export and erasure:
 *   - feedback items (Feedback table: `byCustomer` index by its main key, `byCustomerId` by the id's
 *     key when the feedback named an email too), following every email and id seen on them;
 *   - the ledger items decided for that feedback (`OUT#<feedbackKey>#<kind>` emails,
 *     `ESC#<feedbackKey>` escalation alerts) and the SES message pointers they name (`MSG#<sesMessageId>`);
 *   - contact state (`CUST#<customerKey>` / `STATE`) and suppression (`SUPP#<customerKey>` / `SUPP`).
 * Erasure replaces each feedback item with a tombstone under its dedupe key and each ledger item
 * with one holding no customer data, deletes pointers and contact state, and marks every key erased
 * (adapters/erasure-markers.ts), so neither a replay nor a copy still in a queue, a DLQ or a schedule
 * brings the customer back (domain/erasure.ts). The suppression item is kept: its key is a keyed
 * hash, and without it an erased address that had unsubscribed would be emailed again.
 * Metrics rows hold counts per day and dimension (channel, source, survey), nothing personal.
 */
import { paginateQuery } from '@aws-sdk/lib-dynamodb';
import { documents } from '#clients/dynamodb';
import { isIdKey, linkedKeys } from '#domain/customer-identity';
import { feedbackTombstone } from '#domain/erasure';
import { outreachIdOf } from '#domain/outreach';
import { ProblemError } from '#domain/problem';
import { requireEnv } from '../env';
import { getAll, writeAll, type Item } from './batch-items';
import { markErased } from './erasure-markers';

export type { Item } from './batch-items';

export interface CustomerData {
  /** Every key the customer was found under: the one asked for first. */
  customerKeys: string[];
  feedback: Item[];
  outreach: Item[];
  escalations: Item[];
  contact: Item[];
  suppressions: Item[];
}

export interface ErasureCounts {
  feedback: number;
  outreach: number;
  escalations: number;
  messagePointers: number;
  contact: number;
  suppressionsKept: number;
}

const EMAIL_KINDS = ['gratitude', 'recovery', 'pulse'] as const;
/** Ledger tombstones outlive any deferred copy of an outreach (quiet hours, hourly ceiling: under a day). */
const TOMBSTONE_DAYS = 30;
/** Identifiers followed from one person's records before giving up (a shared id would join strangers). */
const MAX_KEYS = 50;

async function query(index: 'byCustomer' | 'byCustomerId', attribute: string, customerKey: string): Promise<Item[]> {
  const items: Item[] = [];
  const pages = paginateQuery(
    { client: documents },
    { TableName: requireEnv('FEEDBACK_TABLE'), IndexName: index, KeyConditionExpression: '#k = :k', ExpressionAttributeNames: { '#k': attribute }, ExpressionAttributeValues: { ':k': customerKey } },
  );
  for await (const page of pages) items.push(...(page.Items ?? []));
  return items;
}

const feedbackUnder = async (customerKey: string) => [
  ...(await query('byCustomer', 'customerKey', customerKey)),
  ...(isIdKey(customerKey) ? await query('byCustomerId', 'customerIdKey', customerKey) : []),
];

/** Everything held about the customer a key names, under that key and every identifier linked to it. */
export async function customerData(customerKey: string, hashKey: string): Promise<CustomerData> {
  const keys = [customerKey];
  const feedback = new Map<string, Item>();
  for (let next = 0; next < keys.length; next++) {
    for (const item of await feedbackUnder(keys[next]!)) feedback.set(String(item.pk), item);
    for (const key of linkedKeys([...feedback.values()], hashKey)) {
      if (keys.includes(key)) continue;
      if (keys.length >= MAX_KEYS) throw new ProblemError(409, 'Conflict', `More than ${MAX_KEYS} emails and ids are linked to this customer: ask by each one.`);
      keys.push(key);
    }
  }
  const feedbackKeys = [...feedback.keys()];
  const ledgerKeys = feedbackKeys.flatMap((pk) => [
    ...EMAIL_KINDS.map((kind) => ({ pk: `OUT#${outreachIdOf(pk, kind)}`, sk: 'OUT' })),
    { pk: `ESC#${pk}`, sk: 'ESC' },
  ]);
  const stateKeys = keys.flatMap((k) => [{ pk: `CUST#${k}`, sk: 'STATE' }, { pk: `SUPP#${k}`, sk: 'SUPP' }]);
  const items = (await getAll(requireEnv('OUTREACH_TABLE'), [...ledgerKeys, ...stateKeys])).filter((i) => i.status !== 'erased');
  const under = (prefix: string) => items.filter((i) => String(i.pk).startsWith(prefix));
  return {
    customerKeys: keys,
    feedback: [...feedback.values()],
    outreach: under('OUT#'),
    escalations: under('ESC#'),
    contact: under('CUST#'),
    suppressions: under('SUPP#'),
  };
}

export const holdsNothing = (data: CustomerData) =>
  data.feedback.length + data.outreach.length + data.escalations.length + data.contact.length + data.suppressions.length === 0;

export async function eraseCustomerData(data: CustomerData, now: Date): Promise<ErasureCounts> {
  const feedbackTable = requireEnv('FEEDBACK_TABLE');
  const outreachTable = requireEnv('OUTREACH_TABLE');
  const expiresAt = Math.floor(now.getTime() / 1000) + TOMBSTONE_DAYS * 86_400;
  // Markers first: a copy of an event that lands while the rest is erased is dropped, not stored anew.
  await markErased(data.customerKeys, now);
  const ledger = [...data.outreach, ...data.escalations];
  const pointers = ledger.flatMap((o) => (typeof o.messageId === 'string' && String(o.pk).startsWith('OUT#') ? [{ pk: `MSG#${o.messageId}`, sk: 'MSG' }] : []));
  await writeAll(feedbackTable, data.feedback.map((f) => ({ PutRequest: { Item: { ...feedbackTombstone(String(f.pk), now) } } })));
  await writeAll(outreachTable, [
    ...ledger.map((o) => ({ PutRequest: { Item: { pk: o.pk, sk: o.sk, status: 'erased', erasedAt: now.toISOString(), expiresAt } } })),
    ...pointers.map((key) => ({ DeleteRequest: { Key: key } })),
    ...data.contact.map((c) => ({ DeleteRequest: { Key: { pk: c.pk, sk: c.sk } } })),
  ]);
  return {
    feedback: data.feedback.length,
    outreach: data.outreach.length,
    escalations: data.escalations.length,
    messagePointers: pointers.length,
    contact: data.contact.length,
    suppressionsKept: data.suppressions.length,
  };
}
