import { describe, expect, it } from 'vitest';
import { intercomSource } from '../../../functions/domain/sources/intercom';
import { expectUnauthorized, SECRET, verificationContract } from './contract';
import { NOW, fixture, request, signIntercom } from './signers';

const signed = (body: Buffer, secret: string) => request({ rawBody: body, headers: { 'content-type': 'application/json', 'x-hub-signature': signIntercom(body, secret) } });

describe('intercom', () => {
  verificationContract({ source: intercomSource, signed, body: fixture('intercom', 'promoter.json'), signatureHeader: 'x-hub-signature', signsTimestamp: false });

  it('names a wrong algorithm prefix', () => {
    const req = request({ rawBody: fixture('intercom', 'promoter.json'), headers: { 'x-hub-signature': 'sha256=abc' } });
    expectUnauthorized(() => intercomSource.verify(req, { secrets: [SECRET], now: NOW }), /must start with "sha1="/);
  });

  it.each(['promoter', 'detractor', 'no-comment', 'non-english', 'missing-email', 'ping'])('normalizes %s', (name) => {
    expect(intercomSource.parse(request({ rawBody: fixture('intercom', `${name}.json`) }), NOW)).toMatchSnapshot();
  });
});
