import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebSocket } from 'ws';
import type { SessionUser } from '../auth/session';
import { CLOSE } from '../errors';
import type { Storage } from '../storage/types';
import { decodeAwarenessUpdate, encodeAwarenessUpdate, type AwarenessEntry } from './awareness-filter';
import type { Logger } from '../log';

/** y-websocket message types. */
const messageSync = 0;
const messageAwareness = 1;
const messageAuth = 2;
const messageQueryAwareness = 3;

/** Fold the log into a new snapshot after this many updates (the log rows are kept). */
const SNAPSHOT_EVERY = 1000;
/** A connection may present at most this many Yjs client ids (one per editor instance). */
const MAX_CLIENT_IDS_PER_CONNECTION = 8;
/** A recipient this far behind is closed rather than buffered without end. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

/** One open websocket on a document. */
export interface Connection {
  ws: WebSocket;
  user: SessionUser;
  /** Decided at the upgrade by lib/policies; a read-only connection's updates are dropped. */
  writable: boolean;
  clientIds: Set<number>;
  alive: boolean;
}

interface PendingUpdate {
  data: Uint8Array;
  from: Connection;
}

/**
 * A document open in this process: its Y.Doc, its presence, its sockets, and its write
 * queue. Every update from a writable connection is appended to the log (one transaction
 * per tick) before it is applied and relayed, so nothing anyone has seen can be lost.
 */
export class LiveDocument {
  readonly ydoc = new Y.Doc({ gc: false });
  readonly awareness = new awarenessProtocol.Awareness(this.ydoc);
  readonly connections = new Set<Connection>();
  private readonly awarenessOwners = new Map<number, Connection>();
  private pending: PendingUpdate[] = [];
  private draining = false;
  /** Set when a write failed: the instance relays nothing more and leaves memory. */
  failed = false;
  private updatesSinceSnapshot: number;
  private lastTouch = 0;
  private lastSeq: number;

  private constructor(
    readonly id: string,
    private readonly storage: Storage,
    private readonly log: Logger,
    private readonly onIdle: (doc: LiveDocument) => void,
    lastSeq: number,
    updatesSinceSnapshot: number,
  ) {
    this.lastSeq = lastSeq;
    this.updatesSinceSnapshot = updatesSinceSnapshot;
    this.awareness.setLocalState(null);
    this.ydoc.on('update', (update: Uint8Array, origin: unknown) => this.relayUpdate(update, origin));
    this.awareness.on('update', (change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) =>
      this.relayAwareness(change, origin),
    );
  }

  /**
   * Loads a document from its latest snapshot and the log after it. Any failure rejects:
   * a document that fails to load is refused, never served empty and later saved over.
   */
  static async load(id: string, storage: Storage, log: Logger, onIdle: (doc: LiveDocument) => void): Promise<LiveDocument> {
    const stored = await storage.loadDocumentState(id);
    const lastSeq = stored.updates.at(-1)?.seq ?? stored.snapshot?.uptoSeq ?? 0;
    const doc = new LiveDocument(id, storage, log, onIdle, lastSeq, stored.updates.length);
    try {
      Y.transact(doc.ydoc, () => {
        if (stored.snapshot) Y.applyUpdate(doc.ydoc, stored.snapshot.state);
        for (const u of stored.updates) Y.applyUpdate(doc.ydoc, u.data);
      });
    } catch (cause) {
      doc.destroy();
      throw new Error(`document ${id} failed to load`, { cause });
    }
    return doc;
  }

  /** Starts a connection: our state vector and everyone's presence go out first. */
  addConnection(conn: Connection): void {
    this.connections.add(conn);
    const sync = encoding.createEncoder();
    encoding.writeVarUint(sync, messageSync);
    syncProtocol.writeSyncStep1(sync, this.ydoc);
    this.send(conn, encoding.toUint8Array(sync));
    const states = [...this.awareness.getStates().keys()];
    if (states.length) this.send(conn, this.awarenessMessage(states));
  }

  /** Forgets a connection and its presence; the document leaves memory after the last one. */
  removeConnection(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    const owned = [...conn.clientIds].filter((id) => this.awarenessOwners.get(id) === conn);
    for (const id of owned) this.awarenessOwners.delete(id);
    if (owned.length) awarenessProtocol.removeAwarenessStates(this.awareness, owned, null);
    this.maybeIdle();
  }

