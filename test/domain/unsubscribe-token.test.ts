/** Signed, expiring unsubscribe tokens: what verifies, and every way a token must not. */
import { describe, expect, it } from 'vitest';
import { signUnsubscribeToken, verifyUnsubscribeToken } from '../../functions/domain/unsubscribe-token';

const KEY = 'current-key-0123456789';
const OLD = 'previous-key-9876543210';
const NOW = new Date('2026-11-23T12:00:00Z');
const IN_A_YEAR = new Date('2027-11-23T12:00:00Z');
const CUSTOMER = 'e:0123456789abcdef0123456789abcdef';

describe('unsubscribe tokens', () => {
  const token = signUnsubscribeToken(CUSTOMER, IN_A_YEAR, KEY);

  it('verify with the key that signed them and carry the customer key, never an address', () => {
    expect(verifyUnsubscribeToken(token, NOW, [KEY])).toEqual({ ok: true, customerKey: CUSTOMER });
    expect(token).not.toContain('@');
    expect(token).toMatch(/^v1\.[\w-]+\.\d+\.[\w-]+$/);
  });

  it('signed with the previous key still verify during a rotation, and stop once it is dropped', () => {
    const old = signUnsubscribeToken(CUSTOMER, IN_A_YEAR, OLD);
    expect(verifyUnsubscribeToken(old, NOW, [KEY, OLD])).toEqual({ ok: true, customerKey: CUSTOMER });
    expect(verifyUnsubscribeToken(old, NOW, [KEY])).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('expire at their expiry time', () => {
    expect(verifyUnsubscribeToken(token, new Date(IN_A_YEAR.getTime() - 1000), [KEY]).ok).toBe(true);
    expect(verifyUnsubscribeToken(token, IN_A_YEAR, [KEY])).toEqual({ ok: false, reason: 'expired' });
  });

  it('reject another customer key swapped into a valid token', () => {
    const [v, , exp, mac] = token.split('.');
    const swapped = [v, Buffer.from('e:someone-else').toString('base64url'), exp, mac].join('.');
    expect(verifyUnsubscribeToken(swapped, NOW, [KEY])).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('reject an expiry pushed into the future', () => {
    const [v, who, , mac] = token.split('.');
    expect(verifyUnsubscribeToken([v, who, '99999999999', mac].join('.'), NOW, [KEY])).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('reject a flipped signature character and a truncated signature', () => {
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    expect(verifyUnsubscribeToken(`${token.slice(0, -1)}${last}`, NOW, [KEY])).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyUnsubscribeToken(token.slice(0, -5), NOW, [KEY])).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it.each([[''], ['garbage'], ['v2.a.1.b'], ['v1.a.notanumber.b'], ['v1.a.1'], ['v1.a.1.b.c']])('reject malformed "%s"', (bad) => {
    expect(verifyUnsubscribeToken(bad, NOW, [KEY])).toEqual({ ok: false, reason: 'malformed' });
  });

  it('reject everything when no key is configured', () => {
    expect(verifyUnsubscribeToken(token, NOW, [])).toEqual({ ok: false, reason: 'bad-signature' });
  });
});
