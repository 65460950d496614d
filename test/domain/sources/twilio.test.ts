import { describe, expect, it } from 'vitest';
import { parseFormBody } from '../../../functions/domain/sources/shared/body';
import { createTwilioSource, splitScoreReply, twilioAckReply, twilioSource } from '../../../functions/domain/sources/twilio';
import { SECRET, verificationContract } from './contract';
import { NOW, fixture, request, signTwilio } from './signers';

const URL_CALLED = 'https://api.cx-loop.test/webhooks/twilio?tenant=acme';
const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };
const signed = (body: Buffer, secret: string, _at?: Date, signedUrl = URL_CALLED) =>
  request({ url: URL_CALLED, rawBody: body, headers: { ...formHeaders, 'x-twilio-signature': signTwilio(signedUrl, parseFormBody(body), secret) } });

describe('twilio', () => {
  verificationContract({ source: twilioSource, signed, body: fixture('twilio', 'promoter.txt'), signatureHeader: 'x-twilio-signature', signsTimestamp: false });

  it('accepts a signature Twilio computed with the explicit :443 port', () => {
    const req = signed(fixture('twilio', 'promoter.txt'), SECRET, NOW, 'https://api.cx-loop.test:443/webhooks/twilio?tenant=acme');
    expect(() => twilioSource.verify(req, { secrets: [SECRET], now: NOW })).not.toThrow();
  });

  it('signs the query string too: a different query is rejected', () => {
    const req = signed(fixture('twilio', 'promoter.txt'), SECRET, NOW, 'https://api.cx-loop.test/webhooks/twilio?tenant=other');
    expect(() => twilioSource.verify(req, { secrets: [SECRET], now: NOW })).toThrow(/does not match/);
  });

  it.each(['promoter', 'detractor', 'no-comment', 'non-english', 'text-only'])('normalizes %s', (name) => {
    expect(twilioSource.parse(request({ rawBody: fixture('twilio', `${name}.txt`), headers: formHeaders }), NOW)).toMatchSnapshot();
  });

  it.each([
    ['9 great service', { score: 9, text: 'great service' }],
    ['2', { score: 2, text: '' }],
    ['10/10 would recommend', { score: 10, text: 'would recommend' }],
    ['7, ok', { score: 7, text: 'ok' }],
    ['thanks!', { text: 'thanks!' }],
    ['3.5 stars', { text: '3.5 stars' }],
  ])('splits %j', (body, expected) => {
    expect(splitScoreReply(body)).toEqual(expected);
  });

  it('reads the score on the configured scale', () => {
    const result = createTwilioSource({ metric: 'csat' }).parse(request({ rawBody: Buffer.from('MessageSid=SM1&From=%2B1555&Body=4+fine'), headers: formHeaders }), NOW);
    expect(result).toMatchObject({ drafts: [{ metric: { type: 'csat', score: 4 }, text: 'fine' }] });
  });

  it('exposes the empty TwiML acknowledgement Twilio expects', () => {
    expect(twilioAckReply).toEqual({ status: 200, headers: { 'content-type': 'text/xml' }, body: expect.stringContaining('<Response/>') });
  });

  it('rejects a message without MessageSid, naming the field', () => {
    expect(() => twilioSource.parse(request({ rawBody: Buffer.from('From=%2B1555&Body=9'), headers: formHeaders }), NOW)).toThrow(/MessageSid/);
  });
});
