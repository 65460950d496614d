/**
 * GDPR end to end in the local runtime: a customer's feedback (under their email and, linked, under
 * their id) is exported, then erased — feedback replaced by tombstones, ledger items tombstoned,
 * contact state gone — while counters stay as they were, other customers are untouched and an
 * unsubscribe survives as a hash. Then the attacks on an erasure: asking by id for feedback keyed
 * by email, replaying the same signed bytes, redriving a parked copy, a deferred email arriving
 * after the erasure. Raw feedback carries its TTL from `retentionDays`.
 */
import { DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redriveDlqs } from '../../cli/commands/dlq';
import { customerHashKey } from '../../functions/adapters/customer-hash-key';
import { customerKeyOf } from '../../functions/domain/outreach';
import { signTypeform } from '../../functions/domain/sources/sign';
import { settings } from '../../functions/settings';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { postGeneric, sesInbox } from '../../local/webhook-client';
import { eventually } from '../support/eventually';

const ANA = { email: 'gdpr.ana@example.com', id: 'cus_gdpr_ana', name: 'Ana Gdprtest' };
const COMMENT = 'Parcel lost twice, gdpr-marker-9931';
let runtime: LocalRuntime;
let db: DynamoDBDocumentClient;
let raw: DynamoDBClient;
let sqs: SQSClient;

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 0, onEscalation: () => undefined });
  raw = new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, endpoint: runtime.endpoints.dynamodb });
  db = DynamoDBDocumentClient.from(raw);
  sqs = new SQSClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, endpoint: runtime.endpoints.sqs });
}, 90_000);

afterAll(async () => {
  await runtime?.stop();
  raw?.destroy();
  sqs?.destroy();
});

const keyOf = async (customer: { email?: string; id?: string }) => customerKeyOf(customer, await customerHashKey())!;

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

/** Quiet when nothing is waiting, in flight or delayed in the feedback and outreach queues, twice in a row. */
async function settled(): Promise<void> {
  const pending = async () => {
    let n = 0;
    for (const url of [env().FEEDBACK_QUEUE_URL!, env().OUTREACH_QUEUE_URL!]) {
      const { Attributes: a = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
      n += Number(a.ApproximateNumberOfMessages ?? 0) + Number(a.ApproximateNumberOfMessagesNotVisible ?? 0) + Number(a.ApproximateNumberOfMessagesDelayed ?? 0);
    }
    return n;
  };
  for (let quiet = 0; quiet < 2; ) {
    await new Promise((r) => setTimeout(r, 400));
    quiet = (await pending()) === 0 ? quiet + 1 : 0;
  }
}

/** The metrics table once notify's counters have landed: still across two reads. */
async function stillCounters(): Promise<string> {
  let counters = await scanAll(env().METRICS_TABLE!);
  for (let previous = ''; previous !== counters; ) {
    previous = counters;
    await new Promise((r) => setTimeout(r, 300));
    counters = await scanAll(env().METRICS_TABLE!);
  }
  return counters;
}

/** A metrics-table dump without the Comprehend spend rows of the budget guard (functions/adapters/comprehend-spend.ts). */
const withoutSpend = (dump: string) => JSON.stringify((JSON.parse(dump) as Array<{ pk: string }>).filter((item) => !item.pk.startsWith('S#')));

const emailsTo = async (address: string) => (await sesInbox(runtime.sesStoreUrl)).filter((e) => e.destination.to.includes(address));

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
    expect(before.customerKeys).toEqual([await keyOf({ email: ANA.email }), await keyOf({ id: ANA.id })]);
    expect(before.feedback.map((f) => f.pk).sort()).toEqual(['generic#gdpr-1', 'generic#gdpr-2']);
    expect(JSON.stringify(before.feedback)).toContain(COMMENT);
    expect(before.outreach).toEqual(expect.arrayContaining([expect.objectContaining({ pk: 'OUT#generic#gdpr-1#recovery', status: 'sent' })]));
    expect(before.contact).toHaveLength(1);
    expect(before.suppressions).toEqual([expect.objectContaining({ reason: 'unsubscribe' })]);
    // By id, the same person: the id-keyed feedback and, through the id it named, the email-keyed one.
    expect((await exportOf(ANA.id)).feedback.map((f) => f.pk).sort()).toEqual(['generic#gdpr-1', 'generic#gdpr-2']);

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
    expect(await getItem(env().OUTREACH_TABLE!, { pk: `SUPP#${await keyOf({ email: ANA.email })}`, sk: 'SUPP' })).toMatchObject({ reason: 'unsubscribe' });
    // The feedback is a tombstone under its dedupe key, holding nothing about Ana.
    expect(await getItem(env().FEEDBACK_TABLE!, { pk: 'generic#gdpr-1' })).toEqual({ pk: 'generic#gdpr-1', erasedAt: expect.any(String) });
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

    // Erasure is idempotent; the second one says it found nothing new (only the kept suppression).
    const again = await fetch(customerUrl(ANA.email), { method: 'DELETE' });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { erased: Record<string, number> }).erased).toMatchObject({ feedback: 0, contact: 0, suppressionsKept: 1 });
  }, 60_000);

  it('says so when nothing is held: export 404, erasure found: false', async () => {
    const res = await fetch(customerUrl('nobody-held@example.com', '/export'));
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const erase = await fetch(customerUrl('cus_nobody_held'), { method: 'DELETE' });
    expect(erase.status).toBe(200);
    expect(await erase.json()).toMatchObject({ found: false, erased: { feedback: 0, outreach: 0, contact: 0 }, detail: expect.stringContaining('Nothing was held') });
  });

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

