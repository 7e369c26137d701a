import * as encoding from 'lib0/encoding';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CLOSE, MESSAGE, REJUDGE_CLOSES } from '@/lib/collab/protocol';
import { undeliveredText } from '@/lib/editor/undelivered';
import { type ReadOnlyFacts, type ReadOnlyReason, readOnlyReason as reasonOf, sameReason } from '@/lib/workflow/read-only';
import { adoptingWebSocket } from './early-socket';
import { LOCAL_COPIES_CLEARED, deleteDatabase, keepPageForOffline, loadLocalCopy } from './local-copy';
import { localCopyName } from './local-copy-name';

/** The Y.Doc the editor shows and the connection that syncs it with the server. */
export interface Session {
  ydoc: Y.Doc;
  provider: WebsocketProvider;
}

/** What the editor shows about its session; a new object at every change. */
export interface EditorSessionState {
  /** null until the first generation has begun (made at once; see `loaded`). */
  session: Session | null;
  /** The local copy is in the session's Y.Doc (or there is none): the editor may take typing. */
  loaded: boolean;
  /** The socket is down (the browser is offline, or the server unreachable). */
  offline: boolean;
  /** Local changes made since the socket went down (delivered when it comes back). */
  pendingChanges: number;
  /** How many of those are safely stored in this browser's IndexedDB. */
  keptChanges: number;
  /** Why this user cannot edit now (a code and values, worded by the interface: `ReadOnly`), or null when they can. */
  readOnlyReason: ReadOnlyReason | null;
  /** Text this browser had typed that the server never took, or null. */
  rescueText: string | null;
}

/** The events an EditorSession emits, with their payloads. */
export interface EditorSessionEvents {
  /** Anything in `state` changed. */
  change: EditorSessionState;
  /** The server answered a turn: the rest of the page (state, workflow actions) should follow. */
  refresh: undefined;
  /**
   * The document's comment threads may have changed (the server said so with [101], or the
   * socket (re)connected and may have missed it): read them again from the REST API.
   */
  threads: undefined;
}

/** One generation: a Y.Doc (one Yjs client id), its socket and its local copy. */
interface Live {
  ydoc: Y.Doc;
  provider: WebsocketProvider | null;
  persistence: IndexeddbPersistence | null;
  /** The local copy is in the Y.Doc (or there is none); until then the socket does not connect. */
  loaded: boolean;
  /** A turn (see `turn`) has begun for this generation: it is done. */
  turning: boolean;
  /** The generation ended before or after its start finished. */
  ended: boolean;
  off: (() => void)[];
}

type Listener<K extends keyof EditorSessionEvents> = (payload: EditorSessionEvents[K]) => void;

/**
 * The editor's document session and its copy in this browser, as an object with events
 * (the shape of HocuspocusProvider), wrapped for React by `useEditorSession`.
 *
 * While the user may edit, the Y.Doc is kept in IndexedDB (y-indexeddb), so edits made
 * offline survive a closed tab and merge when the socket is back. When the server stops
 * taking this copy's edits (close 4205 or 4410, or the page learns the document turned
 * read-only, or a socket that opens finds it so: asked at every connect), it asks the REST
 * API why, and unless the user is still a writer whose copy was never refused, it retires
 * the copy: the IndexedDB database is deleted at once, the Y.Doc is kept in memory only
 * until a NEW Y.Doc (a new Yjs client id, which the server has not refused) has synced from
 * the server; the text of the old copy beyond the server's state vector is the rescue text;
 * then the old Y.Doc is destroyed. A copy left in IndexedDB by an earlier editable visit to
 * a document that is read-only now is rescued the same way.
 */
export class EditorSession {
  state: EditorSessionState;
  private readonly documentId: string;
  private readonly name: string;
  /** The document is gone for this user (404/401): do not connect again. */
  private gone = false;
  /** The mode the page last said (its server-rendered prop). */
  private pageReason: ReadOnlyReason | null;
  private live: Live | null = null;
  /** A copy that ended, kept in memory until the next session has synced (for the rescue). */
  private retired: { doc: Y.Doc; database: string | null } | null = null;
  private destroyed = false;
  /** This page was handed to the service worker's cache once in this session (keepPageForOffline). */
  private pageKept = false;
  /** Each event's listeners; `on` and `emit` keep the payload types matched to the event. */
  private listeners = new Map<keyof EditorSessionEvents, Set<Listener<never>>>();

  constructor(options: { documentId: string; userId: string; readOnlyReason: ReadOnlyReason | null }) {
    this.documentId = options.documentId;
    this.name = localCopyName(options.userId, options.documentId);
    this.pageReason = options.readOnlyReason;
    this.state = { session: null, loaded: false, offline: false, pendingChanges: 0, keptChanges: 0, readOnlyReason: options.readOnlyReason, rescueText: null };
  }

  /** Subscribes to an event; returns the function that unsubscribes. */
  on<K extends keyof EditorSessionEvents>(event: K, listener: Listener<K>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => void set.delete(listener as Listener<never>);
  }

