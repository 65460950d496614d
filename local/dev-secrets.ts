/**
 * Webhook secrets for local runs: WEBHOOK_SECRET_<SOURCE> when set, else a documented development
 * default (printed at start). Never used in AWS, where secrets live in Secrets Manager.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Sources signed per Standard Webhooks, whose secrets are `whsec_` + a base64 key; other vendors use plain strings. */
const STANDARD_WEBHOOKS_SOURCES = new Set(['generic', 'formbricks', 'google-forms']);

export function devSecret(source: string): string {
  const seed = `cx-loop-local-dev-${source}`;
  return STANDARD_WEBHOOKS_SOURCES.has(source) ? `whsec_${Buffer.from(seed).toString('base64')}` : seed;
}

export function webhookSecretsFromEnv(sources: readonly string[], env: NodeJS.ProcessEnv = process.env): Record<string, string[]> {
  return Object.fromEntries(
    sources.map((source) => {
      const value = env[`WEBHOOK_SECRET_${source.toUpperCase().replace(/-/g, '_')}`];
      // Comma-separated values model a rotation: every listed secret is valid.
      return [source, value ? value.split(',').map((s) => s.trim()).filter(Boolean) : [devSecret(source)]];
    }),
  );
}

/** Thin-payload vendor API credentials from VENDOR_API_<VENDOR>_TOKEN / _BASE_URL (e.g. a fake API in tests). */
export function vendorApiFromEnv(env: NodeJS.ProcessEnv = process.env): Record<string, { token: string; baseUrl?: string }> {
  const out: Record<string, { token: string; baseUrl?: string }> = {};
  for (const vendor of ['surveymonkey', 'qualtrics', 'hubspot']) {
    const prefix = `VENDOR_API_${vendor.toUpperCase()}`;
    const token = env[`${prefix}_TOKEN`];
    const baseUrl = env[`${prefix}_BASE_URL`];
    if (token) out[vendor] = { token, ...(baseUrl ? { baseUrl } : {}) };
  }
  return out;
}

/**
 * The key behind customer keys: CX_CUSTOMER_HASH_KEY when set; else generated once and kept beside
 * the DynamoDB data (`<dataDir>/customer-hash-key`), so keys stored there keep matching after a
 * restart; a fresh random key for an in-memory run.
 */
export function customerHashKeyFor(dataDir: string | undefined, env: NodeJS.ProcessEnv = process.env): { key: string } {
  if (env.CX_CUSTOMER_HASH_KEY) return { key: env.CX_CUSTOMER_HASH_KEY };
  if (!dataDir) return { key: randomBytes(32).toString('base64url') };
  const file = join(dataDir, 'customer-hash-key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    // 'wx': two runtimes starting on one data directory cannot both write a key.
    try {
      writeFileSync(file, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return { key: readFileSync(file, 'utf8').trim() };
}

/** The unsubscribe-link signing key: CX_UNSUBSCRIBE_KEY when set, else a fixed development key, so links stay valid across restarts. */
export function unsubscribeKeyFromEnv(env: NodeJS.ProcessEnv = process.env): { current: string } {
  return { current: env.CX_UNSUBSCRIBE_KEY ?? Buffer.from('cx-loop-local-dev-unsubscribe').toString('base64') };
}
