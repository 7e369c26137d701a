import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { undeliveredText } from './undelivered';

function paragraph(doc: Y.Doc, text: string): Y.XmlText {
  const p = new Y.XmlElement('paragraph');
  const t = new Y.XmlText(text);
  p.insert(0, [t]);
  doc.getXmlFragment('default').push([p]);
  return t;
}

/** The server's copy: everything `from` has now, as a state vector. */
const synced = (from: Y.Doc) => Y.decodeStateVector(Y.encodeStateVector(from));

describe('undeliveredText', () => {
  it('is empty when the server has everything', () => {
    const doc = new Y.Doc();
    paragraph(doc, 'Delivered.');
    expect(undeliveredText(doc, synced(doc))).toBe('');
  });

  it('names only what was typed after the server’s state, per block, keeping gaps apart', () => {
    const doc = new Y.Doc();
    const first = paragraph(doc, 'The summit opened.');
    const server = synced(doc);
    first.insert(first.length, ' Talks went on late');
    first.insert(0, 'Today: ');
    paragraph(doc, 'A second paragraph, never sent.');
    expect(undeliveredText(doc, server)).toBe('Today: … Talks went on late\nA second paragraph, never sent.');
  });

  it('leaves out undelivered text that was deleted again, and text of other clients the server has', () => {
    const doc = new Y.Doc();
    const other = new Y.Doc();
    paragraph(other, 'From a colleague.');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    const server = synced(doc);
    const mine = paragraph(doc, 'Kept words and gone words');
    mine.delete('Kept words'.length, ' and gone words'.length);
    expect(undeliveredText(doc, server)).toBe('Kept words');
  });

  it('takes the undelivered tail of an item the server has only the start of', () => {
    const doc = new Y.Doc();
    paragraph(doc, 'abc');
    const sv = synced(doc);
    const t = (doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    t.insert(3, 'def'); // merged locally into one item "abcdef"
    expect(undeliveredText(doc, sv)).toBe('def');
  });
});
