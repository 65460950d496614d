/** The message analyze hands to notify: everything needed to render and send one email. */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { Channel, Customer } from './feedback-event';

export const OutreachMessage = z.object({
  /** Deterministic per decision (feedback dedupe key + kind): the exactly-once key. */
  outreachId: z.string().min(1),
  feedbackKey: z.string().min(1),
  kind: z.enum(['gratitude', 'recovery']),
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
});
export type OutreachMessage = z.infer<typeof OutreachMessage>;

export const outreachIdOf = (feedbackKey: string, kind: string) => `${feedbackKey}#${kind}`;

/**
 * Stable, non-reversible customer key: lets us join a customer's feedback, outreach and
 * suppression without spreading their address through keys and logs.
 */
export function customerKeyOf(customer: { email?: string; id?: string }): string | undefined {
  if (customer.email) return `e:${sha256(customer.email.trim().toLowerCase())}`;
  if (customer.id) return `i:${sha256(customer.id)}`;
  return undefined;
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);
