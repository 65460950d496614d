/**
 * Unsubscribe tokens: `v1.<customer key>.<expiry>.<HMAC-SHA256>`, base64url. They carry the hashed
 * customer key, never the address, so a link in a forwarded email leaks nothing; the HMAC stops
 * anyone unsubscribing someone else, and the expiry bounds how long a leaked link works.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const VERSION = 'v1';

export function signUnsubscribeToken(customerKey: string, expiresAt: Date, key: string): string {
  const body = `${VERSION}.${Buffer.from(customerKey).toString('base64url')}.${Math.floor(expiresAt.getTime() / 1000)}`;
  return `${body}.${mac(body, key)}`;
}

export type TokenCheck = { ok: true; customerKey: string } | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' };

/** Accepts a token signed with any of `keys` (current first, then previous during a rotation). */
export function verifyUnsubscribeToken(token: string, now: Date, keys: readonly string[]): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION || !/^\d{1,12}$/.test(parts[2]!)) return { ok: false, reason: 'malformed' };
  const body = parts.slice(0, 3).join('.');
  // Compared as text, not decoded bytes: base64url's spare low bits would let altered tokens decode to the same MAC.
  const given = Buffer.from(parts[3]!);
  const valid = keys.some((key) => {
    const expected = Buffer.from(mac(body, key));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!valid) return { ok: false, reason: 'bad-signature' };
  if (Number(parts[2]) * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, customerKey: Buffer.from(parts[1]!, 'base64url').toString('utf8') };
}

const mac = (body: string, key: string) => createHmac('sha256', key).update(body).digest('base64url');
