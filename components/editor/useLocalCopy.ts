'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { undeliveredText } from '../../lib/editor/undelivered';
import { readOnlyReason as reasonOf, type ReadOnlyFacts } from '../../lib/workflow/read-only';
import { LOCAL_COPIES_CLEARED, deleteDatabase, keepPageForOffline, loadLocalCopy, localCopyName } from './local-copy';

/** The Y.Doc the editor shows and the connection that syncs it with the server. */
export interface Session {
  ydoc: Y.Doc;
  provider: WebsocketProvider;
}

export interface LocalCopy {
  /** null until the first session is ready (its local copy loaded). */
  session: Session | null;
  /** The socket is down (the browser is offline, or the server unreachable). */
  offline: boolean;
  /** Local changes made since the socket went down (delivered when it comes back). */
  pendingChanges: number;
  /** How many of those are safely stored in this browser's IndexedDB. */
  keptChanges: number;
  /** Why this user cannot edit now (a sentence), or null when they can. */
  readOnly: { reason: string } | null;
  /** Text this browser had typed that the server never took, or null. */
  rescueText: string | null;
  dismissRescue(): void;
}

interface Mode {
  reason: string | null;
  /** Bumped for every new session: a new Y.Doc, so a new Yjs client id. */
  generation: number;
  /** The document is gone for this user (404/401): do not connect again. */
  gone: boolean;
}

interface Live {
  ydoc: Y.Doc;
  provider: WebsocketProvider;
  persistence: IndexeddbPersistence | null;
  /** A turn (see `turn`) has begun for this session: it is done. */
  turning: boolean;
}

/** Close codes after which this copy must be judged again: 4205 (access or state changed), 4410 (its edits were refused). */
const REJUDGE = new Set([4205, 4410]);

/**
 * The editor's document session and its copy in this browser.
 *
 * While the user may edit, the Y.Doc is kept in IndexedDB (y-indexeddb), so edits made
 * offline survive a closed tab and merge when the socket is back. When the server stops
 * taking this copy's edits (close 4205 or 4410, or the page learns the document turned
 * read-only, or a socket that opens finds it so: asked at every connect), it asks the REST
 * API why, and unless the user is still a writer whose copy
 * was never refused, it retires the copy: the IndexedDB database is deleted at once, the
 * Y.Doc is kept in memory only until a NEW Y.Doc (a new Yjs client id, which the server has
 * not refused) has synced from the server; the text of the old copy beyond the server's
 * state vector is the rescue text; then the old Y.Doc is destroyed. A copy left in
 * IndexedDB by an earlier editable visit to a document that is read-only now is rescued the
 * same way.
 */
