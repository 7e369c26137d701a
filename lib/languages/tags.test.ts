import { describe, expect, it } from 'vitest';
import { knownLanguageTag, languageName, OWN_NAMES, ownLanguageName } from './tags';

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
  it('keeps, for runtimes without a language (Chromium: Kyrgyz, Turkmen), the very names Intl gives where it has them', () => {
    // Node has every language: what a page's server render wrote is what the table writes in such a browser.
    for (const [tag, name] of Object.entries(OWN_NAMES)) expect(ownLanguageName(tag), tag).toBe(name);
    expect(Object.keys(OWN_NAMES).sort()).toEqual(['az', 'en', 'hu', 'kk', 'ky', 'ru', 'tk', 'tr', 'uz']);
  });
});
