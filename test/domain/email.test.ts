/** Outreach emails per kind and locale, what they promise, and what hostile customer input can and cannot do to them. */
import { describe, expect, it } from 'vitest';
import { Brand } from '../../functions/domain/email/brand';
import { readTemplateFiles } from '../../functions/domain/email/build';
import { EmailSettings } from '../../functions/domain/email/email-settings';
import { headerSafe, oneLine } from '../../functions/domain/email/escape';
import { bundledTemplates } from '../../functions/domain/email/bundled';
import { renderEmail as renderWith, renderOutreachEmail as renderOutreachWith, type EmailContext, type EmailInput } from '../../functions/domain/email/render';
import { TemplateSet } from '../../functions/domain/email/templates';
import { outreachFor, type FeedbackRecord } from '../../functions/domain/feedback-record';
import { parseSettings } from '../../functions/domain/settings';

const brand = Brand.parse({
  companyName: 'Acme',
  signature: 'The Acme team',
  logoUrl: 'https://acme.example/logo.png',
  contactName: 'Sam',
  reviewUrl: 'https://reviews.example/acme',
  referralUrl: 'https://acme.example/refer',
  bookingUrl: 'https://cal.example/acme',
  offer: { code: 'SORRY-10', kinds: ['recovery'] },
  locales: { es: { signature: '— Sam, Experiencia del Cliente en Acme' }, 'fr-CA': { signature: 'L’équipe Acme (Québec)' }, en: { signature: 'The Acme team (en)' } },
});
const email = EmailSettings.parse({ reviewInvites: 'off' });
const ctx: EmailContext = { brand, email };
const renderEmail = (i: EmailInput, c: EmailContext, set: TemplateSet = bundledTemplates()) => renderWith(i, c, set);
const renderOutreachEmail = (m: Parameters<typeof renderOutreachWith>[0], url: string, c: EmailContext) => renderOutreachWith(m, url, c, bundledTemplates());
const UNSUBSCRIBE = 'https://api.example/unsubscribe?token=v1.abc.123.sig';
const input = (overrides: Partial<EmailInput> = {}): EmailInput => ({
  kind: 'recovery',
  locale: 'en',
  customerName: 'Ana',
  emailVerified: true,
  channel: 'survey',
  quote: 'The order never arrived.',
  unsubscribeUrl: UNSUBSCRIBE,
  ...overrides,
});
const render = (overrides: Partial<EmailInput> = {}, context: EmailContext = ctx) => renderEmail(input(overrides), context);
const files = readTemplateFiles();
const subjectOf = (kind: string, locale: string) => files[`${kind}/${locale}.subject.liquid`]!.trim();

const LOCALES = ['en', 'es', 'fr', 'de', 'pt'] as const;
const GREETING = { en: 'Hi Ana,', es: 'Hola, Ana:', fr: 'Bonjour Ana,', de: 'Hallo Ana,', pt: 'Olá, Ana,' };
const UNSUBSCRIBE_WORD = { en: 'Unsubscribe', es: 'Darse de baja', fr: 'Se désabonner', de: 'Abmelden', pt: 'Cancelar inscrição' };
/** The sentence each language uses to promise that a named person follows up. */
const PERSONAL_PROMISE = { en: 'will follow up with you personally', es: 'te contactará personalmente', fr: 'vous recontactera personnellement', de: 'meldet sich persönlich', pt: 'entrará em contato pessoalmente' };

