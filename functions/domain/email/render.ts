/** Renders a gratitude or recovery email as HTML + text from localized copy and brand settings. */
import type { Channel } from '../feedback-event';
import type { Brand } from './brand';
import { escapeHtml, headerSafe, inlineSafe, truncate } from './escape';
import { languageFor, stringsFor } from './strings';

export type EmailKind = 'gratitude' | 'recovery';

export interface EmailInput {
  kind: EmailKind;
  locale?: string;
  customerName?: string;
  channel: Channel;
  /** The customer's own words, quoted back (escaped, length-capped). */
  quote?: string;
  /** One-click unsubscribe link for this recipient (also sent as List-Unsubscribe). */
  unsubscribeUrl: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const MAX_QUOTE_CHARS = 500;
const MAX_NAME_CHARS = 60;

export function renderEmail(input: EmailInput, brand: Omit<Brand, 'unsubscribeLinkDays'>): RenderedEmail {
  const s = stringsFor(input.locale);
  const name = input.customerName ? inlineSafe(input.customerName, MAX_NAME_CHARS) || undefined : undefined;
  const quote = input.quote?.trim() ? truncate(input.quote.trim(), MAX_QUOTE_CHARS) : undefined;
  const gratitude = input.kind === 'gratitude';
  const subject = gratitude ? s.gratitudeSubject : s.recoverySubject;
  const opening = gratitude ? s.gratitudeOpening : s.recoveryOpening;
  const body = gratitude ? s.gratitudeBody : s.recoveryBody(brand.contactName);
  const offer = brand.offer?.kinds.includes(input.kind) ? { line: s.offer[input.kind], code: brand.offer.code } : undefined;
  const link = gratitude
    ? brand.reviewUrl && { prompt: s.reviewPrompt, label: s.reviewLink, url: brand.reviewUrl }
    : brand.bookingUrl && { prompt: s.bookingPrompt, label: s.bookingLink, url: brand.bookingUrl };
  const youWrote = s.youWroteIn[input.channel];

  const text = [
    s.greeting(name),
    '',
    opening,
    '',
    ...(quote ? [`${youWrote}:`, `> ${quote.replace(/\r?\n/g, '\n> ')}`, ''] : []),
    body,
    '',
    ...(offer ? [`${offer.line} ${offer.code}`, ''] : []),
    ...(link ? [`${link.prompt} ${link.label}: ${link.url}`, ''] : []),
    brand.signature,
    '',
    '--',
    s.footer,
    `${s.unsubscribe}: ${input.unsubscribeUrl}`,
  ].join('\n');

  const e = escapeHtml;
  const html = `<!doctype html>
<html lang="${languageFor(input.locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>
<body style="font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#1f2937;max-width:560px;margin:auto;padding:24px">
${brand.logoUrl ? `<img src="${e(brand.logoUrl)}" alt="${e(brand.companyName)}" height="32">` : ''}
<p>${e(s.greeting(name))}</p>
<p><strong>${e(opening)}</strong></p>
${quote ? `<p>${e(youWrote)}:</p><blockquote dir="auto" style="border-left:3px solid #d1d5db;margin:0;padding:4px 12px;color:#4b5563;white-space:pre-wrap">${e(quote)}</blockquote>` : ''}
<p>${e(body)}</p>
${offer ? `<p>${e(offer.line)} <strong style="font-family:monospace;font-size:1.1em">${e(offer.code)}</strong></p>` : ''}
${link ? `<p>${e(link.prompt)} <a href="${e(link.url)}">${e(link.label)}</a></p>` : ''}
<p style="white-space:pre-line">${e(brand.signature)}</p>
<hr style="border:none;border-top:1px solid #e5e7eb">
<p style="font-size:12px;color:#6b7280">${e(s.footer)} <a href="${e(input.unsubscribeUrl)}" style="color:#6b7280">${e(s.unsubscribe)}</a></p>
</body></html>`;

  return { subject: headerSafe(subject), html, text };
}
