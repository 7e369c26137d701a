import { canonicalLanguageTag } from '@/lib/text/document';

const NAMES = new Intl.DisplayNames('en', { type: 'language', fallback: 'none' });

/**
 * A language tag in its canonical BCP 47 form when it is well formed and names a language
 * that Intl knows (az, kk, ky, tk, uz-Cyrl, …), else null: a language version must be in a
 * real language, where a plain document takes any well-formed tag.
 */
export function knownLanguageTag(tag: string): string | null {
  const canonical = canonicalLanguageTag(tag.trim());
  if (!canonical) return null;
  try {
    return NAMES.of(canonical) ? canonical : null;
  } catch {
    return null;
  }
}

/** A language's name in English ("Kazakh"), or the tag itself when Intl has none. */
export function languageName(tag: string, locale = 'en'): string {
  try {
    return new Intl.DisplayNames(locale, { type: 'language', fallback: 'code' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/**
 * The own names of the secretariat's languages as CLDR (Node's Intl) writes them, for a
 * runtime whose Intl does not support the language at all: Chromium has no Kyrgyz or Turkmen
 * and would name them in English. Equal to Intl's where it knows them (lib/languages/tags.test.ts),
 * so a page the server rendered hydrates with the same words.
 */
export const OWN_NAMES: Readonly<Record<string, string>> = {
  az: 'Azərbaycan',
  en: 'English',
  hu: 'Magyar',
  kk: 'Қазақ тілі',
  ky: 'Кыргызча',
  ru: 'Русский',
  tk: 'Türkmen dili',
  tr: 'Türkçe',
  uz: 'O‘zbek',
};

/**
 * A language's own name, capitalised as a label or heading is in that language
 * ("Azərbaycan", "Қазақ тілі", "Türkçe"): the language bar, the side-by-side columns, the
 * newsroom's language links and the bilingual PDF's column headings.
 */
export function ownLanguageName(tag: string): string {
  try {
    if (Intl.DisplayNames.supportedLocalesOf([tag]).length === 0 && OWN_NAMES[tag]) return OWN_NAMES[tag];
  } catch {
    // a malformed tag: named below, as before
  }
  const name = languageName(tag, tag);
  try {
    return name.charAt(0).toLocaleUpperCase(tag) + name.slice(1);
  } catch {
    return name.charAt(0).toUpperCase() + name.slice(1);
  }
}
