import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '@/server/log';
import { checkUpdate, readUpdate, UpdateTrial } from './update-trial';

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
        const trial = new UpdateTrial(
          () => doc,
          () => [],
          createLogger('error'),
          'test',
        );
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
      if (random(6) === 0) doc.getMap('meta').set(`k${random(4)}`, random(2) ? { n: random(100), list: [1, 'two', null] } : new Uint8Array([1, 2, 3]));
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
    const trial = new UpdateTrial(
      () => doc,
      () => [],
      createLogger('error'),
      'test',
    );
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

describe('updates accepted on what they name', () => {
  /** Two editors on one document; the server's copy applies what the trial accepts, in order, as the drain does. */
  function session() {
    const server = typedDocument();
    const queued: Uint8Array[] = [];
    const trial = new UpdateTrial(
      () => server,
      () => queued,
      createLogger('error'),
      'test',
    );
    const editors = [2, 3].map((id) => {
      const doc = new Y.Doc();
      doc.clientID = id;
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
      return doc;
    });
    /** Sends what an editor did since `before` (an update, as y-websocket would), queued until `drain`. */
    const send = (editor: Y.Doc, edit: () => void) => {
      const before = Y.encodeStateVector(editor);
      edit();
      const update = Y.encodeStateAsUpdate(editor, before);
      trial.accept(update);
      queued.push(update);
    };
    const drain = () => {
      for (const u of queued.splice(0)) Y.applyUpdate(server, u);
      trial.settled();
      for (const e of editors) Y.applyUpdate(e, Y.encodeStateAsUpdate(server, Y.encodeStateVector(e)));
      expect(server.store.pendingStructs).toBeNull();
      expect(server.store.pendingDs).toBeNull();
    };
    return { server, trial, editors, send, drain };
  }
  const paragraphs = (doc: Y.Doc) => doc.getXmlFragment('default');

  it('typing, a new paragraph and its first words, formatting, deleting and pasting, even while the update before is still queued', () => {
    const { server, trial, editors, send, drain } = session();
    const [a, b] = editors as [Y.Doc, Y.Doc];
    const textOf = (doc: Y.Doc, i: number) => (paragraphs(doc).get(i) as Y.XmlElement).get(0) as Y.XmlText;
    // A keystroke, then one that builds on it while the first is only queued.
    send(a, () => textOf(a, 0).insert(8, ' x'));
    send(a, () => textOf(a, 0).insert(10, 'a'));
    // Enter: a paragraph; then its first words, while the paragraph is only queued.
    let fresh: Y.XmlText | null = null;
    send(b, () => {
      const p = new Y.XmlElement('paragraph');
      paragraphs(b).insert(1, [p]);
      fresh = new Y.XmlText();
      p.insert(0, [fresh]);
    });
    send(b, () => fresh!.insert(0, 'Qazaqstan Respublikası'));
    drain();
    send(a, () => textOf(a, 1).format(0, 9, { bold: true }));
    send(b, () => textOf(b, 0).delete(0, 3));
    send(a, () => {
      paragraphs(a).insert(
        2,
        [1, 2, 3].map((n) => {
          const p = new Y.XmlElement('paragraph');
          p.insert(0, [new Y.XmlText(`Bənd ${n}: ǵ ң ө ұ ү һ і`)]);
          return p;
        }),
      );
    });
    drain();
    const reloaded = new Y.Doc({ gc: false });
    Y.applyUpdate(reloaded, Y.encodeStateAsUpdate(server));
    expect(paragraphs(reloaded).toString()).toBe(paragraphs(a).toString());
    expect(paragraphs(a).toString()).toBe(paragraphs(b).toString());
    expect(paragraphs(reloaded).toString()).toContain('<bold>Qazaqstan</bold>');
    // None of it needed a copy of the document.
    expect(trial.replicasBuilt).toBe(0);
  });

  it('an update naming what does not exist is still refused: an unknown neighbour, a parent past the end, a deletion of nothing', () => {
    const { trial, server } = session();
    const state = Y.getState(server.store, 1);
    const item = (client: number, clock: number, origin: [number, number] | null, parent: [number, number] | null) => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, client);
      encoding.writeVarUint(e, clock);
      encoding.writeUint8(e, 4 | (origin ? 0x80 : 0));
      if (origin) origin.forEach((n) => encoding.writeVarUint(e, n));
      else {
        encoding.writeVarUint(e, 0); // parent by id
        parent!.forEach((n) => encoding.writeVarUint(e, n));
      }
      encoding.writeVarString(e, 'x');
      encoding.writeVarUint(e, 0);
      return encoding.toUint8Array(e);
    };
    const deletion = (client: number, clock: number) => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, client);
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, clock);
      encoding.writeVarUint(e, 2);
      return encoding.toUint8Array(e);
    };
    for (const [what, update] of [
      ['a neighbour of a client never seen', item(5, 0, [424242, 3], null)],
      ['a neighbour past the end of its own client', item(1, state, [1, state + 4], null)],
      ['a parent later in its own client', item(1, state, null, [1, state + 10])],
      ['a deletion of clocks nobody has', deletion(99, 0)],
    ] as const) {
      expect(() => trial.accept(update), what).toThrow();
    }
    expect(trial.replicasBuilt).toBe(4); // each was tried on a copy
    // Still good afterwards.
    const editor = new Y.Doc();
    Y.applyUpdate(editor, Y.encodeStateAsUpdate(server));
    const before = Y.encodeStateVector(editor);
    ((paragraphs(editor).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, '» ');
    expect(() => trial.accept(Y.encodeStateAsUpdate(editor, before))).not.toThrow();
  });

  it('a parent that is text, not a type, is judged on the replica and leaves the document loadable', () => {
    const { trial, server } = session();
    const textItem = [1, 3] as const; // a character of the typed text
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, 9);
    encoding.writeVarUint(e, 0);
    encoding.writeUint8(e, 4);
    encoding.writeVarUint(e, 0);
    textItem.forEach((n) => encoding.writeVarUint(e, n));
    encoding.writeVarString(e, 'y');
    encoding.writeVarUint(e, 0);
    const update = encoding.toUint8Array(e);
    expect(readUpdate(update).parents).toEqual([1, 3, 9, 0]);
    let accepted = true;
    try {
      trial.accept(update);
    } catch {
      accepted = false;
    }
    if (accepted) Y.applyUpdate(server, update);
    const reloaded = new Y.Doc({ gc: false });
    Y.applyUpdate(reloaded, Y.encodeStateAsUpdate(server));
    expect(reloaded.store.pendingStructs).toBeNull();
    expect(paragraphs(reloaded).toString()).toBe(paragraphs(typedDocument()).toString());
  });
});

