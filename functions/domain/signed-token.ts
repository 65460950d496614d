/**
 * Signed, expiring link tokens: `<purpose>.<field>….<expiry>.<HMAC-SHA256>`, fields base64url. The
 * purpose is part of what is signed, so a token minted for one link (a re-survey answer) can never
 * be replayed as another (an unsubscribe), even under the same key.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signToken(purpose: string, fields: readonly string[], expiresAt: Date, key: string): string {
  const body = [purpose, ...fields.map((f) => Buffer.from(f).toString('base64url')), String(Math.floor(expiresAt.getTime() / 1000))].join('.');
  return `${body}.${mac(body, key)}`;
}

export type SignedTokenCheck = { ok: true; fields: string[] } | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' };

/** Accepts a token signed with any of `keys` (current first, then previous during a rotation). */
export function verifyToken(token: string, purpose: string, fieldCount: number, now: Date, keys: readonly string[]): SignedTokenCheck {
  const parts = token.split('.');
  if (parts.length !== fieldCount + 3 || parts[0] !== purpose || !/^\d{1,12}$/.test(parts[fieldCount + 1]!)) return { ok: false, reason: 'malformed' };
  if (parts.slice(1, fieldCount + 1).some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return { ok: false, reason: 'malformed' };
  const body = parts.slice(0, fieldCount + 2).join('.');
  // Compared as text, not decoded bytes: base64url's spare low bits would let altered tokens decode to the same MAC.
  const given = Buffer.from(parts[fieldCount + 2]!);
  const valid = keys.some((key) => {
    const expected = Buffer.from(mac(body, key));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!valid) return { ok: false, reason: 'bad-signature' };
  if (Number(parts[fieldCount + 1]) * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, fields: parts.slice(1, fieldCount + 1).map((p) => Buffer.from(p, 'base64url').toString('utf8')) };
}

const mac = (body: string, key: string) => createHmac('sha256', key).update(body).digest('base64url');
