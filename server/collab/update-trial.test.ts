import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../log';
import { checkUpdate, UpdateTrial } from './update-trial';

/** A document with one paragraph of text typed by client 1. */
function typedDocument(): Y.Doc {
  const doc = new Y.Doc({ gc: false });
  doc.clientID = 1;
  const paragraph = new Y.XmlElement('paragraph');
  doc.getXmlFragment('default').insert(0, [paragraph]);
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  text.insert(0, 'Hörmətli');
  return doc;
}

type Content = 'string' | 'deleted' | 'any' | 'json' | 'gc' | 'skip';

/**
 * A v1 update of one struct of length zero, of client `client` at `clock`, whose left
 * neighbour is `origin`: what Yjs never writes, written field by field.
 */
function zeroLengthStruct(content: Content, client: number, clock: number, origin: { client: number; clock: number }): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1); // one client
  encoding.writeVarUint(e, 1); // one struct
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, clock);
  if (content === 'gc' || content === 'skip') {
    encoding.writeUint8(e, content === 'gc' ? 0 : 10);
    encoding.writeVarUint(e, 0);
  } else {
    const ref = { deleted: 1, json: 2, string: 4, any: 8 }[content];
    encoding.writeUint8(e, ref | 0x80); // with an origin, so no parent is written
    encoding.writeVarUint(e, origin.client);
    encoding.writeVarUint(e, origin.clock);
    if (content === 'string') encoding.writeVarString(e, '');
    else encoding.writeVarUint(e, 0); // no deleted clocks, no JSON values, no values
  }
  encoding.writeVarUint(e, 0); // no deletions
  return encoding.toUint8Array(e);
}

describe('the update trial', () => {
  // Every zero-length struct, at a clock the document has, at the next clock, past it, and of
  // a client it has never seen: each is refused (by checkUpdate, then the trial, as the server
  // runs them), or leaves a document that still encodes and loads as the same text. Without
  // checkUpdate, a deleted or GC struct of length zero at the next clock gets through the
  // trial and every later encoding of the document throws.
  const contents: Content[] = ['string', 'deleted', 'any', 'json', 'gc', 'skip'];
  const places = [
    { what: 'a clock the document has', client: 1, clock: (s: number) => s - 3 },
    { what: 'the next clock', client: 1, clock: (s: number) => s },
    { what: 'a clock past the next', client: 1, clock: (s: number) => s + 5 },
    { what: 'a client never seen', client: 77, clock: () => 0 },
  ];
  for (const content of contents) {
    for (const place of places) {
      it(`a zero-length ${content} struct at ${place.what} cannot poison the document`, () => {
        const doc = typedDocument();
        const before = doc.getXmlFragment('default').toString();
        const state = Y.getState(doc.store, 1);
        const trial = new UpdateTrial(() => ({ doc, queued: [] }), createLogger('error'), 'test');
        const update = zeroLengthStruct(content, place.client, place.clock(state), { client: 1, clock: 2 });
        let accepted = true;
        try {
          checkUpdate(update);
          trial.accept(update);
        } catch {
          accepted = false;
        }
        if (accepted) {
          // Accepted: it goes to the log and onto the document, and every later encoding of
          // the document must load as the same text, with nothing left waiting.
          Y.applyUpdate(doc, update);
          expect(doc.store.pendingStructs).toBeNull();
          expect(doc.store.pendingDs).toBeNull();
          const reloaded = new Y.Doc({ gc: false });
          Y.applyUpdate(reloaded, Y.encodeStateAsUpdate(doc));
          expect(reloaded.store.pendingStructs).toBeNull();
          expect(reloaded.getXmlFragment('default').toString()).toBe(before);
          const fromLog = new Y.Doc({ gc: false });
          Y.applyUpdate(fromLog, Y.encodeStateAsUpdate(typedDocument()));
          Y.applyUpdate(fromLog, update);
          Y.applyUpdate(new Y.Doc(), Y.encodeStateAsUpdate(fromLog));
          expect(fromLog.getXmlFragment('default').toString()).toBe(before);
        }
        trial.destroy();
        doc.destroy();
      });
    }
  }

  it('checkUpdate names the same clients as Y.decodeUpdate for the updates editors send', () => {
    // Typing, formatting, lists, attributes, deletions, a map and every kind of content, by
    // three clients, in updates of one edit and in merged ones.
    const docs = [1, 2, 3].map((id) => {
      const doc = new Y.Doc();
      doc.clientID = id;
      return doc;
    });
    const updates: Uint8Array[] = [];
    for (const doc of docs) doc.on('update', (u: Uint8Array) => updates.push(u));
    const sync = () => {
      for (const a of docs) for (const b of docs) if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    };
    let seed = 7;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let round = 0; round < 60; round++) {
      const doc = docs[random(3)]!;
      const fragment = doc.getXmlFragment('default');
      if (fragment.length === 0 || random(5) === 0) {
        const paragraph = new Y.XmlElement(random(2) ? 'paragraph' : 'heading');
        paragraph.setAttribute('level', String(1 + random(3)));
        paragraph.insert(0, [new Y.XmlText('Qazaqstan — ǵ ң ө ұ ү һ і — 😀 '.slice(0, 1 + random(30)))]);
        fragment.insert(random(fragment.length + 1), [paragraph]);
      } else {
        const text = (fragment.get(random(fragment.length)) as Y.XmlElement).get(0) as Y.XmlText;
        if (random(3) === 0 && text.length > 2) text.delete(random(text.length - 1), 1 + random(2));
        else if (random(4) === 0 && text.length > 1) text.format(0, 1 + random(text.length - 1), { bold: true });
        else text.insert(random(text.length + 1), 'ə İ ı ğ ş ő ű ʻ'.slice(random(10), 12), random(3) ? undefined : { italic: true });
      }
      if (random(6) === 0) doc.getMap('meta').set('k' + random(4), random(2) ? { n: random(100), list: [1, 'two', null] } : new Uint8Array([1, 2, 3]));
      if (random(8) === 0) doc.getArray('notes').insert(0, [random(100), 'x', true]);
      if (random(4) === 0) sync();
    }
    sync();
    updates.push(Y.encodeStateAsUpdate(docs[0]!), Y.mergeUpdates(updates.slice(0, 20)));
    expect(updates.length).toBeGreaterThan(60);
    for (const update of updates) {
      const decoded = new Set(Y.decodeUpdate(update).structs.map((s) => s.id.client));
      expect(checkUpdate(update)).toEqual(decoded);
    }
  });

  it('checkUpdate throws on a truncated update', () => {
    const doc = typedDocument();
    const update = Y.encodeStateAsUpdate(doc);
    for (const cut of [1, 5, update.length - 3]) expect(() => checkUpdate(update.subarray(0, cut))).toThrow();
  });

  it('a keystroke on top of what the document has is accepted', () => {
    const doc = typedDocument();
    const trial = new UpdateTrial(() => ({ doc, queued: [] }), createLogger('error'), 'test');
    const writer = new Y.Doc();
    writer.clientID = 2;
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(doc));
    const before = Y.encodeStateVector(writer);
    const text = (writer.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.insert(text.length, ' xanımlar');
    expect(() => trial.accept(Y.encodeStateAsUpdate(writer, before))).not.toThrow();
    trial.destroy();
  });
});
