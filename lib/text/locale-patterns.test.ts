import { describe, expect, it } from 'vitest';
import {
  DATE_KINDS,
  type DateKind,
  fieldsIn,
  formatList,
  formatWholeNumber,
  localePatternsFor,
  patternsWhereIntlLacks,
  registerLocalePatterns,
  writeDate,
  writeList,
  writeWholeNumber,
} from './locale-patterns';
import { datePartOrder, describeCalendarDate, formatInZone, monthNames } from './dates';

const LOCALES = ['az', 'kk', 'ky', 'uz', 'ru', 'tr', 'hu', 'en-GB', 'uz-Cyrl'];
const ZONES = ['UTC', 'Asia/Baku', 'Asia/Almaty', 'America/New_York'];
// Every month, one- and two-digit days and hours, midnight, the last minute of a year, a leap day.
const INSTANTS = [
  ...Array.from({ length: 12 }, (_, m) => Date.UTC(2026, m, 1 + m * 2, m * 2, m * 5)),
  Date.UTC(2026, 11, 31, 23, 59),
  Date.UTC(2028, 1, 29, 0, 0),
  Date.UTC(2027, 6, 4, 12, 30),
];

describe('dates written from the server’s patterns', () => {
  it('are, letter for letter, what Intl writes, for every kind, language and zone', () => {
    let compared = 0;
    for (const locale of LOCALES) {
      const patterns = localePatternsFor(locale);
      for (const kind of Object.keys(DATE_KINDS) as DateKind[]) {
        for (const timeZone of ZONES) {
          const intl = new Intl.DateTimeFormat(locale, { ...DATE_KINDS[kind], timeZone });
          for (const instant of INSTANTS) {
            const when = new Date(instant);
            expect(writeDate(patterns, kind, fieldsIn(when, timeZone)), `${locale} ${kind} ${timeZone} ${when.toISOString()}`).toBe(intl.format(when));
            compared++;
          }
        }
      }
    }
    expect(compared).toBe(LOCALES.length * 4 * ZONES.length * INSTANTS.length);
  });

  it('name the months in the kind’s own grammar: a Russian date’s month is genitive, the list of months is not', () => {
    const ru = localePatternsFor('ru');
    expect(writeDate(ru, 'longDate', fieldsIn(new Date(Date.UTC(2026, 11, 7)), 'UTC'))).toBe('7 декабря 2026 г.');
    expect(writeDate(ru, 'month', fieldsIn(new Date(Date.UTC(2026, 11, 7)), 'UTC'))).toBe('декабрь');
    expect(writeDate(localePatternsFor('az'), 'moment', fieldsIn(new Date(Date.UTC(2026, 11, 7, 20, 17)), 'UTC'))).toBe('7 dek 2026, 20:17');
  });

  it('are used only where the runtime’s Intl has no data for the locale, and then by every date function', () => {
    // Node knows Azerbaijani: Intl writes it, whatever was registered.
    registerLocalePatterns({ ...localePatternsFor('az'), locale: 'az' });
    expect(patternsWhereIntlLacks('az')).toBeNull();
    // A locale this runtime does not know, as Chromium does not know Kyrgyz: the registered patterns write it.
    const unknown = 'qaa';
    expect(Intl.DateTimeFormat.supportedLocalesOf([unknown])).toEqual([]);
    expect(patternsWhereIntlLacks(unknown)).toBeNull(); // nothing registered yet: Intl's own fallback
    registerLocalePatterns({ ...localePatternsFor('ky'), locale: unknown });
    expect(patternsWhereIntlLacks(unknown)).not.toBeNull();
    expect(formatInZone('2026-12-07T20:17:00Z', 'Asia/Bishkek', unknown)).toBe(formatInZone('2026-12-07T20:17:00Z', 'Asia/Bishkek', 'ky'));
    expect(formatInZone('2026-12-07T20:17:00Z', 'Asia/Bishkek', unknown)).toBe('2026-ж. 8-дек. 02:17 (Asia/Bishkek)');
    expect(describeCalendarDate('2026-12-06', unknown)).toBe(describeCalendarDate('2026-12-06', 'ky'));
    expect(monthNames(unknown)).toEqual(monthNames('ky'));
    expect(monthNames(unknown)[0]).toBe('Январь');
    expect(datePartOrder(unknown)).toEqual(datePartOrder('ky'));
  });

  it('group a count’s digits as Intl does: “1.234” in Azerbaijani, a no-break space in Kazakh, none in a four-digit Hungarian one', () => {
    for (const locale of LOCALES) {
      const patterns = localePatternsFor(locale);
      for (const n of [0, 7, 999, 1000, 1234, 9999, 12_345, 123_456, 1_234_567, 300_400]) {
        expect(writeWholeNumber(patterns, n), `${locale} ${n}`).toBe(new Intl.NumberFormat(locale).format(n));
      }
    }
    expect(writeWholeNumber(localePatternsFor('az'), 6555)).toBe('6.555');
    expect(writeWholeNumber(localePatternsFor('kk'), 6555)).toBe('6\u00a0555');
    // Where Intl lacks the locale, the registered patterns write the count.
    registerLocalePatterns({ ...localePatternsFor('az'), locale: 'qab' });
    expect(formatWholeNumber(180_512, 'qab')).toBe('180.512');
  });

  it('join a list as Intl does: “A və B”, “A, B, C və D”; Kazakh joins four with commas only, as CLDR has it', () => {
    const items = ['Bəyanat', 'Çıxış', 'Bəyannamə', 'Press-reliz', 'Məktub'];
    for (const locale of LOCALES) {
      const patterns = localePatternsFor(locale);
      const intl = new Intl.ListFormat(locale, { type: 'conjunction' });
      for (let n = 0; n <= items.length; n++) expect(writeList(patterns, items.slice(0, n)), `${locale} ${n}`).toBe(intl.format(items.slice(0, n)));
    }
    expect(writeList(localePatternsFor('az'), ['A', 'B', 'C'])).toBe('A, B və C');
    registerLocalePatterns({ ...localePatternsFor('uz'), locale: 'qac' });
    expect(formatList(['A', 'B'], 'qac')).toBe('A va B');
  });
});
