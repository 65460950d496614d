/** The plain pages `/unsubscribe` answers with: no scripts, no tracking, nothing from the request echoed. */
import { escapeHtml } from './escape';

export type UnsubscribeOutcome = 'unsubscribed' | 'invalid-link';

export function unsubscribePage(outcome: UnsubscribeOutcome, companyName: string): string {
  const company = escapeHtml(companyName);
  const [title, message] =
    outcome === 'unsubscribed'
      ? ['You are unsubscribed', `${company} will not email you about your feedback again. You do not need to do anything else.`]
      : ['This link does not work', `The unsubscribe link is invalid or has expired. Reply to any email from ${company} and we will remove you by hand.`];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><meta name="robots" content="noindex"><title>${title}</title></head>
<body style="font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#1f2937;max-width:560px;margin:48px auto;padding:0 24px">
<h1 style="font-size:1.4em">${title}</h1>
<p>${message}</p>
</body></html>`;
}
