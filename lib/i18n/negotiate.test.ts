import { describe, expect, it } from 'vitest';
import { acceptedLanguages, negotiateLocale, resolveLocale } from './negotiate';

const SUPPORTED = ['az', 'en', 'kk', 'ky', 'ru', 'tr', 'uz'];

describe('the interface language of a request', () => {
  it('reads Accept-Language by preference, dropping q=0 and nonsense', () => {
    expect(acceptedLanguages('en;q=0.5, ru-RU, tr;q=0.8, xx;q=0, <script>')).toEqual(['ru-ru', 'tr', 'en']);
  });

  it('matches a range exactly, else by its language, else not at all', () => {
    expect(negotiateLocale('ru-RU,ru;q=0.9,en;q=0.8', SUPPORTED)).toBe('ru');
    expect(negotiateLocale('az-Latn-AZ', SUPPORTED)).toBe('az');
    expect(negotiateLocale('de-DE, fr', SUPPORTED)).toBeNull();
    expect(negotiateLocale('*', SUPPORTED)).toBeNull();
  });

  it('prefers the stored choice, then the cookie, then the browser, then English', () => {
    expect(resolveLocale({ stored: 'kk', cookie: 'tr', acceptLanguage: 'ru' }, SUPPORTED)).toBe('kk');
    expect(resolveLocale({ stored: null, cookie: 'tr', acceptLanguage: 'ru' }, SUPPORTED)).toBe('tr');
    expect(resolveLocale({ cookie: 'xx', acceptLanguage: 'ru' }, SUPPORTED)).toBe('ru');
    expect(resolveLocale({ stored: 'de', acceptLanguage: 'de' }, SUPPORTED)).toBe('en');
  });
});
