import { describe, expect, it } from 'vitest';
import { zendeskSource } from '../../../functions/domain/sources/zendesk';
import { verificationContract } from './contract';
import { NOW, fixture, request, signZendesk } from './signers';

const signed = (body: Buffer, secret: string, at: Date) => {
  const timestamp = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return request({
    rawBody: body,
    headers: { 'content-type': 'application/json', 'x-zendesk-webhook-signature': signZendesk(body, secret, timestamp), 'x-zendesk-webhook-signature-timestamp': timestamp },
  });
};

describe('zendesk', () => {
  verificationContract({ source: zendeskSource, signed, body: fixture('zendesk', 'good.json'), signatureHeader: 'x-zendesk-webhook-signature', signsTimestamp: true });

  it('requires the timestamp header', () => {
    const req = signed(fixture('zendesk', 'good.json'), 'test-secret-current', NOW);
    const headers = { ...req.headers, 'x-zendesk-webhook-signature-timestamp': undefined };
    expect(() => zendeskSource.verify({ ...req, headers }, { secrets: ['test-secret-current'], now: NOW })).toThrow(/Missing x-zendesk-webhook-signature-timestamp/);
  });

  it.each(['good', 'bad', 'no-comment', 'non-english', 'missing-email', 'event-user-active-changed'])('normalizes %s', (name) => {
    expect(zendeskSource.parse(request({ rawBody: fixture('zendesk', `${name}.json`) }), NOW)).toMatchSnapshot();
  });

  it('maps good to CSAT 5 and bad to CSAT 1', () => {
    const parse = (name: string) => zendeskSource.parse(request({ rawBody: fixture('zendesk', name) }), NOW);
    expect(parse('good.json')).toMatchObject({ drafts: [{ metric: { type: 'csat', score: 5 } }] });
    expect(parse('bad.json')).toMatchObject({ drafts: [{ metric: { type: 'csat', score: 1 } }] });
  });

  it('rejects a trigger body without a ticket id, naming the field', () => {
    expect(() => zendeskSource.parse(request({ rawBody: Buffer.from('{"score":"good"}') }), NOW)).toThrow(/ticket_id/);
  });
});
