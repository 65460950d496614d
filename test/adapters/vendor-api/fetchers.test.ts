import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VendorApiError, fetchThinResponse } from '../../../functions/adapters/vendor-api/index';
import { createHubSpotSource } from '../../../functions/domain/sources/hubspot';
import type { FetchItem } from '../../../functions/domain/sources/shared/thin-payload';

/** A fake vendor on 127.0.0.1 that answers from a per-test script of statuses. */
let server: Server;
let baseUrl: string;
let script: number[];
let seen: IncomingMessage[];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req);
    const status = script.shift() ?? 200;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(status === 200 ? { id: 'ok', path: req.url } : { error: status }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  script = [];
  seen = [];
});

const retry = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 };
const item = { sourceEventId: 'R_1', responseId: 'R_1', surveyId: 'SV_1' };

describe('vendor-api fetchers', () => {
  it('reads a SurveyMonkey response with a bearer token and simple answers', async () => {
    const doc = await fetchThinResponse('surveymonkey', item, { token: 'sm-token', baseUrl, retry });
    expect(doc).toEqual({ response: { id: 'ok', path: '/v3/surveys/SV_1/responses/R_1/details?simple=true' } });
    expect(seen[0]?.headers.authorization).toBe('Bearer sm-token');
  });

  it('reads the survey definition too, only when a chosen answer has no text to score it by', async () => {
    const pages = (answer: Record<string, string>) => JSON.stringify({ id: '1', survey_id: '2', pages: [{ questions: [{ id: 'q', answers: [answer] }] }] });
    const api = createServer((req, res) => {
      seen.push(req);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(req.url?.endsWith('/details') ? '{"pages":[]}' : req.url?.includes('/responses/10/') ? pages({ choice_id: '7', simple_text: '9' }) : pages({ choice_id: '7' }));
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    try {
      await fetchThinResponse('surveymonkey', { sourceEventId: '10', responseId: '10', surveyId: '2' }, { token: 't', baseUrl: url, retry });
      expect(seen.map((r) => r.url)).toEqual(['/v3/surveys/2/responses/10/details?simple=true']);
      seen = [];
      const doc = await fetchThinResponse('surveymonkey', { sourceEventId: '11', responseId: '11', surveyId: '2' }, { token: 't', baseUrl: url, retry });
      expect(seen.map((r) => r.url)).toEqual(['/v3/surveys/2/responses/11/details?simple=true', '/v3/surveys/2/details']);
      expect(doc).toMatchObject({ survey: { pages: [] } });
    } finally {
      api.close();
    }
  });

  it('never puts "." or ".." in a vendor API path, even if an id got past the schemas', async () => {
    for (const bad of ['..', '.']) {
      await expect(fetchThinResponse('qualtrics', { ...item, surveyId: bad }, { token: 't', baseUrl, retry })).rejects.toThrow(/refusing path segment/);
    }
    await fetchThinResponse('qualtrics', { ...item, responseId: 'R_1/../../users' }, { token: 't', baseUrl, retry });
    expect(seen[0]?.url).toBe('/API/v3/surveys/SV_1/responses/R_1%2F..%2F..%2Fusers');
  });

  it('waits what Retry-After asks when the policy allows it', async () => {
    script = [429];
    const waits: number[] = [];
    const { getJson } = await import('../../../functions/adapters/vendor-api/http');
    const server429 = createServer((req, res) => {
      const first = seen.push(req) === 1;
      res.writeHead(first ? 429 : 200, first ? { 'retry-after': '2' } : { 'content-type': 'application/json' });
      res.end(first ? '' : '{}');
    });
    await new Promise<void>((resolve) => server429.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server429.address() as AddressInfo).port}/x`;
      await getJson({ vendor: 'v', url, headers: {}, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5_000 }, sleep: async (ms) => void waits.push(ms) });
      expect(waits).toEqual([2_000]);
    } finally {
      server429.close();
    }
  });

  it('does not sleep past its budget: a long Retry-After fails fast and carries the delay', async () => {
    const api = createServer((req, res) => {
      seen.push(req);
      res.writeHead(429, { 'retry-after': new Date(Date.now() + 90_000).toUTCString() });
      res.end();
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    try {
      const failure = fetchThinResponse('hubspot', { sourceEventId: 's', responseId: '1' }, { token: 't', baseUrl: `http://127.0.0.1:${(api.address() as AddressInfo).port}`, retry });
      await expect(failure).rejects.toMatchObject({ status: 429, retryAfterMs: expect.any(Number) });
      expect(seen).toHaveLength(1);
    } finally {
      api.close();
    }
  });

  it('reads a Qualtrics response with X-API-TOKEN', async () => {
    await fetchThinResponse('qualtrics', item, { token: 'q-token', baseUrl, retry });
    expect(seen[0]?.url).toBe('/API/v3/surveys/SV_1/responses/R_1');
    expect(seen[0]?.headers['x-api-token']).toBe('q-token');
  });

  it('reads a HubSpot feedback submission with the mapped properties', async () => {
    await fetchThinResponse('hubspot', { sourceEventId: 'submission-9', responseId: '9' }, { token: 'hs-token', baseUrl, retry });
    expect(seen[0]?.url).toMatch(/^\/crm\/v3\/objects\/feedback_submissions\/9\?properties=hs_survey_type%2Chs_response_value/);
  });

  it('asks HubSpot also for the properties a mapping names (mappings.hubspot)', async () => {
    const [item] = (createHubSpotSource({ name: { property: 'firstname' }, comment: { property: 'hs_content' } }).parse(
      { method: 'POST', url: 'https://x.test/webhooks/hubspot', headers: {}, query: {}, rawBody: Buffer.from(JSON.stringify([{ subscriptionType: 'object.creation', objectTypeId: '0-19', objectId: 9 }])) },
      new Date(),
    ) as { items: FetchItem[] }).items;
    await fetchThinResponse('hubspot', item!, { token: 'hs-token', baseUrl, retry });
    const asked = new URL(seen[0]!.url!, 'http://x').searchParams.get('properties')!.split(',');
    expect(asked).toContain('firstname');
    expect(asked).toContain('hs_response_value');
    expect(asked.filter((p) => p === 'hs_content')).toHaveLength(1);
  });

  it('retries 429 and 5xx, then succeeds', async () => {
    script = [429, 503];
    await expect(fetchThinResponse('surveymonkey', item, { token: 't', baseUrl, retry })).resolves.toMatchObject({ response: { id: 'ok' } });
    expect(seen).toHaveLength(3);
  });

  it('gives up after the last attempt', async () => {
    script = [500, 500, 500, 500];
    await expect(fetchThinResponse('surveymonkey', item, { token: 't', baseUrl, retry })).rejects.toMatchObject({ name: 'VendorApiError', status: 500 });
    expect(seen).toHaveLength(3);
  });

  it('does not retry a client error', async () => {
    script = [404];
    const failure = fetchThinResponse('hubspot', item, { token: 't', baseUrl, retry });
    await expect(failure).rejects.toBeInstanceOf(VendorApiError);
    expect(seen).toHaveLength(1);
  });
});
