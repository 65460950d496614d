/**
 * Email templates in Liquid (liquidjs), as a CX team edits them in templates/<kind>/<locale>.<part>.liquid.
 * Pure: works on a map of file → source, so the Lambdas render the copy bundled at build time
 * (generated/templates.js) and the CLI and the local preview page render what is on disk now.
 *
 * Customer-provided values cannot reach the HTML unescaped: every `{{ }}` and `echo` output is
 * escaped (liquidjs `outputEscape`), and the `raw` filter, which would skip that, passes only strings
 * the operator wrote (brand, links, offer); anything else it escapes anyway. The validator refuses
 * templates that try, with the file and line.
 */
import { Context, Liquid, type Template } from 'liquidjs';
import { escapeHtml, headerSafe } from './escape';
import { normalizeLocale } from './locale';

export const KINDS = ['gratitude', 'recovery', 'pulse'] as const;
export type EmailKind = (typeof KINDS)[number];
export const PARTS = ['subject', 'text', 'html'] as const;
export type Part = (typeof PARTS)[number];

/** Template sources by path relative to templates/, e.g. "recovery/fr.html.liquid". */
export type TemplateFiles = Readonly<Record<string, string>>;

export const TEMPLATES_DIR = 'templates';

/**
 * Every variable a template may use (docs/templates.md shows the same list). Customer-provided ones
 * are marked: escaped in HTML, one line where noted, absent when unknown.
 */
export const TEMPLATE_VARIABLES = {
  kind: '"gratitude", "recovery" or "pulse" (the re-survey)',
  locale: 'the locale of this template, e.g. "fr" or "pt-BR" (for <html lang>)',
  channel: 'where the customer wrote: survey, support_ticket, chat, email, sms, review or social',
  'customer.name': 'customer-provided, one line, ≤ 60 characters; absent when unknown or when the address is unverified (unless email.unverifiedAddresses.name)',
  quote: 'customer-provided: their words, ≤ 500 characters, line breaks kept; absent when there was no text or the address is unverified (unless email.unverifiedAddresses.quote)',
  'brand.company_name': 'brand.companyName, per locale',
  'brand.signature': 'brand.signature, per locale (may span lines)',
  'brand.contact_name': 'brand.contactName, per locale; absent when not configured',
  'brand.logo_url': 'brand.logoUrl; absent when not configured',
  'links.unsubscribe': 'the one-click unsubscribe link for this recipient — required in the text and HTML parts',
  'links.booking': 'brand.bookingUrl (recovery emails); absent when not configured',
  'links.referral': 'brand.referralUrl (gratitude emails); absent when not configured',
  'links.review': 'brand.reviewUrl, only under email.reviewInvites "all" — then in every email, whatever the score',
  'links.scores': 'the re-survey (pulse) email only: one entry per score of the original metric\'s scale, lowest first, each `score` (a number) and `url` (a signed, expiring link to the one-click answer page); empty in other emails — loop with {% for s in links.scores %}',
  'offer.code': 'brand.offer.code when the offer applies to this kind of email; absent otherwise',
  'owner.name': 'the person assigned to follow up (a case owner), one line; absent when nobody is assigned — promise a personal follow-up only inside {% if owner %}',
  escalated: 'true when the team was alerted about this feedback (an escalation); it does not mean a person is assigned',
} as const;

/** Roots whose strings the operator wrote: the only ones `raw` may print as they are. */
const TRUSTED_ROOTS = new Set(['brand', 'links', 'offer']);
const KNOWN_PATHS = new Set(Object.keys(TEMPLATE_VARIABLES));
/** Lists whose entries a template may reach into (`links.scores.first.score`). */
const LIST_PATHS = ['links.scores'];
const isKnownPath = (path: string) => KNOWN_PATHS.has(path) || [...KNOWN_PATHS].some((p) => p.startsWith(`${path}.`)) || LIST_PATHS.some((p) => path.startsWith(`${p}.`));

export interface TemplateVariables {
  kind: EmailKind;
  locale: string;
  channel: string;
  customer: { name?: string };
  quote?: string;
  brand: { company_name: string; signature: string; contact_name?: string; logo_url?: string };
  links: { unsubscribe: string; booking?: string; referral?: string; review?: string; scores?: Array<{ score: number; url: string }> };
  offer?: { code: string };
  owner?: { name: string };
  escalated: boolean;
}

export interface RenderedParts {
  subject: string;
  text: string;
  html: string;
}

export interface TemplateProblem {
  file: string;
  line?: number;
  message: string;
}

