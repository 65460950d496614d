/**
 * Property-based fuzzing of every webhook source (fast-check): arbitrary bytes, arbitrary JSON and
 * each vendor's own fixtures with hostile values spliced in, all correctly signed so they reach
 * `parse` (and `complete` for thin-payload vendors). Whatever arrives, a source either produces
 * feedback that is a valid FeedbackEvent once ingest mints its id, or throws a 4xx ProblemError;
 * nothing else escapes and Object.prototype is never touched. Foreign and empty secrets never verify.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { FeedbackEvent } from '../../../functions/domain/feedback-event';
import { ProblemError } from '../../../functions/domain/problem';
import { SOURCES, THIN_SOURCES } from '../../../functions/domain/sources/registry';
import type { ThinPayloadSource, ThinSourceResult } from '../../../functions/domain/sources/shared/thin-payload';
import type { WebhookRequest, WebhookSource } from '../../../functions/domain/sources/webhook-source';
import { otherSecret, ourSecret, signFor } from '../../fixtures/hostile/corpus';

const ALL: Array<WebhookSource | ThinPayloadSource> = [...SOURCES.values(), ...THIN_SOURCES.values()];
const FORM_SOURCES = new Set(['twilio', 'qualtrics']);
/** Webhook fixtures per source; the generic family gets a FeedbackEvent-shaped body. */
const GENERIC_BODY = { sourceEventId: 'fz-1', customer: { email: 'ana@example.com', name: 'Ana', locale: 'en' }, metric: { type: 'nps', score: 3 }, text: 'It broke' };
/** Vendor API documents that thin-payload sources complete, by vendor. */
const FETCHED: Record<string, string> = { surveymonkey: 'response-details.json', qualtrics: 'response.json', hubspot: 'submission-nps.json' };
const RUNS = { numRuns: 150 };

afterEach(() => expect(({} as Record<string, unknown>).polluted).toBeUndefined());

function webhookFixtures(source: string): string[] {
  const dir = new URL(`../../fixtures/webhooks/${source}/`, import.meta.url);
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [JSON.stringify(GENERIC_BODY)];
  }
  // README.md files name each fixture's origin; they are not payloads.
  return files.filter((f) => f !== FETCHED[source] && !f.endsWith('.md')).map((f) => readFileSync(new URL(f, dir), 'utf8'));
}

function requestFor(source: string, body: Buffer, secret: string, now: Date): WebhookRequest {
  const delivery = signFor(source, body, secret, now, 'https://api.test');
  const url = new URL(delivery.url);
  return { method: 'POST', url: delivery.url, headers: delivery.headers, query: Object.fromEntries(url.searchParams), rawBody: body };
}

/** Runs a source the way ingest does; returns what it produced, or undefined when it refused with a 4xx. */
function run(source: WebhookSource | ThinPayloadSource, req: WebhookRequest, now: Date): ThinSourceResult | undefined {
  try {
    source.verify(req, { secrets: [ourSecret(source.name)], now });
    const result = source.parse(req, now);
    expectWellFormed(result);
    return result;
  } catch (err) {
    expectClientProblem(err);
    return undefined;
  }
}

function expectClientProblem(err: unknown) {
  if (!(err instanceof ProblemError)) throw err;
  expect(err.status).toBeGreaterThanOrEqual(400);
  expect(err.status).toBeLessThan(500);
}

function expectWellFormed(result: ThinSourceResult) {
  if (result.kind === 'feedback') {
    for (const draft of result.drafts) {
      const parsed = FeedbackEvent.safeParse({ ...draft, id: randomUUID(), receivedAt: new Date().toISOString() });
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    }
  }
  if (result.kind === 'fetch') for (const item of result.items) expect(item.sourceEventId).toMatch(/^[\x21-\x7e]+$/);
}

/** Values a careless or malicious sender might put anywhere. */
const hostileValue = fc.oneof(
  fc.constantFrom<unknown>(
    'NaN', 'Infinity', '-1', '11', '1e400', '123456789012345678901234567890', 1e308, -0, 7.5, -1, 11, 0, null, true, '', ' ', [], {},
    '<script>alert(1)</script>', 'ana@example.com\r\nBcc: victim@evil.test', 'Ana\r\nBcc: x', 'nul\u0000byte', '\u001b[31mred', '\ud800',
    '__proto__', 'constructor', 'x'.repeat(30_000),
  ),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 3 }),
);

type Json = unknown;

function leafPaths(value: Json, path: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return value.length ? value.flatMap((v, i) => leafPaths(v, [...path, i])) : [path];
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length ? entries.flatMap(([k, v]) => leafPaths(v, [...path, k])) : [path];
  }
  return [path];
}

function setAt(root: Json, path: Array<string | number>, replacement: unknown): Json {
  if (path.length === 0) return replacement;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1)!] = replacement;
  return copy;
}

