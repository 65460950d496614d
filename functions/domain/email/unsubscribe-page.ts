/**
 * The plain pages `/unsubscribe` answers with: no scripts, no tracking. A GET of the link only asks
 * (mail security scanners and link previews follow links, and must not unsubscribe anyone); the
 * page's one button POSTs the same request RFC 8058 one-click does. The only thing taken from the
 * request is the token, already verified, and escaped.
 */
import { plainPage } from '../plain-page';
import { escapeHtml } from './escape';

export type UnsubscribeOutcome = 'confirm' | 'unsubscribed' | 'invalid-link';

export function unsubscribePage(outcome: UnsubscribeOutcome, companyName: string, token = ''): string {
  const company = escapeHtml(companyName);
  const pages: Record<UnsubscribeOutcome, [title: string, body: string]> = {
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
  };
  return plainPage(...pages[outcome]);
}
