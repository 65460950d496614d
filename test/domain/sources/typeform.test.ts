import { describe, expect, it } from 'vitest';
import { createTypeformSource, typeformSource } from '../../../functions/domain/sources/typeform';
import { verificationContract } from './contract';
import { NOW, fixture, request, signTypeform } from './signers';

const signed = (body: Buffer, secret: string) => request({ rawBody: body, headers: { 'content-type': 'application/json', 'typeform-signature': signTypeform(body, secret) } });

describe('typeform', () => {
  verificationContract({ source: typeformSource, signed, body: fixture('typeform', 'promoter.json'), signatureHeader: 'typeform-signature', signsTimestamp: false });

  it.each(['promoter', 'detractor', 'no-comment', 'non-english', 'missing-email', 'nothing-to-act-on'])('normalizes %s', (name) => {
    expect(typeformSource.parse(request({ rawBody: fixture('typeform', `${name}.json`) }), NOW)).toMatchSnapshot();
  });

  it('uses configured field refs over type detection', () => {
    const body = Buffer.from(JSON.stringify({
      event_id: 'e1', event_type: 'form_response',
      form_response: {
        form_id: 'f1', token: 'tok1', submitted_at: '2024-05-02T10:00:00Z',
        answers: [
          { type: 'number', number: 2, field: { id: 'a', type: 'opinion_scale', ref: 'effort' } },
          { type: 'number', number: 9, field: { id: 'b', type: 'opinion_scale', ref: 'recommend' } },
          { type: 'text', text: 'first', field: { id: 'c', type: 'long_text', ref: 'other' } },
          { type: 'text', text: 'the why', field: { id: 'd', type: 'long_text', ref: 'why' } },
        ],
      },
    }));
    const result = createTypeformSource({ score: { ref: 'recommend', metric: 'nps' }, comment: { ref: 'why' } }).parse(request({ rawBody: body }), NOW);
    expect(result).toMatchObject({ kind: 'feedback', drafts: [{ metric: { type: 'nps', score: 9 }, text: 'the why' }] });
  });

  it('rejects a body without a response token, naming the field', () => {
    const body = Buffer.from(JSON.stringify({ event_id: 'e', event_type: 'form_response', form_response: { form_id: 'f', submitted_at: '2024-05-02T10:00:00Z', answers: [] } }));
    expect(() => typeformSource.parse(request({ rawBody: body }), NOW)).toThrow(/form_response\.token/);
  });
});
