/**
 * The key behind every customerKey (domain/outreach.ts `customerKeyOf`), from the `CustomerHashKey`
 * secret in Secrets Manager: `{"key": "…"}`, generated at deploy and never rotated (stored keys,
 * suppressions included, would stop matching).
 */
import { jsonSecret } from './json-secret';

export async function customerHashKey(): Promise<string> {
  const secret = await jsonSecret<{ key?: string }>('CUSTOMER_HASH_KEY_SECRET_ID');
  if (!secret?.key) throw new Error('customer hash key is not set');
  return secret.key;
}
