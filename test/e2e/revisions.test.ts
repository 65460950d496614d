/**
 * Response revisions end to end (issue 11 §3): the same response delivered again as it changes
 * replaces the stored version, is re-analysed and re-decided, moves the counters once, and never
 * sends a second email or raises a second escalation; an older version arriving last changes nothing.
 */
import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDelighted, signZendesk } from '../../functions/domain/sources/sign';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { postGeneric, sesInbox } from '../../local/webhook-client';
import { eventually } from '../support/eventually';

let runtime: LocalRuntime;
let db: DynamoDBDocumentClient;

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 0 });
  db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: runtime.endpoints.dynamodb, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }));
}, 240_000);

afterAll(async () => {
  await runtime?.stop();
});

const fixture = (path: string) => readFileSync(new URL(`../fixtures/webhooks/${path}`, import.meta.url));
const stored = async (pk: string) => (await db.send(new GetCommand({ TableName: runtime.resources.env.FEEDBACK_TABLE, Key: { pk }, ConsistentRead: true }))).Item;
const emailsTo = async (address: string) => (await sesInbox(runtime.sesStoreUrl)).filter((e) => e.destination.to.includes(address));
const escalationsOf = (pk: string) => runtime.escalations.filter((a) => a.feedbackKey === pk);
const settle = () => new Promise((r) => setTimeout(r, 4_000));

async function counters(dimension: string, value: string, day: string) {
  const { counterRows } = await import('../../functions/adapters/metrics-store');
  const rows = await counterRows(dimension, value, day, `${day}T23`);
  const total: Record<string, number> = {};
  for (const row of rows) for (const [f, n] of Object.entries(row.counters)) total[f] = (total[f] ?? 0) + n;
  return total;
}

async function postDelighted(body: Buffer) {
  const secret = runtime.webhookSecrets.delighted![0]!;
  const res = await fetch(`${runtime.apiUrl}/webhooks/delighted`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-delighted-webhook-signature': signDelighted(body, secret) },
    body,
  });
  expect(res.status, await res.clone().text()).toBe(202);
}

async function postZendesk(payload: Record<string, unknown>) {
  const secret = runtime.webhookSecrets.zendesk![0]!;
  const body = Buffer.from(JSON.stringify(payload));
  const ts = new Date().toISOString();
  const res = await fetch(`${runtime.apiUrl}/webhooks/zendesk`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-zendesk-webhook-signature': signZendesk(body, secret, ts), 'x-zendesk-webhook-signature-timestamp': ts },
    body,
  });
  expect(res.status, await res.clone().text()).toBe(202);
}

