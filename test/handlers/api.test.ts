/**
 * The read API through the local HTTP API (same routes and payload-v2 events as API Gateway):
 * validation answers 400 problem+json, figures match the rollup, feedback pages and masks emails,
 * and the dashboard page is self-contained.
 */
import { randomUUID } from 'node:crypto';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';

let runtime: LocalRuntime;
const DAY = '2026-05-12';

const feedback = (n: number, score: number, channel: string, language?: string) => ({
  id: randomUUID(),
  source: 'generic',
  sourceEventId: `api-${n}`,
  receivedAt: `${DAY}T09:${String(n).padStart(2, '0')}:00.000Z`,
  occurredAt: `${DAY}T09:${String(n).padStart(2, '0')}:00.000Z`,
  customer: { email: `customer${n}@example.com`, name: `Customer ${n}` },
  channel,
  metric: { type: 'nps', score },
  ...(language ? { language } : {}),
  outreach: false,
});

const sqs = (bodies: unknown[]): SQSEvent =>
  ({ Records: bodies.map((b) => ({ messageId: randomUUID(), body: JSON.stringify(b), attributes: { ApproximateReceiveCount: '1' }, messageAttributes: {} })) }) as unknown as SQSEvent;

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 0 });
  await runtime.invoke('analyze', sqs([feedback(1, 10, 'survey', 'en'), feedback(2, 9, 'survey', 'en'), feedback(3, 3, 'chat', 'fr'), feedback(4, 8, 'chat'), feedback(5, 10, 'email')]));
  await runtime.invoke('rollup', { from: DAY, to: DAY });
}, 90_000);

afterAll(async () => {
  await runtime?.stop();
});

const get = async (path: string) => {
  const res = await fetch(`${runtime.apiUrl}${path}`);
  return { status: res.status, type: res.headers.get('content-type'), headers: res.headers, text: await res.text() };
};

describe('GET /metrics validation', () => {
  it.each([
    ['a day that is not a date', '/metrics?from=2026-02-30&to=2026-03-01', 'from'],
    ['a malformed day', '/metrics?from=12/05/2026', 'from'],
    ['from after to', '/metrics?from=2026-05-12&to=2026-05-01', 'from'],
    ['more than two years', '/metrics?from=2020-01-01&to=2026-05-01', 'from'],
    ['an unknown dimension', '/metrics?dimension=country&value=fr', 'dimension'],
    ['a dimension without its value', '/metrics?dimension=channel', 'value'],
    ['an unknown granularity', '/metrics?granularity=year', 'granularity'],
  ])('answers 400 problem+json for %s', async (_name, path, field) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(res.type).toBe('application/problem+json');
    const problem = JSON.parse(res.text) as { status: number; errors: Array<{ path: string }> };
    expect(problem.status).toBe(400);
    expect(problem.errors.map((e) => e.path)).toContain(field);
  });
});

