/** Posts a Standard Webhooks-signed body, as the generic source expects; used by the demo, tests and bench. */
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

export interface PostResult {
  status: number;
  body: string;
  contentType: string | null;
}

export function signGeneric(secret: string, body: string, options: { id?: string; at?: Date } = {}): Record<string, string> {
  const id = options.id ?? `msg_${randomUUID()}`;
  const at = options.at ?? new Date();
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  };
}

export async function postGeneric(apiUrl: string, secret: string, payload: unknown, options: { id?: string; at?: Date } = {}): Promise<PostResult> {
  const body = JSON.stringify(payload);
  const res = await fetch(`${apiUrl}/webhooks/generic`, { method: 'POST', headers: signGeneric(secret, body, options), body });
  return { status: res.status, body: await res.text(), contentType: res.headers.get('content-type') };
}

export interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

/** The local SES server's mailbox. */
export async function sesInbox(storeUrl: string): Promise<StoredEmail[]> {
  const res = await fetch(storeUrl);
  return ((await res.json()) as { emails: StoredEmail[] }).emails;
}
