/** The unsubscribe-link signing keys from Secrets Manager: `{"current": "…", "previous": "…"}` (previous during a rotation). */
import { jsonSecret } from './json-secret';

export async function unsubscribeKeys(): Promise<{ current: string; all: string[] }> {
  const secret = await jsonSecret<{ current?: string; previous?: string }>('UNSUBSCRIBE_KEY_SECRET_ID');
  if (!secret?.current) throw new Error('unsubscribe signing key is not set');
  return { current: secret.current, all: [secret.current, ...(secret.previous ? [secret.previous] : [])] };
}