export const formatProblem = (p: TemplateProblem) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`;

export class TemplateError extends Error {
  constructor(readonly problems: TemplateProblem[]) {
    super(`Invalid email templates:\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`);
    this.name = 'TemplateError';
  }
}

const TRUSTED_REGISTER = 'cx-loop:trusted';

/** ">"-prefixed lines, for quoting the customer's words in the text part. */
const quoteLines = (value: unknown) =>
  String(value ?? '')
    .split('\n')
    .map((line) => `> ${line}`.trimEnd())
    .join('\n');

function engine(html: boolean): Liquid {
  const liquid = new Liquid({ strictFilters: true, ownPropertyOnly: true, ...(html ? { outputEscape: 'escape' as const } : {}) });
  liquid.registerFilter('quote_lines', quoteLines);
  // Each template is one self-contained file: nothing may pull in another file from disk at render time.
  for (const tag of ['include', 'render', 'layout']) {
    liquid.registerTag(tag, {
      parse() {
        throw new Error(`{% ${tag} %} is not supported: each template is one self-contained file`);
      },
      render: () => '',
    });
  }
  liquid.registerFilter('raw', {
    raw: true,
    handler(this: { context: Context }, value: unknown) {
      const text = String(value ?? '');
      if (!html) return text;
      const trusted = this.context.getRegister(TRUSTED_REGISTER) as Set<string> | undefined;
      return trusted?.has(text) ? text : escapeHtml(text);
    },
  });
  return liquid;
}

const FILE_NAME = /^(?<kind>[a-z]+)\/(?<locale>[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\.(?<part>[a-z]+)\.liquid$/;

interface Entry {
  kind: EmailKind;
  /** As written in the file name ("pt-BR"), for `locale` and <html lang>. */
  locale: string;
  parts: Partial<Record<Part, string>>;
}

/** The parsed set: templates by kind and normalized locale. Parsing is lazy and cached. */
export class TemplateSet {
  readonly #entries = new Map<string, Entry>();
  readonly #parsed = new Map<string, Template[]>();
  readonly #html = engine(true);
  readonly #text = engine(false);

  constructor(readonly files: TemplateFiles) {
    for (const [file, source] of Object.entries(files)) {
      const m = FILE_NAME.exec(file)?.groups;
      if (!m || !(KINDS as readonly string[]).includes(m.kind!) || !(PARTS as readonly string[]).includes(m.part!)) continue;
      const key = entryKey(m.kind as EmailKind, m.locale!);
      const entry = this.#entries.get(key) ?? { kind: m.kind as EmailKind, locale: m.locale!, parts: {} };
      entry.parts[m.part as Part] = source;
      this.#entries.set(key, entry);
    }
  }

  /** True when all three parts exist for this kind and (normalized) locale. */
  has(kind: EmailKind, locale: string): boolean {
    const entry = this.#entries.get(entryKey(kind, locale));
    return Boolean(entry && PARTS.every((p) => entry.parts[p] !== undefined));
  }

  /** Locales (as written in file names) with any part, per kind. */
  locales(kind: EmailKind): string[] {
    return [...this.#entries.values()].filter((e) => e.kind === kind).map((e) => e.locale).sort();
  }

  entry(kind: EmailKind, locale: string): Entry | undefined {
    return this.#entries.get(entryKey(kind, locale));
  }

  parse(kind: EmailKind, locale: string, part: Part): Template[] {
    const entry = this.#entries.get(entryKey(kind, locale));
    const source = entry?.parts[part];
    if (!entry || source === undefined) throw new Error(`no ${part} template for ${kind} in ${locale}`);
    const file = fileOf(kind, entry.locale, part);
    let parsed = this.#parsed.get(file);
    if (!parsed) this.#parsed.set(file, (parsed = this.engineFor(part).parse(source, `${TEMPLATES_DIR}/${file}`)));
    return parsed;
  }

  engineFor(part: Part): Liquid {
    return part === 'html' ? this.#html : this.#text;
  }

  render(kind: EmailKind, locale: string, vars: Omit<TemplateVariables, 'locale' | 'kind'>): RenderedParts {
    const entry = this.#entries.get(entryKey(kind, locale));
    if (!entry) throw new Error(`no templates for ${kind} in ${locale}`);
    const scope: TemplateVariables = { ...vars, kind, locale: entry.locale };
    const trusted = trustedStrings(scope);
    const renderPart = (part: Part) => {
      const liquid = this.engineFor(part);
      const ctx = new Context(scope as unknown as object, liquid.options);
      ctx.setRegister(TRUSTED_REGISTER, trusted);
      return String(liquid.renderSync(this.parse(kind, locale, part), ctx));
    };
    return { subject: headerSafe(renderPart('subject')), text: tidyText(renderPart('text')), html: tidyHtml(renderPart('html')) };
  }
}

const entryKey = (kind: string, locale: string) => `${kind}/${normalizeLocale(locale)}`;
export const fileOf = (kind: EmailKind, locale: string, part: Part) => `${kind}/${locale}.${part}.liquid`;

function trustedStrings(vars: TemplateVariables): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.add(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(vars.brand);
  walk(vars.links);
  walk(vars.offer);
  return out;
}

/** Conditional blocks leave blank lines behind: at most one blank line in a row, no trailing spaces. */
const tidyText = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
const tidyHtml = (html: string) => html.replace(/\n\s*\n+/g, '\n').trim();

// ---------------------------------------------------------------- validation

export const SAMPLE_UNSUBSCRIBE = 'https://cx-loop.invalid/unsubscribe?token=sample';
/** The re-survey's answer links, as notify builds them (an NPS scale). */
export const SAMPLE_SCORES = Array.from({ length: 11 }, (_, score) => ({ score, url: `https://cx-loop.invalid/pulse?token=sample-${score}` }));

