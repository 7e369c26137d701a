import { describe, expect, it } from 'vitest';
import { formatDateline } from './dates';

describe('datelines in the document language', () => {
  it('writes the date as the language does, English as the secretariat writes it', () => {
    expect(formatDateline({ place: 'İstanbul', date: '2022-01-11' }, 'az')).toBe('İstanbul, 11 yanvar 2022');
    expect(formatDateline({ place: 'London', date: '2022-01-11' }, 'en')).toBe('London, 11 January 2022');
    expect(formatDateline({ place: 'Washington', date: '2022-01-11' }, 'en-US')).toBe('Washington, January 11, 2022');
    expect(formatDateline({ place: 'Москва', date: '2022-01-11' }, 'ru')).toBe('Москва, 11 января 2022 г.');
    expect(formatDateline({ place: 'Bakı', date: null }, 'az')).toBe('Bakı');
  });
});
