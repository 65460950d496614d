/**
 * Google Forms has no webhooks: the integrator pastes the Apps Script from docs/sources.md. This
 * runs that exact script (read from the docs) against stand-ins for the Apps Script services it
 * calls, typed as Google documents them — FormResponse/ItemResponse getters, `Utilities` working on
 * signed Java-style Byte[] arrays, `UrlFetchApp.fetch(url, params)` — and sends what it would post
 * through the real google-forms verify + parse.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { googleFormsSource } from '../../../functions/domain/sources/google-forms';
import { request } from './signers';

const docs = readFileSync(new URL('../../../docs/sources.md', import.meta.url), 'utf8');
const script = /## Google Forms[\s\S]*?```js\n([\s\S]*?)```/.exec(docs)![1]!;
const SECRET = `whsec_${Buffer.from('a-32-byte-google-forms-test-key!').toString('base64')}`;

/** Apps Script's Byte[] is signed (-128…127). */
const toBytes = (buf: Buffer) => [...buf].map((b) => (b > 127 ? b - 256 : b));
const fromBytes = (bytes: number[]) => Buffer.from(bytes.map((b) => (b < 0 ? b + 256 : b)));

interface Posted {
  url: string;
  params: { method: string; contentType: string; payload: string; headers: Record<string, string> };
}

function submit(answers: Record<string, string>, respondentEmail: string): Posted {
  const posted: Posted[] = [];
  const itemResponses = Object.entries(answers).map(([title, value]) => ({ getItem: () => ({ getTitle: () => title }), getResponse: () => value }));
  const e = {
    response: { getItemResponses: () => itemResponses, getId: () => '2_ABaOnud5example', getTimestamp: () => new Date(), getRespondentEmail: () => respondentEmail },
    source: { getId: () => '1FAIpQLSexampleFormId' },
  };
  const services = {
    PropertiesService: { getScriptProperties: () => ({ getProperty: (name: string) => ({ CX_LOOP_URL: 'https://api.cx-loop.test/webhooks/google-forms', CX_LOOP_SECRET: SECRET })[name] ?? null }) },
    Utilities: {
      MacAlgorithm: { HMAC_SHA_256: 'HMAC_SHA_256' },
      base64Decode: (text: string) => toBytes(Buffer.from(text, 'base64')),
      base64Encode: (bytes: number[]) => fromBytes(bytes).toString('base64'),
      newBlob: (data: string) => ({ getBytes: () => toBytes(Buffer.from(data, 'utf8')) }),
      computeHmacSignature: (algorithm: string, value: number[], key: number[]) => {
        expect(algorithm).toBe('HMAC_SHA_256');
        return toBytes(createHmac('sha256', fromBytes(key)).update(fromBytes(value)).digest());
      },
    },
    UrlFetchApp: { fetch: (url: string, params: Posted['params']) => void posted.push({ url, params }) },
  };
  runInNewContext(`${script}\nonSubmit(e);`, { ...services, e, Date, Math, Number, JSON });
  expect(posted).toHaveLength(1);
  return posted[0]!;
}

const deliver = ({ params }: Posted) =>
  request({ rawBody: Buffer.from(params.payload, 'utf8'), headers: { 'content-type': params.contentType, ...params.headers } });

describe('the documented Google Forms Apps Script', () => {
  it('posts a body the google-forms source verifies and normalizes, comment intact', () => {
    const comment = 'Two "quick" notes:\nthe form was fine — the café wasn\'t 😡';
    const req = deliver(submit({ 'How likely are you to recommend us?': '3', 'Why?': comment }, 'ines@example.com'));
    expect(() => googleFormsSource.verify(req, { secrets: [SECRET], now: new Date() })).not.toThrow();
    expect(googleFormsSource.parse(req, new Date())).toMatchObject({
      kind: 'feedback',
      drafts: [{ source: 'google-forms', sourceEventId: '2_ABaOnud5example', metric: { type: 'nps', score: 3 }, text: comment, customer: { email: 'ines@example.com' }, sourceRef: { surveyId: '1FAIpQLSexampleFormId' } }],
    });
  });

  it.each([
    ['left blank', { 'How likely are you to recommend us?': '', 'Why?': 'Just browsing' }],
    ['not answered (Forms omits the item)', { 'Why?': 'Just browsing' }],
  ])('sends no email when the form collects none, and no metric (not NPS 0) when the score is %s', (_case, answers) => {
    const req = deliver(submit(answers, ''));
    expect(() => googleFormsSource.verify(req, { secrets: [SECRET], now: new Date() })).not.toThrow();
    const result = googleFormsSource.parse(req, new Date());
    expect(result).toMatchObject({ kind: 'feedback', drafts: [{ metric: { type: 'none' }, text: 'Just browsing', customer: {} }] });
  });
});