describe('GET /metrics', () => {
  it('serves the rolled-up figures of a day, with trailing NPS', async () => {
    const res = await get(`/metrics?from=${DAY}&to=${DAY}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = JSON.parse(res.text);
    // 3 promoters (10, 9, 10), 1 passive (8), 1 detractor (3) → NPS 40
    expect(body.total.nps).toMatchObject({ promoters: 3, passives: 1, detractors: 1, score: 40 });
    expect(body.series).toHaveLength(1);
    expect(body.series[0]).toMatchObject({ period: DAY, figures: { responses: 5 } });
    expect(body.trailing.find((t: { days: number }) => t.days === 7)).toMatchObject({ responses: 5, score: 40 });
    expect(body.computedAt).toEqual(expect.any(String));
  });

  it('filters by a rolled-up dimension and groups by ISO week and month', async () => {
    const chat = JSON.parse((await get(`/metrics?from=${DAY}&to=${DAY}&dimension=channel&value=chat`)).text);
    expect(chat.total.nps).toMatchObject({ responses: 2, score: -50 });
    const week = JSON.parse((await get(`/metrics?from=${DAY}&to=${DAY}&granularity=week`)).text);
    expect(week.series).toEqual([expect.objectContaining({ period: '2026-W20', from: '2026-05-11', to: '2026-05-17' })]);
    const month = JSON.parse((await get(`/metrics?from=${DAY}&to=${DAY}&granularity=month`)).text);
    expect(month.series[0]).toMatchObject({ period: '2026-05', figures: { responses: 5 } });
  });

  it('sums open-ended dimensions (language) from the counters on read', async () => {
    const en = JSON.parse((await get(`/metrics?from=${DAY}&to=${DAY}&dimension=language&value=en`)).text);
    expect(en.total.nps).toMatchObject({ responses: 2, score: 100 });
    expect(en.computedAt).toBeNull();
  });
});

describe('GET /feedback', () => {
  it('pages newest first with a cursor, each item with its sentiment, decision and reason, emails masked', async () => {
    const first = await get(`/feedback?from=${DAY}&to=${DAY}&limit=3`);
    expect(first.status).toBe(200);
    const page1 = JSON.parse(first.text) as { items: Array<{ receivedAt: string; customer: { email: string }; decision: { action: string; reason: string } }>; nextCursor?: string };
    expect(page1.items).toHaveLength(3);
    expect(page1.items.map((i) => i.receivedAt)).toEqual([...page1.items.map((i) => i.receivedAt)].sort().reverse());
    expect(page1.items[0]!.customer.email).toBe('c***@example.com');
    expect(page1.items[0]!.decision.reason).toEqual(expect.any(String));
    expect(first.text).not.toMatch(/customer\d@example\.com/);

    const page2 = JSON.parse((await get(`/feedback?from=${DAY}&to=${DAY}&limit=3&cursor=${page1.nextCursor}`)).text) as typeof page1;
    expect(page2.items).toHaveLength(2);
    const seen = new Set([...page1.items, ...page2.items].map((i) => i.receivedAt));
    expect(seen.size).toBe(5);
  });

  // What a caller could hand-craft before cursors were signed: a start key, or a day outside from/to.
  const unsigned = (cursor: unknown) => Buffer.from(JSON.stringify(cursor)).toString('base64url');
  const NEXT_DAY = '2026-05-13';

  it.each([
    ['a hand-made cursor for a day after the range', unsigned({ day: NEXT_DAY })],
    ['a hand-made start key', unsigned({ day: DAY, key: { pk: 'generic#api-9', day: DAY, receivedAt: `${DAY}T23:59:59.000Z` } })],
    ['a start key of another day', unsigned({ day: NEXT_DAY, key: { pk: 'generic#api-1', day: DAY, receivedAt: `${DAY}T09:01:00.000Z` } })],
  ])('refuses %s with a 400, reading nothing', async (_name, cursor) => {
    const res = await get(`/feedback?from=2026-05-01&to=${DAY}&cursor=${cursor}`);
    expect(res.status).toBe(400);
    expect((JSON.parse(res.text) as { errors: Array<{ path: string }> }).errors.map((e) => e.path)).toContain('cursor');
  });

  it('refuses a signed cursor whose signature or payload was altered', async () => {
    const { nextCursor } = JSON.parse((await get(`/feedback?from=${DAY}&to=${DAY}&limit=2`)).text) as { nextCursor: string };
    const [body, mac] = nextCursor.split('.');
    const altered = unsigned({ ...(JSON.parse(Buffer.from(body!, 'base64url').toString()) as object), day: NEXT_DAY });
    for (const cursor of [`${body}.${mac!.slice(0, -2)}AA`, `${altered}.${mac}`, body!]) {
      expect((await get(`/feedback?from=${DAY}&to=${NEXT_DAY}&cursor=${cursor}`)).status).toBe(400);
    }
  });

  it('keeps a genuine cursor inside the range asked for', async () => {
    // A cursor from a wider range, pointing into DAY, reused for a range that ends the day before.
    const { nextCursor } = JSON.parse((await get(`/feedback?from=${DAY}&to=${NEXT_DAY}&limit=2`)).text) as { nextCursor: string };
    const before = JSON.parse((await get(`/feedback?from=2026-05-10&to=2026-05-11&cursor=${nextCursor}`)).text) as { items: unknown[] };
    expect(before.items).toEqual([]);
  });

  it('filters by channel', async () => {
    const body = JSON.parse((await get(`/feedback?from=${DAY}&to=${DAY}&channel=chat`)).text) as { items: Array<{ channel: string }> };
    expect(body.items.map((i) => i.channel)).toEqual(['chat', 'chat']);
  });

  it.each([
    ['an unknown channel', '/feedback?channel=fax', 'channel'],
    ['a forged cursor', '/feedback?cursor=bm90LWEtY3Vyc29y', 'cursor'],
    ['a limit above 100', '/feedback?limit=1000', 'limit'],
  ])('answers 400 problem+json for %s', async (_name, path, field) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(res.type).toBe('application/problem+json');
    expect((JSON.parse(res.text) as { errors: Array<{ path: string }> }).errors.map((e) => e.path)).toContain(field);
  });
});

describe('GET /dashboard', () => {
  it('is one self-contained page: no external script, its inline script allowed by hash', async () => {
    const res = await get('/dashboard');
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(res.text).not.toMatch(/<script[^>]+src=/);
    expect(res.text).not.toMatch(/https?:\/\/cdn/);
    expect(res.text).toContain('"channels":["survey"');
  });
});
