/** The message analyze hands to notify: everything needed to render and send one email. */
import { createHash, createHmac } from 'node:crypto';
import { z } from 'zod';
import { Channel, Customer, METRIC_SCALES, type ScoredMetric } from './feedback-event';

export const OutreachMessage = z.object({
  /** Deterministic per decision (feedback dedupe key + kind): the exactly-once key. */
  outreachId: z.string().min(1),
  feedbackKey: z.string().min(1),
  /** `pulse`: the re-survey ("How would you rate us now?"), exempt from the cooldown. */
  kind: z.enum(['gratitude', 'recovery', 'pulse']),
  customer: Customer.required({ email: true }),
  channel: Channel,
  quote: z.string().optional(),
  receivedAt: z.iso.datetime({ offset: true }),
  /** The webhook source, for its survey language (`email.sourceLocales`). */
  source: z.string().optional(),
  /** Languages of the customer's words, after their own locale: as the source gave it, then as detected. */
  languages: z.array(z.string().max(35)).max(4).optional(),
  /** The team was alerted about this feedback (an escalation). Not a promise that a person follows up. */
  escalated: z.boolean().optional(),
  /** The person assigned to follow up (a case owner): the only case where the email promises a personal follow-up. */
  owner: z.object({ name: z.string().min(1).max(200) }).optional(),
  /** Not before this time (a re-survey, an experiment's delayed arm): notify hands it to the scheduler until then. */
  notBefore: z.iso.datetime({ offset: true }).optional(),
  /** The recovery experiment's arm (functions/domain/experiments/treatment.ts): only its `offer` arm shows the offer code. */
  experiment: z.object({ id: z.string().min(1).max(40), arm: z.string().min(1).max(40), offer: z.boolean() }).optional(),
  /** The re-survey asks on the original metric's scale. */
  pulse: z.object({ metric: z.enum(Object.keys(METRIC_SCALES) as [ScoredMetric, ...ScoredMetric[]]) }).optional(),
});
export type OutreachMessage = z.infer<typeof OutreachMessage>;

export const outreachIdOf = (feedbackKey: string, kind: string) => `${feedbackKey}#${kind}`;

/**
 * Stable pseudonymous customer key: lets us join a customer's feedback, outreach and suppression
 * without spreading their address through keys, links and logs. Keyed (HMAC-SHA256 with the
 * `CustomerHashKey` secret, truncated to 128 bits), so nobody without the key can confirm a guessed
 * address from a key seen in an unsubscribe link, a log line or an alert. The key is never rotated:
 * every stored key (suppressions included) would stop matching.
 */
export function customerKeyOf(customer: { email?: string; id?: string }, hashKey: string): string | undefined {
  if (customer.email) return `e:${keyedHash(normalizedEmail(customer.email), hashKey)}`;
  if (customer.id) return `i:${keyedHash(customer.id, hashKey)}`;
  return undefined;
}

/** Every key a customer can be found under: their email's and their id's (a phone number is the id, e.g. Twilio's sender). */
export function customerKeysOf(customer: { email?: string; id?: string }, hashKey: string): string[] {
  return [
    ...(customer.email ? [customerKeyOf({ email: customer.email }, hashKey)!] : []),
    ...(customer.id ? [customerKeyOf({ id: customer.id }, hashKey)!] : []),
  ];
}

const normalizedEmail = (email: string) => email.trim().toLowerCase();
const keyedHash = (text: string, key: string) => createHmac('sha256', key).update(text).digest('hex').slice(0, 32);

/** Unkeyed digest for names that must be stable but carry nothing personal (schedule names, row ids). */
export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);
