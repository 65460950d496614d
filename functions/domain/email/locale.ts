/**
 * Which language an email is written in. The customer's own locale comes first, then the language of
 * what they wrote (as the source gave it, or as detected), then the language of the source's survey,
 * then the default. Each candidate walks its fallback chain (fr-CA → fr) before the next is tried,
 * and only languages that are enabled and have templates count.
 */

/** Lower-cased BCP 47 tag, "_" read as "-" (Qualtrics sends "pt_BR"). */
export const normalizeLocale = (tag: string) => tag.trim().replace(/_/g, '-').toLowerCase();

/** "zh-Hant-TW" → ["zh-hant-tw", "zh-hant", "zh"]. */
export function localeChain(tag: string): string[] {
  const parts = normalizeLocale(tag).split('-').filter(Boolean);
  return parts.map((_, i) => parts.slice(0, parts.length - i).join('-'));
}

/** Detected or given languages that say nothing ("und", "zxx") are skipped. */
const NO_LANGUAGE = new Set(['und', 'zxx', 'mul', 'mis']);

/**
 * The first candidate (through its chain) that `has` a template for, else the default locale.
 * `has` receives normalized tags.
 */
export function chooseLocale(candidates: ReadonlyArray<string | undefined>, has: (locale: string) => boolean, defaultLocale: string): string {
  for (const candidate of candidates) {
    if (!candidate?.trim() || NO_LANGUAGE.has(normalizeLocale(candidate))) continue;
    const found = localeChain(candidate).find(has);
    if (found) return found;
  }
  return normalizeLocale(defaultLocale);
}
