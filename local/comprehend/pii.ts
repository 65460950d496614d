import { codePointOffsets } from './offsets';

export type PiiType = 'EMAIL' | 'PHONE' | 'CREDIT_DEBIT_NUMBER' | 'ADDRESS' | 'URL' | 'IP_ADDRESS';

export interface PiiEntity {
  Type: PiiType;
  Score: number;
  BeginOffset: number;
  EndOffset: number;
}

interface Detector {
  type: PiiType;
  pattern: RegExp;
  score: number;
  accept?: (match: string) => boolean;
  /** Shortens a match (trailing punctuation), so the pattern itself need not backtrack to exclude it. */
  trim?: (match: string) => string;
}

/*
 * Every pattern runs in time linear in the text (customer text is untrusted, and one slow comment
 * would freeze the whole local stack): a repeated part starts only where the previous run of its
 * characters starts (lookbehind), consecutive repeats are separated by a character neither side can
 * take, and counted repeats are small. test/local/pii-redos.test.ts feeds the adversarial inputs.
 * The input itself is capped at the API edge: 100 KB (SINGLE_DOCUMENT_MAX_BYTES, as Comprehend).
 */
// Order matters: earlier detectors win when spans overlap (a card number is not also a phone).
const DETECTORS: readonly Detector[] = [
  // Starts only at the beginning of a run of local-part characters: no quadratic rescans of a long word.
  { type: 'EMAIL', pattern: /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu, score: 0.9999 },
  { type: 'URL', pattern: /\bhttps?:\/\/[^\s<>"']+/g, score: 0.9999, trim: withoutTrailingPunctuation, accept: (m) => /^https?:\/\/./.test(m) },
  { type: 'CREDIT_DEBIT_NUMBER', pattern: /\b\d(?:[ -]?\d){12,18}\b/g, score: 0.9998, accept: luhnValid },
  { type: 'IP_ADDRESS', pattern: /\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b/g, score: 0.9995 },
  {
    type: 'PHONE',
    pattern: /(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]?\d{2,4}){1,4}(?!\w)/g,
    score: 0.999,
    accept: (m) => {
      const digits = m.replace(/\D/g, '').length;
      return digits >= 7 && digits <= 15;
    },
  },
  {
    // House number + street name + street-type word, in English and Spanish word order.
    type: 'ADDRESS',
    pattern:
      /\b\d{1,6}\s+(?:[A-Z][\p{L}'-]*\s+){1,4}(?:(?:Street|Avenue|Road|Boulevard|Lane|Drive|Court|Way|Place|Terrace|Parkway)\b|(?:St|Ave|Rd|Blvd|Ln|Dr|Ct|Pl|Pkwy)\b\.?)(?:,?\s+(?:Apt|Suite|Unit)\.?\s*\w+)?|\b(?:Calle|Avenida|Avda\.|Plaza|Paseo|Camino)\s+[\p{Lu}][\p{L}'-]*(?:\s+[\p{Lu}][\p{L}'-]*){0,3},?\s*\d{1,5}\b/gu,
    score: 0.95,
  },
];

/** Regex PII finder: precise for structured identifiers, deliberately no NAME detection. */
export function detectPiiEntities(text: string): PiiEntity[] {
  const toChar = codePointOffsets(text);
  const taken = new Spans();
  const found: PiiEntity[] = [];
  for (const { type, pattern, score, accept, trim } of DETECTORS) {
    for (const match of text.matchAll(pattern)) {
      const matched = trim ? trim(match[0]) : match[0];
      const begin = match.index;
      const end = begin + matched.length;
      if (accept && !accept(matched)) continue;
      if (!taken.claim(begin, end)) continue;
      found.push({ Type: type, Score: score, BeginOffset: toChar(begin), EndOffset: toChar(end) });
    }
  }
  return found.sort((a, b) => a.BeginOffset - b.BeginOffset);
}

/** Non-overlapping [begin, end) spans kept sorted: a claim costs a binary search, not a scan of every earlier match. */
class Spans {
  private readonly begins: number[] = [];
  private readonly ends: number[] = [];

  /** Takes the span unless it overlaps one already taken. */
  claim(begin: number, end: number): boolean {
    let lo = 0;
    let hi = this.begins.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.begins[mid]! < begin) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0 && this.ends[lo - 1]! > begin) return false;
    if (lo < this.begins.length && this.begins[lo]! < end) return false;
    this.begins.splice(lo, 0, begin);
    this.ends.splice(lo, 0, end);
    return true;
  }
}

/** A URL ends before the sentence's punctuation: "see https://x.example/a." links to /a. (a loop: no regex to backtrack). */
function withoutTrailingPunctuation(url: string): string {
  let end = url.length;
  while (end > 0 && '.,;:!?)'.includes(url[end - 1]!)) end--;
  return url.slice(0, end);
}

function luhnValid(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