describe('response revisions', () => {
  it("Delighted's created → updated pair: the comment lands, is analysed, escalated once, counted once, emailed once", async () => {
    const pk = 'delighted#5435';
    const address = 'charlie_gravis@example.com';
    const day = '2024-11-21';
    await postDelighted(fixture('delighted/revision-created.json'));
    const first = await eventually(() => stored(pk), Boolean);
    expect(first).toMatchObject({ metric: { type: 'nps', score: 3 }, decision: { action: 'recovery' }, revision: 1_732_186_844_000 });
    expect(first!.text).toBeUndefined();
    await eventually(() => emailsTo(address), (e) => e.length === 1, 30_000);

    await postDelighted(fixture('delighted/revision-updated.json'));
    const second = await eventually(() => stored(pk), (item) => item?.revisions === 1);
    expect(second).toMatchObject({ revision: 1_732_187_444_000, text: expect.stringMatching(/refund and will cancel my account/), sentiment: { label: 'NEGATIVE' } });
    expect(second!.decision.escalation).toBeDefined();
    await eventually(async () => escalationsOf(pk), (a) => a.length >= 1, 30_000);

    // The identical updated delivery again, then the created one arriving late: nothing moves.
    await postDelighted(fixture('delighted/revision-updated.json'));
    await postDelighted(fixture('delighted/revision-created.json'));
    await settle();
    expect(await stored(pk)).toMatchObject({ revisions: 1, revision: 1_732_187_444_000, text: second!.text });
    expect(await emailsTo(address)).toHaveLength(1);
    expect(escalationsOf(pk)).toHaveLength(1);
    expect(await counters('source', 'delighted', day)).toMatchObject({ responses: 1, nps_detractor: 1, escalations: 1, revisions: 1, sentiment_count: 1, sentiment_negative: 1 });
  }, 90_000);

  it('a Zendesk re-rating (good → bad): CSAT moves from 5 to 1, the thank-you stands and the recovery follows it once', async () => {
    const pk = 'zendesk#ticket-7001';
    const address = 'rerated@example.com';
    const base = JSON.parse(fixture('zendesk/good.json').toString()) as Record<string, unknown>;
    const rating = (score: string, comment: string, ratedAt: string) => ({ ...base, ticket_id: '7001', score, comment, rated_at: ratedAt, requester: { id: '42', email: address, name: 'Robin' } });
    const day = '2026-11-02';
    await postZendesk(rating('good', 'Sorted in one reply, thank you!', `${day}T09:00:00Z`));
    await eventually(() => emailsTo(address), (e) => e.length === 1, 30_000);
    await postZendesk(rating('bad', 'The same problem came back the next day and nobody answered.', `${day}T11:00:00Z`));
    const item = await eventually(() => stored(pk), (i) => i?.revisions === 1);
    expect(item).toMatchObject({ metric: { type: 'csat', score: 1 }, decision: { action: 'recovery' } });
    const emails = await eventually(() => emailsTo(address), (e) => e.length === 2, 30_000);
    expect(emails.map((e) => e.subject)).toEqual([expect.not.stringMatching(/sorry/i), expect.stringMatching(/sorry/i)]);
    await settle();
    expect(await emailsTo(address)).toHaveLength(2);
    const c = await counters('source', 'zendesk', day);
    expect(c).toMatchObject({ responses: 1, csat_count: 1, csat_sum: 1, revisions: 1, action_recovery: 1, action_gratitude: 0 });
    expect(c.csat_satisfied ?? 0).toBe(0);
  }, 90_000);

  it('out of order: the later version first, the older one last → the later one stays, counted once', async () => {
    const pk = 'generic#rev-ooo';
    const secret = runtime.webhookSecrets.generic![0]!;
    const version = (revision: number, score: number, text: string) => ({
      sourceEventId: 'rev-ooo', occurredAt: '2026-11-03T10:00:00Z', revision, metric: { type: 'nps', score }, text,
      customer: { id: 'ooo-customer' }, sourceRef: { surveyId: 'rev-ooo' },
    });
    await postGeneric(runtime.apiUrl, secret, version(2, 9, 'Fixed quickly, great support.'));
    await eventually(() => stored(pk), Boolean);
    await postGeneric(runtime.apiUrl, secret, version(1, 2, 'Still waiting for an answer.'));
    await settle();
    expect(await stored(pk)).toMatchObject({ revision: 2, metric: { score: 9 } });
    expect((await stored(pk))!.revisions).toBeUndefined();
    expect(await counters('survey', 'rev-ooo', '2026-11-03')).toMatchObject({ responses: 1, nps_promoter: 1 });
    expect((await counters('survey', 'rev-ooo', '2026-11-03')).nps_detractor ?? 0).toBe(0);
  }, 60_000);

  it('a recovery is never followed by a thank-you for the same response', async () => {
    const pk = 'generic#rev-happy-later';
    const address = 'happier@example.com';
    const secret = runtime.webhookSecrets.generic![0]!;
    const version = (revision: number, score: number, text: string) => ({
      sourceEventId: 'rev-happy-later', revision, metric: { type: 'nps', score }, text, customer: { email: address, name: 'Sam' },
    });
    await postGeneric(runtime.apiUrl, secret, version(1, 2, 'The parcel never arrived.'));
    await eventually(() => emailsTo(address), (e) => e.length === 1, 30_000);
    await postGeneric(runtime.apiUrl, secret, version(2, 10, 'It arrived after all, thank you so much!'));
    const item = await eventually(() => stored(pk), (i) => i?.revisions === 1);
    expect(item!.decision).toMatchObject({ action: 'none', rule: 'guard.revision', heldBack: 'gratitude' });
    await settle();
    expect(await emailsTo(address)).toHaveLength(1);
  }, 60_000);
});
