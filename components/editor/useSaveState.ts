'use client';

import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { startTransition, useEffect, useState } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MESSAGE } from '@/lib/collab/protocol';

export type Connection = 'connecting' | 'connected' | 'disconnected';

/** How long the server must have had everything, with no new keystroke, before the line says "Saved". */
const SAVED_AFTER_MS = 400;

function same(a: SaveState, b: SaveState): boolean {
  return a.connection === b.connection && a.synced === b.synced && a.unsaved === b.unsaved && a.confirmed === b.confirmed;
}

export interface SaveState {
  connection: Connection;
  /** The first sync with the server is done (this session has the server's text). */
  synced: boolean;
  /** Edits of ours that the server has not yet told us are in its log. */
  unsaved: boolean;
  /** Whether the server has ever told us anything about our edits this session. */
  confirmed: boolean;
}

/**
 * What is true about this editor's work: connected or not, and whether every edit made here
 * is stored on the server. "Stored" is the server's word, not a guess: the server tells us,
 * after each batch of our updates is in its log, up to which clock our client's structs
 * are there (see MESSAGE.stored). Anything above that clock is still only in this browser.
 */
export function useSaveState(ydoc: Y.Doc, provider: WebsocketProvider): SaveState {
  const [state, setState] = useState<SaveState>(() => ({
    connection: connectionOf(provider),
    synced: provider.synced,
    unsaved: false,
    confirmed: false,
  }));

  useEffect(() => {
    let storedClock = 0;
    let confirmed = false;
    let askedFor = ydoc.clientID;
    const local = () => Y.getState(ydoc.store, ydoc.clientID);
    // What the line shows now. The same state object when nothing moved: every keystroke
    // refreshes, and a new object would re-render for nothing.
    let shown: SaveState | null = null;
    let settling: ReturnType<typeof setTimeout> | null = null;
    const show = (next: SaveState) => {
      if (settling) clearTimeout(settling);
      settling = null;
      if (shown && same(shown, next)) return;
      shown = next;
      // A transition: the line is rendered after the letter is painted, not inside its keystroke.
      startTransition(() => setState(next));
    };
    const current = (): SaveState => ({ connection: connectionOf(provider), synced: provider.synced, unsaved: local() > storedClock, confirmed });
    const refresh = () => {
      const next = current();
      // "Saved" once typing pauses: while someone types, each keystroke is stored within
      // milliseconds and the line would flip "Saving…"/"Saved" at every key. "Saving…" is
      // shown at once (never "Saved" before the server has the text); only the way back
      // waits, and is called off by the next keystroke.
      if (shown?.unsaved && !next.unsaved && same({ ...shown, unsaved: false }, next)) {
        if (!settling) settling = setTimeout(() => show(current()), SAVED_AFTER_MS);
        return;
      }
      show(next);
    };

    provider.messageHandlers[MESSAGE.stored] = (_encoder, decoder) => {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      if (clientId !== ydoc.clientID) return;
      storedClock = Math.max(storedClock, clock);
      confirmed = true;
      refresh();
    };
    const ask = () => {
      const ws = provider.ws;
      if (!ws || ws.readyState !== WebSocket.OPEN) return;
      if (askedFor !== ydoc.clientID) storedClock = 0;
      askedFor = ydoc.clientID;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE.stored);
      encoding.writeVarUint(encoder, askedFor);
      ws.send(encoding.toUint8Array(encoder));
    };
    const onStatus = ({ status }: { status: Connection }) => {
      if (status === 'connected') ask();
      refresh();
    };
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      // Only our own typing raises our clock; remote updates change nothing here. Yjs gives
      // a client a new id when it meets its own id from elsewhere: ask again for the new one.
      if (origin === provider) return;
      if (ydoc.clientID !== askedFor) ask();
      refresh();
    };
    provider.on('status', onStatus);
    provider.on('sync', refresh);
    ydoc.on('update', onUpdate);
    ask(); // the socket may have opened before this effect ran
    refresh();
    return () => {
      if (settling) clearTimeout(settling);
      provider.off('status', onStatus);
      provider.off('sync', refresh);
      ydoc.off('update', onUpdate);
      delete provider.messageHandlers[MESSAGE.stored];
    };
  }, [ydoc, provider]);

  return state;
}

/**
 * Only the connection and the first sync, for what changes when the socket does (the
 * editor's `data-connection` and `data-synced`): a component that reads these is not
 * re-rendered by "Saving…" and "Saved" at every keystroke, as a reader of useSaveState is.
 */
export function useConnectionState(provider: WebsocketProvider): Pick<SaveState, 'connection' | 'synced'> {
  const [state, setState] = useState(() => ({ connection: connectionOf(provider), synced: provider.synced }));
  useEffect(() => {
    const refresh = () => {
      const next = { connection: connectionOf(provider), synced: provider.synced };
      setState((prev) => (prev.connection === next.connection && prev.synced === next.synced ? prev : next));
    };
    provider.on('status', refresh);
    provider.on('sync', refresh);
    refresh();
    return () => {
      provider.off('status', refresh);
      provider.off('sync', refresh);
    };
  }, [provider]);
  return state;
}

function connectionOf(provider: WebsocketProvider): Connection {
  return provider.wsconnected ? 'connected' : provider.wsconnecting ? 'connecting' : 'disconnected';
}
