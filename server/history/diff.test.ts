import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { restoreUpdate } from '@/server/collab/content';
import { Attribution } from './attribution';
import { diffBlocks, diffStates } from './diff';

/** A server-side document and its log: each update recorded with the user who sent it. */
function history() {
  const server = new Y.Doc({ gc: false });
  const log: { seq: number; userId: string; data: Uint8Array; createdAt: Date }[] = [];
  const client = (userId: string) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
    return {
      doc,
      edit(fn: (body: Y.XmlFragment) => void) {
        Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
        const sv = Y.encodeStateVector(doc);
        doc.transact(() => fn(doc.getXmlFragment('default')));
        const update = Y.encodeStateAsUpdate(doc, sv);
        log.push({ seq: log.length + 1, userId, data: update, createdAt: new Date() });
        Y.applyUpdate(server, update);
      },
    };
  };
  const attribution = () => {
    const a = new Attribution();
    a.add(log);
    return a;
  };
  return { server, client, attribution, state: () => Y.encodeStateAsUpdate(server) };
}

const paragraph = (text: string, name = 'paragraph') => {
  const p = new Y.XmlElement(name);
  p.insert(0, [new Y.XmlText(text)]);
  return p;
};

describe('diffStates', () => {
  it('names the inserted and deleted words and who inserted or deleted them', () => {
    const h = history();
    const alice = h.client('alice');
    const bob = h.client('bob');
    alice.edit((body) => body.push([paragraph('Hörmətli qonaqlar, xoş gəlmisiniz.')]));
    const v1 = h.state();
    bob.edit((body) => {
      const text = (body.get(0) as Y.XmlElement).get(0) as Y.XmlText;
      text.delete(9, 8); // "qonaqlar"
      text.insert(9, 'nümayəndələr');
    });
    alice.edit((body) => body.push([paragraph('Yeni abzas.')]));
    const changes = diffStates(v1, h.state(), h.attribution());
    expect(changes.map(({ op, text, authors, structural, block }) => ({ op, text, authors, structural, block }))).toEqual([
      { op: 'delete', text: 'qonaqlar', authors: ['bob'], structural: false, block: 'paragraph' },
      { op: 'insert', text: 'nümayəndələr', authors: ['bob'], structural: false, block: 'paragraph' },
      { op: 'insert', text: 'Yeni abzas.', authors: ['alice'], structural: true, block: 'paragraph' },
    ]);
  });

  it('shows a paragraph that became a heading as a structural change', () => {
    const h = history();
    const alice = h.client('alice');
    const bob = h.client('bob');
    alice.edit((body) => body.push([paragraph('Giriş')]));
    const v1 = h.state();
    bob.edit((body) => {
      body.delete(0, 1);
      const heading = paragraph('Giriş', 'heading');
      heading.setAttribute('level', '2' as unknown as string);
      body.insert(0, [heading]);
    });
    const changes = diffStates(v1, h.state(), h.attribution());
    expect(changes.map(({ op, text, authors, structural, block }) => ({ op, text, authors, structural, block }))).toEqual([
      { op: 'insert', text: 'Giriş', authors: ['bob'], structural: true, block: 'heading' },
      { op: 'delete', text: 'Giriş', authors: ['bob'], structural: true, block: 'paragraph' },
    ]);
  });

  it('reports nothing between a state and itself', () => {
    const h = history();
    h.client('alice').edit((body) => body.push([paragraph('Same.')]));
    expect(diffStates(h.state(), h.state(), h.attribution())).toEqual([]);
  });
});

