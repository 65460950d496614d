/** `ref` is a URL or @handle: part of the text, but no one's opinion. */
export type TokenKind = 'word' | 'emoji' | 'emoticon' | 'punct' | 'ref';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Lower-cased text; emoji and emoticons are kept as written. */
  lower: string;
  /** UTF-16 offsets into the source string. */
  start: number;
  end: number;
}

// A face must not run into a following word ("Note:Don't"), and a slanted mouth must not follow
// a word ("http://"), which keeps URLs and labels out.
const EMOTICON = String.raw`(?:<\/3|<3+|[:;=][-'^o]?[)(\]\[dDpP|*oO@$3]|(?<![\p{L}\p{N}])[:=][-']?[\/\\](?![\/\\])|[(\[][-'^]?[:;=]|\^_?\^|-_-|T_T|[xX][dD]|:'[()])(?![\p{L}\p{N}])`;
const EMOJI = String.raw`\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier}|\u200D\p{Extended_Pictographic})*`;
// Hyphenated compounds stay whole ("hassle-free", "check-in"): their parts can mean the opposite.
const WORD = String.raw`[\p{L}\p{M}\p{N}]+(?:-[\p{L}\p{M}]+)*(?:['’][\p{L}]+)*(?:['’](?=\s|$))?`;
const REF = String.raw`https?:\/\/\S+|www\.\S+|@\w+`;
const PUNCT = String.raw`[!?]+|[.,;:…]+|[-–—]+`;
// References go first so URLs do not yield faces like ":/"; emoticons before words and
// punctuation so ":(" is not read as punctuation and "xD" not as the word "xd".
const TOKEN = new RegExp(`(${REF})|(${EMOTICON})|(${EMOJI})|(${WORD})|(${PUNCT})`, 'gu');

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const kind: TokenKind = m[1] ? 'ref' : m[2] ? 'emoticon' : m[3] ? 'emoji' : m[4] ? 'word' : 'punct';
    const raw = m[0].replace(/’/g, "'");
    tokens.push({ kind, text: raw, lower: kind === 'word' || kind === 'punct' ? raw.toLowerCase() : raw, start: m.index, end: m.index + m[0].length });
  }
  return tokens;
}

