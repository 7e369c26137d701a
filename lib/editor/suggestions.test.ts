import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { canonicalContentJson, editorSchema } from './content';
import { acceptAll, decideSuggestions, listSuggestions, rejectAll, suggestionFootprints, type PMJson, type SuggestionAttrs } from './suggestions';

const leyla: SuggestionAttrs = { id: 's-leyla', authorId: 'u-leyla', authorName: 'Leyla Məmmədova', createdAt: '2026-12-06T10:00:00.000Z' };
const orhan: SuggestionAttrs = { id: 's-orhan', authorId: 'u-orhan', authorName: 'Orhan Əliyev', createdAt: '2026-12-06T10:01:00.000Z' };

type Mark = { type: string; attrs?: Record<string, unknown> };
const t = (text: string, ...marks: Mark[]): PMJson => ({ type: 'text', text, ...(marks.length ? { marks } : {}) });
const ins = (a: SuggestionAttrs): Mark => ({ type: 'suggestionInsert', attrs: { ...a } });
const del = (a: SuggestionAttrs): Mark => ({ type: 'suggestionDelete', attrs: { ...a } });
const bold: Mark = { type: 'bold' };
const p = (content: PMJson[], attrs?: Record<string, unknown>): PMJson => ({ type: 'paragraph', ...(attrs ? { attrs } : {}), content });
const doc = (...content: PMJson[]): PMJson => ({ type: 'doc', content });
const same = (a: PMJson, b: PMJson) => expect(canonicalContentJson(a)).toBe(canonicalContentJson(b));

