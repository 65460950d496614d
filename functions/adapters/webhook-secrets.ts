/**
 * Webhook signing secrets live in one Secrets Manager secret: `{"<source>": ["whsec_new", "whsec_old"]}`.
 * A list per source lets a rotation keep the old secret valid until every sender has switched.
 */
import { jsonSecret } from './json-secret';

export async function webhookSecrets(source: string): Promise<string[]> {
  const value = (await jsonSecret<Record<string, string | string[] | undefined>>('WEBHOOK_SECRETS_ID'))?.[source];
  return (Array.isArray(value) ? value : value ? [value] : []).filter(Boolean);
}
