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
