/**
 * Signs a body exactly as each vendor would and posts it to /webhooks/<source>. The recipes are
 * the production ones (functions/domain/sources/sign.ts), so what the CLI sends, ingest accepts.
 */
import { signDelighted, signHubSpot, signIntercom, signSurveyMonkey, signTwilio, signTypeform, signZendesk } from '#domain/sources/sign';
import { webhookSecretsFromEnv } from '#local/dev-secrets';
import { signGeneric } from '#local/webhook-client';
import { problemDetail, request } from './api';
import { CliError } from './errors';

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

type Signer = (body: Buffer, secret: string, url: string, now: Date, id?: string) => Record<string, string>;

const standardWebhooks: Signer = (body, secret, _url, now, id) => signGeneric(secret, body.toString('utf8'), { at: now, ...(id ? { id } : {}) });

const SIGNERS: Readonly<Record<string, { contentType: string; sign: Signer; query?: (secret: string) => string }>> = {
  generic: { contentType: JSON_TYPE, sign: standardWebhooks },
  'google-forms': { contentType: JSON_TYPE, sign: standardWebhooks },
  formbricks: { contentType: JSON_TYPE, sign: standardWebhooks },
  typeform: { contentType: JSON_TYPE, sign: (b, s) => ({ 'typeform-signature': signTypeform(b, s) }) },
  delighted: { contentType: JSON_TYPE, sign: (b, s) => ({ 'x-delighted-webhook-signature': signDelighted(b, s) }) },
  intercom: { contentType: JSON_TYPE, sign: (b, s) => ({ 'x-hub-signature': signIntercom(b, s) }) },
  surveymonkey: { contentType: JSON_TYPE, sign: (b, s) => ({ 'sm-signature': signSurveyMonkey(b, s) }) },
  zendesk: {
    contentType: JSON_TYPE,
    sign: (b, s, _url, now) => {
      const timestamp = now.toISOString();
      return { 'x-zendesk-webhook-signature': signZendesk(b, s, timestamp), 'x-zendesk-webhook-signature-timestamp': timestamp };
    },
  },
  hubspot: {
    contentType: JSON_TYPE,
    sign: (b, s, url, now) => {
      const timestamp = String(now.getTime());
      return { 'x-hubspot-request-timestamp': timestamp, 'x-hubspot-signature-v3': signHubSpot({ method: 'POST', url, body: b, timestamp }, s) };
    },
  },
  twilio: {
    contentType: FORM,
    sign: (b, s, url) => ({ 'x-twilio-signature': signTwilio(url, Object.fromEntries(new URLSearchParams(b.toString('utf8'))), s) }),
  },
  // Qualtrics cannot sign; its subscription URL carries the shared secret instead.
  qualtrics: { contentType: FORM, sign: () => ({}), query: (s) => `?token=${encodeURIComponent(s)}` },
};

export const SIGNED_SOURCES = Object.keys(SIGNERS);

export function isKnownSource(source: string): boolean {
  return source in SIGNERS;
}

/** --secret, else WEBHOOK_SECRET_<SOURCE> (first of a rotation list), else the local dev default. */
export function secretFor(source: string, explicit?: string): string {
  return explicit ?? webhookSecretsFromEnv([source])[source]![0]!;
}

export interface Delivery {
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** `deliveryId` fixes the Standard Webhooks message id, which the generic source uses as event id when the body has none. */
export function signedDelivery(endpoint: string, source: string, body: Buffer, secret: string, options: { now?: Date; deliveryId?: string } = {}): Delivery {
  const recipe = SIGNERS[source];
  if (!recipe) throw new CliError(`Unknown source "${source}". Known: ${SIGNED_SOURCES.join(', ')}.`);
  const url = `${endpoint}/webhooks/${source}${recipe.query?.(secret) ?? ''}`;
  return { url, body, headers: { 'content-type': recipe.contentType, ...recipe.sign(body, secret, url, options.now ?? new Date(), options.deliveryId) } };
}

export interface DeliveryResult {
  ok: boolean;
  status: number;
  /** Ingest's JSON reply on success; the problem detail otherwise. */
  detail: string;
}

export async function deliver(delivery: Delivery): Promise<DeliveryResult> {
  const res = await request(delivery.url, { method: 'POST', headers: delivery.headers, body: delivery.body });
  const text = await res.text();
  return { ok: res.ok, status: res.status, detail: res.ok ? text : problemDetail(text) };
}
