import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import { MESSAGE } from '@/lib/collab/protocol';

/** y-websocket message types, and our `stored` acknowledgement (lib/collab/protocol.ts says what it means). */
export const messageSync = MESSAGE.sync;
export const messageAwareness = MESSAGE.awareness;
export const messageAuth = MESSAGE.auth;
export const messageQueryAwareness = MESSAGE.queryAwareness;
export const messageStored = MESSAGE.stored;

/** Sync step 1: our state vector (the client answers with what we lack). */
export function syncStep1Message(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** Sync step 2: the update a client lacks. */
export function syncStep2Message(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/**
 * An update to relay, as its two parts: the message's head ([sync, update, length]) and the
 * update itself, so that the outbox copies the update once, into the frame (outbox.ts `frame`),
 * instead of into an encoder, out of it, and into the frame: this runs at every keystroke.
 */
export function updateMessageParts(update: Uint8Array): [Uint8Array, Uint8Array] {
  let size = 3; // [sync, update, the length's last byte]
  for (let n = update.length; n >= 128; n = Math.floor(n / 128)) size++;
  const head = new Uint8Array(size);
  head[0] = messageSync;
  head[1] = syncProtocol.messageYjsUpdate;
  let at = 2;
  let n = update.length;
  for (; n >= 128; n = Math.floor(n / 128)) head[at++] = (n % 128) | 0x80; // lib0's varUint: 7 bits a byte, low bits first
  head[at] = n;
  return [head, update];
}

/** The presence of `clients`. */
export function awarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageAwareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

/** [100, client id, clock]: every struct of that client below `clock` is in the log. */
export function storedMessage(doc: Y.Doc, clientId: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageStored);
  encoding.writeVarUint(encoder, clientId);
  encoding.writeVarUint(encoder, Y.getState(doc.store, clientId));
  return encoding.toUint8Array(encoder);
}
