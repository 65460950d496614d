/**
 * Shared verification primitives. Every vendor scheme reduces to: pick the presented
 * signature from a header, recompute it per secret (rotation), compare in constant time.
 */
import { timingSafeEqual } from 'node:crypto';
import { unauthorized } from '../../problem';
import type { WebhookRequest } from '../webhook-source';

export function requireHeader(req: WebhookRequest, name: string): string {
  const value = req.headers[name]?.trim();
  if (!value) throw unauthorized(`Missing ${name} header`);
  return value;
}

/** Constant-time string equality; unequal lengths short-circuit (length is not secret). */
export function safeEqual(presented: string, expected: string): boolean {
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Throws `unauthorized` unless the presented signature equals what some secret produces.
 * A secret may yield several acceptable signatures (e.g. URL spellings). Every candidate is
 * compared, so timing does not reveal which rotation slot matched.
 */
export function assertSignedByAny(
  secrets: readonly string[],
  presented: string,
  expectedFor: (secret: string) => string | readonly string[],
): void {
  // An empty key is no key: an HMAC anyone can compute must never verify.
  const usable = secrets.filter((secret) => secret !== '');
  if (usable.length === 0) throw unauthorized('No webhook secret is configured for this source');
  let matched = false;
  for (const secret of usable) {
    const expected = expectedFor(secret);
    for (const candidate of typeof expected === 'string' ? [expected] : expected) {
      matched = safeEqual(presented, candidate) || matched;
    }
  }
  if (!matched) throw unauthorized('Signature does not match');
}

export const FIVE_MINUTES_MS = 5 * 60_000;

/** Replay guard: the signed timestamp must sit within `toleranceMs` of our clock, either way. */
export function assertFresh(signedAt: Date, now: Date, toleranceMs = FIVE_MINUTES_MS): void {
  if (Number.isNaN(signedAt.getTime())) throw unauthorized('Signature timestamp is not a valid time');
  if (Math.abs(now.getTime() - signedAt.getTime()) > toleranceMs) {
    throw unauthorized('Signature timestamp is outside the allowed tolerance');
  }
}

/** Splits `algo=value` headers (`sha256=…`, `sha1=…`), requiring the vendor's algorithm. */
export function stripAlgorithmPrefix(header: string, algorithm: string, headerName: string): string {
  const prefix = `${algorithm}=`;
  if (!header.startsWith(prefix)) throw unauthorized(`${headerName} must start with "${prefix}"`);
  return header.slice(prefix.length);
}
