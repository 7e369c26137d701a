import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { suggestOnlyProblem, suggestionView } from '@/lib/editor/suggest-only';
import type { PMJson, SuggestionAttrs } from '@/lib/editor/suggestions';
import { SuggestionChecker } from './suggestion-checker';

const NOW = Date.parse('2026-12-06T10:00:00.000Z');
const me = { id: 'u-rustam', name: 'Rustam Karimov' };
const mine = (id: string): SuggestionAttrs => ({ id, authorId: me.id, authorName: me.name, createdAt: new Date(NOW).toISOString() });
const theirs = (id: string): SuggestionAttrs => ({ id, authorId: 'u-aigerim', authorName: 'Aigerim Bekova', createdAt: '2026-12-06T09:00:00.000Z' });
const ins = (a: SuggestionAttrs) => ({ suggestionInsert: { ...a } });
const split = (a: SuggestionAttrs) => ({ type: 'split', ...a });
const join = (a: SuggestionAttrs) => ({ type: 'join', ...a });

type Block = Y.XmlElement;
function paragraph(text: string, suggestion?: object): Block {
  const p = new Y.XmlElement('paragraph');
  if (suggestion) p.setAttribute('suggestion', suggestion as unknown as string); // y-tiptap keeps attribute objects as they are
  const t = new Y.XmlText();
  t.insert(0, text);
  p.insert(0, [t]);
  return p;
}
function table(...cells: string[]): Block {
  const row = new Y.XmlElement('tableRow');
  row.insert(
    0,
    cells.map((c) => {
      const cell = new Y.XmlElement('tableCell');
      cell.insert(0, [paragraph(c)]);
      return cell;
    }),
  );
  const t = new Y.XmlElement('table');
  t.insert(0, [row]);
  return t;
}
function documentOf(...blocks: Block[]): Y.Doc {
  const doc = new Y.Doc({ gc: false });
  doc.getXmlFragment('default').insert(0, blocks);
  return doc;
}
const body = (doc: Y.Doc) => doc.getXmlFragment('default');
const textOf = (block: unknown) => (block as Y.XmlElement).get(0) as Y.XmlText;
/** The text of the paragraph in the first cell of the table at `index`. */
const cellText = (doc: Y.Doc, index: number, cell: number) =>
  textOf((((body(doc).get(index) as Y.XmlElement).get(0) as Y.XmlElement).get(cell) as Y.XmlElement).get(0));

/** An edit made by another client on its copy of `doc`, as the update it sends. */
function edit(doc: Y.Doc, change: (copy: Y.Doc) => void): Uint8Array {
  const copy = new Y.Doc({ gc: false });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(copy);
  change(copy);
  const update = Y.encodeStateAsUpdate(copy, before);
  copy.destroy();
  return update;
}

/** The rule read over the whole document, as the server read it before the check became incremental. */
function wholeDocumentProblem(doc: Y.Doc, update: Uint8Array): string | null {
  const replica = new Y.Doc({ gc: false });
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
  const before = suggestionView(yXmlFragmentToProsemirrorJSON(body(replica)) as PMJson);
  Y.applyUpdate(replica, update);
  const after = suggestionView(yXmlFragmentToProsemirrorJSON(body(replica)) as PMJson);
  replica.destroy();
  return suggestOnlyProblem(before, after, me, NOW);
}

/**
 * Judges `update` with the incremental checker (kept across calls, as the server keeps it)
 * and with the whole-document rule; they must agree. An accepted update is applied to `doc`,
 * as the server applies it.
 */
function judge(checker: SuggestionChecker, doc: Y.Doc, update: Uint8Array): string | null {
  const expected = wholeDocumentProblem(doc, update);
  const problem = checker.problem(doc, [], update, me, NOW);
  expect(problem).toBe(expected);
  if (problem === null) Y.applyUpdate(doc, update);
  return problem;
}

