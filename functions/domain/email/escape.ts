/** Customer text is untrusted: it is escaped for HTML bodies and flattened for headers and one-line values. */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/**
 * Everything that can end or reorder a line: control characters (C0, DEL and C1, which holds
 * U+0085 NEXT LINE), the Unicode line and paragraph separators (U+2028, U+2029), and the bidi
 * controls (marks, embeddings, overrides, isolates), which can reverse the rest of a line
 * ("Hi <RLO>…" spoofing). Mail clients and text renderers treat several of these as line breaks,
 * so a name like "Ana\u2028Bcc: …" would otherwise start a new line in the text part.
 */
const LINE_BREAKERS = /[\p{Cc}\p{Zl}\p{Zp}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+/gu;

/** One line of printable text: every line breaker, control and bidi control becomes one space. */
export function oneLine(text: string): string {
  return text.replace(LINE_BREAKERS, ' ').replace(/ {2,}/g, ' ').trim();
}

/** Anything that can reach a mail header (subject, display names): one line, bounded length. */
export function headerSafe(text: string, maxLength = 200): string {
  return truncate(oneLine(text), maxLength);
}

/**
 * A value placed inside our own sentences (a customer's name, an owner's name): one line with no
 * bidi overrides. Their quoted words keep their direction, isolated by `dir="auto"` in HTML.
 */
export function inlineSafe(text: string, maxLength: number): string {
  return headerSafe(text.replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ''), maxLength);
}

/**
 * Multi-line customer words (the quote): every kind of line break becomes "\n" (so the text part
 * can prefix each line), every other control character and bidi override is removed; tabs stay.
 */
export function multiLineSafe(text: string): string {
  return text
    .replace(/\r\n?|[\u0085\u2028\u2029\u000b\u000c]/g, '\n')
    .replace(/[^\P{Cc}\n\t]|[\u202a-\u202e\u2066-\u2069]/gu, '')
    .trim();
}

/** Cuts at a code point boundary (never inside a surrogate pair) and marks the cut. */
export function truncate(text: string, maxLength: number): string {
  const chars = Array.from(text);
  return chars.length <= maxLength ? text : `${chars.slice(0, maxLength - 1).join('')}…`;
}
