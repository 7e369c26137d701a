/**
 * Dates and numbers in languages a browser's Intl does not know. Chromium (so Chrome, Edge and Opera)
 * ships ICU without date data for Azerbaijani, Kazakh and Uzbek, and without Kyrgyz at all:
 * `new Intl.DateTimeFormat('az', {month: 'long'})` writes "M12", a moment reads
 * "2026 M12 7 20:17", and Kyrgyz falls back to American English. Node has all of ICU. So the
 * server reads, from its own Intl, how the interface's locale writes each kind of date that
 * browser code writes (the parts in order, and the names of the months and weekdays), sends
 * that with the page (`LocalePatternsProvider`), and lib/text/dates.ts writes a date from it
 * only where the browser's Intl has no data for the locale. Elsewhere (the server, Firefox,
 * Safari, and Chromium for English, Russian, Turkish, Hungarian) Intl writes it, as before,
 * and the two agree letter for letter (tested against Node).
 */

/** The kinds of date browser code writes: lib/text/dates.ts's options for each. */
export const DATE_KINDS = {
  /** "6 Dec 2026, 03:25": formatInZone */
  moment: { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  /** "Sunday, 6 December 2026": describeCalendarDate */
  weekdayDate: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
  /** "6 December 2026": the order of a date field's parts, a dateline */
  longDate: { day: 'numeric', month: 'long', year: 'numeric' },
  /** "December", as a list of months names it */
  month: { month: 'long' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

export type DateKind = keyof typeof DATE_KINDS;

type Field = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'weekday';

/** One part of a written date: text as it is, or a field, padded to two digits or named. */
export type DatePart = { text: string } | { field: Field; pad?: 2; names?: string[] };

/** How one locale writes each kind of date, and how it groups a whole number's digits. */
export interface LocalePatterns {
  locale: string;
  kinds: Record<DateKind, DatePart[]>;
  /** "1.234" (az), "1 234" (kk, ky, uz; a no-break space), "1234" but "12 345" (hu: from five digits). */
  grouping: { separator: string; fromDigits: number };
  /** What joins a list's items ("A və B", "A, B, C və D"): between two, and the first, middle and last joints of more. */
  list: { two: string; start: string; middle: string; end: string };
}

/** The values a date is written from (month and weekday from 0, Sunday 0). */
export interface DateFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

const FIELDS = new Set<string>(['year', 'month', 'day', 'hour', 'minute', 'weekday']);

/** Monday 5 January 2026, 03:07 UTC: one-digit day, hour and minute show whether they are padded. */
const REFERENCE = Date.UTC(2026, 0, 5, 3, 7);

/**
 * How `locale` writes each kind of date, read from this runtime's Intl (the server's: Node
 * has every locale). Month and weekday names are read in the kind's own context, so a
 * genitive month ("7 декабря") stays one.
 */
export function localePatternsFor(locale: string): LocalePatterns {
  const kinds = {} as Record<DateKind, DatePart[]>;
  for (const kind of Object.keys(DATE_KINDS) as DateKind[]) {
    const format = new Intl.DateTimeFormat(locale, { ...DATE_KINDS[kind], timeZone: 'UTC' });
    // V8's format() writes U+202F (a narrow no-break space: "2026\u202Fж.") as a plain space, for
    // the web's sake; its formatToParts() does not. The patterns write what format() writes.
    const partsOf = (instant: number) => format.formatToParts(instant).map((p) => ({ type: p.type, value: p.value.replaceAll('\u202f', ' ') }));
    const partOf = (instant: number, type: string) => partsOf(instant).find((p) => p.type === type)?.value ?? '';
    kinds[kind] = partsOf(REFERENCE).map((part): DatePart => {
      if (!FIELDS.has(part.type)) return { text: part.value };
      const field = part.type as Field;
      if (field === 'month' && !/^\d+$/.test(part.value)) {
        return { field, names: Array.from({ length: 12 }, (_, m) => partOf(Date.UTC(2026, m, 5, 3, 7), 'month')) };
      }
      // 4 January 2026 was a Sunday: the seven days from it, Sunday first.
      if (field === 'weekday') return { field, names: Array.from({ length: 7 }, (_, d) => partOf(Date.UTC(2026, 0, 4 + d, 3, 7), 'weekday')) };
      return part.value.length === 2 && part.value.startsWith('0') ? { field, pad: 2 } : { field };
    });
  }
  const numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const separatorIn = (n: number) => numbers.format(n).replace(/\d/g, '').replaceAll('\u202f', ' ');
  const separator = separatorIn(1_234_567).slice(0, 1);
  const lists = new Intl.ListFormat(locale, { type: 'conjunction' });
  const joints = (items: string[]) =>
    lists
      .format(items)
      .split(/[\u0001-\u0004]/)
      .slice(1, -1);
  const [two = ' '] = joints(['\u0001', '\u0002']);
  const [start = ', ', middle = ', ', end = ', '] = joints(['\u0001', '\u0002', '\u0003', '\u0004']);
  return { locale, kinds, grouping: { separator, fromDigits: separatorIn(1234) ? 4 : 5 }, list: { two, start, middle, end } };
}

/** A list of items joined as Intl joins them in the patterns' locale ("and": a conjunction). */
export function writeList(patterns: LocalePatterns, items: readonly string[]): string {
  const { two, start, middle, end } = patterns.list;
  if (items.length <= 1) return items[0] ?? '';
  if (items.length === 2) return `${items[0]}${two}${items[1]}`;
  return items.reduce((text, item, i) => (i === 0 ? item : `${text}${i === 1 ? start : i === items.length - 1 ? end : middle}${item}`), '');
}

/** Items joined with "and" in `locale`: by Intl, or where Intl lacks the locale, by the server's patterns. */
export function formatList(items: readonly string[], locale: string): string {
  const patterns = patternsWhereIntlLacks(locale);
  if (patterns) return writeList(patterns, items);
  try {
    return new Intl.ListFormat(locale, { type: 'conjunction' }).format(items);
  } catch {
    return items.join(', ');
  }
}

/** A whole number as Intl writes it in the patterns' locale (Latin digits, as all of ours). */
export function writeWholeNumber(patterns: LocalePatterns, n: number): string {
  const digits = String(Math.abs(Math.trunc(n)));
  const { separator, fromDigits } = patterns.grouping;
  const grouped = digits.length < fromDigits || !separator ? digits : digits.replace(/\B(?=(\d{3})+$)/g, separator);
  return n < 0 ? `-${grouped}` : grouped;
}

/** A date written from `patterns`: what Intl would write where it knows the locale. */
export function writeDate(patterns: LocalePatterns, kind: DateKind, fields: DateFields): string {
  return patterns.kinds[kind]
    .map((part) => {
      if ('text' in part) return part.text;
      const value = fields[part.field];
      if (part.names) return part.names[value] ?? '';
      return part.pad ? String(value).padStart(2, '0') : String(value);
    })
    .join('');
}

/** The fields of an instant on the clocks of `timeZone` (en-US: data every runtime has). */
export function fieldsIn(when: Date, timeZone: string): DateFields {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    weekday: 'short',
  }).formatToParts(when);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.find((p) => p.type === 'weekday')?.value ?? '');
  return { year: n('year'), month: n('month') - 1, day: n('day'), hour: n('hour') % 24, minute: n('minute'), weekday: Math.max(0, weekday) };
}

