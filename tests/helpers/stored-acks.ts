import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { MESSAGE } from '@/lib/collab/protocol';
import type { CollabClient } from './collab';

/**
 * The server's "stored" acknowledgements (type 100, lib/collab/protocol.ts) to one client, as
 * our editor asks for them: `ask()` opts in on the current socket (again after a reconnect);
 * `clock` is the highest clock of this client the server said is in the log.
 */
export function storedAcks(client: CollabClient): { readonly clock: number; ask(): void } {
  let clock = 0;
  client.provider.messageHandlers[MESSAGE.stored] = (_encoder, decoder: decoding.Decoder) => {
    const clientId = decoding.readVarUint(decoder);
    const acked = decoding.readVarUint(decoder);
    if (clientId === client.ydoc.clientID) clock = Math.max(clock, acked);
  };
  return {
    get clock() {
      return clock;
    },
    ask() {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE.stored);
      encoding.writeVarUint(encoder, client.ydoc.clientID);
      client.provider.ws!.send(encoding.toUint8Array(encoder));
    },
  };
}

/**
 * A typist: appends numbered paragraphs one after another (a macrotask apart, so the socket
 * sends each) until stopped, and remembers the client's clock after each one, so that
 * `acknowledged(clock)` names the paragraphs the server said were stored.
 */
export function startTyping(client: CollabClient, prefix: string): { stop(): Promise<void>; typed: string[]; acknowledged(clock: number): string[] } {
  const typed: string[] = [];
  const clockAfter: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const text = `${prefix} ${typed.length}: Qazaxıstan, Özbəkistan, Қырғызстан.`;
      client.appendParagraph(text);
      typed.push(text);
      clockAfter.push(Y.getState(client.ydoc.store, client.ydoc.clientID));
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  return {
    typed,
    async stop() {
      running = false;
      await loop;
    },
    acknowledged: (clock) => typed.filter((_, i) => clockAfter[i]! <= clock),
  };
}