describe('localized copy from the template files', () => {
  it.each(LOCALES)('%s: both kinds render their own subject, greeting and unsubscribe link', (locale) => {
    for (const kind of ['gratitude', 'recovery'] as const) {
      const out = render({ kind, locale });
      expect(out.subject).toBe(subjectOf(kind, locale));
      expect(out.text.startsWith(GREETING[locale])).toBe(true);
      expect(out.text).toContain(`${UNSUBSCRIBE_WORD[locale]}: ${UNSUBSCRIBE}`);
      expect(out.html).toContain(`lang="${locale}"`);
      expect(out.html).toContain(`href="${UNSUBSCRIBE}"`);
    }
  });

  it('keeps the copy of the five bundled languages (subjects as before the move to files)', () => {
    expect(LOCALES.map((l) => subjectOf('recovery', l))).toEqual([
      'We are sorry — and we want to make it right',
      'Lo sentimos, y queremos solucionarlo',
      'Nous sommes désolés et voulons arranger les choses',
      'Es tut uns leid – wir möchten es wiedergutmachen',
      'Sentimos muito — e queremos resolver',
    ]);
  });

  it('walks the fallback chain: pt-BR → pt, ES-mx → es, fr_CA → fr', () => {
    expect(render({ locale: 'pt-BR' }).subject).toBe(subjectOf('recovery', 'pt'));
    expect(render({ locale: 'ES-mx' }).subject).toBe(subjectOf('recovery', 'es'));
    expect(render({ locale: 'fr_CA' }).locale).toBe('fr');
  });

  it.each([['it'], ['ja-JP'], [undefined]])('falls back to the default locale for %s', (locale) => {
    const out = render({ locale });
    expect(out.subject).toBe(subjectOf('recovery', 'en'));
    expect(out.html).toContain('lang="en"');
  });

  it('uses a regional template when there is one (fr-CA), the language one otherwise (fr-BE)', () => {
    const set = new TemplateSet({ ...files, 'recovery/fr-CA.subject.liquid': 'Désolés, vraiment', 'recovery/fr-CA.text.liquid': files['recovery/fr.text.liquid']!, 'recovery/fr-CA.html.liquid': files['recovery/fr.html.liquid']! });
    expect(renderEmail(input({ locale: 'fr-CA' }), ctx, set).subject).toBe('Désolés, vraiment');
    expect(renderEmail(input({ locale: 'fr-CA' }), ctx, set).html).toContain('lang="fr-CA"');
    expect(renderEmail(input({ locale: 'fr-BE' }), ctx, set).subject).toBe(subjectOf('recovery', 'fr'));
  });

  it('writes only in enabled languages', () => {
    const onlyEnglish = { brand, email: EmailSettings.parse({ languages: ['en'] }) };
    expect(render({ locale: 'fr' }, onlyEnglish).locale).toBe('en');
  });

  it('chooses the language: the customer locale, then the language of their words (given, then detected), then the source, then the default', () => {
    const pick = (o: Partial<EmailInput>, context = ctx) => renderEmail({ ...input({ locale: undefined }), ...o }, context).locale;
    expect(pick({ locales: ['de', 'fr'] })).toBe('de');
    expect(pick({ locales: [undefined, 'fr', 'pt'] })).toBe('fr');
    // A locale we have no copy for does not win over the language the customer wrote in.
    expect(pick({ locales: ['ja', 'pt'] })).toBe('pt');
    expect(pick({ locales: ['und'] })).toBe('en');
    const bySource = { brand, email: EmailSettings.parse({ sourceLocales: { typeform: 'es' } }) };
    expect(pick({ source: 'typeform' }, bySource)).toBe('es');
    expect(pick({ source: 'zendesk' }, bySource)).toBe('en');
  });
});

describe('a French, German or Portuguese comment without a customer locale', () => {
  const record = (text: string, language: string | undefined, detected: string): FeedbackRecord =>
    ({
      pk: 'generic#1',
      id: '00000000-0000-4000-8000-000000000000',
      source: 'generic',
      sourceEventId: '1',
      receivedAt: '2026-11-29T10:00:00Z',
      occurredAt: '2026-11-29T10:00:00Z',
      day: '2026-11-29',
      customer: { email: 'ana@example.com', emailVerified: true },
      channel: 'survey',
      metric: { type: 'nps', score: 2 },
      text,
      ...(language ? { language } : {}),
      sentiment: { label: 'NEGATIVE', scores: { positive: 0, negative: 0.9, neutral: 0.1, mixed: 0 }, language: detected },
      decision: { action: 'recovery', rule: 'recovery.nps', reason: 'NPS 2', inputs: { metric: { type: 'nps', score: 2 } } },
      expiresAt: 0,
    }) as FeedbackRecord;

  it.each([
    ['fr', 'Le colis est arrivé cassé.', subjectOf('recovery', 'fr')],
    ['de', 'Das Paket kam beschädigt an.', subjectOf('recovery', 'de')],
    ['pt', 'A encomenda chegou quebrada.', subjectOf('recovery', 'pt')],
  ])('gets an email in its language (%s), detected or given', (language, text, subject) => {
    const detected = outreachFor(record(text, undefined, language))!;
    expect(renderOutreachEmail(detected, UNSUBSCRIBE, ctx).subject).toBe(subject);
    const given = outreachFor(record(text, language, 'en'))!;
    expect(renderOutreachEmail(given, UNSUBSCRIBE, ctx).subject).toBe(subject);
  });
});

