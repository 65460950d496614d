/**
 * The key behind every customerKey (domain/outreach.ts `customerKeyOf`), from the `CustomerHashKey`
 * secret in Secrets Manager: `{"key": "…"}`, generated at deploy and never rotated (stored keys,
 * suppressions included, would stop matching).
 */
import { createHmac } from 'node:crypto';
import { jsonSecret } from './json-secret';

export async function customerHashKey(): Promise<string> {
  const secret = await jsonSecret<{ key?: string }>('CUSTOMER_HASH_KEY_SECRET_ID');
  if (!secret?.key) throw new Error('customer hash key is not set');
  return secret.key;
}

/** Signs feedback-page cursors: a key of its own, derived from the same secret, so a MAC of one kind is never valid as the other. */
export async function feedbackCursorKey(): Promise<string> {
  return createHmac('sha256', await customerHashKey()).update('cx-loop feedback cursor v1').digest('base64url');
}
