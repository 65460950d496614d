/**
 * Each vendor's signing recipe, exactly as the vendor computes it. Sources verify by
 * recomputing with these; the CLI and tests sign with them. One recipe, one place.
 */
import { createHmac } from 'node:crypto';

type Body = Buffer | string;

const hmac = (algorithm: 'sha1' | 'sha256' | 'sha512', key: string, parts: readonly Body[]) => {
  const mac = createHmac(algorithm, key);
  for (const part of parts) mac.update(part);
  return mac;
};

/** Typeform-Signature: `sha256=` + base64 HMAC-SHA256(raw body). */
export const signTypeform = (body: Body, secret: string) => `sha256=${hmac('sha256', secret, [body]).digest('base64')}`;

/** X-Delighted-Webhook-Signature: `sha256=` + hex HMAC-SHA256(raw body), keyed with the API key. */
export const signDelighted = (body: Body, apiKey: string) => `sha256=${hmac('sha256', apiKey, [body]).digest('hex')}`;

/** X-Zendesk-Webhook-Signature: base64 HMAC-SHA256(timestamp header + raw body), no separator. */
export const signZendesk = (body: Body, secret: string, timestamp: string) =>
  hmac('sha256', secret, [timestamp, body]).digest('base64');

/** X-Hub-Signature: `sha1=` + hex HMAC-SHA1(raw body), keyed with the app's client secret. */
export const signIntercom = (body: Body, clientSecret: string) => `sha1=${hmac('sha1', clientSecret, [body]).digest('hex')}`;

/** Qualtrics `HMAC` form field: hex HMAC-SHA512 of the `MSG` field's value, keyed with the subscription's sharedKey. */
export const signQualtrics = (msg: string, sharedKey: string) => hmac('sha512', sharedKey, [msg]).digest('hex');

/** Sm-Signature: base64 HMAC-SHA1(raw body), keyed with `api_key&api_secret` (stored as one secret). */
export const signSurveyMonkey = (body: Body, keyAndSecret: string) => hmac('sha1', keyAndSecret, [body]).digest('base64');

/**
 * X-Twilio-Signature: base64 HMAC-SHA1(full URL + each POST param, sorted by name, as
 * name+value with no delimiters), keyed with the Auth Token.
 */
export function signTwilio(url: string, params: Readonly<Record<string, string>>, authToken: string): string {
  const sorted = Object.keys(params).sort().map((key) => `${key}${params[key]}`);
  return hmac('sha1', authToken, [url, ...sorted]).digest('base64');
}

export interface HubSpotSignInput {
  method: string;
  /** The full public URL HubSpot called (scheme, host, path, query). */
  url: string;
  body: Body;
  /** X-HubSpot-Request-Timestamp, milliseconds since the epoch, as sent. */
  timestamp: string;
}

/** X-HubSpot-Signature-v3: base64 HMAC-SHA256(method + decoded URI + body + timestamp). */
export const signHubSpot = ({ method, url, body, timestamp }: HubSpotSignInput, clientSecret: string) =>
  hmac('sha256', clientSecret, [method, hubSpotSignedUri(url), body, timestamp]).digest('base64');

/** HubSpot signs the URI with exactly these characters URL-decoded (their v3 validation table). */
const HUBSPOT_DECODED: Readonly<Record<string, string>> = {
  '%3A': ':', '%2F': '/', '%3F': '?', '%40': '@', '%21': '!', '%24': '$',
  '%27': "'", '%28': '(', '%29': ')', '%2A': '*', '%2C': ',', '%3B': ';',
};

function hubSpotSignedUri(url: string): string {
  return url.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (match) => HUBSPOT_DECODED[match.toUpperCase()] ?? match);
}
