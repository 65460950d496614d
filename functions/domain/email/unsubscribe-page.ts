/**
 * The plain pages `/unsubscribe` answers with: no scripts, no tracking. A GET of the link only asks
 * (mail security scanners and link previews follow links, and must not unsubscribe anyone); the
 * page's one button POSTs the same request RFC 8058 one-click does. The only thing taken from the
 * request is the token, already verified, and escaped.
 */
import { escapeHtml } from './escape';

export type UnsubscribeOutcome = 'confirm' | 'unsubscribed' | 'invalid-link';

export function unsubscribePage(outcome: UnsubscribeOutcome, companyName: string, token = ''): string {
  const company = escapeHtml(companyName);
  const [title, body] = {
    confirm: [
      `Unsubscribe from ${company}?`,
      `<p>${company} will stop emailing you about your feedback.</p>
<form method="post" action="?token=${escapeHtml(encodeURIComponent(token))}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit" style="font:inherit;padding:8px 20px;border-radius:6px;border:1px solid #1f2937;background:#1f2937;color:#fff;cursor:pointer">Unsubscribe</button>
</form>`,
    ],
    unsubscribed: ['You are unsubscribed', `<p>${company} will not email you about your feedback again. You do not need to do anything else.</p>`],
    'invalid-link': ['This link does not work', `<p>The unsubscribe link is invalid or has expired. Reply to any email from ${company} and we will remove you by hand.</p>`],
  }[outcome];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><meta name="robots" content="noindex"><title>${title}</title></head>
<body style="font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#1f2937;max-width:560px;margin:48px auto;padding:0 24px">
<h1 style="font-size:1.4em">${title}</h1>
${body}
</body></html>`;
}
