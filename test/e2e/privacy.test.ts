/**
 * GDPR end to end in the local runtime: a customer's feedback (under their email and, linked, under
 * their id) is exported, then erased — feedback gone, ledger items tombstoned, contact state gone —
 * while counters stay as they were, other customers are untouched and an unsubscribe survives as a
 * hash. Raw feedback carries its TTL from `retentionDays`.
 */
import { DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerKeyOf } from '../../functions/domain/outreach';
import { settings } from '../../functions/settings';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { postGeneric, sesInbox } from '../../local/webhook-client';
import { eventually } from '../support/eventually';

const ANA = { email: 'gdpr.ana@example.com', id: 'cus_gdpr_ana', name: 'Ana Gdprtest' };
const COMMENT = 'Parcel lost twice, gdpr-marker-9931';
let runtime: LocalRuntime;
let db: DynamoDBDocumentClient;
let raw: DynamoDBClient;

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 0, onEscalation: () => undefined });
  raw = new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, endpoint: runtime.endpoints.dynamodb });
  db = DynamoDBDocumentClient.from(raw);
}, 90_000);

afterAll(async () => {
  await runtime?.stop();
  raw?.destroy();
});

const env = () => runtime.resources.env;
const getItem = async (table: string, key: Record<string, string>) => (await db.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;
const scanAll = async (table: string) => JSON.stringify((await db.send(new ScanCommand({ TableName: table }))).Items ?? []);
const customerUrl = (idOrEmail: string, suffix = '') => `${runtime.apiUrl}/customers/${encodeURIComponent(idOrEmail)}${suffix}`;

interface Export {
  customerKeys: string[];
  feedback: Array<Record<string, unknown>>;
  outreach: Array<Record<string, unknown>>;
  contact: unknown[];
  suppressions: Array<Record<string, unknown>>;
}

async function exportOf(idOrEmail: string): Promise<Export> {
  const res = await fetch(customerUrl(idOrEmail, '/export'));
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return (await res.json()) as Export;
}

describe('GDPR export and erasure', () => {
  it('exports a customer, erases them, keeps counters, other customers and the unsubscribe', async () => {
    const secret = runtime.webhookSecrets.generic![0]!;
    const posts = await Promise.all([
      postGeneric(runtime.apiUrl, secret, { sourceEventId: 'gdpr-1', customer: ANA, metric: { type: 'nps', score: 1 }, text: COMMENT }),
      // The same person through a channel that knows only their id: keyed by the id, linked through gdpr-1.
      postGeneric(runtime.apiUrl, secret, { sourceEventId: 'gdpr-2', channel: 'chat', customer: { id: ANA.id }, metric: { type: 'csat', score: 2 }, text: `Chat: ${COMMENT}` }),
      postGeneric(runtime.apiUrl, secret, { sourceEventId: 'gdpr-other', customer: { email: 'bea@example.com', name: 'Bea' }, metric: { type: 'nps', score: 10 }, text: 'Great' }),
    ]);
    expect(posts.map((p) => p.status)).toEqual([202, 202, 202]);
    const inbox = await eventually(() => sesInbox(runtime.sesStoreUrl), (e) => e.length >= 2);
    const toAna = inbox.find((e) => e.destination.to.includes(ANA.email));
    expect(toAna).toBeDefined();
    await eventually(() => getItem(env().FEEDBACK_TABLE!, { pk: 'generic#gdpr-2' }), Boolean);

    // Ana unsubscribes through the link in her email.
    const unsubscribeUrl = /href="([^"]*\/unsubscribe\?token=[^"]+)"/.exec(toAna!.body.html ?? '')?.[1]?.replace(/&amp;/g, '&');
    expect(unsubscribeUrl).toBeDefined();
    expect((await fetch(unsubscribeUrl!, { method: 'POST' })).status).toBe(200);

    const before = await exportOf(ANA.email);
    expect(before.customerKeys).toEqual([customerKeyOf({ email: ANA.email }), customerKeyOf({ id: ANA.id })]);
    expect(before.feedback.map((f) => f.pk).sort()).toEqual(['generic#gdpr-1', 'generic#gdpr-2']);
    expect(JSON.stringify(before.feedback)).toContain(COMMENT);
    expect(before.outreach).toEqual(expect.arrayContaining([expect.objectContaining({ pk: 'OUT#generic#gdpr-1#recovery', status: 'sent' })]));
    expect(before.contact).toHaveLength(1);
    expect(before.suppressions).toEqual([expect.objectContaining({ reason: 'unsubscribe' })]);
    // By id alone, only feedback that carried no email is keyed by the id (email-keyed feedback is
    // not indexed by id): why erasure requests should name the email when there is one.
    expect((await exportOf(ANA.id)).feedback.map((f) => f.pk)).toEqual(['generic#gdpr-2']);

    // Notify writes its outreach counters just after the sends: wait until the table is still.
    let countersBefore = await scanAll(env().METRICS_TABLE!);
    for (let previous = ''; previous !== countersBefore; ) {
      previous = countersBefore;
      await new Promise((r) => setTimeout(r, 300));
      countersBefore = await scanAll(env().METRICS_TABLE!);
    }
    expect(countersBefore).toContain('"responses":3');

    const erase = await fetch(customerUrl(ANA.email), { method: 'DELETE' });
    expect(erase.status).toBe(200);
    expect(((await erase.json()) as { erased: Record<string, number> }).erased).toMatchObject({ feedback: 2, contact: 1, suppressionsKept: 1 });

    const after = await exportOf(ANA.email);
    expect(after).toMatchObject({ feedback: [], outreach: [], contact: [] });
    expect(after.suppressions).toHaveLength(1);
    // The erased address stays unsubscribed, by hash only.
    expect(await getItem(env().OUTREACH_TABLE!, { pk: `SUPP#${customerKeyOf({ email: ANA.email })}`, sk: 'SUPP' })).toMatchObject({ reason: 'unsubscribe' });
    // The ledger item is a tombstone: a redelivered outreach finds it done and sends nothing.
    expect(await getItem(env().OUTREACH_TABLE!, { pk: 'OUT#generic#gdpr-1#recovery', sk: 'OUT' })).toEqual({
      pk: 'OUT#generic#gdpr-1#recovery', sk: 'OUT', status: 'erased', erasedAt: expect.any(String), expiresAt: expect.any(Number),
    });
    for (const table of [env().FEEDBACK_TABLE!, env().OUTREACH_TABLE!]) {
      const dump = await scanAll(table);
      for (const trace of [ANA.email, ANA.id, ANA.name, 'gdpr-marker-9931']) expect(dump, `${trace} left in ${table}`).not.toContain(trace);
    }
    expect(await scanAll(env().METRICS_TABLE!)).toEqual(countersBefore);
    expect(await getItem(env().FEEDBACK_TABLE!, { pk: 'generic#gdpr-other' })).toMatchObject({ customer: { email: 'bea@example.com' } });

    // Erasure is idempotent.
    expect((await fetch(customerUrl(ANA.email), { method: 'DELETE' })).status).toBe(200);
  }, 60_000);

  it('refuses something that is neither an email nor an id with a 400 problem', async () => {
    const res = await fetch(customerUrl('bad\u0001id', '/export'));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('gives raw feedback a TTL of retentionDays from receipt', async () => {
    const ttl = await raw.send(new DescribeTimeToLiveCommand({ TableName: env().FEEDBACK_TABLE! }));
    expect(ttl.TimeToLiveDescription).toMatchObject({ AttributeName: 'expiresAt', TimeToLiveStatus: 'ENABLED' });
    const item = await eventually(() => getItem(env().FEEDBACK_TABLE!, { pk: 'generic#gdpr-other' }), Boolean);
    expect(item!.expiresAt).toBe(Math.floor(Date.parse(String(item!.receivedAt)) / 1000) + settings.retentionDays * 86_400);
  });
});
