import { describe, expect, it } from 'vitest';
import { upperCaseIn } from './case';
import { countText, formatDuration, speakingSeconds } from './counts';

describe('text counts', () => {
  it('counts words by the language and characters as a reader sees them', () => {
    expect(countText('Hörmətli xanımlar və cənablar!', 'az')).toEqual({ words: 4, characters: 30 });
    expect(countText('Құрметті әріптестер, қош келдіңіздер.', 'kk').words).toBe(4);
    expect(countText('Уважаемые коллеги — добро пожаловать.', 'ru').words).toBe(4);
    // "ё" written as е + combining diaeresis is one character
    expect(countText('е\u0308лка', 'ru').characters).toBe(4);
    expect(countText('', 'en')).toEqual({ words: 0, characters: 0 });
  });

  it('estimates speaking time from the pace', () => {
    expect(speakingSeconds(260, 130)).toBe(120);
    expect(speakingSeconds(100, 0)).toBe(0);
    expect(formatDuration(125)).toBe('2 min 05 s');
    expect(formatDuration(45)).toBe('45 s');
  });
});

describe('upper-casing in the document language', () => {
  it('gives Azerbaijani and Turkish their dotted and dotless capitals', () => {
    expect(upperCaseIn('istiqlal ılıq', 'az')).toBe('İSTİQLAL ILIQ');
    expect(upperCaseIn('istanbul ışık', 'tr')).toBe('İSTANBUL IŞIK');
    expect(upperCaseIn('istanbul', 'en')).toBe('ISTANBUL');
    expect(upperCaseIn('қош келдіңіз', 'kk')).toBe('ҚОШ КЕЛДІҢІЗ');
    expect(upperCaseIn('oʻzbek', 'uz')).toBe('OʻZBEK');
  });
});