  private emit<K extends keyof EditorSessionEvents>(event: K, payload: EditorSessionEvents[K]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as Listener<K>)(payload);
  }

  private update(patch: Partial<EditorSessionState>): void {
    if (this.destroyed) return;
    this.state = { ...this.state, ...patch };
    this.emit('change', this.state);
  }

  /** Opens the first generation (loads the local copy, then connects). */
  start(): void {
    if (!this.live && !this.destroyed) this.begin();
  }

  /** The user closed the rescue panel. */
  dismissRescue(): void {
    this.update({ rescueText: null });
  }

  /**
   * The page learned the mode from the server (a re-render after a transition made here):
   * a change of editability is a turn; a new reason for the same mode is just shown.
   */
  pageSays(readOnlyReason: ReadOnlyReason | null): void {
    if (sameReason(this.pageReason, readOnlyReason)) return;
    this.pageReason = readOnlyReason;
    if ((readOnlyReason === null) !== (this.state.readOnlyReason === null)) void this.turn(null);
    else this.update({ readOnlyReason });
  }

  /** Ends everything: the socket, the local copy's handle, the Y.Doc (unless kept for a rescue). */
  destroy(): void {
    this.end();
    this.destroyed = true;
    this.listeners.clear();
  }

  /** A new generation: a new Y.Doc (so a new Yjs client id) after the old one ended. */
  private begin(): void {
    this.end();
    const live: Live = { ydoc: new Y.Doc(), provider: null, persistence: null, loaded: false, turning: false, ended: false, off: [] };
    this.live = live;
    void this.open(live);
  }

  /**
   * Begins a generation. The editor is made at once, on the empty Y.Doc, and takes the local
   * copy and then the server's text as they arrive, as remote changes: a whole text already in
   * the Y.Doc when the editor is made makes its creation slower (about 400 ms at 60 pages,
   * bench:editor's open milestones). It takes no typing until the local copy is in (`loaded`),
   * and the socket connects only then, so that its first sync carries the copy's state.
   */
  private async open(live: Live): Promise<void> {
    const { ydoc } = live;
    const editable = this.state.readOnlyReason === null;
    if (editable) live.persistence = new IndexeddbPersistence(this.name, ydoc);
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    // No BroadcastChannel: another tab's copy (maybe a refused one) must not flow into this one.
    const p = new WebsocketProvider(`${scheme}://${window.location.host}/collab`, this.documentId, ydoc, {
      disableBc: true,
      connect: false,
      // The first connection takes the socket the page's HTML opened (early-socket.ts), and
      // reads the text and what came with it as one transaction of the provider's (its origin,
      // as y-websocket gives each: remote, not this browser's typing).
      WebSocketPolyfill: adoptingWebSocket((replay) => ydoc.transact(replay, live.provider)),
    });
    live.provider = p;
    let everConnected = false;

    const onClose = (event: CloseEvent | null) => {
      if (event && REJUDGE_CLOSES.has(event.code)) void this.turn(event.code);
    };
    // Threads changed (MESSAGE.threads): nothing of them rides on the socket; the panel re-reads.
    p.messageHandlers[MESSAGE.threads] = () => this.emit('threads', undefined);
    const onStatus = ({ status }: { status: string }) => {
      if (status === 'connected') {
        everConnected = true;
        // Ask for "threads changed" on this socket (each connection asks anew), and re-read
        // now: what changed while it was down was told to no one.
        subscribeToThreads(p);
        this.emit('threads', undefined);
        // A socket that opens read-only gets no close to tell it (a document submitted while
        // this browser was offline): ask. What it sent meanwhile is refused by the server.
        // Only on the server's answer: one that cannot come (the server went away meanwhile)
        // changes nothing, and the next connection asks again.
        if (this.state.readOnlyReason === null)
          void askWhy(this.documentId).then(({ reason, answered }) => {
            if (answered && reason !== null) void this.turn(null);
          });
      }
      this.update({ offline: status !== 'connected' && (everConnected || !navigator.onLine) });
    };
    const onSync = (synced: boolean) => {
      if (!synced) return;
      // The page and its scripts are kept for opening offline once the text is here: on a
      // first visit that fetch (a second server render, every script again) would otherwise
      // compete with the first sync of a long text.
      if (editable && !this.pageKept && navigator.onLine) {
        this.pageKept = true;
        keepPageForOffline().catch((err) => console.warn('this page will not open offline', err));
      }
      const old = this.retired;
      if (!old) return this.update({ pendingChanges: 0, keptChanges: 0 });
      this.retired = null;
      const text = undeliveredText(old.doc, Y.decodeStateVector(Y.encodeStateVector(ydoc)));
      this.update({ pendingChanges: 0, keptChanges: 0, rescueText: text || null });
      old.doc.destroy();
      if (old.database) void deleteDatabase(old.database);
    };
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      if (origin === p || origin === live.persistence || p.wsconnected) return;
      this.update({ pendingChanges: this.state.pendingChanges + 1 });
      // y-indexeddb queued this update's write just now (it listens first); a read of the same
      // store completes after it, so "kept" counts only what IndexedDB really holds.
      const db = live.persistence?.db;
      if (!db) return;
      try {
        const tx = db.transaction(['updates'], 'readonly');
        tx.objectStore('updates').count();
        tx.oncomplete = () => this.update({ keptChanges: this.state.keptChanges + 1 });
      } catch {
        // the database is closing (signed out, or this copy was retired)
      }
    };
    const onOffline = () => {
      p.disconnect();
      this.update({ offline: true });
    };
    const onOnline = () => {
      if (live.loaded && !this.gone && !live.turning) p.connect();
    };
    const onCleared = () => {
      void live.persistence?.destroy();
      live.persistence = null;
    };
    p.on('connection-close', onClose);
    p.on('status', onStatus);
    p.on('sync', onSync);
    ydoc.on('update', onUpdate);
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);
    window.addEventListener(LOCAL_COPIES_CLEARED, onCleared);
    live.off.push(() => {
      p.off('connection-close', onClose);
      p.off('status', onStatus);
      p.off('sync', onSync);
      ydoc.off('update', onUpdate);
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
      window.removeEventListener(LOCAL_COPIES_CLEARED, onCleared);
    });
    this.update({ offline: !navigator.onLine, loaded: false, session: { ydoc, provider: p } });

    if (live.persistence) await Promise.race([live.persistence.whenSynced, new Promise((r) => setTimeout(r, 3000))]);
    else if (!editable && !this.retired) {
      const leftover = await loadLocalCopy(this.name).catch(() => null);
      if (leftover) this.retired = { doc: leftover, database: this.name };
    }
    if (live.ended) return;
    live.loaded = true;
    this.update({ loaded: true });
    if (!this.gone && navigator.onLine && !live.turning) p.connect();
  }

  /** Ends the current generation; its Y.Doc stays only when it is kept for a rescue. */
  private end(): void {
    const live = this.live;
    if (!live) return;
    this.live = null;
    live.ended = true;
    for (const f of live.off) f();
    live.provider?.destroy();
    void live.persistence?.destroy();
    live.persistence = null;
    if (this.retired?.doc !== live.ydoc) live.ydoc.destroy();
  }

  /** The server stopped taking this copy's edits, or the page says the mode changed: judge again. */
  private async turn(code: number | null): Promise<void> {
    const current = this.live;
    // A generation still loading its local copy has not connected yet: nothing to judge.
    if (!current?.provider || !current.loaded || current.turning) return;
    const provider = current.provider;
    current.turning = true;
    provider.disconnect(); // no reconnect with this copy until we know
    const { reason, gone, answered } = await askWhy(this.documentId);
    const wasEditable = this.state.readOnlyReason === null;
    if (reason === null && wasEditable && code === CLOSE.reauthorize) {
      // Still a writer, nothing refused (a changed role or access that still allows editing).
      current.turning = false;
      if (!current.ended) provider.connect();
      return;
    }
    if (wasEditable) {
      this.retired = { doc: current.ydoc, database: null };
      await current.persistence?.destroy().catch(() => undefined); // IndexedDB may never have opened
      current.persistence = null;
      await deleteDatabase(this.name);
    }
    let rescueText = this.state.rescueText;
    if (gone && this.retired) {
      // No sync will tell what the server kept: everything this copy typed is offered.
      const old = this.retired.doc;
      this.retired = null;
      const othersOnly = Y.decodeStateVector(Y.encodeStateVector(old));
      othersOnly.delete(old.clientID);
      rescueText = undeliveredText(old, othersOnly) || null;
      old.destroy();
    }
    if (this.destroyed) return;
    this.gone = gone;
    this.update({ readOnlyReason: reason, rescueText });
    this.begin();
    // The rest of the page (state, workflow actions) follows. Not when the server cannot be
    // reached: Next would fall back to reloading the whole page, away from the text.
    if (answered) this.emit('refresh', undefined);
  }
}