/** A fixture with 1–4 leaves replaced by hostile values, and sometimes a prototype key spliced in. */
const mutated = (doc: Json) =>
  fc.tuple(fc.array(fc.tuple(fc.nat(), hostileValue), { minLength: 1, maxLength: 4 }), fc.constantFrom('', '"__proto__":{"polluted":1},', '"constructor":{"prototype":{"polluted":1}},')).map(([edits, splice]) => {
    const paths = leafPaths(doc);
    const out = edits.reduce((acc, [i, v]) => setAt(acc, paths[i % paths.length]!, v), doc);
    const text = JSON.stringify(out) ?? 'null';
    return splice && text.startsWith('{') && text !== '{}' ? `{${splice}${text.slice(1)}` : text;
  });

const mutatedForm = (form: string) =>
  fc.array(fc.tuple(fc.nat(), hostileValue), { minLength: 1, maxLength: 4 }).map((edits) => {
    const params = [...new URLSearchParams(form)];
    for (const [i, v] of edits) params[i % params.length]![1] = typeof v === 'string' ? v : JSON.stringify(v) ?? '';
    return new URLSearchParams(params).toString();
  });

describe.each(ALL.map((s) => [s.name, s] as const))('%s under fuzzing', (name, source) => {
  const fixtures = webhookFixtures(name);

  it('refuses or normalizes arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => void run(source, requestFor(name, Buffer.from(bytes), ourSecret(name), new Date()), new Date())), RUNS);
  });

  it('refuses or normalizes arbitrary JSON', () => {
    fc.assert(fc.property(fc.json({ maxDepth: 5 }), (text) => void run(source, requestFor(name, Buffer.from(text), ourSecret(name), new Date()), new Date())), RUNS);
  });

  it('refuses or normalizes its own fixtures with hostile values spliced in', () => {
    const arbitrary = fc.oneof(...fixtures.map((f) => (FORM_SOURCES.has(name) ? mutatedForm(f.trim()) : mutated(JSON.parse(f)))));
    fc.assert(fc.property(arbitrary, (text) => void run(source, requestFor(name, Buffer.from(text), ourSecret(name), new Date()), new Date())), RUNS);
  });

  it('never verifies a signature made with another secret, or with an empty one', () => {
    fc.assert(
      fc.property(fc.constantFrom(...fixtures), fc.constantFrom(otherSecret(name), ''), fc.constantFrom([ourSecret(name)], ['']), (text, secret, configured) => {
        const now = new Date();
        const req = requestFor(name, Buffer.from(text), secret, now);
        expect(() => source.verify(req, { secrets: configured, now })).toThrow(expect.objectContaining({ status: 401 }));
      }),
      { numRuns: 40 },
    );
  });

  if ('complete' in source) {
    it('refuses or normalizes hostile vendor API documents', () => {
      const doc = JSON.parse(readFileSync(new URL(`../../fixtures/webhooks/${name}/${FETCHED[name]}`, import.meta.url), 'utf8')) as Json;
      const item = { sourceEventId: 'fz-1', responseId: 'r-1', surveyId: 's-1' };
      fc.assert(
        fc.property(fc.oneof(mutated(doc).map((t) => JSON.parse(t) as unknown), fc.jsonValue({ maxDepth: 4 })), (fetched) => {
          try {
            expectWellFormed(source.complete(fetched, item, new Date()));
          } catch (err) {
            expectClientProblem(err);
          }
        }),
        RUNS,
      );
    });
  }
});

/** Counterexamples fast-check found, pinned so they stay fixed whatever the seed. */
describe('regressions found by fuzzing', () => {
  const now = new Date();
  const expectStatus = (fn: () => unknown, status: number) => expect(fn).toThrow(expect.objectContaining({ status }));

  it('an HMAC source configured with an empty secret verifies nothing, not even an empty-key signature', () => {
    const req = requestFor('typeform', Buffer.from('{}'), '', now);
    expectStatus(() => SOURCES.get('typeform')!.verify(req, { secrets: [''], now }), 401);
  });

  it('intercom: a rating timestamp outside what a Date holds is a 400, not a RangeError', () => {
    const [body] = webhookFixtures('intercom').filter((f) => f.includes('conversation.rating.added'));
    const doc = JSON.parse(body!) as { data: { item: { conversation_rating: { created_at: number } } } };
    doc.data.item.conversation_rating.created_at = -8640000000000.001;
    const req = requestFor('intercom', Buffer.from(JSON.stringify(doc)), ourSecret('intercom'), now);
    expectStatus(() => SOURCES.get('intercom')!.parse(req, now), 400);
  });

  it('surveymonkey: an empty or spaced response id is a 400 before any vendor API call', () => {
    for (const objectId of ['', 'a b', '../x\n']) {
      const completed = webhookFixtures('surveymonkey').find((f) => f.includes('"response_completed"'))!;
      const doc = { ...(JSON.parse(completed) as object), object_id: objectId };
      const req = requestFor('surveymonkey', Buffer.from(JSON.stringify(doc)), ourSecret('surveymonkey'), now);
      expectStatus(() => THIN_SOURCES.get('surveymonkey')!.parse(req, now), 400);
    }
  });
});
