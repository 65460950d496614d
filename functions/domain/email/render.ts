/**
 * Renders a gratitude or recovery email from the Liquid templates (templates/), the brand strings of
 * its locale and what the outreach message says. What reaches the templates is already made safe:
 * names are one line, the quote is capped, and what an unverified address gets is decided here.
 */
import type { Channel } from '../feedback-event';
import type { OutreachMessage } from '../outreach';
import type { Brand } from './brand';
import { DEFAULT_EMAIL_SETTINGS, reviewInvitesOf, type EmailSettings } from './email-settings';
import { inlineSafe, multiLineSafe, truncate } from './escape';
import { chooseLocale, localeChain, normalizeLocale } from './locale';
import { TemplateSet, type EmailKind, type TemplateVariables } from './templates';

export type { EmailKind } from './templates';

export interface EmailInput {
  kind: EmailKind;
  /** Shorthand for `locales: [locale]`. */
  locale?: string;
  /** Candidate languages, best first: the customer's locale, their words' language (given, then detected). */
  locales?: ReadonlyArray<string | undefined>;
  /** The webhook source, whose survey language (`email.sourceLocales`) comes after the candidates. */
  source?: string;
  customerName?: string;
  /** False (or absent) when the respondent typed the address: no quote and no name unless configured. */
  emailVerified?: boolean;
  channel: Channel;
  /** The customer's own words, quoted back (escaped, length-capped). */
  quote?: string;
  /** A person assigned to follow up (a case owner): the only case where the email promises a personal follow-up. */
  owner?: { name: string };
  /** The team was alerted (an escalation). */
  escalated?: boolean;
  /** One-click unsubscribe link for this recipient (also sent as List-Unsubscribe). */
  unsubscribeUrl: string;
  /** The re-survey's answer links, one per score (pulse emails). */
  scores?: Array<{ score: number; url: string }>;
  /** The recovery experiment decides the offer: true in its `offer` arm, false in the others; absent outside it (brand.offer.kinds decides). */
  offer?: boolean;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  /** The template locale used ("fr", "pt-br"). */
  locale: string;
}

export interface EmailContext {
  brand: Omit<Brand, 'unsubscribeLinkDays'> & Partial<Pick<Brand, 'unsubscribeLinkDays'>>;
  email?: EmailSettings;
}

const MAX_QUOTE_CHARS = 500;
const MAX_NAME_CHARS = 60;

/** `templates`: the set bundled at build time (./bundled.ts) in the Lambdas, the files on disk in previews. */
export function renderEmail(input: EmailInput, context: EmailContext, templates: TemplateSet): RenderedEmail {
  const email = context.email ?? DEFAULT_EMAIL_SETTINGS;
  const enabled = new Set(email.languages.map((l) => normalizeLocale(l).split('-')[0]!));
  const usable = (locale: string) => enabled.has(locale.split('-')[0]!) && templates.has(input.kind, locale);
  const candidates = [input.locale, ...(input.locales ?? []), input.source ? email.sourceLocales[input.source] : undefined];
  const locale = chooseLocale(candidates, usable, email.defaultLocale);

  const brand = brandFor(context.brand, locale, email.defaultLocale);
  const verified = input.emailVerified === true;
  const nameAllowed = verified || email.unverifiedAddresses.name;
  const quoteAllowed = verified || email.unverifiedAddresses.quote;
  const name = nameAllowed && input.customerName ? inlineSafe(input.customerName, MAX_NAME_CHARS) || undefined : undefined;
  const cleanQuote = quoteAllowed && input.quote ? multiLineSafe(input.quote) : '';
  const quote = cleanQuote ? truncate(cleanQuote, MAX_QUOTE_CHARS) : undefined;
  const ownerName = input.owner?.name ? inlineSafe(input.owner.name, MAX_NAME_CHARS) : '';
  const offered = input.offer ?? (input.kind !== 'pulse' && context.brand.offer?.kinds.includes(input.kind)) ?? false;
  const offer = offered && context.brand.offer ? { code: context.brand.offer.code } : undefined;
  const review = reviewInvitesOf(email) === 'all' ? context.brand.reviewUrl : undefined;

  const vars: Omit<TemplateVariables, 'kind' | 'locale'> = {
    channel: input.channel,
    customer: name ? { name } : {},
    ...(quote ? { quote } : {}),
    brand: {
      company_name: brand.companyName,
      signature: brand.signature,
      ...(brand.contactName ? { contact_name: brand.contactName } : {}),
      ...(context.brand.logoUrl ? { logo_url: context.brand.logoUrl } : {}),
    },
    links: {
      unsubscribe: input.unsubscribeUrl,
      ...(input.kind === 'recovery' && context.brand.bookingUrl ? { booking: context.brand.bookingUrl } : {}),
      ...(input.kind === 'gratitude' && context.brand.referralUrl ? { referral: context.brand.referralUrl } : {}),
      // The same invitation in every email, whatever the score: never only in gratitude (review gating).
      ...(review ? { review } : {}),
      ...(input.kind === 'pulse' ? { scores: input.scores ?? [] } : {}),
    },
    ...(offer ? { offer } : {}),
    ...(ownerName ? { owner: { name: ownerName } } : {}),
    escalated: input.escalated === true,
  };
  return { ...templates.render(input.kind, locale, vars), locale };
}

/** The brand strings for a locale: fr-CA's, then fr's, then the default locale's, then the top-level ones. */
export function brandFor(brand: EmailContext['brand'], locale: string, defaultLocale: string): { companyName: string; signature: string; contactName?: string } {
  const byLocale = new Map(Object.entries(brand.locales ?? {}).map(([k, v]) => [normalizeLocale(k), v]));
  const layers = [...localeChain(locale), ...localeChain(defaultLocale)].map((l) => byLocale.get(l)).filter((l) => l !== undefined);
  const pick = <K extends 'companyName' | 'signature' | 'contactName'>(key: K) => layers.find((l) => l[key] !== undefined)?.[key] ?? brand[key];
  const contactName = pick('contactName');
  return { companyName: pick('companyName')!, signature: pick('signature')!, ...(contactName ? { contactName } : {}) };
}

/** The email for an outreach message: everything it needs is in the message and the settings. */
export function renderOutreachEmail(message: OutreachMessage, unsubscribeUrl: string, context: EmailContext, templates: TemplateSet, scores?: EmailInput['scores']): RenderedEmail {
  return renderEmail(
    {
      kind: message.kind,
      locales: [message.customer.locale, ...(message.languages ?? [])],
      ...(message.source ? { source: message.source } : {}),
      ...(message.customer.name ? { customerName: message.customer.name } : {}),
      ...(message.customer.emailVerified ? { emailVerified: true } : {}),
      channel: message.channel,
      ...(message.quote ? { quote: message.quote } : {}),
      ...(message.owner ? { owner: message.owner } : {}),
      ...(message.escalated ? { escalated: true } : {}),
      ...(message.experiment ? { offer: message.experiment.offer } : {}),
      ...(scores ? { scores } : {}),
      unsubscribeUrl,
    },
    context,
    templates,
  );
}
