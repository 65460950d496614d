/**
 * The shell of the small public pages a customer reaches from an email link (unsubscribe, re-survey):
 * plain HTML, no scripts, not indexed. `title` and `body` arrive already escaped by the page that
 * builds them; nothing here touches request data.
 */
export function plainPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><meta name="robots" content="noindex"><title>${title}</title></head>
<body style="font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#1f2937;max-width:560px;margin:48px auto;padding:0 24px">
<h1 style="font-size:1.4em">${title}</h1>
${body}
</body></html>`;
}
