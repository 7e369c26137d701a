import { describe, expect, it } from 'vitest';
import { foldText, keyMatches, searchKey, searchKeys, searchTerms, snippetOf, termPrefixes } from './fold';

/** Whether every word of `q` is a word of `text` under search folding (the last by prefix). */
function finds(q: string, text: string): boolean {
  const terms = searchTerms(q);
  if (!terms) return false;
  const words = searchKeys(text).split(' ');
  return terms.keys.every((k) => words.some((w) => keyMatches(w, { keys: [k] })));
}

describe('search folding', () => {
  it('folds the Turkic letters a person types without the layout', () => {
    expect(foldText('Təşkilat İŞLƏR Çıxış ÖĞÜ ő ű')).toBe('teskilat isler cixis ogu o u');
    expect(foldText('Oʻzbekiston O’zbekiston')).toBe('ozbekiston ozbekiston');
    expect(foldText('Қазақстан әғқңөұүһі')).toBe('казакстан агкноуухи');
    expect(foldText('Éire naïve Ångström')).toBe('eire naive angstrom');
  });

  it('finds the words of the walk-through', () => {
    expect(finds('teskilat', 'Beynəlxalq təşkilatlar və təşkilat')).toBe(true);
    expect(finds('isler', 'Xarici İşlər Nazirliyi')).toBe(true);
    expect(finds('cixis', 'Prezidentin çıxışı və çıxış')).toBe(true);
    expect(finds('qazaxistan', 'Qazaxıstan Respublikası')).toBe(true);
    expect(finds('Qazaxıstan', 'QAZAXISTAN RESPUBLIKASI')).toBe(true);
    expect(finds('teskilat', 'Beynəlxalq əməkdaşlıq')).toBe(false);
  });

  it('gives each word its own key however many distinct words came before (the keys seen lately are kept, within a bound)', () => {
    const words = Array.from({ length: 120_000 }, (_, i) => `Təşkilat${i.toString(36)}`);
    const first = searchKeys(words.slice(0, 3).join(' '));
    expect(searchKeys(words.join(' ')).split(' ')).toEqual(words.map((w) => searchKey(w)));
    // The same words after the cache was emptied and filled again: the same keys.
    expect(searchKeys(words.slice(0, 3).join(' '))).toBe(first);
    expect(first.split(' ')[0]).toBe('teskilat0');
    expect(searchKeys('Қазақстан Qazaxıstan Қазақстан')).toBe('kazakstan kazakistan kazakstan');
  });

  it('finds Cyrillic from Latin and back through one Latin key', () => {
    expect(searchKey('Қазақстан')).toBe(searchKey('qazaxstan'));
    expect(searchKey('Казахстан')).toBe(searchKey('Kazakhstan'));
    expect(finds('qazaxstan', 'Қазақстан Республикасы')).toBe(true);
    expect(finds('астана', 'Astana şəhərində')).toBe(true);
    expect(finds('qazaxstan', 'Қырғызстан')).toBe(false);
  });

  it('takes each word as the start of a word (suffixes, and the word being typed), and every word must match', () => {
    expect(finds('qazax', 'Qazaxıstan')).toBe(true);
    expect(finds('teskilat isler', 'təşkilatların işlərində')).toBe(true);
    expect(finds('respublika qazax', 'Qazaxıstan Respublikası')).toBe(true);
    expect(finds('respublika qazax', 'Qırğızıstan Respublikası')).toBe(false);
    expect(finds('stan', 'Qazaxıstan')).toBe(false);
  });

  it('finds a word by its dictionary form however a suffix softened its last consonant', () => {
    expect(finds('əməkdaşlıq', 'qonşu dövlətlərlə əməkdaşlığın genişləndirilməsi')).toBe(true);
    expect(finds('təhlükəsizlik', 'Ərzaq təhlükəsizliyi')).toBe(true);
    expect(finds('çörək', 'çörəyimiz')).toBe(true);
    expect(finds('kitap', 'Kitabı okudum')).toBe(true);
    expect(finds('kanat', 'kanadı kırık')).toBe(true);
    expect(finds('тілек', 'Біздің тілегіміз')).toBe(true);
    expect(finds('qishloq', 'qishlogʻimiz')).toBe(true);
    // The key as typed still finds itself, and nothing changes where no suffix could soften it.
    expect(finds('əməkdaşlıq', 'əməkdaşlıq')).toBe(true);
    expect(finds('əməkdaşlıq', 'əməkdaşlar')).toBe(false);
    expect(termPrefixes('emekdaslik')).toEqual(['emekdaslik', 'emekdaslig', 'emekdasliy']);
    expect(termPrefixes('kitap')).toEqual(['kitap', 'kitab']);
    expect(termPrefixes('respublika')).toEqual(['respublika']);
    // A short start of a word is being typed: "kit" is not also "kid".
    expect(termPrefixes('kit')).toEqual(['kit']);
    expect(finds('kit', 'kid')).toBe(false);
  });

  it('reduces any query, hostile ones included, to letters and digits', () => {
    expect(searchTerms('"')).toBeNull();
    expect(searchTerms('*')).toBeNull();
    expect(searchTerms('NEAR(')).toEqual({ keys: ['near'] });
    expect(searchTerms(`a" OR b:* & !c | 'd'`)?.keys).toEqual(['a', 'or', 'b', 'c', 'd']);
    for (const key of searchTerms('x"y*z) ( AND NOT ^ - + "é"')!.keys) expect(key).toMatch(/^[\p{L}\p{N}]+$/u);
  });

  it('marks the matched words of the best passage by offsets', () => {
    const text = `${'Giriş sözü. '.repeat(30)}Azərbaycan və Qazaxıstan arasında «əməkdaşlıq» genişlənir. ${'Son söz. '.repeat(30)}`;
    const snippet = snippetOf(text, searchTerms('qazaxistan əməkdaşlıq')!)!;
    expect(snippet.text.startsWith('…')).toBe(true);
    expect(snippet.text.endsWith('…')).toBe(true);
    expect(snippet.highlights.map(([s, e]) => snippet.text.slice(s, e))).toEqual(['Qazaxıstan', 'əməkdaşlıq']);
    expect(snippetOf(text, searchTerms('yoxdur')!)).toBeNull();
    const short = snippetOf('Oʻzbekiston  va\nQozogʻiston', searchTerms('qozogiston')!)!;
    expect(short.text).toBe('Oʻzbekiston va Qozogʻiston');
    expect(short.highlights.map(([s, e]) => short.text.slice(s, e))).toEqual(['Qozogʻiston']);
  });
});