/** Every optional variable set, and none set: a template must render in both. */
export function sampleVariables(kind: EmailKind, full: boolean): Omit<TemplateVariables, 'locale' | 'kind'> {
  const base = {
    channel: 'survey',
    customer: {},
    brand: { company_name: 'Acme', signature: '— Sam, Acme' },
    links: { unsubscribe: SAMPLE_UNSUBSCRIBE, ...(kind === 'pulse' ? { scores: SAMPLE_SCORES } : {}) },
    escalated: false,
  };
  if (!full) return base;
  return {
    ...base,
    customer: { name: 'Ana' },
    quote: 'The parcel arrived late.\nTwice.',
    brand: { ...base.brand, contact_name: 'Sam', logo_url: 'https://cx-loop.invalid/logo.png' },
    links: { ...base.links, booking: 'https://cx-loop.invalid/book', referral: 'https://cx-loop.invalid/refer', review: 'https://cx-loop.invalid/review' },
    offer: { code: kind === 'recovery' ? 'SORRY15' : 'THANKS10' },
    owner: { name: 'Jordan' },
    escalated: true,
  };
}

export interface ValidationOptions {
  /** Languages that must have every part of every kind (email.languages). */
  languages: readonly string[];
}

/**
 * Everything wrong with a template set, each with its file and (when it has one) line: unknown files,
 * Liquid syntax (unbalanced tags, unknown filters), unknown variables, `raw` on anything but operator
 * strings, missing parts or locales for an enabled language, a missing unsubscribe link, and a
 * public review link offered to promoters only.
 */
export function validateTemplates(files: TemplateFiles, options: ValidationOptions): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const set = new TemplateSet(files);
  for (const file of Object.keys(files)) {
    const m = FILE_NAME.exec(file)?.groups;
    if (!m || !(KINDS as readonly string[]).includes(m.kind!) || !(PARTS as readonly string[]).includes(m.part!)) {
      problems.push({ file: `${TEMPLATES_DIR}/${file}`, message: `unexpected file: templates are ${TEMPLATES_DIR}/<${KINDS.join('|')}>/<locale>.<${PARTS.join('|')}>.liquid` });
    }
  }

  for (const kind of KINDS) {
    for (const language of options.languages) {
      for (const part of PARTS) {
        if (set.entry(kind, language)?.parts[part] === undefined) {
          problems.push({ file: `${TEMPLATES_DIR}/${fileOf(kind, language, part)}`, message: `missing: email.languages enables "${language}"` });
        }
      }
    }
    for (const locale of set.locales(kind)) {
      const entry = set.entry(kind, locale)!;
      let parsedAll = true;
      for (const part of PARTS) {
        const file = `${TEMPLATES_DIR}/${fileOf(kind, locale, part)}`;
        if (entry.parts[part] === undefined) {
          if (!options.languages.some((l) => normalizeLocale(l) === normalizeLocale(locale))) problems.push({ file, message: `missing: the ${locale} ${kind} email has other parts but no ${part}` });
          parsedAll = false;
          continue;
        }
        const found = checkPart(set, kind, locale, part, file);
        problems.push(...found);
        if (found.length) parsedAll = false;
      }
      if (parsedAll) problems.push(...checkRenders(set, kind, locale));
    }
  }
  problems.push(...checkReviewGating(set));
  return problems;
}

function checkPart(set: TemplateSet, kind: EmailKind, locale: string, part: Part, file: string): TemplateProblem[] {
  let templates: Template[];
  try {
    templates = set.parse(kind, locale, part);
  } catch (err) {
    return [liquidProblem(err, file)];
  }
  const problems: TemplateProblem[] = [];
  const liquid = set.engineFor(part);
  const analysis = liquid.analyzeSync(templates, { partials: false });
  for (const variables of Object.values(analysis.globals)) {
    for (const v of variables) {
      const path = pathOf(v.toArray());
      if (!isKnownPath(path)) problems.push({ file, line: v.location.row, message: `unknown variable "${path}" (known: ${[...KNOWN_PATHS].join(', ')})` });
    }
  }
  for (const [name, locals] of Object.entries(analysis.locals)) {
    if (TRUSTED_ROOTS.has(name) || KNOWN_PATHS.has(name) || name === 'customer' || name === 'owner') {
      problems.push({ file, line: locals[0]?.location.row, message: `"${name}" is a template variable and cannot be assigned` });
    }
  }
  if (part === 'html') problems.push(...checkRaw(liquid, set.entry(kind, locale)!.parts.html!, file));
  return problems;
}

