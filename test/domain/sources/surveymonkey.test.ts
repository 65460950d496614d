import { describe, expect, it } from 'vitest';
import { createSurveyMonkeySource, surveyMonkeySource } from '../../../functions/domain/sources/surveymonkey';
import { verificationContract } from './contract';
import { NOW, fixture, request, signSurveyMonkey } from './signers';

const signed = (body: Buffer, secret: string) => request({ rawBody: body, headers: { 'content-type': 'application/json', 'sm-apikey': 'client-id', 'sm-signature': signSurveyMonkey(body, secret) } });
const details = () => JSON.parse(fixture('surveymonkey', 'response-details.json').toString());
const item = { sourceEventId: '444555666', responseId: '444555666', surveyId: '123456789' };

describe('surveymonkey', () => {
  verificationContract({ source: surveyMonkeySource, signed, body: fixture('surveymonkey', 'response-completed.json'), signatureHeader: 'sm-signature', signsTimestamp: false });

  it('answers the HEAD check SurveyMonkey makes when the webhook is created', () => {
    expect(surveyMonkeySource.handshake?.(request({ method: 'HEAD', rawBody: Buffer.alloc(0) }))).toEqual({ status: 200 });
    expect(surveyMonkeySource.handshake?.(request({ rawBody: Buffer.alloc(0) }))).toBeUndefined();
  });

  it('asks to fetch a completed response', () => {
    expect(surveyMonkeySource.parse(request({ rawBody: fixture('surveymonkey', 'response-completed.json') }), NOW)).toEqual({ kind: 'fetch', vendor: 'surveymonkey', items: [item] });
  });

  it('ignores events that are not completed responses', () => {
    expect(surveyMonkeySource.parse(request({ rawBody: fixture('surveymonkey', 'collector-created.json') }), NOW)).toMatchObject({ kind: 'ignored' });
  });

  it('completes from the response details', () => {
    expect(surveyMonkeySource.complete(details(), item, NOW)).toMatchSnapshot();
  });

  it('uses configured question ids', () => {
    const result = createSurveyMonkeySource({ score: { questionId: '661111111', metric: 'nps' }, comment: { questionId: '661111112' } }).complete(details(), item, NOW);
    expect(result).toMatchObject({ drafts: [{ metric: { type: 'nps', score: 7 }, text: 'Good, but the app is slow.' }] });
  });
});
