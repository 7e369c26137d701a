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
 * Two letters for a person's badge, the first and last names' first letters, upper-cased in
 * `locale`: "Daniyar Seitkali" → "DS", "ilqar isgəndərov" → "İİ" in az and tr, "II" in English.
 * The one rule for every badge (the header, who is here, comments) and Word's comment initials.
 */
export function initials(name: string, locale: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = (word: string | undefined) => (word ? [...word][0]! : '');
  return upperCaseIn(first(parts[0]) + (parts.length > 1 ? first(parts.at(-1)) : ''), locale);
}
