/**
 * Comprehend reports offsets in Unicode characters (code points), while JavaScript indexes
 * strings in UTF-16 code units; the two differ once astral characters such as emoji appear.
 */
export function codePointOffsets(text: string): (utf16Index: number) => number {
  if (!/[\uD800-\uDBFF]/.test(text)) return (i) => i;
  const table = new Int32Array(text.length + 1);
  let cp = 0;
  for (let i = 0; i < text.length; i++) {
    table[i] = cp;
    const code = text.charCodeAt(i);
    // A high surrogate and its low surrogate are one character.
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) table[++i] = cp;
    cp++;
  }
  table[text.length] = cp;
  return (i) => table[i] ?? cp;
}
