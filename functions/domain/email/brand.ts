/** Brand settings for outreach emails: who it is from, how it is signed, and the links and offer it carries. */
import { z } from 'zod';

const HttpsUrl = z.url({ protocol: /^https?$/ }).max(2048);
/** Goes into copy and sometimes a header: one line, no control characters or line separators. */
const OneLine = z.string().min(1).max(200).regex(/^[^\p{Cc}\p{Zl}\p{Zp}]*$/u, 'must be a single line');
const Signature = z.string().min(1).max(500);

/** The brand strings that read differently per language: the signature and the names in the copy. */
export const LocalBrand = z.strictObject({
  companyName: OneLine.optional(),
  signature: Signature.optional(),
  contactName: OneLine.optional(),
});
export type LocalBrand = z.infer<typeof LocalBrand>;

export const Brand = z.object({
  companyName: OneLine,
  signature: Signature,
  logoUrl: HttpsUrl.optional(),
  /** The brand's named contact, available to templates as `brand.contact_name` (never a promise that they follow up). */
  contactName: OneLine.optional(),
  /**
   * A public review page (Google, Trustpilot…). Used only under `email.reviewInvites: "all"`, where
   * every email carries it whatever the score: asking only happy customers is review gating.
   */
  reviewUrl: HttpsUrl.optional(),
  /** Where a happy customer can refer a friend (gratitude). */
  referralUrl: HttpsUrl.optional(),
  /** Where an unhappy customer can book a call (recovery). */
  bookingUrl: HttpsUrl.optional(),
  /** An optional coupon code, and which emails carry it. */
  offer: z
    .object({ code: z.string().min(1).max(64).regex(/^[\w-]+$/, 'letters, digits, - and _'), kinds: z.array(z.enum(['gratitude', 'recovery'])).min(1).default(['recovery']) })
    .optional(),
  /** How long an unsubscribe link stays valid. */
  unsubscribeLinkDays: z.number().int().min(1).max(3650).default(365),
  /**
   * Per-locale brand strings ("es", "fr-CA"…): an email in fr-CA takes fr-CA's, then fr's, then the
   * default locale's, then the values above.
   */
  locales: z.record(z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'expected a language tag like "es" or "fr-CA"'), LocalBrand).default({}),
});
export type Brand = z.infer<typeof Brand>;
