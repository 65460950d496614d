/**
 * JSON written by a vendor's template engine rather than a JSON encoder. Zendesk renders trigger
 * bodies with Liquid and pastes placeholder values in as they are: a comment with a quote, a
 * backslash or a line break inside `"{{satisfaction.current_comment}}"` makes the body invalid JSON.
 * Refusing it would lose the rating, so a body that does not parse is repaired once:
 * - raw control characters inside strings (line breaks, tabs) are escaped;
 * - a backslash that starts no valid JSON escape is taken literally;
 * - a `"` inside a string is taken as text unless what follows can only be JSON structure (`,"key":`,
 *   `:`, or a closing `}`/`]` that ends a value) — so a comment containing `", "x":` is the one
 *   shape this cannot tell apart, and that still answers 400.
 * Valid JSON is parsed as is; the repair never runs on it.
 */
import { badRequest } from '../../problem';
import { parseJsonBody } from '../../validate';
import { bodyText } from './body';

export function parseTemplatedJson(raw: Buffer): unknown {
  try {
    return parseJsonBody(raw);
  } catch (err) {
    const repaired = repair(bodyText(raw));
    if (repaired === undefined) throw err;
    try {
      return parseJsonBody(Buffer.from(repaired, 'utf8'));
    } catch {
      throw badRequest('Body is not valid JSON (even reading placeholders as plain text)');
    }
  }
}

const STRUCTURE_AFTER_QUOTE = /^\s*(?:,\s*"[^"\n]*"\s*:|:|[}\]]\s*(?:[,}\]]|$))/;
const VALID_ESCAPE = /^(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/;

function repair(text: string): string | undefined {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (!inString) {
      if (c === '"') inString = true;
      out += c;
      continue;
    }
    if (c === '\\') {
      if (VALID_ESCAPE.test(text.slice(i + 1, i + 6))) {
        out += c + text[i + 1];
        i++;
      } else out += '\\\\';
    } else if (c === '"') {
      const rest = text.slice(i + 1, i + 200);
      if (STRUCTURE_AFTER_QUOTE.test(rest) || rest.trim() === '') {
        inString = false;
        out += c;
      } else out += '\\"';
    } else if (c < ' ') {
      out += c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    } else out += c;
  }
  return inString ? undefined : out;
}
