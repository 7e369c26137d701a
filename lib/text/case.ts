/**
 * Upper-cases by the rules of the document's language, not the browser's: in Azerbaijani
 * and Turkish (and Crimean Tatar, Tatar, Kazakh Latin) "i" becomes "İ" and "ı" becomes "I";
 * elsewhere "i" becomes "I". An invalid tag falls back to the language-neutral rules.
 */
export function upperCaseIn(text: string, language: string): string {
  try {
    return text.toLocaleUpperCase(language);
  } catch {
    return text.toUpperCase();
  }
}

/**
 * Two letters for a person's badge, upper-cased in the interface language: "Daniyar
 * Seitkali" → "DS", "ilqar isgəndərov" → "İİ" in az and tr, "II" in English.
 */
export function initials(name: string, locale: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return upperCaseIn((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : ''), locale);
}