export function useLocalCopy(props: { documentId: string; userId: string; readOnlyReason: string | null }): LocalCopy {
  const { documentId, userId } = props;
  const [mode, setMode] = useState<Mode>({ reason: props.readOnlyReason, generation: 0, gone: false });
  const modeRef = useRef(mode);
  modeRef.current = mode;
  const [session, setSession] = useState<Session | null>(null);
  const [offline, setOffline] = useState(false);
  const [pendingChanges, setPending] = useState(0);
  const [keptChanges, setKept] = useState(0);
  const [rescueText, setRescueText] = useState<string | null>(null);
  const live = useRef<Live | null>(null);
  /** A copy that ended, kept in memory until the next session has synced (for the rescue). */
  const retired = useRef<{ doc: Y.Doc; database: string | null } | null>(null);
  const name = localCopyName(userId, documentId);
  const router = useRouter();

  /** The server stopped taking this copy's edits, or the page says the mode changed: judge again. */
  const turn = useCallback(
    async (code: number | null) => {
      const current = live.current;
      if (!current || current.turning) return;
      current.turning = true;
      current.provider.disconnect(); // no reconnect with this copy until we know
      const { reason, gone, answered } = await askWhy(documentId);
      const wasEditable = modeRef.current.reason === null;
      if (reason === null && wasEditable && code === 4205) {
        // Still a writer, nothing refused (a changed role or access that still allows editing).
        current.turning = false;
        current.provider.connect();
        return;
      }
      if (wasEditable) {
        retired.current = { doc: current.ydoc, database: null };
        await current.persistence?.destroy().catch(() => undefined); // IndexedDB may never have opened
        current.persistence = null;
        await deleteDatabase(name);
      }
      if (gone && retired.current) {
        // No sync will tell what the server kept: everything this copy typed is offered.
        const old = retired.current.doc;
        retired.current = null;
        const othersOnly = Y.decodeStateVector(Y.encodeStateVector(old));
        othersOnly.delete(old.clientID);
        setRescueText(undeliveredText(old, othersOnly) || null);
        old.destroy();
      }
      setMode((m) => ({ reason, gone, generation: m.generation + 1 }));
      // The rest of the page (state, workflow actions) follows. Not when the server cannot be
      // reached: Next would fall back to reloading the whole page, away from the text.
      if (answered) router.refresh();
    },
    [documentId, name, router],
  );

  // The page learned the mode from the server (a re-render after a transition made here).
  const lastProp = useRef(props.readOnlyReason);
  useEffect(() => {
    if (lastProp.current === props.readOnlyReason) return;
    lastProp.current = props.readOnlyReason;
    if ((props.readOnlyReason === null) !== (modeRef.current.reason === null)) void turn(null);
    else setMode((m) => ({ ...m, reason: props.readOnlyReason }));
  }, [props.readOnlyReason, turn]);

  const editable = mode.reason === null;
  useEffect(() => {
    let cancelled = false;
    const ydoc = new Y.Doc();
    let persistence: IndexeddbPersistence | null = null;
    let provider: WebsocketProvider | null = null;
    const off: (() => void)[] = [];

    void (async () => {
      if (editable) {
        if (navigator.onLine) keepPageForOffline().catch((err) => console.warn('this page will not open offline', err));
        persistence = new IndexeddbPersistence(name, ydoc);
        await Promise.race([persistence.whenSynced, new Promise((r) => setTimeout(r, 3000))]);
      } else if (!retired.current) {
        const leftover = await loadLocalCopy(name).catch(() => null);
        if (leftover) retired.current = { doc: leftover, database: name };
      }
      if (cancelled) return;
      const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
      // No BroadcastChannel: another tab's copy (maybe a refused one) must not flow into this one.
      const p = new WebsocketProvider(`${scheme}://${window.location.host}/collab`, documentId, ydoc, {
        disableBc: true,
        connect: !mode.gone && navigator.onLine,
      });
      provider = p;
      const current: Live = { ydoc, provider: p, persistence, turning: false };
      live.current = current;
      let everConnected = false;

      const onClose = (event: CloseEvent | null) => {
        if (event && REJUDGE.has(event.code)) void turn(event.code);
      };
      const onStatus = ({ status }: { status: string }) => {
        if (status === 'connected') {
          everConnected = true;
          // A socket that opens read-only gets no close to tell it (a document submitted while
          // this browser was offline): ask. What it sent meanwhile is refused by the server.
          // Only on the server's answer: one that cannot come (the server went away meanwhile)
          // changes nothing, and the next connection asks again.
          if (modeRef.current.reason === null) void askWhy(documentId).then(({ reason, answered }) => {
              if (answered && reason !== null) void turn(null);
            });
        }
        setOffline(status !== 'connected' && (everConnected || !navigator.onLine));
      };
      const onSync = (synced: boolean) => {
        if (!synced) return;
        setPending(0);
        setKept(0);
        const old = retired.current;
        if (!old) return;
        retired.current = null;
        const text = undeliveredText(old.doc, Y.decodeStateVector(Y.encodeStateVector(ydoc)));
        setRescueText(text || null);
        old.doc.destroy();
        if (old.database) void deleteDatabase(old.database);
      };
      const onUpdate = (_update: Uint8Array, origin: unknown) => {
        if (origin === p || origin === current.persistence || p.wsconnected) return;
        setPending((n) => n + 1);
        // y-indexeddb queued this update's write just now (it listens first); a read of the same
        // store completes after it, so "kept" counts only what IndexedDB really holds.
        const db = current.persistence?.db;
        if (!db) return;
        try {
          const tx = db.transaction(['updates'], 'readonly');
          tx.objectStore('updates').count();
          tx.oncomplete = () => setKept((n) => n + 1);
        } catch {
          // the database is closing (signed out, or this copy was retired)
        }
      };
      const onOffline = () => {
        p.disconnect();
        setOffline(true);
      };
      const onOnline = () => {
        if (!modeRef.current.gone && !current.turning) p.connect();
      };
      const onCleared = () => {
        void current.persistence?.destroy();
        current.persistence = null;
      };
      p.on('connection-close', onClose);
      p.on('status', onStatus);
      p.on('sync', onSync);
      ydoc.on('update', onUpdate);
      window.addEventListener('offline', onOffline);
      window.addEventListener('online', onOnline);
      window.addEventListener(LOCAL_COPIES_CLEARED, onCleared);
      off.push(() => {
        p.off('connection-close', onClose);
        p.off('status', onStatus);
        p.off('sync', onSync);
        ydoc.off('update', onUpdate);
        window.removeEventListener('offline', onOffline);
        window.removeEventListener('online', onOnline);
        window.removeEventListener(LOCAL_COPIES_CLEARED, onCleared);
      });
      setOffline(!navigator.onLine);
      setSession({ ydoc, provider: p });
    })();

    return () => {
      cancelled = true;
      for (const f of off) f();
      provider?.destroy();
      if (live.current?.ydoc === ydoc) {
        void live.current.persistence?.destroy();
        live.current = null;
      } else void persistence?.destroy();
      if (retired.current?.doc !== ydoc) ydoc.destroy();
    };
    // mode.gone and editable change only together with mode.generation
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [documentId, name, mode.generation, turn]);

  return {
    session,
    offline,
    pendingChanges,
    keptChanges,
    readOnly: mode.reason === null ? null : { reason: mode.reason },
    rescueText,
    dismissRescue: useCallback(() => setRescueText(null), []),
  };
}

/**
 * Asks the REST API what this user may do with the document now. `answered` is false when
 * the server could not say (unreachable, or an error): `reason` then says so.
 */
async function askWhy(documentId: string): Promise<{ reason: string | null; gone: boolean; answered: boolean }> {
  try {
    const res = await fetch(`/api/documents/${encodeURIComponent(documentId)}`, { cache: 'no-store', headers: { Accept: 'application/json' } });
    if (res.status === 401) return { reason: 'you are signed out; sign in again to go on editing.', gone: true, answered: true };
    if (res.status === 404) return { reason: 'you no longer have access to this document.', gone: true, answered: true };
    if (!res.ok) return { reason: 'the server could not say whether you may edit now; reload the page in a moment.', gone: false, answered: false };
    return { reason: reasonOf((await res.json()) as ReadOnlyFacts), gone: false, answered: true };
  } catch {
    return { reason: 'the server cannot be reached to say whether you may edit now; reload the page when you are back online.', gone: false, answered: false };
  }
}
