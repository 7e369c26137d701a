/**
 * A dateline date (YYYY-MM-DD) written in the document's language: "11 yanvar 2022" in
 * Azerbaijani, "11 January 2022" in English. Falls back to English for unknown tags.
 */
export function formatDatelineDate(date: string, language: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const value = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
  try {
    // English without a region is the secretariat's British English: day before month.
    return new Intl.DateTimeFormat(language.toLowerCase() === 'en' ? 'en-GB' : language, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(value);
  } catch {
    return new Intl.DateTimeFormat('en', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(value);
  }
}

/** "Bakı, 11 yanvar 2022": the place and the date in the document's language. */
export function formatDateline(dateline: { place: string; date: string | null } | null, language: string): string {
  if (!dateline) return '';
  return [dateline.place, dateline.date ? formatDatelineDate(dateline.date, language) : null].filter(Boolean).join(', ');
}

/** A moment in the organisation's time zone, with the zone named: "11 Jan 2026, 09:00 (Asia/Baku)". */
export function formatInZone(iso: string, timeZone: string, locale = 'en-GB'): string {
  const text = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
  return `${text} (${timeZone})`;
}
