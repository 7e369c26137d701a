import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type { BlastResult } from './protocol';

/** A long editing history, as y-websocket messages ready to send, one edit per message. */
export interface History {
  messages: Uint8Array[];
  updates: Uint8Array[];
  textLength: number;
  finalClock: number;
}

const TEXT = 'Hörmətli xanımlar və cənablar, Қазақстан Республикасы welcomes the joint declaration on water. ';

/** A small deterministic generator (mulberry32), so both servers get the same history. */
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

/**
 * `edits` single-character edits as someone types a statement: mostly characters at the
 * caret, backspaces (3 in 8), and a new paragraph every ~70 characters. 200,000 edits leave
 * about 50,000 characters. Each edit is its own transaction, so its own Yjs update.
 */
export function generateHistory(edits: number, clientId: number): History {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const fragment = doc.getXmlFragment('default');
  const rand = random(42);
  let text: Y.XmlText | null = null;
  let typed = 0;
  let total = 0;
  for (let i = 0; i < edits; i++) {
    if (!text || (text.length >= 70 && rand() < 0.1)) {
      const paragraph = new Y.XmlElement('paragraph');
      const t = new Y.XmlText();
      paragraph.insert(0, [t]);
      fragment.push([paragraph]);
      text = t;
    } else if (text.length > 0 && rand() < 0.375) {
      text.delete(text.length - 1, 1);
      total--;
    } else {
      text.insert(text.length, TEXT[typed++ % TEXT.length]!);
      total++;
    }
  }
  const messages = updates.map((update) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0); // messageSync
    syncProtocol.writeUpdate(encoder, update);
    return encoding.toUint8Array(encoder);
  });
  const finalClock = Y.getState(doc.store, clientId);
  doc.destroy();
  return { messages, updates, textLength: total, finalClock };
}

let open: WebSocket | null = null;

/**
 * Sends every edit of the history over one raw websocket as fast as the socket takes them
 * (at most 4 MB queued), then keeps the socket open until `closeBlaster`.
 */
export function blastHistory(history: History, url: string, cookie: string | undefined, timeoutMs: number): Promise<BlastResult> {
  const ws = new WebSocket(url, { headers: cookie ? { Cookie: cookie } : {}, perMessageDeflate: false });
  open = ws;
  ws.on('message', () => {}); // the reference echoes every update back to its sender
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`blast did not finish in ${timeoutMs} ms`)), timeoutMs);
    ws.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    ws.once('open', () => {
      const start = Number(process.hrtime.bigint()) / 1e6;
      let i = 0;
      const pump = () => {
        while (i < history.messages.length && ws.bufferedAmount < 4 * 1024 * 1024) ws.send(history.messages[i++]!);
        if (i < history.messages.length) return void setImmediate(pump);
        clearTimeout(timer);
        resolve({ firstSendAt: start, lastSendAt: Number(process.hrtime.bigint()) / 1e6 });
      };
      pump();
    });
  });
}

export function closeBlaster(): void {
  open?.close();
  open = null;
}
