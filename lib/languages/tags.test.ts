import { describe, expect, it } from 'vitest';
import { knownLanguageTag, languageName, ownLanguageName } from './tags';

describe('language tags of language versions', () => {
  it('takes the organisation’s languages in canonical form', () => {
    for (const tag of ['az', 'kk', 'ky', 'tr', 'uz', 'hu', 'tk', 'en', 'ru']) expect(knownLanguageTag(tag)).toBe(tag);
    expect(knownLanguageTag('AZ-latn')).toBe('az-Latn');
    expect(knownLanguageTag(' kk ')).toBe('kk');
  });
  it('refuses malformed tags and languages nobody knows', () => {
    for (const tag of ['', 'x', 'not a tag', 'xx', 'qqq', 'zz-ZZ', 'en-', '12']) expect(knownLanguageTag(tag)).toBeNull();
  });
  it('names a language', () => {
    expect(languageName('kk')).toBe('Kazakh');
    expect(languageName('az', 'az')).toBe('azərbaycan');
    expect(ownLanguageName('az')).toBe('Azərbaycan');
    expect(ownLanguageName('kk')).toBe('Қазақ тілі');
  });
});
