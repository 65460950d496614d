/**
 * Language names → BCP 47 tags, for vendors whose templates render a person's language as a name
 * (Zendesk's `{{ticket.requester.language}}` gives "English", "Deutsch", "Português (Brasil)").
 * Built from Intl.DisplayNames, in English and in each language's own name, so no table to keep.
 */
const TAGS = [
  'ar', 'bg', 'cs', 'da', 'de', 'el', 'en', 'en-GB', 'en-US', 'es', 'es-419', 'es-ES', 'et', 'fi', 'fr', 'fr-CA', 'he', 'hi', 'hr', 'hu', 'id',
  'it', 'ja', 'ko', 'lt', 'lv', 'ms', 'nb', 'nl', 'no', 'pl', 'pt', 'pt-BR', 'pt-PT', 'ro', 'ru', 'sk', 'sl', 'sr', 'sv', 'th', 'tr', 'uk', 'vi',
  'zh', 'zh-CN', 'zh-TW',
] as const;

let byName: Map<string, string> | undefined;

function names(): Map<string, string> {
  if (byName) return byName;
  byName = new Map();
  const english = new Intl.DisplayNames(['en'], { type: 'language' });
  for (const tag of TAGS) {
    const native = new Intl.DisplayNames([tag], { type: 'language' });
    for (const dialect of ['dialect', 'standard'] as const) {
      for (const display of [english, native]) {
        const name = new Intl.DisplayNames([display.resolvedOptions().locale], { type: 'language', languageDisplay: dialect }).of(tag);
        if (name && !byName.has(key(name))) byName.set(key(name), tag);
      }
    }
  }
  return byName;
}

const key = (name: string) => name.normalize('NFC').toLowerCase().replace(/[()]/g, '').replace(/\s+/g, ' ').trim();

/** A tag as is; a known language name as its tag; anything else unchanged (validation decides). */
export function languageTagOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/.test(trimmed)) return trimmed.replace(/_/g, '-');
  return names().get(key(trimmed)) ?? trimmed;
}
