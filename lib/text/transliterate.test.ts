import { describe, expect, it } from 'vitest';
import { toAscii } from './transliterate';

describe('toAscii: letters transliterated, never dropped', () => {
  it('Azerbaijani, Turkish, Uzbek and Hungarian letters become their base letters', () => {
    expect(toAscii('Türk dövlətləri təşkilatının zirvə görüşü')).toBe('Turk dovletleri teskilatinin zirve gorusu');
    expect(toAscii('İstanbul, Iğdır, Çağrı, Şəki, Əli')).toBe('Istanbul, Igdir, Cagri, Seki, Eli');
    expect(toAscii('Oʻzbekiston, gʻalaba')).toBe('Ozbekiston, galaba');
    expect(toAscii('Győr, Dőry, Fűzfő')).toBe('Gyor, Dory, Fuzfo');
  });

  it('Kazakh, Kyrgyz and Russian Cyrillic become Latin', () => {
    expect(toAscii('Қазақстан Республикасының мәлімдемесі')).toBe('Qazaqstan Respublikasynyn malimdemesi');
    expect(toAscii('Кыргыз Республикасынын өкмөтү')).toBe('Kyrgyz Respublikasynyn okmotu');
    expect(toAscii('Заявление Министерства иностранных дел о встрече в Щучинске')).toBe('Zayavlenie Ministerstva inostrannykh del o vstreche v Shchuchinske');
    expect(toAscii('Объём, подъезд, ёлка, Юрий')).toBe('Obyom, podezd, yolka, Yuriy');
  });
});
