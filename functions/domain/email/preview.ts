/**
 * Previews of the email templates: one email from a stored feedback or sample values (for
 * `cx-loop templates preview`), and a page with every template × locale side by side (GET
 * /local/templates on the local API). Pure: the callers read the files and the feedback.
 */
import type { FeedbackRecord } from '../feedback-record';
import { outreachFor } from '../feedback-record';
import { escapeHtml } from './escape';
import { renderEmail, type EmailContext, type EmailInput, type RenderedEmail } from './render';
import { formatProblem, KINDS, SAMPLE_SCORES, TemplateSet, type EmailKind, type TemplateProblem } from './templates';

export const PREVIEW_UNSUBSCRIBE = 'https://cx-loop.invalid/unsubscribe?token=preview';

/** Sample values: a named customer with a vendor-verified address, a quote, nobody assigned. */
export function sampleInput(kind: EmailKind, locale: string | undefined, overrides: Partial<EmailInput> = {}): EmailInput {
  return {
    kind,
    ...(locale ? { locale } : {}),
    customerName: 'Ana Lima',
    emailVerified: true,
    channel: 'survey',
    ...(kind === 'pulse' ? { scores: SAMPLE_SCORES } : { quote: kind === 'recovery' ? 'My order arrived two weeks late and nobody answered my emails.' : 'Fast delivery and a lovely jacket. Thank you!' }),
    unsubscribeUrl: PREVIEW_UNSUBSCRIBE,
    ...overrides,
  };
}

/** The email a stored feedback would get as `kind`, in `locale` if given (else its own language chain). */
export function inputFromFeedback(record: FeedbackRecord, kind: EmailKind, locale: string | undefined): EmailInput {
  const email = record.customer.email ?? 'preview@cx-loop.invalid';
  const message = outreachFor({ ...record, customer: { ...record.customer, email }, outreach: true, decision: { ...record.decision, action: kind === 'pulse' ? 'recovery' : kind } })!;
  return {
    kind,
    ...(locale ? { locale } : {}),
    locales: [message.customer.locale, ...(message.languages ?? [])],
    source: message.source ?? record.source,
    ...(message.customer.name ? { customerName: message.customer.name } : {}),
    ...(message.customer.emailVerified ? { emailVerified: true } : {}),
    channel: message.channel,
    ...(message.quote && kind !== 'pulse' ? { quote: message.quote } : {}),
    ...(message.escalated ? { escalated: true } : {}),
    ...(kind === 'pulse' ? { scores: SAMPLE_SCORES } : {}),
    unsubscribeUrl: PREVIEW_UNSUBSCRIBE,
  };
}

export function renderPreview(input: EmailInput, context: EmailContext, set: TemplateSet): RenderedEmail {
  return renderEmail(input, context, set);
}

/** Every kind × locale found in the files, rendered with sample values, side by side; problems first. */
export function templatesPage(set: TemplateSet, context: EmailContext, problems: TemplateProblem[]): string {
  const cells = KINDS.flatMap((kind) =>
    set.locales(kind).map((locale) => {
      let body: string;
      try {
        const out = renderEmail(sampleInput(kind, locale), context, set);
        const exact = out.locale === locale.toLowerCase();
        body = `<p class="subject">${escapeHtml(out.subject)}</p>${exact ? '' : `<p class="warn">falls back to ${escapeHtml(out.locale)}</p>`}
<iframe sandbox="" title="${escapeHtml(`${kind} ${locale} HTML`)}" srcdoc="${escapeHtml(out.html)}"></iframe>
<pre>${escapeHtml(out.text)}</pre>`;
      } catch (err) {
        body = `<p class="warn">${escapeHtml((err as Error).message)}</p>`;
      }
      return `<section><h2>${escapeHtml(kind)} · ${escapeHtml(locale)}</h2>${body}</section>`;
    }),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><meta name="robots" content="noindex"><title>cx-loop · email templates</title>
<style>
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:24px;color:#1f2937}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:16px}
section{border:1px solid #e5e7eb;border-radius:8px;padding:12px}
h2{font-size:1em;margin:0 0 8px}.subject{font-weight:600}.warn{color:#b45309}
iframe{width:100%;height:420px;border:1px solid #e5e7eb}pre{white-space:pre-wrap;font-size:12px;background:#f9fafb;padding:8px}
.problems{background:#fef2f2;border:1px solid #fecaca;padding:8px 16px}
</style></head>
<body>
<h1>Email templates</h1>
<p>Every file in <code>templates/</code>, rendered with sample values (a named customer with a verified address, a quote, nobody assigned). Reload after editing a file; <code>cx-loop templates preview</code> renders one into the local inbox.</p>
${problems.length ? `<div class="problems"><p><strong>These problems stop <code>npm start</code> and <code>cdk synth</code>:</strong></p><ul>${problems.map((p) => `<li><code>${escapeHtml(formatProblem(p))}</code></li>`).join('')}</ul></div>` : ''}
<div class="grid">
${cells.join('\n')}
</div>
</body></html>`;
}
