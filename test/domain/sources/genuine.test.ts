/**
 * Vendor-published material (origins in each test/fixtures/webhooks/<source>/README.md) through
 * the real verify + parse path of each source. Where the body is integrator-defined (Zendesk's
 * trigger), the documented template from docs/sources.md is rendered the way the vendor renders it.
 */
import { readFileSync } from 'node:fs';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it, vi } from 'vitest';
import { ProblemError } from '../../../functions/domain/problem';
import { delightedSource } from '../../../functions/domain/sources/delighted';
import { genericSource } from '../../../functions/domain/sources/generic';
import { hubSpotSource } from '../../../functions/domain/sources/hubspot';
import { qualtricsSource } from '../../../functions/domain/sources/qualtrics';
import { surveyMonkeySource } from '../../../functions/domain/sources/surveymonkey';
import { twilioSource } from '../../../functions/domain/sources/twilio';
import { createTypeformSource, typeformSource } from '../../../functions/domain/sources/typeform';
import { zendeskSource } from '../../../functions/domain/sources/zendesk';
import { expectUnauthorized, SECRET } from './contract';
import { NOW, fixture, request, signDelighted, signHubSpot, signSurveyMonkey, signTypeform, signZendesk } from './signers';

const json = (source: string, name: string) => JSON.parse(fixture(source, name).toString());
const status = (run: () => unknown) => {
  try {
    run();
  } catch (err) {
    return (err as ProblemError).status;
  }
  return 'ok';
};

