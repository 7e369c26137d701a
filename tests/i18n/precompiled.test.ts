import { type MessageFormatElement, TYPE, parse } from '@formatjs/icu-messageformat-parser';
import format, { type CompiledMessage } from 'icu-minify/format';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import type { Catalogue } from '@/lib/i18n/format';
import { type CompiledCatalogue, PSEUDO_LOCALE, compiledMessagesFor, messagesFor, supportedLocales } from '@/server/i18n/catalogues';

/** A value for every argument a message names: one of several sets, so that each plural and select takes several branches. */
function values(elements: MessageFormatElement[], round: number, into: Record<string, unknown> = {}): Record<string, unknown> {
  const counts = [0, 1, 2, 5, 21, 1234];
  for (const el of elements) {
    if (el.type === TYPE.argument) into[el.value] = `Ə${round}ş`;
    if (el.type === TYPE.number) into[el.value] = counts[round % counts.length]! * 1000 + 0.5;
    if (el.type === TYPE.date || el.type === TYPE.time) into[el.value] = new Date(Date.UTC(2026, 11, 7, 9, 30));
    if (el.type === TYPE.plural) {
      into[el.value] = counts[round % counts.length];
      for (const option of Object.values(el.options)) values(option.value, round, into);
    }
    if (el.type === TYPE.select) {
      const keys = Object.keys(el.options);
      into[el.value] = keys[round % keys.length];
      for (const option of Object.values(el.options)) values(option.value, round, into);
    }
    if (el.type === TYPE.tag) {
      into[el.value] = (chunks: unknown[]) => `<${el.value}>${chunks.join('')}</${el.value}>`;
      values(el.children, round, into);
    }
  }
  return into;
}

const formatters = {
  getDateTimeFormat: (...args: ConstructorParameters<typeof Intl.DateTimeFormat>) => new Intl.DateTimeFormat(...args),
  getNumberFormat: (...args: ConstructorParameters<typeof Intl.NumberFormat>) => new Intl.NumberFormat(...args),
  getPluralRules: (...args: ConstructorParameters<typeof Intl.PluralRules>) => new Intl.PluralRules(...args),
};

function* pairs(raw: Catalogue, compiled: CompiledCatalogue, prefix = ''): Generator<[string, string, CompiledMessage]> {
  for (const [key, value] of Object.entries(raw)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') yield [path, value, compiled[key] as CompiledMessage];
    else yield* pairs(value, compiled[key] as CompiledCatalogue, path);
  }
}

describe('the catalogues as next-intl takes them, compiled (server/i18n/catalogues.ts; next.config.js points next-intl at its format-only formatter)', () => {
  for (const locale of [...supportedLocales(), PSEUDO_LOCALE]) {
    it(`say in ${locale} word for word what the catalogue says, formatted the way intl-messageformat formats it`, () => {
      const compiled = compiledMessagesFor(locale);
      let checked = 0;
      const differ: string[] = [];
      for (const [key, message, minified] of pairs(messagesFor(locale), compiled)) {
        const ast = parse(message, { ignoreTag: false });
        for (let round = 0; round < 6; round++) {
          const args = values(ast, round);
          const expected = [new IntlMessageFormat(message, locale).format(args)].flat().join('');
          const got = [format(minified, locale, args as never, { formatters, timeZone: 'UTC' })].flat().join('');
          if (got !== expected) differ.push(`${key} (${JSON.stringify(args)}): ${JSON.stringify(got)} ≠ ${JSON.stringify(expected)}`);
          checked++;
        }
      }
      expect(differ).toEqual([]);
      expect(checked).toBeGreaterThan(1000);
    });
  }

  it('are compiled once per catalogue, and sent as plain JSON (React passes nothing else to the browser)', () => {
    const az = compiledMessagesFor('az');
    expect(compiledMessagesFor('az')).toBe(az);
    const plural = JSON.stringify(az);
    expect(JSON.parse(plural)).toEqual(az);
    const prototypes = new Set<unknown>();
    const walk = (v: unknown) => {
      if (v && typeof v === 'object') {
        prototypes.add(Object.getPrototypeOf(v));
        for (const child of Object.values(v)) walk(child);
      }
    };
    walk(az);
    expect([...prototypes].every((p) => p === Object.prototype || p === Array.prototype)).toBe(true);
  });
});
