import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Transform } from '@tiptap/pm/transform';
import { describe, expect, it } from 'vitest';
import { countText } from '@/lib/text/counts';
import { editorSchema } from './content';
import { countDocument, countDocumentWithin, documentCountStats } from './document-counts';

const schema = editorSchema();

/** What the editor counted before: the whole text, blocks joined by "\n", segmented at once. */
function wholeText(doc: ProseMirrorNode, language: string) {
  return countText(doc.textBetween(0, doc.content.size, '\n', '\n'), language);
}

function paragraph(text: string) {
  return text ? schema.nodes.paragraph!.create(null, schema.text(text)) : schema.nodes.paragraph!.create();
}

function speech(): ProseMirrorNode {
  const { heading, bulletList, listItem, blockquote, hardBreak } = schema.nodes;
  return schema.nodes.doc!.create(null, [
    heading!.create({ level: 2 }, schema.text('1. Hörmətli xanımlar və cənablar!')),
    paragraph('Құрметті әріптестер, қош келдіңіздер.'),
    paragraph(''),
    schema.nodes.paragraph!.create(null, [schema.text('Уважаемые коллеги'), hardBreak!.create(), schema.text('добро пожаловать.')]),
    bulletList!.create(null, [listItem!.create(null, paragraph('oʻzbek tili')), listItem!.create(null, paragraph('е\u0308лка и ёж'))]),
    blockquote!.create(null, [paragraph('Ərzaq-ərzaq, "sitat" — son.'), paragraph('🇦🇿 👩‍👩‍👧 bayraq')]),
    paragraph('Son söz.'),
  ]);
}

describe('document counts, block by block', () => {
  it('equal the counts of the whole text, in every language the organisation writes', () => {
    const doc = speech();
    for (const language of ['az', 'kk', 'ru', 'uz', 'en', 'tr']) expect(countDocument(doc, language)).toEqual(wholeText(doc, language));
    expect(countDocument(schema.nodes.doc!.create(null, paragraph('')), 'az')).toEqual({ words: 0, characters: 0 });
  });

  it('count a "\\r" at the end of a paragraph and the line break after it as one character, as the whole text does', () => {
    const doc = schema.nodes.doc!.create(null, [
      paragraph('bir\r'),
      paragraph('iki\r'),
      schema.nodes.bulletList!.create(null, schema.nodes.listItem!.create(null, paragraph('üç'))),
    ]);
    expect(countDocument(doc, 'az')).toEqual(wholeText(doc, 'az'));
  });

  it('stay right through typing, deleting, splitting and joining paragraphs', () => {
    let doc = speech();
    const edits: ((tr: Transform) => void)[] = [
      (tr) => tr.insert(5, schema.text(' yeni söz')),
      (tr) => tr.delete(3, 9),
      (tr) => tr.split(20),
      (tr) => tr.join(tr.doc.child(0).nodeSize),
      (tr) => tr.insert(tr.doc.content.size, paragraph('əlavə abzas')),
      (tr) => tr.insert(10, schema.text('\r')),
      (tr) => tr.replaceWith(0, tr.doc.content.size, paragraph('hamısı yenidən')),
    ];
    for (const edit of edits) {
      const tr = new Transform(doc);
      edit(tr);
      doc = tr.doc;
      expect(countDocument(doc, 'az')).toEqual(wholeText(doc, 'az'));
    }
  });

  it('segment only the paragraph that changed: untouched ones come from the cache', () => {
    const blocks = Array.from({ length: 500 }, (_, i) => paragraph(`Abzas ${i}: əməkdaşlıq və qarşılıqlı hörmət.`));
    const doc = schema.nodes.doc!.create(null, blocks);
    const before = documentCountStats.blocksSegmented;
    countDocument(doc, 'az');
    expect(documentCountStats.blocksSegmented - before).toBe(500);

    const tr = new Transform(doc).insert(3, schema.text('ə'));
    const afterEdit = documentCountStats.blocksSegmented;
    expect(countDocument(tr.doc, 'az')).toEqual(wholeText(tr.doc, 'az'));
    expect(documentCountStats.blocksSegmented - afterEdit).toBe(1);

    // The same document again (a selection change): nothing is segmented.
    const again = documentCountStats.blocksSegmented;
    countDocument(tr.doc, 'az');
    expect(documentCountStats.blocksSegmented - again).toBe(0);

    // Another language is counted by its own rules, not from the other language's cache.
    countDocument(tr.doc, 'kk');
    expect(documentCountStats.blocksSegmented - again).toBe(500);
  });

  it('counted a few paragraphs at a time (the open of a long text), come to the counts of the whole text', () => {
    const blocks = Array.from({ length: 50 }, (_, i) => paragraph(`Abzas ${i}: Türk dövlətlərinin birgə bəyanatı.`));
    let doc = schema.nodes.doc!.create(null, [schema.nodes.bulletList!.create(null, schema.nodes.listItem!.create(null, paragraph('siyahı'))), ...blocks]);
    const before = documentCountStats.blocksSegmented;
    let calls = 0;
    let counts = null;
    while (counts === null && calls < 100) {
      calls++;
      let budget = 7; // paragraphs per call
      counts = countDocumentWithin(doc, 'uz', () => budget-- > 0);
      // An edit between two calls: the untouched paragraphs keep what was counted.
      if (calls === 3) doc = new Transform(doc).insert(doc.content.size - 3, schema.text(' yana')).doc;
    }
    expect(calls).toBe(8); // 51 paragraphs, 7 at a time
    expect(counts).toEqual(wholeText(doc, 'uz'));
    expect(documentCountStats.blocksSegmented - before).toBe(51); // each once: the edited one was not yet counted
    expect(countDocumentWithin(doc, 'uz', () => false)).toEqual(wholeText(doc, 'uz'));
  });
});