describe('an erasure stays complete', () => {
  // Typeform's own example: customer { id: "cus_1002" (hidden user_id), email: "bob@example.com" }, keyed by the email.
  const typeformBytes = readFileSync(new URL('../fixtures/webhooks/typeform/detractor.json', import.meta.url));
  const postTypeform = async () =>
    fetch(`${runtime.apiUrl}/webhooks/typeform`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'typeform-signature': signTypeform(typeformBytes, runtime.webhookSecrets.typeform![0]!) },
      body: typeformBytes,
    });
  const BOB = { email: 'bob@example.com', id: 'cus_1002' };
  const PK = 'typeform#b7f0e1d2c3a4b5c6d7e8f9a0b1c2d3e4';

  it('erasing by id removes feedback keyed by the email, and a replay of the same signed bytes is acknowledged and dropped', async () => {
    expect((await postTypeform()).status).toBe(202);
    await eventually(() => emailsTo(BOB.email), (e) => e.length === 1);
    await settled();
    const counters = await stillCounters();

    const erase = await fetch(customerUrl(BOB.id), { method: 'DELETE' });
    expect(erase.status).toBe(200);
    expect(await erase.json()).toMatchObject({ found: true, customerKeys: [await keyOf({ id: BOB.id }), await keyOf({ email: BOB.email })], erased: { feedback: 1, outreach: 1 } });
    for (const table of [env().FEEDBACK_TABLE!, env().OUTREACH_TABLE!]) {
      const dump = await scanAll(table);
      for (const trace of [BOB.email, BOB.id]) expect(dump, `${trace} left in ${table}`).not.toContain(trace);
    }
    expect((await fetch(customerUrl(BOB.email, '/export'))).status).toBe(404);

    // The vendor retries, or someone replays the captured request: Typeform signs no timestamp.
    expect((await postTypeform()).status).toBe(202);
    await settled();
    expect(await getItem(env().FEEDBACK_TABLE!, { pk: PK })).toEqual({ pk: PK, erasedAt: expect.any(String) });
    // Counted nowhere. Only the month's Comprehend spend (S#comprehend rows: units, no personal data) moves,
    // because the replay's text was analyzed, and billed, before its tombstone was found at store time.
    expect(withoutSpend(await scanAll(env().METRICS_TABLE!))).toEqual(withoutSpend(counters));
    expect(await emailsTo(BOB.email)).toHaveLength(1);
    expect((await fetch(customerUrl(BOB.email, '/export'))).status).toBe(404);
  }, 60_000);

  const eventFor = (customer: Record<string, string>, sourceEventId: string, receivedAt: Date) => ({
    id: randomUUID(), source: 'generic', sourceEventId, receivedAt: receivedAt.toISOString(), occurredAt: receivedAt.toISOString(),
    customer, channel: 'survey', metric: { type: 'nps', score: 2 }, text: 'Parked before the erasure',
  });

  it('a copy parked in the DLQ before the erasure is neither stored nor emailed after `dlq redrive`', async () => {
    const DORA = { email: 'dora.parked@example.com', id: 'cus_dora' };
    const parkedAt = new Date(Date.now() - 60_000);
    await sqs.send(new SendMessageCommand({ QueueUrl: env().FEEDBACK_QUEUE_DLQ_URL!, MessageBody: JSON.stringify(eventFor(DORA, 'parked-dora', parkedAt)) }));
    // The control: a customer nobody erased, parked beside her.
    await sqs.send(new SendMessageCommand({ QueueUrl: env().FEEDBACK_QUEUE_DLQ_URL!, MessageBody: JSON.stringify(eventFor({ email: 'gil.parked@example.com' }, 'parked-gil', parkedAt)) }));
    // Nothing of Dora's is stored yet: the erasure says so, and still reaches the parked copy.
    const erase = await fetch(customerUrl(DORA.email), { method: 'DELETE' });
    expect(await erase.json()).toMatchObject({ found: false });

    expect(await redriveDlqs({ endpoint: runtime.apiUrl, queue: 'feedback' })).toEqual([expect.objectContaining({ moved: 2 })]);
    await settled();
    expect(await getItem(env().FEEDBACK_TABLE!, { pk: 'generic#parked-gil' })).toMatchObject({ customer: { email: 'gil.parked@example.com' } });
    expect(await getItem(env().FEEDBACK_TABLE!, { pk: 'generic#parked-dora' })).toBeUndefined();
    expect(await emailsTo(DORA.email)).toEqual([]);
    expect((await fetch(customerUrl(DORA.id, '/export'))).status).toBe(404);

    // What Dora sends after her erasure is new feedback, handled as usual.
    expect((await postGeneric(runtime.apiUrl, runtime.webhookSecrets.generic![0]!, { sourceEventId: 'after-dora', customer: DORA, metric: { type: 'nps', score: 2 }, text: 'Writing again' })).status).toBe(202);
    await eventually(() => emailsTo(DORA.email), (e) => e.length === 1);
  }, 60_000);

  it('a deferred email that comes back after the erasure is not sent', async () => {
    const EVE = { email: 'eve.deferred@example.com', id: 'cus_eve' };
    const FAY = { email: 'fay.deferred@example.com' };
    for (const [customer, id] of [[EVE, 'eve-1'], [FAY, 'fay-1']] as const) {
      // A passive: stored, no email of its own…
      expect((await postGeneric(runtime.apiUrl, runtime.webhookSecrets.generic![0]!, { sourceEventId: id, customer, metric: { type: 'nps', score: 7 } })).status).toBe(202);
      const stored = await eventually(() => getItem(env().FEEDBACK_TABLE!, { pk: `generic#${id}` }), Boolean);
      // …and an outreach deferred for quiet hours, re-queued as notify does (adapters/deferral.ts): back in a few seconds.
      const deferred = { outreachId: `generic#${id}#recovery`, feedbackKey: `generic#${id}`, kind: 'recovery', customer, channel: 'survey', receivedAt: stored!.receivedAt };
      await sqs.send(new SendMessageCommand({ QueueUrl: env().OUTREACH_QUEUE_URL!, MessageBody: JSON.stringify(deferred), DelaySeconds: 3 }));
    }

    expect(await (await fetch(customerUrl(EVE.email), { method: 'DELETE' })).json()).toMatchObject({ found: true, erased: { feedback: 1 } });
    // Fay, not erased, gets hers: the deferred path sends.
    await eventually(() => emailsTo(FAY.email), (e) => e.length === 1);
    await settled();
    expect(await emailsTo(EVE.email)).toEqual([]);
  }, 60_000);
});
