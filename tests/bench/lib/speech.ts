import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { LANGUAGE_FIXTURES } from '@/tests/fixtures/languages';
import type { History } from './history';

/** Characters of text on a printed page (A4, 11 pt: about 500 words). */
export const PAGE_CHARACTERS = 3000;

/** A small deterministic generator (mulberry32), so every run types the same speech the same way. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One block of the speech as TipTap's schema stores it in Yjs: its element names, and runs of text with their marks. */
export interface Block {
  path: string[];
  attrs?: Record<string, string>;
  runs: { text: string; marks?: Record<string, object> }[];
}

/**
 * The body of the benchmark speech (an Azerbaijani speech with Kazakh, Russian and other
 * passages, as tests/bench/export.ts renders it), section after section, until it holds
 * `characters` characters of text.
 */
export function speechBlocks(characters: number): Block[] {
  const az = LANGUAGE_FIXTURES.find((f) => f.language === 'az')!;
  const blocks: Block[] = [];
  let total = 0;
  for (let i = 0; total < characters; i++) {
    const f = i % 3 === 0 ? az : LANGUAGE_FIXTURES[(i * 5) % LANGUAGE_FIXTURES.length]!;
    const section: Block[] = [
      { path: ['heading'], attrs: { level: '2' }, runs: [{ text: `${i + 1}. ${f.heading}` }] },
      ...[...az.paragraphs, ...f.paragraphs].map((p) => ({ path: ['paragraph'], runs: [{ text: p }] })),
      {
        path: ['paragraph'],
        runs: [{ text: f.items[0]!, marks: { bold: {} } }, { text: ` — ${f.quote} ` }, { text: f.items[1]!, marks: { italic: {} } }],
      },
      ...f.items.map((t) => ({ path: ['bulletList', 'listItem', 'paragraph'], runs: [{ text: t }] })),
    ];
    for (const b of section) total += b.runs.reduce((n, r) => n + r.text.length, 0);
    blocks.push(...section);
  }
  return blocks;
}

/**
 * A speech of about `pages` pages typed by one person as a history of small updates, as
 * TipTap sends them: each block is one update (Enter), then each character is its own
 * update, with a typo and its backspace every ~40 characters. Returns the updates as
 * y-websocket messages, the final state (one update, what a server's persistence would
 * hand back), and the text length a client must end up with.
 */
export function generateSpeechHistory(pages: number, clientId: number): History & { state: Uint8Array; pages: number } {
  const doc = new Y.Doc({ gc: false });
  doc.clientID = clientId;
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const fragment = doc.getXmlFragment('default');
  const rand = random(60);
  let listItems: Y.XmlElement | null = null;
  for (const block of speechBlocks(pages * PAGE_CHARACTERS)) {
    // Enter: the block's elements and its empty text, in one update.
    let text!: Y.XmlText;
    doc.transact(() => {
      let container: Y.XmlFragment | Y.XmlElement = fragment;
      let path = block.path;
      if (path[0] === 'bulletList') {
        if (!listItems) {
          listItems = new Y.XmlElement('bulletList');
          fragment.push([listItems]);
        }
        container = listItems;
        path = path.slice(1);
      } else listItems = null;
      for (const name of path) {
        const el = new Y.XmlElement(name);
        container.push([el]);
        for (const [k, v] of Object.entries(block.attrs ?? {})) el.setAttribute(k, v);
        container = el;
      }
      text = new Y.XmlText();
      container.push([text]);
    });
    for (const run of block.runs) {
      for (const ch of run.text) {
        if (rand() < 0.025) {
          text.insert(text.length, 'x', run.marks);
          text.delete(text.length - 1, 1);
        }
        text.insert(text.length, ch, run.marks);
      }
    }
  }
  const messages = updates.map((update) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0); // messageSync
    syncProtocol.writeUpdate(encoder, update);
    return encoding.toUint8Array(encoder);
  });
  const textLength = fragment.toString().replace(/<[^>]*>/g, '').length;
  const finalClock = Y.getState(doc.store, clientId);
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return { messages, updates, textLength, finalClock, state, pages: textLength / PAGE_CHARACTERS };
}

/**
 * Writes the benchmark speech of about `pages` pages into `ydoc`'s body in one transaction,
 * through the Yjs types TipTap writes (the editor bench and the long-text e2e test fill
 * their documents with it). Returns the number of blocks and characters written.
 */
export function writeSpeech(ydoc: Y.Doc, pages: number): { paragraphs: number; characters: number } {
  const fragment = ydoc.getXmlFragment('default');
  let paragraphs = 0;
  let characters = 0;
  ydoc.transact(() => {
    let list: Y.XmlElement | null = null;
    for (const block of speechBlocks(pages * PAGE_CHARACTERS)) {
      let container: Y.XmlFragment | Y.XmlElement = fragment;
      let names = block.path;
      if (names[0] === 'bulletList') {
        if (!list) {
          list = new Y.XmlElement('bulletList');
          fragment.push([list]);
        }
        container = list;
        names = names.slice(1);
      } else list = null;
      for (const name of names) {
        const el: Y.XmlElement = new Y.XmlElement(name);
        container.push([el]);
        for (const [k, v] of Object.entries(block.attrs ?? {})) el.setAttribute(k, v);
        container = el;
      }
      const text = new Y.XmlText();
      container.push([text]);
      for (const run of block.runs) {
        text.insert(text.length, run.text, run.marks);
        characters += run.text.length;
      }
      paragraphs++;
    }
  });
  return { paragraphs, characters };
}

/**
 * The body's text as the editor reads it (`doc.textBetween(0, size, '\n', '\n')`): every
 * textblock's text, without marks, blocks joined by "\n".
 */
const TEXTBLOCKS = new Set(['paragraph', 'heading', 'codeBlock']);

export function bodyText(ydoc: Y.Doc): string {
  const blocks: string[] = [];
  const walk = (node: Y.XmlElement | Y.XmlFragment) => {
    const children = node.toArray();
    // A textblock even when empty (TipTap's trailing paragraph has no text in Yjs).
    if (node instanceof Y.XmlElement && TEXTBLOCKS.has(node.nodeName)) {
      blocks.push(
        children
          .map((c) =>
            c instanceof Y.XmlText ? (c.toDelta() as { insert: unknown }[]).map((d) => (typeof d.insert === 'string' ? d.insert : '')).join('') : '\n',
          )
          .join(''),
      );
      return;
    }
    for (const c of children) if (c instanceof Y.XmlElement) walk(c);
  };
  walk(ydoc.getXmlFragment('default'));
  return blocks.join('\n');
}
