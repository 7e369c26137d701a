import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AnchorError, locateAnchor, placeAnchor, plainTextOf } from './anchor';

/** A body as TipTap stores it: paragraphs (and a list) of Y.XmlText in the fragment `default`. */
function body(...paragraphs: string[]): { doc: Y.Doc; texts: Y.XmlText[] } {
  const doc = new Y.Doc();
  const texts: Y.XmlText[] = [];
  const fragment = doc.getXmlFragment('default');
  for (const p of paragraphs) {
    const el = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    text.insert(0, p);
    el.insert(0, [text]);
    fragment.insert(fragment.length, [el]);
    texts.push(text);
  }
  return { doc, texts };
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const problem = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof AnchorError ? err.problem : String(err);
  }
  return null;
};

describe('comment anchors', () => {
  it('reads the body as blocks joined by a newline, lists and hard breaks included', () => {
    const { doc } = body('One', 'Two');
    const list = new Y.XmlElement('bulletList');
    const item = new Y.XmlElement('listItem');
    const para = new Y.XmlElement('paragraph');
    const t = new Y.XmlText();
    t.insert(0, 'bold', { bold: true });
    t.insert(4, ' item');
    para.insert(0, [t, new Y.XmlElement('hardBreak'), new Y.XmlText('after')]);
    item.insert(0, [para]);
    list.insert(0, [item]);
    doc.getXmlFragment('default').insert(2, [list, new Y.XmlElement('paragraph')]);
    expect(plainTextOf(doc).text).toBe('One\nTwo\nbold item\nafter\n');
  });

  it('finds the one occurrence, uses prefix and suffix to choose, and refuses what is missing or ambiguous', () => {
    const { doc } = body('the cat sat', 'the cat ran');
    expect(problem(() => placeAnchor(doc, { exact: 'dog' }))).toBe('not_found');
    expect(problem(() => placeAnchor(doc, { exact: 'the cat' }))).toBe('ambiguous');
    expect(placeAnchor(doc, { exact: 'the cat', suffix: ' ran' }).quote).toBe('the cat');
    const a = placeAnchor(doc, { exact: 'cat', prefix: 'the ', suffix: ' sat' });
    expect(locateAnchor(doc, a.start, a.end)).toEqual({ from: 4, to: 7 });
    expect(problem(() => placeAnchor(doc, { exact: 'cat', prefix: 'a ' }))).toBe('not_found');
    const across = placeAnchor(doc, { exact: 'sat\nthe' });
    expect(locateAnchor(doc, across.start, across.end)).toEqual({ from: 8, to: 15 });
  });

  it('follows typing before and inside the passage, and not after it', () => {
    const { doc, texts } = body('Alpha beta gamma');
    const a = placeAnchor(doc, { exact: 'beta' });
    texts[0]!.insert(0, '>> ');
    texts[0]!.insert(11, 'XX'); // inside "beta": ">> Alpha be|ta"
    texts[0]!.insert(15, '!'); // right after the passage
    const range = locateAnchor(doc, a.start, a.end)!;
    expect(plainTextOf(doc).text.slice(range.from, range.to)).toBe('beXXta');
  });

  it('is on deleted text when the passage goes, and back when an undo manager brings it back', () => {
    const { doc, texts } = body('Keep this sentence here.', 'Second.');
    const a = placeAnchor(doc, { exact: 'this sentence' });
    const undo = new Y.UndoManager(doc.getXmlFragment('default'));
    texts[0]!.delete(5, 'this sentence '.length);
    expect(locateAnchor(doc, a.start, a.end)).toBeNull();
    undo.undo();
    const range = locateAnchor(doc, a.start, a.end)!;
    expect(plainTextOf(doc).text.slice(range.from, range.to)).toBe('this sentence');
    // The whole paragraph deleted, then restored.
    undo.stopCapturing();
    doc.getXmlFragment('default').delete(0, 1);
    expect(locateAnchor(doc, a.start, a.end)).toBeNull();
    undo.undo();
    expect(locateAnchor(doc, a.start, a.end)).not.toBeNull();
  });

  it('finds the passage again on another copy when an undo there re-inserted it (redone links are local)', () => {
    const { doc, texts } = body('Keep this sentence here.');
    const other = new Y.Doc({ gc: false }); // as the server keeps its copy
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    doc.on('update', (u: Uint8Array) => Y.applyUpdate(other, u));
    const a = placeAnchor(doc, { exact: 'this sentence' });
    const undo = new Y.UndoManager(doc.getXmlFragment('default'));
    texts[0]!.delete(5, 'this sentence'.length);
    expect(locateAnchor(other, a.start, a.end)).toBeNull();
    undo.undo();
    const found = locateAnchor(other, a.start, a.end)!;
    expect(plainTextOf(other).text.slice(found.from, found.to)).toBe('this sentence');
    expect(found.moved).toBeDefined();
    // The fresh positions hold on the other copy like any anchor.
    expect(locateAnchor(other, found.moved!.start, found.moved!.end)).toEqual({ from: found.from, to: found.to });
    // Text typed where it was is not taken for it.
    texts[0]!.delete(5, 'this sentence'.length);
    texts[0]!.insert(5, 'another phrase');
    expect(locateAnchor(other, a.start, a.end)).toBeNull();
  });

  it('takes the editor’s exact positions when the text between them is the quote', () => {
    const { doc, texts } = body('the cat sat', 'the cat ran');
    const start = b64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(texts[1]!, 0)));
    const end = b64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(texts[1]!, 7)));
    const a = placeAnchor(doc, { exact: 'the cat', position: { start, end } });
    expect(locateAnchor(doc, a.start, a.end)).toEqual({ from: 12, to: 19 });
    expect(problem(() => placeAnchor(doc, { exact: 'the dog', position: { start, end } }))).toBe('position_mismatch');
    expect(problem(() => placeAnchor(doc, { exact: 'the cat', position: { start: 'bm9wZQ==', end } }))).toBe('not_found');
  });

  it('never writes to the document', () => {
    const { doc } = body('Some text to comment on.');
    const before = Y.encodeStateAsUpdate(doc);
    const a = placeAnchor(doc, { exact: 'text' });
    locateAnchor(doc, a.start, a.end);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });
});