const registered = new Map<string, LocalePatterns>();
const lacking = new Map<string, boolean>();

/** Keeps what the server sent for its locale, for `patternsWhereIntlLacks`. */
export function registerLocalePatterns(patterns: LocalePatterns): void {
  registered.set(patterns.locale, patterns);
}

/**
 * Whether this runtime's Intl has no data for `locale`: it does not support it, or names a
 * month "M01" (Chromium's az, kk and uz, whose numbers are the root locale's "1,234" too).
 */
function intlLacks(locale: string): boolean {
  let lacks = lacking.get(locale);
  if (lacks === undefined) {
    try {
      lacks =
        Intl.DateTimeFormat.supportedLocalesOf([locale]).length === 0 ||
        /^M\d{2}$/.test(new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }).format(REFERENCE));
    } catch {
      lacks = true;
    }
    lacking.set(locale, lacks);
  }
  return lacks;
}

/** The server's patterns for `locale` when this runtime's Intl lacks the locale and they were sent; else null (use Intl). */
export function patternsWhereIntlLacks(locale: string): LocalePatterns | null {
  return intlLacks(locale) ? (registered.get(locale) ?? null) : null;
}

/** A whole number (a count) in `locale`: by Intl, or where Intl lacks the locale, by the server's patterns. */
export function formatWholeNumber(n: number, locale: string): string {
  const patterns = patternsWhereIntlLacks(locale);
  if (patterns) return writeWholeNumber(patterns, n);
  try {
    return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n);
  } catch {
    return String(n);
  }
}