describe('links in an update', () => {
  /** The update that formats the typed text as a link with `attrs` (null: removes the link), under mark name `mark`. */
  function linkUpdate(attrs: Record<string, unknown> | null, mark = 'link'): Uint8Array {
    const doc = typedDocument();
    const before = Y.encodeStateVector(doc);
    const text = (doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.format(0, 4, { [mark]: attrs });
    return Y.encodeStateAsUpdate(doc, before);
  }

  it('a link to http, https or mailto passes, and so does removing a link', () => {
    for (const href of ['https://example.org', 'http://example.org', 'mailto:press@example.org']) expect(() => readUpdate(linkUpdate({ href }))).not.toThrow();
    expect(() => readUpdate(linkUpdate(null))).not.toThrow();
  });

  it('a link to any other target is refused, under either of the names y-prosemirror gives a link mark', () => {
    for (const href of ['javascript:alert(1)', ' JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', 'file:///etc/passwd', 'data:text/html,x', '/relative']) {
      expect(() => readUpdate(linkUpdate({ href, target: '_blank' })), href).toThrow(/link/);
      expect(() => readUpdate(linkUpdate({ href }, 'link--AbCd1234')), href).toThrow(/link/);
    }
    expect(() => readUpdate(linkUpdate({}))).toThrow(/link/);
    expect(() => readUpdate(linkUpdate({ href: 42 } as Record<string, unknown>))).toThrow(/link/);
    // Other marks are not links.
    expect(() => readUpdate(linkUpdate({ href: 'javascript:alert(1)' }, 'bold'))).not.toThrow();
  });
});
