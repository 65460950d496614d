import { describe, expect, it } from 'vitest';
import { hubSpotSource } from '../../../functions/domain/sources/hubspot';
import { verificationContract } from './contract';
import { NOW, fixture, request, signHubSpot } from './signers';

const URL_CALLED = 'https://api.cx-loop.test/webhooks/hubspot?portal=62515';
const signed = (body: Buffer, secret: string, at: Date, signedUrl = URL_CALLED) => {
  const timestamp = String(at.getTime());
  return request({
    url: URL_CALLED,
    rawBody: body,
    headers: { 'content-type': 'application/json', 'x-hubspot-request-timestamp': timestamp, 'x-hubspot-signature-v3': signHubSpot({ method: 'POST', url: signedUrl, body, timestamp }, secret) },
  });
};

describe('hubspot', () => {
  verificationContract({ source: hubSpotSource, signed, body: fixture('hubspot', 'feedback-created.json'), signatureHeader: 'x-hubspot-signature-v3', signsTimestamp: true });

  it('signs the URI with HubSpot-decoded characters', () => {
    const encoded = 'https://api.cx-loop.test/webhooks/hubspot?next=%2Fdone%3Fok';
    const decoded = 'https://api.cx-loop.test/webhooks/hubspot?next=/done?ok';
    const body = fixture('hubspot', 'feedback-created.json');
    expect(signHubSpot({ method: 'POST', url: encoded, body, timestamp: '1' }, 's')).toBe(signHubSpot({ method: 'POST', url: decoded, body, timestamp: '1' }, 's'));
  });

  it('asks to fetch feedback submissions and ignores other events', () => {
    expect(hubSpotSource.parse(request({ rawBody: fixture('hubspot', 'feedback-created.json') }), NOW)).toEqual({
      kind: 'fetch', vendor: 'hubspot', items: [{ sourceEventId: 'submission-9001', responseId: '9001' }],
    });
    expect(hubSpotSource.parse(request({ rawBody: fixture('hubspot', 'contact-created.json') }), NOW)).toMatchObject({ kind: 'ignored' });
  });

  it.each(['submission-nps', 'submission-csat-bad'])('completes %s', (name) => {
    const fetched = JSON.parse(fixture('hubspot', `${name}.json`).toString());
    expect(hubSpotSource.complete(fetched, { sourceEventId: `submission-${fetched.id}`, responseId: fetched.id }, NOW)).toMatchSnapshot();
  });
});