/** Sends [101]: from now on the server tells this socket whenever a thread of the document changes. */
function subscribeToThreads(provider: WebsocketProvider): void {
  const ws = provider.ws;
  if (!ws || ws.readyState !== WebSocket.OPEN) return;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE.threads);
  ws.send(encoding.toUint8Array(encoder));
}

/**
 * Asks the REST API what this user may do with the document now: the server decides, and
 * its answer is named the way the page names it (`readOnlyReason`). `answered` is false when
 * the server could not say (unreachable, or an error): `reason` then says so.
 */
async function askWhy(documentId: string): Promise<{ reason: ReadOnlyReason | null; gone: boolean; answered: boolean }> {
  try {
    const res = await fetch(`/api/documents/${encodeURIComponent(documentId)}`, { cache: 'no-store', headers: { Accept: 'application/json' } });
    if (res.status === 401) return { reason: { code: 'signed_out' }, gone: true, answered: true };
    if (res.status === 404) return { reason: { code: 'no_access' }, gone: true, answered: true };
    if (!res.ok) return { reason: { code: 'unknown' }, gone: false, answered: false };
    return { reason: reasonOf((await res.json()) as ReadOnlyFacts), gone: false, answered: true };
  } catch {
    return { reason: { code: 'unreachable' }, gone: false, answered: false };
  }
}