  /**
   * Handles one binary message. Throws on anything malformed; the caller closes that
   * connection (and only that one).
   */
  handleMessage(conn: Connection, message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case messageSync:
        return this.handleSync(conn, decoder);
      case messageAwareness:
        return this.handleAwareness(conn, decoding.readVarUint8Array(decoder));
      case messageAuth:
        return; // clients do not send auth messages; tolerated and ignored
      case messageQueryAwareness:
        this.send(conn, this.awarenessMessage([...this.awareness.getStates().keys()]));
        return;
      default:
        throw new Error(`unknown message type ${type}`);
    }
  }

  private handleSync(conn: Connection, decoder: decoding.Decoder): void {
    const syncType = decoding.readVarUint(decoder);
    switch (syncType) {
      case syncProtocol.messageYjsSyncStep1: {
        const stateVector = decoding.readVarUint8Array(decoder);
        const reply = encoding.createEncoder();
        encoding.writeVarUint(reply, messageSync);
        encoding.writeVarUint(reply, syncProtocol.messageYjsSyncStep2);
        encoding.writeVarUint8Array(reply, Y.encodeStateAsUpdate(this.ydoc, stateVector));
        this.send(conn, encoding.toUint8Array(reply));
        return;
      }
      case syncProtocol.messageYjsSyncStep2:
      case syncProtocol.messageYjsUpdate: {
        const update = decoding.readVarUint8Array(decoder);
        if (!conn.writable || this.failed || this.frozen) return; // read-only: dropped, never stored or relayed
        Y.decodeUpdate(update); // throws on a malformed update before it can reach the log
        if (isEmptyUpdate(update)) return;
        this.pending.push({ data: update, from: conn });
        if (!this.draining) {
          this.draining = true;
          setImmediate(() => void this.drain());
        }
        return;
      }
      default:
        throw new Error(`unknown sync message type ${syncType}`);
    }
  }

  /**
   * Writes queued updates to the log, one transaction per batch, then applies and relays
   * them in the same order. A failed write relays nothing and closes every socket so that
   * clients resend from their own copy once the document loads again.
   */
  private async drain(): Promise<void> {
    try {
      while (this.pending.length && !this.failed) {
        const batch = this.pending;
        this.pending = [];
        try {
          this.lastSeq = await this.storage.appendUpdates(
            this.id,
            batch.map((u) => ({ userId: u.from.user.id, data: u.data })),
          );
        } catch (err) {
          this.fail('could not store updates', err);
          return;
        }
        this.updatesSinceSnapshot += batch.length;
        try {
          for (const u of batch) Y.applyUpdate(this.ydoc, u.data, u.from);
        } catch (err) {
          this.fail('a stored update did not apply', err);
          return;
        }
        this.touch(batch.at(-1)!.from.user.id);
      }
      if (this.updatesSinceSnapshot >= SNAPSHOT_EVERY) await this.snapshot();
    } finally {
      this.draining = false;
      this.maybeIdle();
    }
  }

  /** Records who edited last, at most every two seconds (off the keystroke path). */
  private touch(userId: string): void {
    const now = Date.now();
    if (now - this.lastTouch < 2000) return;
    this.lastTouch = now;
    this.storage.touchDocument(this.id, userId, new Date(now)).catch((err) => this.log.error('touch failed', { doc: this.id, err }));
  }

  /** Folds the committed state into a snapshot; the log rows stay for history. */
  private async snapshot(): Promise<void> {
    const state = Y.encodeStateAsUpdate(this.ydoc);
    const upto = this.lastSeq;
    try {
      await this.storage.saveSnapshot(this.id, upto, state);
      this.updatesSinceSnapshot = 0;
    } catch (err) {
      this.log.error('snapshot failed (the log is intact)', { doc: this.id, err });
    }
  }

  private fail(what: string, err: unknown): void {
    this.failed = true;
    this.pending = [];
    this.log.error(`${what}; closing every connection of the document`, { doc: this.id, err });
    for (const conn of this.connections) conn.ws.close(CLOSE.storageFailed, 'storage failure');
  }

  private maybeIdle(): void {
    if (this.connections.size === 0 && !this.draining && !this.frozen) this.onIdle(this);
  }

  /**
   * While frozen (a workflow transition is taking the document out of draft), no update is
   * accepted from anyone and the document stays in memory; the transition then closes
   * every socket (4205) so each client is judged again against the new state.
   */
  frozen = false;

  /** Resolves once every update accepted so far is committed and applied. */
  async settled(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.draining) {
      if (Date.now() > deadline) throw new Error(`document ${this.id}: writes did not settle in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 2));
    }
    if (this.failed) throw new Error(`document ${this.id}: a write failed`);
  }

  /** The sequence number of the last committed update in this document's log. */
  get committedSeq(): number {
    return this.lastSeq;
  }

  /** Lets the document leave memory if nobody is connected (after a freeze). */
  release(): void {
    this.frozen = false;
    this.maybeIdle();
  }

  /**
   * Applies a change made on the server (an import, a restore) as `user`, through the
   * same path as typing: the log (attributed to the user), then applied and relayed.
   * `make` builds the update on a scratch copy of the current state. Resolves once it is
   * committed and relayed.
   */
  async applyAs(user: SessionUser, make: (scratch: Y.Doc) => Uint8Array): Promise<void> {
    await this.settled();
    if (this.frozen || this.failed) throw new Error(`document ${this.id} is not accepting changes now`);
    const scratch = new Y.Doc({ gc: false });
    let update: Uint8Array;
    try {
      Y.applyUpdate(scratch, Y.encodeStateAsUpdate(this.ydoc));
      update = make(scratch);
    } finally {
      scratch.destroy();
    }
    if (isEmptyUpdate(update)) return;
    // A connection that is not a socket: the change is relayed to every real one.
    const from = { user, writable: true, clientIds: new Set<number>(), alive: true } as unknown as Connection;
    this.pending.push({ data: update, from });
    if (!this.draining) {
      this.draining = true;
      setImmediate(() => void this.drain());
    }
    await new Promise((r) => setImmediate(r));
    await this.settled();
  }

  /** Saves a snapshot when the log has grown since the last one, then frees memory. */
  async evict(): Promise<void> {
    if (!this.failed && this.updatesSinceSnapshot > 0) await this.snapshot();
    this.destroy();
  }

  private destroy(): void {
    this.awareness.destroy();
    this.ydoc.destroy();
  }

  private handleAwareness(conn: Connection, update: Uint8Array): void {
    const accepted: AwarenessEntry[] = [];
    for (const entry of decodeAwarenessUpdate(update)) {
      const owner = this.awarenessOwners.get(entry.clientId);
      if (owner && owner !== conn) {
        // The same person reconnecting takes their client id over; nobody else may.
        if (owner.user.id !== conn.user.id) continue;
        owner.clientIds.delete(entry.clientId);
      } else if (!owner && conn.clientIds.size >= MAX_CLIENT_IDS_PER_CONNECTION) continue;
      this.awarenessOwners.set(entry.clientId, conn);
      conn.clientIds.add(entry.clientId);
      accepted.push({ ...entry, state: withServerIdentity(entry.state, conn.user) });
    }
    if (accepted.length) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessUpdate(accepted), conn);
  }

  private relayUpdate(update: Uint8Array, origin: unknown): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageSync);
    syncProtocol.writeUpdate(encoder, update);
    this.broadcast(encoding.toUint8Array(encoder), origin);
  }

  private relayAwareness(change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void {
    const changed = [...change.added, ...change.updated, ...change.removed];
    if (changed.length) this.broadcast(this.awarenessMessage(changed), origin);
  }

  private awarenessMessage(clients: number[]): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageAwareness);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
    return encoding.toUint8Array(encoder);
  }

  private broadcast(message: Uint8Array, except: unknown): void {
    for (const conn of this.connections) if (conn !== except) this.send(conn, message);
  }

  private send(conn: Connection, message: Uint8Array): void {
    const ws = conn.ws;
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      ws.close(1013, 'too far behind; reconnect');
      return;
    }
    ws.send(message, (err) => {
      if (err) ws.terminate();
    });
  }
}

/** An update that carries no structs and no deletions (y-websocket sends these on sync). */
function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}

/** Presence names come from the server's record of who is connected, never from the client. */
function withServerIdentity(state: Record<string, unknown> | null, user: SessionUser): Record<string, unknown> | null {
  if (state === null) return null;
  const claimed = state.user;
  const base = claimed && typeof claimed === 'object' && !Array.isArray(claimed) ? (claimed as Record<string, unknown>) : {};
  return { ...state, user: { ...base, id: user.id, name: user.name } };
}
