/**
 * The re-survey's answer links through the local stack: a GET (a click, or a mail scanner) shows a
 * page and records nothing; the page's POST records the answer once as feedback linked to the
 * recovered one; a forged, expired or orphaned link changes nothing.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPulseToken } from '../../functions/domain/experiments/pulse';
import { devSecret, unsubscribeKeyFromEnv } from '../../local/dev-secrets';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { postGeneric } from '../../local/webhook-client';
import { eventually } from '../support/eventually';

let runtime: LocalRuntime;
let db: DynamoDBDocumentClient;
const key = unsubscribeKeyFromEnv().current;
const inAWeek = () => new Date(Date.now() + 7 * 86_400_000);
const feedback = async () => ((await db.send(new ScanCommand({ TableName: runtime.resources.env.FEEDBACK_TABLE!, ConsistentRead: true }))).Items ?? []) as Array<Record<string, unknown>>;
const answers = async () => (await feedback()).filter((i) => i.source === 'pulse');
const form = (token: string, score: string) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token, score }).toString() });

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 0 });
  db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, endpoint: runtime.endpoints.dynamodb }));
  const res = await postGeneric(runtime.apiUrl, devSecret('generic'), { sourceEventId: 'pulse-orig', customer: { email: 'petra@example.com' }, metric: { type: 'nps', score: 4 }, text: 'Slow refund.' });
  expect(res.status).toBe(202);
  const stored = await eventually(feedback, (items) => items.some((i) => i.pk === 'generic#pulse-orig'), 60_000);
  expect(stored.map((i) => i.pk)).toContain('generic#pulse-orig');
}, 120_000);

afterAll(async () => {
  db?.destroy();
  await runtime?.stop();
});

describe('/pulse', () => {
  const token = () => signPulseToken({ feedbackKey: 'generic#pulse-orig', metric: 'nps' }, inAWeek(), key);

  it('GET shows the scale, or a confirmation for a chosen score, and records nothing', { timeout: 60_000 }, async () => {
    const choose = await fetch(`${runtime.apiUrl}/pulse?token=${token()}`);
    expect(choose.status).toBe(200);
    const page = await choose.text();
    for (let s = 0; s <= 10; s++) expect(page).toContain(`name="score" value="${s}"`);
    const confirm = await fetch(`${runtime.apiUrl}/pulse?token=${token()}&score=8`);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('You chose <strong>8</strong>');
    expect(confirm.headers.get('content-security-policy')).toContain("form-action 'self'");
    await new Promise((r) => setTimeout(r, 1500));
    expect(await answers()).toEqual([]);
  });

  it('POST records the answer once, linked to the recovered feedback, as feedback of its own', { timeout: 90_000 }, async () => {
    const first = await fetch(`${runtime.apiUrl}/pulse`, form(token(), '8'));
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('Thank you');
    const stored = await eventually(answers, (a) => a.length > 0, 60_000);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ pk: 'pulse#generic#pulse-orig', resurveyOf: 'generic#pulse-orig', metric: { type: 'nps', score: 8 }, customer: { email: 'petra@example.com' } });

    // A second click (or a changed mind) is the same re-survey: nothing more is stored or counted.
    expect((await fetch(`${runtime.apiUrl}/pulse`, form(token(), '3'))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 3000));
    expect(await answers()).toHaveLength(1);
  });

  it('refuses forged, expired, off-scale and orphaned answers without storing anything', { timeout: 60_000 }, async () => {
    const before = (await feedback()).length;
    const forged = signPulseToken({ feedbackKey: 'generic#pulse-orig', metric: 'nps' }, inAWeek(), 'not-the-key');
    expect((await fetch(`${runtime.apiUrl}/pulse`, form(forged, '9'))).status).toBe(400);
    const expired = signPulseToken({ feedbackKey: 'generic#pulse-orig', metric: 'nps' }, new Date(Date.now() - 1000), key);
    expect((await fetch(`${runtime.apiUrl}/pulse`, form(expired, '9'))).status).toBe(400);
    expect((await fetch(`${runtime.apiUrl}/pulse`, form(token(), '11'))).status).toBe(400);
    // An unsubscribe token is not a pulse token, even under the same key.
    expect((await fetch(`${runtime.apiUrl}/pulse`, form(`v1.${Buffer.from('e:x').toString('base64url')}.9999999999.abc`, '9'))).status).toBe(400);
    const orphan = signPulseToken({ feedbackKey: 'generic#erased-long-ago', metric: 'nps' }, inAWeek(), key);
    expect((await fetch(`${runtime.apiUrl}/pulse`, form(orphan, '9'))).status).toBe(410);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await feedback()).length).toBe(before);
  });
});
