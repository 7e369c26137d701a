import { DATE_KINDS, type DateKind, fieldsIn, patternsWhereIntlLacks, writeDate } from './locale-patterns';

/**
 * `value` written as Intl writes the kind in `locale`, or, where this runtime's Intl has no
 * data for the locale (Chromium and az, kk, ky, uz: lib/text/locale-patterns.ts), from the
 * patterns the server sent. Throws as Intl does for a malformed tag.
 */
function writeKind(kind: DateKind, locale: string, value: Date, timeZone = 'UTC'): string {
  const patterns = patternsWhereIntlLacks(locale);
  if (patterns) return writeDate(patterns, kind, fieldsIn(value, timeZone));
  return new Intl.DateTimeFormat(locale, { ...DATE_KINDS[kind], timeZone }).format(value);
}

/**
 * A dateline date (YYYY-MM-DD) written in the document's language: "11 yanvar 2022" in
 * Azerbaijani, "11 January 2022" in English. Falls back to English for unknown tags.
 */
export function formatDatelineDate(date: string, language: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const value = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
  try {
    // English without a region is the secretariat's British English: day before month.
    return writeKind('longDate', language.toLowerCase() === 'en' ? 'en-GB' : language, value);
  } catch {
    return new Intl.DateTimeFormat('en', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(value);
  }
}

/** "Bakı, 11 yanvar 2022": the place and the date in the document's language. */
export function formatDateline(dateline: { place: string; date: string | null } | null, language: string): string {
  if (!dateline) return '';
  return [dateline.place, dateline.date ? formatDatelineDate(dateline.date, language) : null].filter(Boolean).join(', ');
}

/**
 * The default interface locale for dates and times: British English, day before month,
 * 24-hour clock. Pages and components pass the request's interface language instead
 * (issue 24), through `dateLocale`.
 */
export const INTERFACE_LOCALE = 'en-GB';

/**
 * The locale dates are written in for an interface language: English (and the test-only
 * pseudo-locale en-XA) is the secretariat's British English; every other is itself.
 */
export function dateLocale(interfaceLocale: string): string {
  return interfaceLocale === 'en' || interfaceLocale === 'en-XA' ? INTERFACE_LOCALE : interfaceLocale;
}

/**
 * THE way a moment (a time stamp) is written anywhere in Communiqué: in the organisation's
 * time zone, with the zone named — "6 Dec 2026, 03:25 (UTC)", "11 Jan 2026, 13:00 (Asia/Baku)".
 * Every page, panel, notification, export label and the newsroom call this (server and
 * browser alike), so one format shows everywhere. `locale`: the interface's (default) or,
 * on public texts, the text's own language; an unknown tag falls back to the interface's.
 */
export function formatInZone(iso: string | Date, timeZone: string, locale: string = INTERFACE_LOCALE): string {
  const when = typeof iso === 'string' ? new Date(iso) : iso;
  let text: string;
  try {
    text = writeKind('moment', locale.toLowerCase() === 'en' ? INTERFACE_LOCALE : locale, when, timeZone);
  } catch {
    text = writeKind('moment', INTERFACE_LOCALE, when, timeZone);
  }
  return `${text} (${timeZone})`;
}

/**
 * A calendar date (YYYY-MM-DD: a dateline, a due date) written out in the interface's
 * language, "6 December 2026": shown beside date fields so nobody has to guess whether
 * 06/12 is June or December. Null for anything that is not a real date.
 */
export function describeCalendarDate(date: string, locale: string = INTERFACE_LOCALE): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const value = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (Number.isNaN(value.getTime()) || value.toISOString().slice(0, 10) !== date) return null;
  return writeKind('weekdayDate', locale, value);
}

/**
 * YYYY-MM-DD from a date typed in parts (day, month number, four-digit year), or null when
 * a part is missing or the day does not exist in that month (31 February).
 */
export function calendarDateOf(year: string, month: string, day: string): string | null {
  if (!/^\d{4}$/.test(year) || !/^\d{1,2}$/.test(month) || !/^\d{1,2}$/.test(day)) return null;
  const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return describeCalendarDate(date) === null ? null : date;
}

/**
 * The instant (ISO 8601, UTC) at which the clocks of `timeZone` show `date` (YYYY-MM-DD) at
 * `time` (HH:MM): an embargo typed in the organisation's time, whatever the browser's.
 * Null for a date or time that does not exist. In the hour a clock skips (spring forward)
 * the time is read with the offset before the change; in the hour it repeats, the first one.
 */
export function zonedTimeToIso(date: string, time: string, timeZone: string): string | null {
  const t = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!t || describeCalendarDate(date) === null) return null;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, Number(t[1]), Number(t[2]));
  // The zone's offset at an instant: its wall clock then, read as if it were UTC, minus the instant.
  const offsetAt = (instant: number) => {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).formatToParts(new Date(instant));
    const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - instant;
  };
  const first = wall - offsetAt(wall);
  const second = wall - offsetAt(first);
  return new Date(Math.min(first, second)).toISOString();
}

export type DatePart = 'day' | 'month' | 'year';

/** Day, month and year in the order `locale` writes a date ("6 December 2026": day first in en-GB). */
export function datePartOrder(locale: string = INTERFACE_LOCALE): DatePart[] {
  const patterns = patternsWhereIntlLacks(locale);
  const types = patterns
    ? patterns.kinds.longDate.flatMap((p) => ('field' in p ? [p.field] : []))
    : new Intl.DateTimeFormat(locale, { ...DATE_KINDS.longDate, timeZone: 'UTC' }).formatToParts(new Date(Date.UTC(2026, 11, 6))).map((p) => p.type);
  const order = types.filter((t): t is DatePart => t === 'day' || t === 'month' || t === 'year');
  return order.length === 3 ? order : ['day', 'month', 'year'];
}

/** The twelve months' names in `locale`, January first, as a date field lists them. */
export function monthNames(locale: string = INTERFACE_LOCALE): string[] {
  return Array.from({ length: 12 }, (_, i) => writeKind('month', locale, new Date(Date.UTC(2026, i, 1))));
}
