/** Customer text is untrusted: it is escaped for HTML bodies and flattened for headers. */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/** Anything that can reach a mail header: no CR/LF/NUL (header injection), bounded length. */
export function headerSafe(text: string, maxLength = 200): string {
  return truncate(text.replace(/[\r\n\0]+/g, ' ').trim(), maxLength);
}

/**
 * A customer's name placed inside our own sentences: one line, and no bidi overrides, which could
 * otherwise reverse the rest of the line ("Hi <RLO>…" spoofing). Their quoted words keep their
 * direction, isolated by `dir="auto"` in HTML.
 */
export function inlineSafe(text: string, maxLength: number): string {
  return headerSafe(text.replace(/[\u202a-\u202e\u2066-\u2069]/g, ''), maxLength);
}

/** Cuts at a code point boundary (never inside a surrogate pair) and marks the cut. */
export function truncate(text: string, maxLength: number): string {
  const chars = Array.from(text);
  return chars.length <= maxLength ? text : `${chars.slice(0, maxLength - 1).join('')}…`;
}
