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
}

// Order matters: earlier detectors win when spans overlap (a card number is not also a phone).
const DETECTORS: readonly Detector[] = [
  { type: 'EMAIL', pattern: /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu, score: 0.9999 },
  { type: 'URL', pattern: /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)]/g, score: 0.9999 },
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
      /\b\d{1,6}\s+(?:[A-Z][\p{L}'-]*\s+){1,4}(?:(?:Street|Avenue|Road|Boulevard|Lane|Drive|Court|Way|Place|Terrace|Parkway)\b|(?:St|Ave|Rd|Blvd|Ln|Dr|Ct|Pl|Pkwy)\b\.?)(?:,?\s+(?:Apt|Suite|Unit)\.?\s*\w+)?|\b(?:Calle|Avenida|Avda\.|Plaza|Paseo|Camino)\s+(?:[\p{Lu}][\p{L}'-]*\s*){1,4},?\s*\d{1,5}\b/gu,
    score: 0.95,
  },
];

/** Regex PII finder: precise for structured identifiers, deliberately no NAME detection. */
export function detectPiiEntities(text: string): PiiEntity[] {
  const toChar = codePointOffsets(text);
  const taken: Array<[number, number]> = [];
  const found: PiiEntity[] = [];
  for (const { type, pattern, score, accept } of DETECTORS) {
    for (const match of text.matchAll(pattern)) {
      const begin = match.index;
      const end = begin + match[0].length;
      if (accept && !accept(match[0])) continue;
      if (taken.some(([b, e]) => begin < e && end > b)) continue;
      taken.push([begin, end]);
      found.push({ Type: type, Score: score, BeginOffset: toChar(begin), EndOffset: toChar(end) });
    }
  }
  return found.sort((a, b) => a.BeginOffset - b.BeginOffset);
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
