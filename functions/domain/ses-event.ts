/**
 * SES sending events (configuration-set event publishing, delivered raw through SNS → SQS) and what
 * each means for us: a delivery status for the outreach and, for hard bounces and complaints, the
 * addresses to suppress. https://docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-contents.html
 */
import { z } from 'zod';

/** What SES reported after the send; kept apart from the ledger's exactly-once `status`. */
export type DeliveryStatus = 'delivered' | 'bounced' | 'soft-bounced' | 'complained' | 'opened' | 'clicked' | 'rejected';

const Recipients = z.array(z.object({ emailAddress: z.string() }));

export const SesEvent = z.object({
  /** `eventType` in event publishing; identity notifications call it `notificationType`. */
  eventType: z.string().optional(),
  notificationType: z.string().optional(),
  mail: z.object({
    messageId: z.string().min(1),
    timestamp: z.string().optional(),
    destination: z.array(z.string()).optional(),
    /** The message tags given at send time (`{ name: [value] }`), published with every event of the configuration set. */
    tags: z.record(z.string(), z.array(z.string())).optional(),
  }),
  bounce: z.object({ bounceType: z.string(), bouncedRecipients: Recipients, timestamp: z.string().optional() }).optional(),
  complaint: z.object({ complainedRecipients: Recipients, timestamp: z.string().optional() }).optional(),
  delivery: z.object({ timestamp: z.string().optional() }).optional(),
  open: z.object({ timestamp: z.string().optional() }).optional(),
  click: z.object({ timestamp: z.string().optional() }).optional(),
});
export type SesEvent = z.infer<typeof SesEvent>;

/** An SQS body from the SES events queue. */
export const SesEventMessage = z.preprocess((body) => unwrapSns(body), SesEvent);

/**
 * The SES message tag carrying the outreach id, so an event names its outreach without a pointer
 * item. Tag values allow only A–Z a–z 0–9 _ - and at most 256 characters, hence base64url; a longer
 * id gets no tag (notify then writes the `MSG#` pointer instead).
 */
export const OUTREACH_TAG = 'cx-outreach';
const MAX_TAG_VALUE = 256;

export function outreachTagValue(outreachId: string): string | undefined {
  const value = Buffer.from(outreachId, 'utf8').toString('base64url');
  return value.length <= MAX_TAG_VALUE ? value : undefined;
}

export function outreachIdOfTags(tags: Record<string, string[]> | undefined): string | undefined {
  const value = tags?.[OUTREACH_TAG]?.[0];
  if (!value || !/^[A-Za-z0-9_-]+$/.test(value)) return undefined;
  return Buffer.from(value, 'base64url').toString('utf8');
}

export interface SesEventEffect {
  sesMessageId: string;
  /** From the `cx-outreach` tag; absent for emails sent without it (then the `MSG#` pointer). */
  outreachId?: string;
  /** Undefined for events we do not track (Send, DeliveryDelay, RenderingFailure…). */
  delivery?: DeliveryStatus;
  /** Addresses that must never be emailed again, and why. */
  suppress: { addresses: string[]; reason: 'bounce' | 'complaint' } | undefined;
  at: string;
}

export function effectOf(event: SesEvent, now: Date): SesEventEffect {
  const type = event.eventType ?? event.notificationType ?? '';
  const outreachId = outreachIdOfTags(event.mail.tags);
  const base = { sesMessageId: event.mail.messageId, ...(outreachId ? { outreachId } : {}), suppress: undefined, at: now.toISOString() };
  // SES's own timestamp when it is a readable date, else when we heard of it.
  const when = (t: string | undefined) => (t && !Number.isNaN(Date.parse(t)) ? new Date(t).toISOString() : base.at);
  const addresses = (list: Array<{ emailAddress: string }>) => list.map((r) => r.emailAddress);
  switch (type) {
    case 'Bounce': {
      // Only a permanent bounce proves the address dead; transient ones (mailbox full) retry later.
      const permanent = event.bounce?.bounceType === 'Permanent';
      return {
        ...base,
        delivery: permanent ? 'bounced' : 'soft-bounced',
        suppress: permanent ? { addresses: addresses(event.bounce?.bouncedRecipients ?? []), reason: 'bounce' } : undefined,
        at: when(event.bounce?.timestamp),
      };
    }
    case 'Complaint':
      return {
        ...base,
        delivery: 'complained',
        suppress: { addresses: addresses(event.complaint?.complainedRecipients ?? []), reason: 'complaint' },
        at: when(event.complaint?.timestamp),
      };
    case 'Delivery':
      return { ...base, delivery: 'delivered', at: when(event.delivery?.timestamp) };
    case 'Open':
      return { ...base, delivery: 'opened', at: when(event.open?.timestamp) };
    case 'Click':
      return { ...base, delivery: 'clicked', at: when(event.click?.timestamp) };
    case 'Reject':
      return { ...base, delivery: 'rejected' };
    default:
      return base;
  }
}

/** The SQS body is the SES event itself (raw delivery) or, if raw delivery is off, an SNS envelope around it. */
export function unwrapSns(body: unknown): unknown {
  const envelope = body as { Type?: unknown; Message?: unknown };
  if (envelope && envelope.Type === 'Notification' && typeof envelope.Message === 'string') {
    try {
      return JSON.parse(envelope.Message);
    } catch {
      return envelope.Message;
    }
  }
  return body;
}
