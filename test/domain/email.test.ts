/** Outreach emails per kind and locale, and what hostile customer input can and cannot do to them. */
import { describe, expect, it } from 'vitest';
import { Brand } from '../../functions/domain/email/brand';
import { headerSafe } from '../../functions/domain/email/escape';
import { renderEmail, type EmailInput } from '../../functions/domain/email/render';
import { STRINGS } from '../../functions/domain/email/strings';

const brand = Brand.parse({
  companyName: 'Acme',
  signature: 'The Acme team',
  logoUrl: 'https://acme.example/logo.png',
  contactName: 'Sam',
  reviewUrl: 'https://reviews.example/acme',
  bookingUrl: 'https://cal.example/acme',
  offer: { code: 'SORRY-10', kinds: ['recovery'] },
});
const UNSUBSCRIBE = 'https://api.example/unsubscribe?token=v1.abc.123.sig';
const input = (overrides: Partial<EmailInput> = {}): EmailInput => ({
  kind: 'recovery',
  locale: 'en',
  customerName: 'Ana',
  channel: 'survey',
  quote: 'The order never arrived.',
  unsubscribeUrl: UNSUBSCRIBE,
  ...overrides,
});

describe('localized copy', () => {
  it.each(['en', 'es', 'fr', 'de', 'pt'])('%s: both kinds render their own subject, greeting and footer', (locale) => {
    const s = STRINGS[locale]!;
    for (const kind of ['gratitude', 'recovery'] as const) {
      const email = renderEmail(input({ kind, locale }), brand);
      expect(email.subject).toBe(kind === 'gratitude' ? s.gratitudeSubject : s.recoverySubject);
      expect(email.text.startsWith(s.greeting('Ana'))).toBe(true);
      expect(email.text).toContain(s.youWroteIn.survey);
      expect(email.text).toContain(`${s.unsubscribe}: ${UNSUBSCRIBE}`);
      expect(email.html).toContain(`lang="${locale}"`);
    }
  });

  it('takes the language of a regional locale (pt-BR → pt, es-MX → es)', () => {
    expect(renderEmail(input({ locale: 'pt-BR' }), brand).subject).toBe(STRINGS.pt!.recoverySubject);
    expect(renderEmail(input({ locale: 'ES-mx' }), brand).subject).toBe(STRINGS.es!.recoverySubject);
  });

  it.each([['it'], ['ja-JP'], [undefined]])('falls back to English for %s', (locale) => {
    const email = renderEmail(input({ locale }), brand);
    expect(email.subject).toBe(STRINGS.en!.recoverySubject);
    expect(email.html).toContain('lang="en"');
  });

  it('a recovery names the human to reply to, the booking link and the offer', () => {
    const { text, html } = renderEmail(input(), brand);
    expect(text).toContain('Simply reply to this email to reach Sam directly.');
    expect(text).toContain('Book a call with us: https://cal.example/acme');
    expect(text).toContain('SORRY-10');
    expect(html).toContain('<a href="https://cal.example/acme">');
  });

  it('a gratitude links to the review page and carries no recovery-only offer', () => {
    const { text } = renderEmail(input({ kind: 'gratitude' }), brand);
    expect(text).toContain('Leave a review: https://reviews.example/acme');
    expect(text).not.toContain('SORRY-10');
    expect(text).not.toContain('cal.example');
  });

  it('greets without a name when there is none, and quotes nothing when there was no text', () => {
    const { text, html } = renderEmail(input({ customerName: undefined, quote: undefined }), brand);
    expect(text.startsWith('Hi,')).toBe(true);
    expect(text).not.toContain('you wrote');
    expect(html).not.toContain('<blockquote');
  });
});

describe('hostile input', () => {
  it('escapes markup in the quote and the name: no script, no attribute break-out', () => {
    const { html, text } = renderEmail(input({ customerName: '<img src=x onerror=alert(1)>', quote: '<script>alert("x")</script> "quoted" & \'single\'' }), brand);
    expect(html).not.toMatch(/<script|<img src=x/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &quot;quoted&quot; &amp; &#39;single&#39;');
    expect(html).toContain('Hi &lt;img src=x onerror=alert(1)&gt;,');
    // Plain text is not HTML: it carries the words as written.
    expect(text).toContain('<script>alert("x")</script>');
  });

  it('strips CR/LF from a name, so nothing it carries can become a header or a new line', () => {
    const { subject, text } = renderEmail(input({ customerName: 'Ana\r\nBcc: victim@example.com' }), brand);
    expect(text.split('\n')[0]).toBe('Hi Ana Bcc: victim@example.com,');
    expect(subject).not.toMatch(/[\r\n]/);
    expect(headerSafe('Acme\r\nBcc: x@example.com\0')).toBe('Acme Bcc: x@example.com');
  });

  it('caps a 10 KB comment at a 500-character quote, marked as cut', () => {
    const { html, text } = renderEmail(input({ quote: 'a'.repeat(10_240) }), brand);
    const quoted = /> (a+…)/.exec(text)?.[1];
    expect(Array.from(quoted ?? '')).toHaveLength(500);
    expect(html.length).toBeLessThan(5_000);
    expect(text.length).toBeLessThan(2_000);
  });

  it('never cuts an emoji in half', () => {
    const { text } = renderEmail(input({ quote: '😀'.repeat(600), customerName: '👩🏽‍💻 Ana' }), brand);
    const quoted = /> ([^\n]+)/.exec(text)![1]!;
    expect(quoted).toMatch(/^(😀)+…$/u);
    // A lone surrogate would not survive UTF-8 encoding.
    expect(Buffer.from(quoted, 'utf8').toString('utf8')).toBe(quoted);
    expect(text).toContain('Hi 👩🏽‍💻 Ana,');
  });

  it('keeps right-to-left words isolated in the quote, and removes bidi overrides from the name', () => {
    const { html, text } = renderEmail(input({ quote: 'الطلب لم يصل', customerName: 'Ana\u202Eevil' }), brand);
    expect(html).toContain('<blockquote dir="auto"');
    expect(html).toContain('الطلب لم يصل');
    expect(text).toContain('Hi Anaevil,');
    expect(text).not.toContain('\u202E');
  });

  it('quotes a multi-line comment line by line in the text part', () => {
    const { text } = renderEmail(input({ quote: 'line one\r\nline two' }), brand);
    expect(text).toContain('> line one\n> line two');
  });
});

describe('brand settings', () => {
  it('refuse a company name that would inject a header', () => {
    expect(Brand.safeParse({ companyName: 'Acme\r\nBcc: x@example.com', signature: 's' }).success).toBe(false);
  });

  it('refuse a non-http logo or review URL', () => {
    expect(Brand.safeParse({ companyName: 'Acme', signature: 's', reviewUrl: 'javascript:alert(1)' }).success).toBe(false);
  });
});
