/** Brand settings for outreach emails: who it is from, how it is signed, and the links and offer it carries. */
import { z } from 'zod';

const HttpsUrl = z.url({ protocol: /^https?$/ }).max(2048);
/** Goes into copy and sometimes a header: one line, printable. */
const OneLine = z.string().min(1).max(200).regex(/^[^\r\n\0]*$/, 'must be a single line');

export const Brand = z.object({
  companyName: OneLine,
  signature: z.string().min(1).max(500),
  logoUrl: HttpsUrl.optional(),
  /** The named human a recovery email offers ("reply to reach Sam"). */
  contactName: OneLine.optional(),
  /** Where a happy customer can leave a public review (gratitude). */
  reviewUrl: HttpsUrl.optional(),
  /** Where an unhappy customer can book a call (recovery). */
  bookingUrl: HttpsUrl.optional(),
  /** An optional coupon code, and which emails carry it. */
  offer: z
    .object({ code: z.string().min(1).max(64).regex(/^[\w-]+$/, 'letters, digits, - and _'), kinds: z.array(z.enum(['gratitude', 'recovery'])).min(1).default(['recovery']) })
    .optional(),
  /** How long an unsubscribe link stays valid. */
  unsubscribeLinkDays: z.number().int().min(1).max(3650).default(365),
});
export type Brand = z.infer<typeof Brand>;