describe('brand strings per locale', () => {
  it('signs the Spanish email in Spanish, and falls back fr-CA → fr → default locale → brand', () => {
    expect(render({ locale: 'es' }).text).toContain('— Sam, Experiencia del Cliente en Acme');
    expect(render({ locale: 'es' }).text).not.toContain('The Acme team');
    // No fr entry: fr takes the default locale's (en) entry.
    expect(render({ locale: 'fr' }).text).toContain('The Acme team (en)');
    const noLocales = { brand: { ...brand, locales: {} }, email };
    expect(render({ locale: 'de' }, noLocales).text).toContain('The Acme team');
    const set = new TemplateSet({ ...files, 'recovery/fr-CA.subject.liquid': 'x', 'recovery/fr-CA.text.liquid': files['recovery/fr.text.liquid']!, 'recovery/fr-CA.html.liquid': files['recovery/fr.html.liquid']! });
    expect(renderEmail(input({ locale: 'fr-CA' }), ctx, set).text).toContain('L’équipe Acme (Québec)');
  });
});

describe('promise only what happens', () => {
  it.each(LOCALES)('%s: a recovery promises a personal follow-up only when a person is assigned', (locale) => {
    const nobody = render({ locale });
    const alerted = render({ locale, escalated: true });
    const owned = render({ locale, escalated: true, owner: { name: 'Jordan' } });
    for (const out of [nobody, alerted]) {
      expect(out.text).not.toContain(PERSONAL_PROMISE[locale]);
      expect(out.html).not.toContain(PERSONAL_PROMISE[locale]);
      // The brand's contact name is no promise either.
      expect(out.text.split('\n').filter((l) => l.includes('Sam') && !l.startsWith('—'))).toEqual([]);
    }
    expect(alerted.text).not.toBe(nobody.text);
    expect(owned.text).toContain(PERSONAL_PROMISE[locale]);
    expect(owned.text).toContain('Jordan');
  });

  it('without anyone assigned, says what is true: a reply reaches the team', () => {
    expect(render().text).toContain('simply reply to this email: your reply goes straight to our customer experience team.');
    expect(render({ escalated: true }).text).toContain('We have passed your feedback on to our customer experience team.');
  });

  it('the outreach message carries whether the team was alerted and who owns the follow-up', () => {
    const base = { pk: 'generic#2', source: 'generic', receivedAt: '2026-11-29T10:00:00Z', customer: { email: 'a@example.com' }, channel: 'survey' };
    const escalated = outreachFor({ ...base, decision: { action: 'recovery', escalation: { rule: 'escalation.nps', reason: 'NPS 0' } } } as unknown as FeedbackRecord)!;
    expect(escalated).toMatchObject({ escalated: true });
    expect(escalated.owner).toBeUndefined();
    const owned = outreachFor({ ...base, decision: { action: 'recovery' } } as unknown as FeedbackRecord, { owner: { name: 'Jordan' } })!;
    expect(owned.owner).toEqual({ name: 'Jordan' });
    expect(owned.escalated).toBeUndefined();
  });
});