describe('diffStates compares text, not Yjs items', () => {
  it('reports nothing when every paragraph was deleted and the same text inserted again (a restore, a paste)', () => {
    const h = history();
    h.client('alice').edit((body) => body.push([paragraph('Hörmətli qonaqlar,'), paragraph('Xoş gəlmisiniz.')]));
    const v1 = h.state();
    h.client('bob').edit((body) => {
      body.delete(0, body.length);
      body.push([paragraph('Hörmətli qonaqlar,'), paragraph('Xoş gəlmisiniz.')]);
    });
    expect(diffStates(v1, h.state(), h.attribution())).toEqual([]);
    expect(diffStates(h.state(), v1, h.attribution())).toEqual([]);
  });

  it('shows only the changed word of a retyped paragraph, by whoever wrote that word', () => {
    const h = history();
    h.client('alice').edit((body) => body.push([paragraph('The ministers agreed on three points today.')]));
    const v1 = h.state();
    h.client('bob').edit((body) => {
      body.delete(0, 1);
      body.push([paragraph('The ministers agreed on four points today.')]);
    });
    const changes = diffStates(v1, h.state(), h.attribution());
    expect(changes.map(({ op, text, authors, structural }) => ({ op, text, authors, structural }))).toEqual([
      { op: 'delete', text: 'three', authors: ['bob'], structural: false },
      { op: 'insert', text: 'four', authors: ['bob'], structural: false },
    ]);
  });

  it('marks a whole word changed by one letter, and credits the person who deleted the letter', () => {
    const h = history();
    h.client('alice').edit((body) => body.push([paragraph('A colour photograph.')]));
    const v1 = h.state();
    h.client('bob').edit((body) => ((body.get(0) as Y.XmlElement).get(0) as Y.XmlText).delete(6, 1));
    expect(diffStates(v1, h.state(), h.attribution()).map(({ op, text, authors }) => ({ op, text, authors }))).toEqual([
      { op: 'delete', text: 'colour', authors: ['bob'] },
      { op: 'insert', text: 'color', authors: ['bob'] },
    ]);
  });

  it('compares backwards: from the newer state to the older one, the later insertion reads as a deletion by its writer', () => {
    const h = history();
    h.client('alice').edit((body) => body.push([paragraph('One two.')]));
    const v1 = h.state();
    h.client('bob').edit((body) => ((body.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(3, ' and a half'));
    expect(diffStates(h.state(), v1, h.attribution()).map(({ op, text, authors }) => ({ op, text, authors }))).toEqual([
      { op: 'delete', text: 'and a half ', authors: ['bob'] },
    ]);
  });

  describe('tables (issue 22)', () => {
    const cell = (text: string, type = 'tableCell', attrs?: Record<string, unknown>) => ({
      type,
      ...(attrs ? { attrs } : {}),
      content: [{ type: 'paragraph', ...(text ? { content: [{ type: 'text', text }] } : {}) }],
    });
    const table = (rows: ReturnType<typeof cell>[][]) => ({
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'İmzalayanlar:' }] },
        { type: 'table', content: rows.map((content) => ({ type: 'tableRow', content })) },
      ],
    });
    /** Writes the body as the editor would (y-tiptap's minimal update on the user's copy), logged as that user. */
    const write = (h: ReturnType<typeof history>, userId: string, json: unknown) =>
      h.client(userId).edit((body) => {
        const update = restoreUpdate(body.doc!, JSON.stringify(json));
        expect(update.length).toBeGreaterThan(0);
      });

    it('names the cell of each changed word: row and column, header cells marked', () => {
      const h = history();
      const head = [cell('Ölkə', 'tableHeader'), cell('Paytaxt', 'tableHeader')];
      write(h, 'alice', table([head, [cell('Azərbaycan'), cell('Bakı')], [cell('Qazaxıstan'), cell('Astana')]]));
      const v1 = h.state();
      write(h, 'bob', table([head, [cell('Azərbaycan'), cell('Bakı şəhəri')], [cell('Qazaxıstan'), cell('Astana')], [cell('Özbəkistan'), cell('Daşkənd')]]));
      const changes = diffStates(v1, h.state(), h.attribution());
      expect(changes.map(({ op, text, authors, structural, cell: at }) => ({ op, text, authors, structural, cell: at }))).toEqual([
        { op: 'insert', text: ' şəhəri', authors: ['bob'], structural: false, cell: { row: 2, column: 2 } },
        { op: 'insert', text: 'Özbəkistan', authors: ['bob'], structural: true, cell: { row: 4, column: 1 } },
        { op: 'insert', text: 'Daşkənd', authors: ['bob'], structural: true, cell: { row: 4, column: 2 } },
      ]);
      // The header row was not touched; a header cell is named as one when it changes.
      write(
        h,
        'carol',
        table([
          [cell('Dövlət', 'tableHeader'), cell('Paytaxt', 'tableHeader')],
          [cell('Azərbaycan'), cell('Bakı şəhəri')],
        ]),
      );
      const v3 = diffBlocks(v1, h.state(), h.attribution()).filter((b) => b.segments.some((s) => s.op !== 'equal') || b.status !== 'same');
      expect(v3.find((b) => b.segments.some((s) => s.op === 'insert' && s.text === 'Dövlət'))?.cell).toEqual({ row: 1, column: 1, header: true });
      expect(v3.find((b) => b.status === 'removed' && b.segments[0]?.text === 'Astana')?.cell).toEqual({ row: 3, column: 2 });
    });

    it('counts a merged cell as the columns it spans', () => {
      const h = history();
      write(h, 'alice', table([[cell('Tarix', 'tableCell', { colspan: 2, rowspan: 1 }), cell('Yer')]]));
      const v1 = h.state();
      write(h, 'bob', table([[cell('Tarix', 'tableCell', { colspan: 2, rowspan: 1 }), cell('Yer: Şəki')]]));
      const changes = diffStates(v1, h.state(), h.attribution());
      expect(changes.length).toBeGreaterThan(0);
      expect(new Set(changes.map((c) => JSON.stringify(c.cell)))).toEqual(new Set([JSON.stringify({ row: 1, column: 3 })]));
    });
  });
});

describe('diffBlocks keeps the lists as they read', () => {
  const element = (name: string, children: Y.XmlElement[], attrs: Record<string, unknown> = {}) => {
    const node = new Y.XmlElement(name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v as string);
    node.insert(0, children);
    return node;
  };
  const item = (...blocks: Y.XmlElement[]) => element('listItem', blocks);

  it('numbers the items of an ordered list from its start, bullets a bullet list, and marks only the first block of an item', () => {
    const h = history();
    h.client('alice').edit((body) =>
      body.push([
        element(
          'orderedList',
          [item(paragraph('Ərzaq təhlükəsizliyi')), item(paragraph('Gənclər siyasəti'), paragraph('və təhsil')), item(paragraph('İqlim'))],
          {
            start: 4,
          },
        ),
        element('bulletList', [item(paragraph('Bakı'), element('bulletList', [item(paragraph('Şəki'))]))]),
        paragraph('Son.'),
      ]),
    );
    const v1 = h.state();
    h.client('bob').edit((body) =>
      ((((body.get(0) as Y.XmlElement).get(2) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(5, ' dəyişikliyi'),
    );
    const blocks = diffBlocks(v1, h.state(), h.attribution());
    expect(blocks.map((b) => [b.segments.map((s) => s.text).join(''), b.list ?? null, b.marker ?? null, b.depth ?? null])).toEqual([
      ['Ərzaq təhlükəsizliyi', 'orderedList', '4.', 1],
      ['Gənclər siyasəti', 'orderedList', '5.', 1],
      ['və təhsil', 'orderedList', null, 1],
      ['İqlim dəyişikliyi', 'orderedList', '6.', 1],
      ['Bakı', 'bulletList', '•', 1],
      ['Şəki', 'bulletList', '•', 2],
      ['Son.', null, null, null],
    ]);
  });
});
