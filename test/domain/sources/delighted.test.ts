import { describe, expect, it } from 'vitest';
import { delightedSource } from '../../../functions/domain/sources/delighted';
import { expectUnauthorized, SECRET, verificationContract } from './contract';
import { NOW, fixture, request, signDelighted } from './signers';

const signed = (body: Buffer, secret: string) =>
  request({ rawBody: body, headers: { 'content-type': 'application/json', 'x-delighted-webhook-signature': signDelighted(body, secret) } });

describe('delighted', () => {
  verificationContract({ source: delightedSource, signed, body: fixture('delighted', 'promoter.json'), signatureHeader: 'x-delighted-webhook-signature', signsTimestamp: false });

  it('rejects a signature without the sha256= prefix', () => {
    const body = fixture('delighted', 'promoter.json');
    const hexOnly = signDelighted(body, SECRET).slice('sha256='.length);
    const req = request({ rawBody: body, headers: { 'x-delighted-webhook-signature': hexOnly } });
    expectUnauthorized(() => delightedSource.verify(req, { secrets: [SECRET], now: NOW }), /does not match/);
  });

  it.each(['promoter', 'detractor', 'no-comment', 'non-english', 'missing-email', 'unsubscribe'])('normalizes %s', (name) => {
    expect(delightedSource.parse(request({ rawBody: fixture('delighted', `${name}.json`) }), NOW)).toMatchSnapshot();
  });
});
