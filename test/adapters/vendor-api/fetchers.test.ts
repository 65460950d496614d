import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VendorApiError, fetchThinResponse } from '../../../functions/adapters/vendor-api/index';

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
    expect(doc).toEqual({ id: 'ok', path: '/v3/surveys/SV_1/responses/R_1/details?simple=true' });
    expect(seen[0]?.headers.authorization).toBe('Bearer sm-token');
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

  it('retries 429 and 5xx, then succeeds', async () => {
    script = [429, 503];
    await expect(fetchThinResponse('surveymonkey', item, { token: 't', baseUrl, retry })).resolves.toMatchObject({ id: 'ok' });
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