/** `raw` may print only operator-written values (brand, links, offer), never a customer's. */
function checkRaw(liquid: Liquid, source: string, file: string): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const outputs = /\{\{-?([\s\S]*?)-?\}\}|\{%-?\s*echo\b([\s\S]*?)-?%\}/g;
  for (const m of source.matchAll(outputs)) {
    const expression = m[1] ?? m[2] ?? '';
    if (!/\|\s*raw\b/.test(expression)) continue;
    const line = source.slice(0, m.index).split('\n').length;
    let roots: string[];
    try {
      roots = liquid.variablesSync(liquid.parse(`{{${expression}}}`));
    } catch {
      continue; // the syntax error is reported by the parse of the whole file
    }
    const untrusted = roots.filter((r) => !TRUSTED_ROOTS.has(r));
    if (untrusted.length) {
      problems.push({ file, line, message: `raw output of ${untrusted.map((r) => `"${r}"`).join(', ')} is not allowed: only brand, links and offer may be printed raw; customer-provided values are always escaped` });
    }
  }
  return problems;
}

function checkRenders(set: TemplateSet, kind: EmailKind, locale: string): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const full of [false, true]) {
    let out: RenderedParts;
    try {
      out = set.render(kind, locale, sampleVariables(kind, full));
    } catch (err) {
      return [liquidProblem(err, `${TEMPLATES_DIR}/${kind}/${locale}`)];
    }
    const where = full ? 'with every variable set' : 'with only the required variables';
    if (!out.subject) problems.push({ file: `${TEMPLATES_DIR}/${fileOf(kind, locale, 'subject')}`, line: 1, message: `renders an empty subject ${where}` });
    for (const part of ['text', 'html'] as const) {
      if (!out[part].includes(part === 'html' ? escapeHtml(SAMPLE_UNSUBSCRIBE) : SAMPLE_UNSUBSCRIBE)) {
        problems.push({ file: `${TEMPLATES_DIR}/${fileOf(kind, locale, part)}`, line: 1, message: `no unsubscribe link ${where}: every email must show {{ links.unsubscribe }}` });
      }
      // A re-survey without every answer link would bias its answers: each score of the scale must be clickable.
      if (kind === 'pulse' && SAMPLE_SCORES.some((s) => !out[part].includes(part === 'html' ? escapeHtml(s.url) : s.url))) {
        problems.push({ file: `${TEMPLATES_DIR}/${fileOf(kind, locale, part)}`, line: 1, message: `not every answer link ${where}: the re-survey must show the url of each entry of links.scores` });
      }
    }
    if (problems.length) break;
  }
  return problems;
}

/** A locale whose gratitude invites a public review while its recovery does not gates reviews by score. */
function checkReviewGating(set: TemplateSet): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const locale of set.locales('gratitude')) {
    const uses = (kind: EmailKind) =>
      (['text', 'html'] as const).flatMap((part) => {
        const source = set.entry(kind, locale)?.parts[part] ?? '';
        const at = source.search(/links\s*\.\s*review\b/);
        return at < 0 ? [] : [{ part, line: source.slice(0, at).split('\n').length }];
      });
    const gratitude = uses('gratitude');
    if (gratitude.length && !uses('recovery').length && set.entry('recovery', locale)) {
      const first = gratitude[0]!;
      problems.push({
        file: `${TEMPLATES_DIR}/${fileOf('gratitude', locale, first.part)}`,
        line: first.line,
        message: `links.review appears in the gratitude email but not in the recovery email: public review invitations would go to promoters only (review gating, which Google's review policy and Trustpilot's guidelines forbid). Invite everyone or no one.`,
      });
    }
  }
  return problems;
}

const pathOf = (segments: ReadonlyArray<unknown>): string => segments.map((s) => (Array.isArray(s) ? `[${pathOf(s)}]` : String(s))).join('.');

function liquidProblem(err: unknown, file: string): TemplateProblem {
  const e = err as { message?: string; token?: { getPosition?: () => [number, number]; file?: string } };
  const position = e.token?.getPosition?.();
  // liquidjs appends ", file:…, line:…, col:…" to its messages; we show those as file:line instead.
  const message = String(e.message ?? err).replace(/, file:.*$/s, '').replace(/, line:\d+, col:\d+$/, '');
  return { file: e.token?.file ?? file, ...(position ? { line: position[0] } : {}), message };
}
