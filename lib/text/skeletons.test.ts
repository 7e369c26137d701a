import { getSchema } from '@tiptap/core';
import { Node as PMNode } from '@tiptap/pm/model';
import { describe, expect, it } from 'vitest';
import { documentExtensions } from '@/lib/editor/extensions';
import { DOCUMENT_KINDS } from './document';
import { skeletonFor, type SkeletonNode } from './skeletons';

const schema = getSchema(documentExtensions());
const plain = (node: SkeletonNode): string => node.text ?? (node.type === 'hardBreak' ? '\n' : (node.content ?? []).map(plain).join(''));
const blocks = (doc: SkeletonNode) => (doc.content ?? []).map((b) => `${b.type}${b.attrs?.level ? b.attrs.level : ''}: ${plain(b)}`);

describe('document skeletons', () => {
  it('every kind in every language is a valid document of the editor schema', () => {
    for (const kind of DOCUMENT_KINDS) {
      for (const language of ['en', 'az', 'ru', 'kk', 'tr', 'az-Latn-AZ', 'x-unknown']) {
        const doc = skeletonFor({ kind, language, title: 'T', dateline: { place: 'Bakı', date: '2022-01-11' } });
        const node = PMNode.fromJSON(schema, doc);
        expect(() => node.check(), `${kind} in ${language}`).not.toThrow();
        // Nothing is lost on the way through the schema (no unknown attrs dropped, no mark refused).
        expect(node.toJSON(), `${kind} in ${language}`).toMatchObject(doc);
      }
    }
  });

  it('a press release has a headline, a dateline in capitals in the document language, a body, ENDS, notes to editors and a contact', () => {
    const doc = skeletonFor({ kind: 'press_release', language: 'en', title: 'Ministers meet in Baku', dateline: { place: 'Baku', date: '2022-01-11' } });
    expect(blocks(doc)).toEqual([
      'heading1: Ministers meet in Baku',
      'paragraph: BAKU, 11 January 2022 – [Lead: who, what, when, where and why, in one or two sentences.]',
      'paragraph: [Body: the details, most important first.]',
      'paragraph: “[A quote from the spokesperson.]”, said [name, title].',
      'paragraph: ENDS',
      'heading2: Notes to editors',
      'orderedList: [About the organisation, in two or three sentences.]',
      'heading2: Contact',
      'paragraph: [Name], [role]\n[email] · [telephone]',
    ]);
    expect(doc.content![4]!.attrs).toEqual({ textAlign: 'center' });
  });

  it('an Azerbaijani press release upper-cases the place with Azerbaijani rules and writes the date in Azerbaijani', () => {
    const doc = skeletonFor({ kind: 'press_release', language: 'az', title: 'Görüş', dateline: { place: 'İsmayıllı', date: '2022-01-11' } });
    expect(plain(doc.content![1]!)).toMatch(/^İSMAYILLI, 11 yanvar 2022 – /);
    expect(blocks(doc)).toContain('paragraph: SON');
    expect(blocks(doc)).toContain('heading2: Redaktorlar üçün qeydlər');
  });

  it('a speech has a salutation, a body and a closing, in Russian for a Russian speech', () => {
    expect(blocks(skeletonFor({ kind: 'speech', language: 'ru', title: 'Речь', dateline: null }))).toEqual([
      'paragraph: Ваши превосходительства, дамы и господа!',
      'paragraph: [Вступление: благодарность организаторам и цель встречи.]',
      'paragraph: [Основная часть: по одному тезису в абзаце.]',
      'paragraph: [Заключение: главная мысль, которую должна унести аудитория.]',
      'paragraph: Благодарю за внимание.',
    ]);
  });

  it('a language without its own words falls back to English, with the date still in that language', () => {
    const doc = skeletonFor({ kind: 'declaration', language: 'kk', title: 'Декларация', dateline: { place: 'Астана', date: '2022-01-11' } });
    expect(plain(doc.content![0]!)).toBe('We, [the parties],');
    expect(plain(doc.content!.at(-1)!)).toBe('Done at Астана, 2022 ж. 11 қаңтар');
  });

  it('without a dateline the skeleton asks for one', () => {
    expect(plain(skeletonFor({ kind: 'statement', language: 'en', title: 'S', dateline: null }).content![0]!)).toBe('[Place], [date]');
  });
});