describe('the incremental suggest-only check agrees with the whole-document rule', () => {
  it('an update touching two blocks: suggestions in both pass, a plain word in the second does not', () => {
    const doc = documentOf(paragraph('Birinci abzas.'), paragraph('İkinci abzas.'), paragraph('Üçüncü abzas.'));
    const checker = new SuggestionChecker();
    const both = edit(doc, (c) => {
      textOf(body(c).get(0)).insert(0, 'Yeni ', ins(mine('s-1')));
      textOf(body(c).get(2)).insert(0, 'Son ', ins(mine('s-1')));
    });
    expect(judge(checker, doc, both)).toBeNull();
    const plain = edit(doc, (c) => {
      textOf(body(c).get(0)).insert(0, 'Daha ', ins(mine('s-2')));
      textOf(body(c).get(2)).insert(0, 'gizli ');
    });
    expect(judge(checker, doc, plain)).toBe('changes the text outside suggestions');
  });

  it('a proposed join is a suggestion; a real join is not', () => {
    const doc = documentOf(paragraph('Sülh.'), paragraph('Əməkdaşlıq.'), paragraph('Ticarət.'));
    const checker = new SuggestionChecker();
    expect(
      judge(
        checker,
        doc,
        edit(doc, (c) => (body(c).get(1) as Y.XmlElement).setAttribute('suggestion', join(mine('s-j')) as never)),
      ),
    ).toBeNull();
    const realJoin = edit(doc, (c) => {
      textOf(body(c).get(0)).insert(5, 'Ticarət.');
      body(c).delete(2, 1);
    });
    expect(judge(checker, doc, realJoin)).toBe('changes the text outside suggestions');
  });

  it('a proposed split passes; a split without the proposal, or a proposal set or dropped on a block in place, does not', () => {
    const doc = documentOf(paragraph('Sülh danışıqları.'), paragraph('Ticarət.'));
    const checker = new SuggestionChecker();
    const proposed = edit(doc, (c) => {
      textOf(body(c).get(0)).delete(4, 13);
      body(c).insert(1, [paragraph(' danışıqları.', split(mine('s-s')))]);
    });
    expect(judge(checker, doc, proposed)).toBeNull();
    // Dropping the proposal without joining: the block before is outside what the update touched.
    expect(
      judge(
        checker,
        doc,
        edit(doc, (c) => (body(c).get(1) as Y.XmlElement).removeAttribute('suggestion')),
      ),
    ).toBe('changes the text outside suggestions');
    // Proposing a break on a block that is already a paragraph of its own (it would vanish on rejection).
    expect(
      judge(
        checker,
        doc,
        edit(doc, (c) => (body(c).get(2) as Y.XmlElement).setAttribute('suggestion', split(mine('s-t')) as never)),
      ),
    ).toBe('changes the text outside suggestions');
    const unmarked = edit(doc, (c) => {
      textOf(body(c).get(2)).delete(3, 5);
      body(c).insert(3, [paragraph('aret.')]);
    });
    expect(judge(checker, doc, unmarked)).toBe('changes the text outside suggestions');
  });

  it('an edit right before someone else’s proposed break is judged with the block that merges into it', () => {
    const doc = documentOf(paragraph('Birinci'), paragraph(' ikinci.', split(theirs('s-x'))), paragraph('Üçüncü.'));
    const checker = new SuggestionChecker();
    expect(
      judge(
        checker,
        doc,
        edit(doc, (c) => textOf(body(c).get(0)).insert(7, ' yeni', ins(mine('s-1')))),
      ),
    ).toBeNull();
    // Deleting the block before the break: the break's block now starts the text.
    expect(
      judge(
        checker,
        doc,
        edit(doc, (c) => body(c).delete(0, 1)),
      ),
    ).toBe('changes the text outside suggestions');
    // Turning the first block into one that merges elsewhere.
    expect(
      judge(
        checker,
        doc,
        edit(doc, (c) => body(c).insert(0, [paragraph('Başlıq', split(mine('s-2')))])),
      ),
    ).toBe('changes the text outside suggestions');
  });

  it('in a table cell, a suggestion passes and a plain edit does not', () => {
    const doc = documentOf(paragraph('Cədvəl:'), table('Azərbaycan', 'Qazaxıstan'), paragraph('Son.'));
    const checker = new SuggestionChecker();
    expect(
      judge(
        checker,
        doc,
        edit(doc, (c) => cellText(c, 1, 1).insert(0, 'Respublika ', ins(mine('s-c')))),
      ),
    ).toBeNull();
    expect(
      judge(
        checker,
        doc,
        edit(doc, (c) => cellText(c, 1, 0).delete(0, 3)),
      ),
    ).toBe('changes the text outside suggestions');
  });

  it('a proposed new list item passes; a new list item without the proposal does not', () => {
    const item = (text: string, suggestion?: object) => {
      const li = new Y.XmlElement('listItem');
      li.insert(0, [paragraph(text, suggestion)]);
      return li;
    };
    const list = new Y.XmlElement('bulletList');
    list.insert(0, [item('Sülh və əməkdaşlıq'), item('Ticarət')]);
    const doc = documentOf(paragraph('Siyahı:'), list);
    const checker = new SuggestionChecker();
    const items = (c: Y.Doc) => body(c).get(1) as Y.XmlElement;
    const proposed = edit(doc, (c) => {
      textOf((items(c).get(0) as Y.XmlElement).get(0)).delete(4, 14);
      items(c).insert(1, [item(' və əməkdaşlıq', split(mine('s-li')))]);
    });
    expect(judge(checker, doc, proposed)).toBeNull();
    expect(
      judge(
        checker,
        doc,
        edit(doc, (c) => items(c).insert(3, [item('Enerji')])),
      ),
    ).toBe('changes the text outside suggestions');
  });

  it('at the very start and the very end of the text', () => {
    const doc = documentOf(paragraph('Əvvəl.'), paragraph('Orta.'), paragraph('Axır.'));
    const checker = new SuggestionChecker();
    expect(
      judge(
        checker,
        doc,
        edit(doc, (c) => textOf(body(c).get(0)).insert(0, 'Ən ', ins(mine('s-a')))),
      ),
    ).toBeNull();
    // A proposed new last paragraph: a break at the end of the last one, with suggested text.
    const appended = edit(doc, (c) => {
      const p = paragraph('', split(mine('s-b')));
      body(c).push([p]);
      textOf(p).insert(0, 'Əlavə.', ins(mine('s-b')));
    });
    expect(judge(checker, doc, appended)).toBeNull();
    expect(
      judge(
        checker,
        doc,
        edit(doc, (c) => body(c).push([paragraph('Gizli.')])),
      ),
    ).toBe('changes the text outside suggestions');
    expect(
      judge(
        checker,
        doc,
        edit(doc, (c) => body(c).delete(0, 1)),
      ),
    ).toBe('changes the text outside suggestions');
    expect(
      judge(
        checker,
        doc,
        edit(doc, (c) => textOf(body(c).get(0)).insert(0, 'x')),
      ),
    ).toBe('changes the text outside suggestions');
  });

  it('a suggestion is one thing across blocks: a second part with another time, or a malformed mark elsewhere, refuses', () => {
    const doc = documentOf(paragraph('Bir.'), paragraph('İki.'), paragraph('Üç.'), paragraph('Dörd.'));
    const checker = new SuggestionChecker();
    expect(
      judge(
        checker,
        doc,
        edit(doc, (c) => textOf(body(c).get(0)).insert(0, 'A ', ins(mine('s-1')))),
      ),
    ).toBeNull();
    const later = { ...mine('s-1'), createdAt: new Date(NOW + 1000).toISOString() };
    expect(
      judge(
        checker,
        doc,
        edit(doc, (c) => textOf(body(c).get(3)).insert(0, 'B ', ins(later))),
      ),
    ).toBe('carries a malformed suggestion');
    // Someone else's suggestion, growing in a block the update touches while its first part is far away.
    const other = documentOf(paragraph('Bir.'), paragraph('İki.', undefined));
    textOf(body(other).get(0)).insert(0, 'X ', ins(theirs('s-9')));
    const otherChecker = new SuggestionChecker();
    expect(
      judge(
        otherChecker,
        other,
        edit(other, (c) => textOf(body(c).get(1)).insert(0, 'Y ', ins(theirs('s-9')))),
      ),
    ).toBe('writes a suggestion in someone else’s name');
    // A malformed mark written by a direct edit far from the update: the whole rule refused every update, so does this one.
    const broken = documentOf(paragraph('Bir.'), paragraph('İki.'));
    textOf(body(broken).get(0)).insert(0, 'Z ', { suggestionInsert: { id: 'z' } });
    expect(
      judge(
        new SuggestionChecker(),
        broken,
        edit(broken, (c) => textOf(body(c).get(1)).insert(0, 'Y ', ins(mine('s-3')))),
      ),
    ).toBe('carries a malformed suggestion');
  });

  it('follows the document between checks (edits by others, a refused update dropped), and agrees on random edits', () => {
    const doc = documentOf(...Array.from({ length: 12 }, (_, i) => paragraph(`Abzas ${i} mətni.`)));
    const checker = new SuggestionChecker();
    let seed = 21;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; // a fixed sequence (LCG), so a failure repeats
      return (seed >>> 16) % n;
    };
    const outcomes = new Map<string, number>();
    for (let round = 0; round < 150; round++) {
      const n = body(doc).length;
      const at = random(n);
      const id = `s-${round}`;
      const kind = random(8);
      const update = edit(doc, (c) => {
        const f = body(c);
        const text = textOf(f.get(at));
        if (kind === 0) text.insert(random(text.length + 1), 'söz ', ins(mine(id)));
        else if (kind === 1) text.insert(random(text.length + 1), 'söz ');
        else if (kind === 2) f.insert(at + 1, [paragraph('', split(mine(id)))]);
        else if (kind === 3) (f.get(at) as Y.XmlElement).setAttribute('suggestion', (random(2) ? split : join)(mine(id)) as never);
        else if (kind === 4) (f.get(at) as Y.XmlElement).removeAttribute('suggestion');
        else if (kind === 5 && text.length > 2) text.format(0, 2, { suggestionDelete: mine(id) });
        else if (kind === 6 && n > 3) f.delete(at, 1);
        else text.insert(0, 'x', ins(random(2) ? theirs(id) : mine(id)));
      });
      const problem = judge(checker, doc, update);
      outcomes.set(problem ?? 'accepted', (outcomes.get(problem ?? 'accepted') ?? 0) + 1);
      // Now and then a colleague edits directly (in draft, beside a ?suggest=1 connection).
      if (round % 10 === 5)
        Y.applyUpdate(
          doc,
          edit(doc, (c) => textOf(body(c).get(random(body(c).length))).insert(0, 'Redaktə ')),
        );
    }
    // Both verdicts were met many times, so the agreement above means something.
    expect(outcomes.get('accepted')).toBeGreaterThan(20);
    expect(outcomes.get('changes the text outside suggestions')).toBeGreaterThan(20);
  });
});