describe('gratitude without review gating', () => {
  it('asks a promoter for what is allowed: a reply, a testimonial, a referral — and by default no public review', () => {
    const { text, html } = render({ kind: 'gratitude' });
    expect(text).toContain('Simply reply to this email');
    expect(text).toContain('testimonial');
    expect(text).toContain('https://acme.example/refer');
    expect(text).not.toContain('reviews.example');
    expect(html).not.toContain('reviews.example');
  });

  it('under reviewInvites "all", every email carries the same invitation, whatever the score', () => {
    const all = { brand, email: EmailSettings.parse({ reviewInvites: 'all' }) };
    for (const locale of LOCALES) {
      const gratitude = render({ kind: 'gratitude', locale }, all).text;
      const recovery = render({ kind: 'recovery', locale }, all).text;
      const invitation = (t: string) => t.split('\n').find((l) => l.includes('https://reviews.example/acme'));
      expect(invitation(gratitude)).toBeDefined();
      expect(invitation(recovery)).toBe(invitation(gratitude));
    }
  });

  const config = (email: Record<string, unknown>, reviewUrl: string | null = 'https://reviews.example/acme') =>
    parseSettings({ brand: { companyName: 'Acme', signature: 's', ...(reviewUrl ? { reviewUrl } : {}) }, sender: { fromName: 'A', fromAddress: 'cx@example.com' }, sources: ['generic'], retentionDays: 30, email });

  it('the settings validator refuses review links for promoters only, naming the policy', () => {
    expect(() => config({ reviewInvites: 'promoters' })).toThrow(/email\.reviewInvites: .*review gating.*Google's review policy/s);
    // A reviewUrl without a choice is what earlier versions sent to promoters only.
    expect(() => config({})).toThrow(/email\.reviewInvites: brand\.reviewUrl is set .*review gating/s);
    expect(() => config({ reviewInvites: 'all' }, null)).toThrow(/needs brand\.reviewUrl/);
    expect(config({ reviewInvites: 'all' }).email.reviewInvites).toBe('all');
    expect(config({ reviewInvites: 'off' }).email.reviewInvites).toBe('off');
    expect(config({}, null).email.reviewInvites).toBeUndefined();
  });
});

describe('addresses the respondent typed', () => {
  it('quote nothing and use no name, unless configured', () => {
    const typed = render({ emailVerified: false, customerName: 'Ana', quote: 'Call me at 555' });
    expect(typed.text.startsWith('Hi,')).toBe(true);
    expect(typed.text).not.toContain('Ana');
    expect(typed.text).not.toContain('Call me');
    expect(typed.html).not.toContain('<blockquote');
    const verified = render({ emailVerified: true, customerName: 'Ana', quote: 'Call me at 555' });
    expect(verified.text.startsWith('Hi Ana,')).toBe(true);
    expect(verified.text).toContain('> Call me at 555');
    const optedIn = { brand, email: EmailSettings.parse({ unverifiedAddresses: { name: true, quote: true } }) };
    const typedOptedIn = render({ emailVerified: undefined, customerName: 'Ana', quote: 'Call me at 555' }, optedIn);
    expect(typedOptedIn.text.startsWith('Hi Ana,')).toBe(true);
    expect(typedOptedIn.text).toContain('> Call me at 555');
  });
});

describe('hostile input', () => {
  it('escapes markup in the quote and the name: no script, no attribute break-out', () => {
    const { html, text } = render({ customerName: '<img src=x onerror=alert(1)>', quote: '<script>alert("x")</script> "quoted" & \'single\'' });
    expect(html).not.toMatch(/<script|<img src=x/i);
    expect(html).toContain('&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &#34;quoted&#34; &amp; &#39;single&#39;');
    expect(html).toContain('Hi &lt;img src=x onerror=alert(1)&gt;,');
    // Plain text is not HTML: it carries the words as written.
    expect(text).toContain('<script>alert("x")</script>');
  });

  it.each([
    ['CR LF', '\r\n'],
    ['LF', '\n'],
    ['NUL', '\0'],
    ['NEXT LINE (U+0085)', '\u0085'],
    ['a C1 control (U+009B)', '\u009b'],
    ['LINE SEPARATOR (U+2028)', '\u2028'],
    ['PARAGRAPH SEPARATOR (U+2029)', '\u2029'],
    ['vertical tab', '\u000b'],
    ['form feed', '\u000c'],
    ['RIGHT-TO-LEFT OVERRIDE', '\u202e'],
    ['RIGHT-TO-LEFT ISOLATE', '\u2067'],
    ['ARABIC LETTER MARK', '\u061c'],
  ])('a name with %s stays on one line in the text part, the HTML and any header', (_, breaker) => {
    const name = `Ana${breaker}Bcc: victim@example.com`;
    const { subject, text, html } = render({ customerName: name, owner: { name: `Jo${breaker}rdan` } });
    const first = text.split('\n')[0]!;
    expect(first).toMatch(/^Hi Ana ?Bcc: victim@example\.com,$/);
    expect(text).toMatch(/\nJo ?rdan from our team/);
    for (const out of [text, html, subject]) expect(out).not.toMatch(/[\p{Cc}\p{Zl}\p{Zp}\u202a-\u202e\u2066-\u2069\u061c](?<![\n\t])/u);
    expect(headerSafe(name)).toMatch(/^Ana ?Bcc: victim@example\.com$/);
    expect(oneLine(name)).not.toMatch(/[\p{Cc}\p{Zl}\p{Zp}]/u);
  });

  it('a quote keeps its own lines, each quoted, with every kind of line break', () => {
    const { text } = render({ quote: 'one\r\ntwo\u2028three\u0085four\u2029five\u0007' });
    expect(text).toContain('> one\n> two\n> three\n> four\n> five\n');
  });

  it('caps a 10 KB comment at a 500-character quote, marked as cut', () => {
    const { html, text } = render({ quote: 'a'.repeat(10_240) });
    const quoted = /> (a+…)/.exec(text)?.[1];
    expect(Array.from(quoted ?? '')).toHaveLength(500);
    expect(html.length).toBeLessThan(5_000);
    expect(text.length).toBeLessThan(2_500);
  });

  it('never cuts an emoji in half', () => {
    const { text } = render({ quote: '😀'.repeat(600), customerName: '👩🏽‍💻 Ana' });
    const quoted = /> ([^\n]+)/.exec(text)![1]!;
    expect(quoted).toMatch(/^(😀)+…$/u);
    expect(Buffer.from(quoted, 'utf8').toString('utf8')).toBe(quoted);
    expect(text).toContain('Hi 👩🏽‍💻 Ana,');
  });

  it('keeps right-to-left words isolated in the quote, and removes bidi overrides from the name', () => {
    const { html, text } = render({ quote: 'الطلب لم يصل', customerName: 'Ana\u202Eevil' });
    expect(html).toContain('<blockquote dir="auto"');
    expect(html).toContain('الطلب لم يصل');
    expect(text).toContain('Hi Anaevil,');
    expect(text).not.toContain('\u202E');
  });

  it('raw output is impossible for customer values, even in a template that asks for it', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const html = [
      '<p>{{ customer.name | raw }}</p>',
      '{% assign q = quote %}<p>{{ q | raw }}</p>',
      '<p>{{ quote | upcase | raw }}</p>',
      '{% capture c %}{{ customer.name }}{% endcapture %}<p>{{ c | raw }}</p>',
      '<p>{% echo quote | raw %}</p>',
      '<p>{{ brand.signature | raw }}</p>',
      '<a href="{{ links.unsubscribe }}">u</a>',
    ].join('\n');
    const set = new TemplateSet({ ...files, 'recovery/en.html.liquid': html });
    const out = renderEmail(input({ customerName: hostile, quote: hostile }), { brand: { ...brand, locales: {}, signature: 'Sam<br>Acme' }, email }, set).html;
    expect(out).not.toContain('<img');
    expect(out.match(/&lt;img src=x onerror=alert\(1\)&gt;/gi)).toHaveLength(4);
    // Captured output was escaped when captured; raw cannot undo it (it is escaped once more).
    expect(out).toContain('&amp;lt;img src=x');
    // The operator's own strings may be printed raw.
    expect(out).toContain('<p>Sam<br>Acme</p>');
  });

  it('strips CR/LF from the rendered subject even when a template puts the name there', () => {
    const set = new TemplateSet({ ...files, 'recovery/en.subject.liquid': 'Sorry {{ customer.name }}' });
    expect(renderEmail(input({ customerName: 'Ana\u2028Bcc: x@example.com' }), ctx, set).subject).toBe('Sorry Ana Bcc: x@example.com');
  });
});

describe('brand settings', () => {
  it('refuse a company name or a per-locale signature owner that would inject a header', () => {
    expect(Brand.safeParse({ companyName: 'Acme\r\nBcc: x@example.com', signature: 's' }).success).toBe(false);
    expect(Brand.safeParse({ companyName: 'Acme\u2028Bcc: x@example.com', signature: 's' }).success).toBe(false);
    expect(Brand.safeParse({ companyName: 'Acme', signature: 's', locales: { es: { contactName: 'Sam\u0085x' } } }).success).toBe(false);
  });

  it('refuse a non-http logo or review URL', () => {
    expect(Brand.safeParse({ companyName: 'Acme', signature: 's', reviewUrl: 'javascript:alert(1)' }).success).toBe(false);
  });

  it('the bundled templates are the ones in templates/', () => {
    expect(bundledTemplates().files).toEqual(files);
  });
});