describe('Typeform: the official example payload', () => {
  const body = fixture('typeform', 'vendor-example-payload.json');
  const req = request({ rawBody: body, headers: { 'content-type': 'application/json', 'typeform-signature': signTypeform(body, SECRET) } });

  it('verifies and stores the comment with no metric: a 1–5 weather scale is neither NPS nor CSAT', () => {
    expect(() => typeformSource.verify(req, { secrets: [SECRET], now: NOW })).not.toThrow();
    const result = typeformSource.parse(req, NOW);
    expect(result).toMatchObject({
      kind: 'feedback',
      drafts: [{ sourceEventId: 'a3a12ec67a1365927098a606107fac15', metric: { type: 'none' }, text: expect.stringMatching(/^It's cold right now!/), customer: { email: 'laura@example.com', id: 'abc123456' } }],
    });
  });

  it('reads a 0–10 opinion scale as NPS only when its definition says 11 steps from 0', () => {
    const doc = json('typeform', 'vendor-example-payload.json');
    const field = doc.form_response.definition.fields.find((f: { id: string }) => f.id === 'NRsxU591jIW9');
    const parse = () => typeformSource.parse(request({ rawBody: Buffer.from(JSON.stringify(doc)) }), NOW);
    field.properties = { steps: 11, start_at_one: false };
    expect(parse()).toMatchObject({ drafts: [{ metric: { type: 'nps', score: 2 } }] });
    field.properties = { steps: 5, start_at_one: true };
    expect(parse()).toMatchObject({ drafts: [{ metric: { type: 'none' } }] });
  });

  it('reads a 5-step rating as CSAT when its ref or title names satisfaction, or when configured', () => {
    const doc = json('typeform', 'vendor-example-payload.json');
    const field = doc.form_response.definition.fields.find((f: { id: string }) => f.id === 'WOTdC00F8A3h');
    field.title = 'How satisfied are you with your stay?';
    expect(typeformSource.parse(request({ rawBody: Buffer.from(JSON.stringify(doc)) }), NOW)).toMatchObject({ drafts: [{ metric: { type: 'csat', score: 3 } }] });
    const configured = createTypeformSource({ score: { ref: 'readable_ref_rating', metric: 'csat' } });
    expect(configured.parse(request({ rawBody: body }), NOW)).toMatchObject({ drafts: [{ metric: { type: 'csat', score: 3 } }] });
  });
});

describe('SurveyMonkey: the API docs examples', () => {
  const event = fixture('surveymonkey', 'vendor-response-event.json');
  const item = { sourceEventId: '123456', responseId: '123456', surveyId: '123456789' };

  it('verifies the documented callback and asks to fetch the response it names', () => {
    const req = request({ rawBody: event, headers: { 'content-type': 'application/json', 'sm-signature': signSurveyMonkey(event, SECRET) } });
    expect(() => surveyMonkeySource.verify(req, { secrets: [SECRET], now: NOW })).not.toThrow();
    expect(surveyMonkeySource.parse(req, NOW)).toEqual({ kind: 'fetch', vendor: 'surveymonkey', items: [item] });
  });

  it('resolves the NPS choice of the documented details response (no simple text) from the survey definition', () => {
    const fetched = { response: json('surveymonkey', 'vendor-response-details.json'), survey: json('surveymonkey', 'survey-details-for-vendor-response.json') };
    expect(surveyMonkeySource.complete(fetched, item, NOW)).toMatchObject({ kind: 'feedback', drafts: [{ metric: { type: 'nps', score: 10 } }] });
  });

  it('without the survey definition the bare choice id is no score, so the delivery is ignored, not guessed', () => {
    expect(surveyMonkeySource.complete(json('surveymonkey', 'vendor-response-details.json'), item, NOW)).toMatchObject({ kind: 'ignored' });
  });

  it('refuses ids outside SurveyMonkey\'s alphabet before any API call', () => {
    const doc = json('surveymonkey', 'vendor-response-event.json');
    for (const [path, value] of [['object_id', '../details'], ['survey', '1/../../v3/users/me']] as const) {
      const bad = structuredClone(doc);
      if (path === 'object_id') bad.object_id = value;
      else bad.resources.survey_id = value;
      expect(status(() => surveyMonkeySource.parse(request({ rawBody: Buffer.from(JSON.stringify(bad)) }), NOW))).toBe(400);
    }
  });
});

describe('Qualtrics: a genuine event-subscription delivery (Topic, MSG, HMAC)', () => {
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const completed = fixture('qualtrics', 'vendor-community-delivery-completed.txt');

  it('verifies the HMAC field (SHA-512 of MSG with the sharedKey) without a URL token, and asks for the response', () => {
    const req = request({ rawBody: completed, headers: form });
    expect(() => qualtricsSource.verify(req, { secrets: [SECRET], now: NOW })).not.toThrow();
    expect(qualtricsSource.parse(req, NOW)).toEqual({
      kind: 'fetch', vendor: 'qualtrics', items: [{ sourceEventId: 'R_suq806jn8LGzhx7', responseId: 'R_suq806jn8LGzhx7', surveyId: 'SV_cVn9uBwheR9hz01' }],
    });
  });

  it('rejects a wrong HMAC even when the URL token is right', () => {
    const req = request({ rawBody: completed, headers: form, query: { token: SECRET } });
    expectUnauthorized(() => qualtricsSource.verify(req, { secrets: ['another-shared-key'], now: NOW }), /does not match/);
    const tampered = Buffer.from(completed.toString().replace('R_suq806jn8LGzhx7', 'R_suq806jn8LGzhx8'));
    expectUnauthorized(() => qualtricsSource.verify(request({ rawBody: tampered, headers: form }), { secrets: [SECRET], now: NOW }), /does not match/);
  });

  it('answers 400 (not 500) to the delivery as the forum published it, cut off inside MSG', () => {
    expect(status(() => qualtricsSource.parse(request({ rawBody: fixture('qualtrics', 'vendor-community-delivery-as-published.txt'), headers: form }), NOW))).toBe(400);
  });

  it('refuses a SurveyID that is not a Qualtrics id (no path walking with our token)', () => {
    const body = Buffer.from(completed.toString().replace('SV_cVn9uBwheR9hz01%22', '..%2F..%2Fusers%22'));
    expect(status(() => qualtricsSource.parse(request({ rawBody: body, headers: form }), NOW))).toBe(400);
  });
});

describe('Zendesk: the documented trigger body, rendered as Zendesk renders it', () => {
  const docs = readFileSync(new URL('../../../docs/sources.md', import.meta.url), 'utf8');
  const template = /## Zendesk[\s\S]*?```json\n([\s\S]*?)```/.exec(docs)![1]!;
  /** Liquid output pasted in as plain text, exactly what Zendesk does with placeholders in a webhook body. */
  const render = (values: Record<string, string>) => template.replace(/\{\{([\w.]+)\}\}/g, (_m, name: string) => values[name] ?? '');
  const values = {
    'ticket.id': '4521',
    'ticket.link': 'acme.zendesk.com/agent/tickets/4521',
    'ticket.requester.id': '3712',
    'ticket.requester.email': 'maria@example.com',
    'ticket.requester.name': 'Maria "Mia" García',
    'ticket.requester.language': 'Español',
    'satisfaction.current_comment': 'The agent said "fixed" twice.\nIt was not.\tSee C:\\Users\\maria\\log.txt {not json}',
  };
  const deliver = (body: string) => {
    const raw = Buffer.from(body);
    const timestamp = NOW.toISOString();
    const req = request({ rawBody: raw, headers: { 'content-type': 'application/json', 'x-zendesk-webhook-signature': signZendesk(raw, SECRET, timestamp), 'x-zendesk-webhook-signature-timestamp': timestamp } });
    zendeskSource.verify(req, { secrets: [SECRET], now: NOW });
    return zendeskSource.parse(req, NOW);
  };

  it('keeps a comment with quotes, a line break, a tab and backslashes, and maps the language name', () => {
    expect(() => JSON.parse(render(values))).toThrow(); // what Zendesk sends is not JSON…
    expect(deliver(render(values))).toMatchObject({
      kind: 'feedback',
      drafts: [{
        sourceEventId: 'ticket-4521',
        metric: { type: 'csat', score: 5 },
        text: values['satisfaction.current_comment'],
        customer: { email: 'maria@example.com', name: 'Maria "Mia" García', locale: 'es' },
        sourceRef: { url: 'https://acme.zendesk.com/agent/tickets/4521' },
      }],
    });
  });

  it('drops an optional field that is still invalid, with a reason, and keeps the rating', () => {
    const result = deliver(render({ ...values, 'ticket.requester.language': 'Klingon', 'ticket.link': 'acme zendesk ticket 4521' }));
    expect(result).toMatchObject({ kind: 'feedback', drafts: [{ metric: { type: 'csat', score: 5 } }] });
    if (result.kind !== 'feedback') throw new Error('expected feedback');
    expect(result.drafts[0]!.customer.locale).toBeUndefined();
    expect(result.drafts[0]!.sourceRef?.url).toBeUndefined();
    expect(result.dropped?.map((d) => d.path).sort()).toEqual(['customer.locale', 'sourceRef.url']);
  });

  it('accepts the numeric 1–5 CSAT and the rendered rating text', () => {
    expect(deliver(render(values).replace('"score":"good"', '"score":"2"'))).toMatchObject({ drafts: [{ metric: { type: 'csat', score: 2 } }] });
    expect(deliver(render(values).replace('"score":"good"', '"score":"Bad, I\'m unsatisfied"'))).toMatchObject({ drafts: [{ metric: { type: 'csat', score: 1 } }] });
  });
});

describe('Delighted: the documented webhook body', () => {
  it('verifies and stores NPS 9 with the comment', () => {
    const body = fixture('delighted', 'vendor-survey-response-updated.json');
    const req = request({ rawBody: body, headers: { 'content-type': 'application/json', 'x-delighted-webhook-signature': signDelighted(body, SECRET) } });
    expect(() => delightedSource.verify(req, { secrets: [SECRET], now: NOW })).not.toThrow();
    expect(delightedSource.parse(req, NOW)).toMatchObject({
      drafts: [{ sourceEventId: '5435', metric: { type: 'nps', score: 9 }, text: 'Your service is fast and flawless!', customer: { email: 'charlie_gravis@example.com' } }],
    });
  });
});

describe('HubSpot: the documented webhook batch', () => {
  const body = fixture('hubspot', 'vendor-webhook-example.json');
  const url = 'https://api.cx-loop.test/webhooks/hubspot';
  const signed = () => {
    const timestamp = String(NOW.getTime());
    return request({ url, rawBody: body, headers: { 'content-type': 'application/json', 'x-hubspot-request-timestamp': timestamp, 'x-hubspot-signature-v3': signHubSpot({ method: 'POST', url, body, timestamp }, SECRET) } });
  };

  it('verifies, and ignores contact events without reading anything', () => {
    expect(() => hubSpotSource.verify(signed(), { secrets: [SECRET], now: NOW })).not.toThrow();
    expect(hubSpotSource.parse(signed(), NOW)).toMatchObject({ kind: 'ignored' });
  });

  it('refuses more than 100 events in one delivery (HubSpot batches at most 100)', () => {
    const events = Array.from({ length: 101 }, (_, i) => ({ subscriptionType: 'object.creation', objectTypeId: '0-19', objectId: 9000 + i }));
    expect(status(() => hubSpotSource.parse(request({ rawBody: Buffer.from(JSON.stringify(events)) }), NOW))).toBe(400);
  });

  it('refuses object ids outside HubSpot\'s numeric alphabet', () => {
    const events = [{ subscriptionType: 'object.creation', objectTypeId: '0-19', objectId: '../../owners' }];
    expect(status(() => hubSpotSource.parse(request({ rawBody: Buffer.from(JSON.stringify(events)) }), NOW))).toBe(400);
  });
});

describe('Twilio: the documented signature example', () => {
  it('verifies X-Twilio-Signature 0/KCTR6DLpKmkAf8muzZqo1nDgQ= for the documented URL, params and Auth Token', () => {
    const req = request({
      url: 'https://mycompany.com/myapp.php?foo=1&bar=2',
      rawBody: fixture('twilio', 'vendor-signature-example.txt'),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': '0/KCTR6DLpKmkAf8muzZqo1nDgQ=' },
    });
    expect(() => twilioSource.verify(req, { secrets: ['12345'], now: NOW })).not.toThrow();
    expectUnauthorized(() => twilioSource.verify({ ...req, url: 'https://staging.mycompany.com/myapp.php?foo=1&bar=2' }, { secrets: ['12345'], now: NOW }), /does not match/);
    // A voice request, not an SMS: verified, then refused as a message (no MessageSid).
    expect(status(() => twilioSource.parse(req, NOW))).toBe(400);
  });
});

describe('Generic: the Standard Webhooks test vector', () => {
  it('verifies the specification\'s vector at its own time and ignores a body with no feedback', () => {
    const body = fixture('generic', 'standard-webhooks-vector.json');
    const headers = { 'content-type': 'application/json', 'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek', 'webhook-timestamp': '1614265330', 'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=' };
    const at = new Date(1614265330 * 1000);
    const req = request({ rawBody: body, headers });
    // The reference library checks the timestamp against the system clock: stand at the vector's time.
    vi.useFakeTimers({ now: at, toFake: ['Date'] });
    try {
      expect(() => genericSource.verify(req, { secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'], now: at })).not.toThrow();
    } finally {
      vi.useRealTimers();
    }
    expect(new Webhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw').sign('msg_p5jXN8AQM9LWM0D4loKWxJek', at, body.toString())).toBe(headers['webhook-signature']);
    expect(genericSource.parse(req, at)).toMatchObject({ kind: 'ignored', reason: 'no score and no text' });
  });
});
