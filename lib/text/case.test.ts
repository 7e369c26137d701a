import { describe, expect, it } from 'vitest';
import { initials } from './case';

describe('initials', () => {
  it('takes the first and last names’ first letters, upper-cased in the interface language', () => {
    expect(initials('Daniyar Seitkali', 'en')).toBe('DS');
    expect(initials('ilqar isgəndərov', 'az')).toBe('İİ');
    expect(initials('ilqar isgəndərov', 'en')).toBe('II');
    expect(initials('  Nigar  ', 'ru')).toBe('N');
    expect(initials('', 'en')).toBe('');
    // A middle name or patronymic is skipped; a letter outside the BMP is one letter, not half of one.
    expect(initials('ilham Heydər oğlu Əliyev', 'az')).toBe('İƏ');
    expect(initials('𝔄da Lovelace', 'en')).toBe('𝔄L');
  });
});
