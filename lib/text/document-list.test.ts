import { describe, expect, it } from 'vitest';
import { defaultCollation, parseDocumentListQuery, titleCollator } from './document-list';

describe('document list queries', () => {
  it('reads the parameters, treating empty ones as "any", and names each one it cannot use', () => {
    expect(parseDocumentListQuery(new URLSearchParams('q=%20&kind=&language=AZ&sort=title&page=2'))).toEqual({
      query: { q: null, kind: null, language: 'az', state: null, sort: 'title', collation: null, page: 2 },
      problems: [],
      unacceptable: [],
    });
    const long = parseDocumentListQuery({ q: 'ə'.repeat(201) });
    expect([long.query.q, long.problems, long.unacceptable]).toEqual([null, [], ['The search must be at most 200 characters.']]);
    const { query, problems } = parseDocumentListQuery({ kind: 'memo', state: 'archived', sort: 'random', collation: 'not a tag!', page: '0' });
    expect(query).toMatchObject({ kind: null, state: null, sort: 'updated', collation: null, page: 1 });
    expect(problems).toHaveLength(5);
  });

  it('the collator follows the alphabet: Azerbaijani Ç after C and X before I; numbers by value', () => {
    const az = titleCollator('az');
    expect(['Çay', 'Cənub', 'İlk', 'Xəbər', 'Işıq'].sort(az.compare)).toEqual(['Cənub', 'Çay', 'Xəbər', 'Işıq', 'İlk']);
    expect(['No. 10', 'No. 2'].sort(titleCollator('en').compare)).toEqual(['No. 2', 'No. 10']);
  });

  it('without a chosen alphabet: the language filter, then Accept-Language, then English', () => {
    expect(defaultCollation({ collation: 'kk', language: 'az' }, 'tr')).toBe('kk');
    expect(defaultCollation({ collation: null, language: 'az' }, 'tr')).toBe('az');
    expect(defaultCollation({ collation: null, language: null }, 'tr-TR,tr;q=0.9,en;q=0.5')).toBe('tr-TR');
    expect(defaultCollation({ collation: null, language: null }, '*')).toBe('en');
    expect(defaultCollation({ collation: null, language: null }, null)).toBe('en');
  });
});