describe('suggestions: "all rejected" gives back the text before anyone suggested', () => {
  it('adjacent suggestions by two people: an insertion right against another person’s deletion', () => {
    const before = doc(p([t('Azərbaycan Respublikası bəyan edir ki, sülh vacibdir.')]));
    const after = doc(p([t('Azərbaycan Respublikası '), t('bəyan edir', del(leyla)), t('qəti bəyan edir', ins(orhan)), t(' ki, sülh vacibdir.')]));
    same(rejectAll(after), before);
    same(acceptAll(after), doc(p([t('Azərbaycan Respublikası qəti bəyan edir ki, sülh vacibdir.')])));
    expect(listSuggestions(after).map((s) => [s.id, s.type, s.text, s.author.name])).toEqual([
      ['s-leyla', 'delete', 'bəyan edir', 'Leyla Məmmədova'],
      ['s-orhan', 'insert', 'qəti bəyan edir', 'Orhan Əliyev'],
    ]);
  });

  it('a deletion inside an insertion: rejecting the insertion takes the deletion with it; accepting both removes the deleted part', () => {
    const before = doc(p([t('Sülh danışıqları.')]));
    const after = doc(p([t('Sülh '), t('yeni ', ins(leyla)), t('çox ', ins(leyla), del(orhan)), t('danışıqları.')]));
    same(rejectAll(after), before);
    same(acceptAll(after), doc(p([t('Sülh yeni danışıqları.')])));
    // Only Orhan's deletion rejected: Leyla's insertion stays whole and open.
    same(
      decideSuggestions(after, (id) => id === orhan.id, 'reject'),
      doc(p([t('Sülh '), t('yeni çox ', ins(leyla)), t('danışıqları.')])),
    );
    // Only Leyla's insertion accepted: Orhan's deletion of part of it stays open.
    same(
      decideSuggestions(after, (id) => id === leyla.id, 'accept'),
      doc(p([t('Sülh yeni '), t('çox ', del(orhan)), t('danışıqları.')])),
    );
  });

  it('a suggestion spanning a paragraph break: an insertion with a new paragraph, and a deletion that joins two', () => {
    const before = doc(p([t('Birinci abzas.')]), p([t('İkinci abzas.')]));
    // Leyla types " Əlavə" then Enter then "Yeni cümlə" at the end of the first paragraph.
    const split = { type: 'split', ...leyla };
    const inserted = doc(p([t('Birinci abzas.'), t(' Əlavə', ins(leyla))]), p([t('Yeni cümlə', ins(leyla))], { suggestion: split }), p([t('İkinci abzas.')]));
    same(rejectAll(inserted), before);
    same(acceptAll(inserted), doc(p([t('Birinci abzas. Əlavə')]), p([t('Yeni cümlə')]), p([t('İkinci abzas.')])));
    expect(listSuggestions(inserted)).toEqual([
      { id: 's-leyla', type: 'insert', text: ' Əlavə\nYeni cümlə', author: { id: 'u-leyla', name: 'Leyla Məmmədova' }, createdAt: leyla.createdAt },
    ]);
    // Orhan deletes "abzas." across the break (the end of one paragraph and the start of the next).
    const join = { type: 'join', ...orhan };
    const deleted = doc(p([t('Birinci '), t('abzas.', del(orhan))]), p([t('İkinci', del(orhan)), t(' abzas.')], { suggestion: join }));
    same(rejectAll(deleted), before);
    same(acceptAll(deleted), doc(p([t('Birinci  abzas.')])));
    expect(listSuggestions(deleted)[0]).toMatchObject({ type: 'delete', text: 'abzas.\nİkinci' });
  });

  it('marks inside suggestions: bold inserted text and a deletion of italic text keep their other marks', () => {
    const italic: Mark = { type: 'italic' };
    const before = doc(p([t('Bəyanat ', italic), t('mətni')]));
    const after = doc(p([t('Bəyanat ', italic, del(leyla)), t('Yekun ', bold, ins(leyla)), t('mətni')]));
    same(rejectAll(after), before);
    same(acceptAll(after), doc(p([t('Yekun ', bold), t('mətni')])));
    expect(listSuggestions(after)[0]).toMatchObject({ type: 'replace', text: 'Yekun ', replaced: 'Bəyanat ' });
  });

  it('a paragraph of nothing but suggested text, and headings, reject to the same text', () => {
    const before = doc({ type: 'heading', attrs: { level: 2 }, content: [t('Başlıq')] });
    const after = doc(
      { type: 'heading', attrs: { level: 2 }, content: [t('Başlıq'), t(' əlavə', ins(orhan))] },
      p([t('Tam yeni', ins(orhan))], { suggestion: { type: 'split', ...orhan } }),
    );
    same(rejectAll(after), before);
    // A rejected split merges into the heading before: the heading keeps its level.
    same(acceptAll(after), doc({ type: 'heading', attrs: { level: 2 }, content: [t('Başlıq əlavə')] }, p([t('Tam yeni')])));
  });

  it('a change outside any suggestion shows: "all rejected" is not the text before', () => {
    const before = doc(p([t('Sülh.')]));
    expect(canonicalContentJson(rejectAll(doc(p([t('Sülh!')]))))).not.toBe(canonicalContentJson(before));
    expect(canonicalContentJson(rejectAll(doc(p([t('Sülh.', bold)]))))).not.toBe(canonicalContentJson(before));
    expect(canonicalContentJson(rejectAll(doc(p([t('Sülh.')], { textAlign: 'center' }))))).not.toBe(canonicalContentJson(before));
  });

  it('footprints notice two places that carry one id with different authors', () => {
    const forged = doc(p([t('a', ins(leyla)), t('b', ins({ ...leyla, authorId: 'u-orhan' }))]));
    expect(suggestionFootprints(forged).get('s-leyla')?.consistent).toBe(false);
    const malformed = doc(p([t('a', { type: 'suggestionInsert', attrs: { id: 'x' } })]));
    expect(suggestionFootprints(malformed).has('')).toBe(true);
  });
});

describe('suggestions in the schema and in Yjs', () => {
  it('marks and the block attribute survive a round trip through the Y.XmlFragment (what y-tiptap syncs)', () => {
    const after = doc(
      p([t('Birinci '), t('abzas.', del(orhan)), t('yeni', bold, ins(leyla))]),
      p([t('İkinci', del(orhan)), t(' abzas.')], { suggestion: { type: 'join', ...orhan } }),
    );
    const ydoc = new Y.Doc();
    prosemirrorJSONToYXmlFragment(editorSchema(), after, ydoc.getXmlFragment('default'));
    const back = yXmlFragmentToProsemirrorJSON(ydoc.getXmlFragment('default')) as PMJson;
    same(back, after);
    // In Yjs, a mark is a formatting attribute named after it whose value is the attributes.
    const text = (ydoc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    expect(text.toDelta()[1]).toEqual({ insert: 'abzas.', attributes: { suggestionDelete: { ...orhan } } });
    expect((ydoc.getXmlFragment('default').get(1) as Y.XmlElement).getAttribute('suggestion')).toEqual({ type: 'join', ...orhan });
  });

  it('the canonical body carries open suggestions (so the hash differs until they are decided)', () => {
    const open = canonicalContentJson(doc(p([t('Sülh '), t('indi', ins(leyla))])));
    expect(open).toContain('"suggestionInsert"');
    expect(open).toContain('"authorId":"u-leyla"');
  });
});
