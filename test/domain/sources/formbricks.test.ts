import { describe, expect, it } from 'vitest';
import { createFormbricksSource, formbricksSource } from '../../../functions/domain/sources/formbricks';
import { googleFormsSource } from '../../../functions/domain/sources/google-forms';
import { verificationContract } from './contract';
import { NOW, fixture, request, signStandardWebhook } from './signers';

const whsec = (key: string) => `whsec_${Buffer.from(key.padEnd(32, '.')).toString('base64')}`;
const secrets = { current: whsec('formbricks-current'), previous: whsec('formbricks-previous'), foreign: whsec('someone-else') };
const signed = (body: Buffer, secret: string, at: Date) =>
  request({ rawBody: body, headers: { 'content-type': 'application/json', ...signStandardWebhook(body, secret, at) } });

describe('formbricks', () => {
  // The Standard Webhooks reference library checks tolerance against the real clock.
  verificationContract({ source: formbricksSource, signed, body: fixture('formbricks', 'promoter.json'), signatureHeader: 'webhook-signature', signsTimestamp: true, now: new Date(), secrets });

  it.each(['promoter', 'detractor', 'non-english', 'partial'])('normalizes %s', (name) => {
    expect(formbricksSource.parse(request({ rawBody: fixture('formbricks', `${name}.json`) }), NOW)).toMatchSnapshot();
  });

  it('finds answers under configured question ids', () => {
    const body = Buffer.from(JSON.stringify({ event: 'responseFinished', data: { id: 'r9', surveyId: 's9', data: { q_rec: 9, q_why: 'fast' } } }));
    const result = createFormbricksSource({ score: { questionId: 'q_rec', metric: 'nps' }, comment: { questionId: 'q_why' } }).parse(request({ rawBody: body }), NOW);
    expect(result).toMatchObject({ drafts: [{ metric: { type: 'nps', score: 9 }, text: 'fast' }] });
  });
});

describe('google-forms', () => {
  it('is the generic Standard Webhooks source under its own name', () => {
    const body = Buffer.from(JSON.stringify({ sourceEventId: 'gf-1', metric: { type: 'nps', score: 9 }, text: 'Great' }));
    const req = request({ rawBody: body, headers: signStandardWebhook(body, secrets.current, new Date(), 'gf-1') });
    expect(() => googleFormsSource.verify(req, { secrets: [secrets.current], now: new Date() })).not.toThrow();
    expect(googleFormsSource.parse(req, NOW)).toMatchObject({ kind: 'feedback', drafts: [{ source: 'google-forms', sourceEventId: 'gf-1' }] });
  });
});
