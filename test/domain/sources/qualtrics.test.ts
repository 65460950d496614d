import { describe, expect, it } from 'vitest';
import { qualtricsSource } from '../../../functions/domain/sources/qualtrics';
import { expectUnauthorized, SECRET } from './contract';
import { NOW, fixture, request } from './signers';

const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };
const event = (token?: string) => request({ rawBody: fixture('qualtrics', 'completed-response.txt'), headers: formHeaders, query: token ? { token } : {} });
const item = { sourceEventId: 'R_1a2B3c4D5e6F7g8', responseId: 'R_1a2B3c4D5e6F7g8', surveyId: 'SV_0ABCdefGHIjkl' };

describe('qualtrics', () => {
  const verify = (token: string | undefined, secrets = [SECRET]) => qualtricsSource.verify(event(token), { secrets, now: NOW });

  it('accepts the shared token from the publication URL, including during rotation', () => {
    expect(() => verify(SECRET)).not.toThrow();
    expect(() => verify('previous-token', [SECRET, 'previous-token'])).not.toThrow();
  });

  it('rejects a wrong or missing token', () => {
    expectUnauthorized(() => verify('guess'), /does not match/);
    expectUnauthorized(() => verify(undefined), /Missing HMAC field or token/);
  });

  it('asks to fetch the completed response', () => {
    expect(qualtricsSource.parse(event(SECRET), NOW)).toEqual({ kind: 'fetch', vendor: 'qualtrics', items: [item] });
  });

  it('completes from the Response API document', () => {
    expect(qualtricsSource.complete(JSON.parse(fixture('qualtrics', 'response.json').toString()), item, NOW)).toMatchSnapshot();
  });
});
