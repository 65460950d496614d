/** The `email` settings: which languages we write in, where public review links go, and what unverified addresses get. */
import { z } from 'zod';
import type { Brand } from './brand';
import { normalizeLocale } from './locale';

const LanguageTag = z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'expected a language tag like "en" or "pt-BR"');

/** Why there is no "promoters" setting; the validator and the docs say the same. */
export const REVIEW_GATING =
  'Inviting only happy customers to post public reviews is review gating, which Google\'s review policy ("don\'t selectively solicit positive reviews") and Trustpilot\'s guidelines forbid';

const ReviewInvites = z.enum(['all', 'off'], {
  error: (issue) =>
    issue.input === undefined
      ? undefined
      : `"${String(issue.input)}" is not allowed: use "all" (every customer we email gets the same invitation, whatever their score) or "off". ${REVIEW_GATING}.`,
});

export const EmailSettings = z.strictObject({
  /** The last fallback of every locale chain; must be one of `languages`. */
  defaultLocale: LanguageTag.default('en'),
  /** Languages we write in: each needs templates/<kind>/<language>.{subject,text,html}.liquid. */
  languages: z.array(LanguageTag).min(1).default(['en', 'es', 'fr', 'de', 'pt']),
  /** The language of each source's survey, tried when neither the customer nor their words name one. */
  sourceLocales: z.record(z.string(), LanguageTag).default({}),
  /**
   * Public review invitations (`brand.reviewUrl`): "all" puts the same invitation in every email,
   * gratitude and recovery alike; "off" never. Unset while `brand.reviewUrl` is set is refused (see below).
   */
  reviewInvites: ReviewInvites.optional(),
  /**
   * Addresses the respondent typed (not a vendor's contact record) get no quote and no name unless
   * opted in here: anyone can type anyone's address into a public form.
   */
  unverifiedAddresses: z.strictObject({ quote: z.boolean().default(false), name: z.boolean().default(false) }).prefault({}),
});
export type EmailSettings = z.infer<typeof EmailSettings>;

export const DEFAULT_EMAIL_SETTINGS: EmailSettings = EmailSettings.parse({});

export const reviewInvitesOf = (email: Pick<EmailSettings, 'reviewInvites'>) => email.reviewInvites ?? 'off';

/** Cross-checks between `email` and `brand`, as zod issues on the offending key. */
export function emailSettingsProblems(email: EmailSettings, brand: Pick<Brand, 'reviewUrl'>): Array<{ path: string[]; message: string }> {
  const problems: Array<{ path: string[]; message: string }> = [];
  const languages = email.languages.map(normalizeLocale);
  if (!languages.includes(normalizeLocale(email.defaultLocale))) {
    problems.push({ path: ['email', 'defaultLocale'], message: `"${email.defaultLocale}" must be one of email.languages (${email.languages.join(', ')})` });
  }
  if (email.reviewInvites === 'all' && !brand.reviewUrl) {
    problems.push({ path: ['email', 'reviewInvites'], message: '"all" needs brand.reviewUrl, the page the invitation links to' });
  }
  if (brand.reviewUrl && email.reviewInvites === undefined) {
    // Earlier versions put reviewUrl in gratitude emails only, i.e. to promoters: refuse rather than guess.
    problems.push({
      path: ['email', 'reviewInvites'],
      message: `brand.reviewUrl is set but email.reviewInvites is not. Earlier versions sent it to promoters only. ${REVIEW_GATING}. Set "all" (the same invitation in every email, whatever the score) or "off".`,
    });
  }
  return problems;
}
