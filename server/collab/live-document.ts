import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { equalityDeep } from 'lib0/function';
import type { SessionUser } from '../auth/session';
import { CLOSE } from '../errors';
import { isStorageError, type Storage } from '../storage/types';
import { AppliedLog } from './applied-log';
import { Outbox, type Recipient } from './outbox';
import { PresencePacer } from './presence-pacer';
import { decodeAwarenessUpdate, type AwarenessEntry } from './awareness-filter';
import { openSnapshot, sealSnapshot } from './snapshot-seal';
import { RefusedClients } from './refusals';
import { isEmptyUpdate, readUpdate, UpdateTrial } from './update-trial';
import type { Logger } from '../log';

/** y-websocket message types. */
const messageSync = 0;
const messageAwareness = 1;
const messageAuth = 2;
const messageQueryAwareness = 3;
/**
 * Our extension, used only by clients that ask for it (our editor): "tell me what of mine
 * is stored". The client sends [100, its Yjs client id]; from then on, after each batch of
 * its updates is in the log, the server answers [100, client id, clock]: every struct of
 * that client below `clock` is durable. That is how the editor can say "Saved" truthfully.
 * A client that never asks (the reference y-websocket client) never gets one.
 */
export const messageStored = 100;

/** Fold the log into a new snapshot after this many updates (the log rows are kept). */
const SNAPSHOT_EVERY = 1000;
/** A connection may present at most this many Yjs client ids (one per editor instance). */
const MAX_CLIENT_IDS_PER_CONNECTION = 8;
/**
 * A connection that has been sent nothing for this long gets its own presence update back.
 * y-websocket clients drop a connection that stays silent for 30 s (they count on the
 * server echoing their presence, renewed every 15 s), so a lone editor would reconnect
 * twice a minute; echoing every update, as the reference server does, costs a write each.
 */
const KEEPALIVE_ECHO_MS = 10_000;
/** The origin of the transaction that builds the Y.Doc from storage: relayed to nobody. */
const FROM_STORAGE = Symbol('from storage');
/**
 * The origin of updates and presence from other processes (the relay, or the log read to
 * catch up): relayed to every connection here, and never published again.
 */
const FROM_ELSEWHERE = Symbol('from another process');
/** A freeze announced by another process ends by itself after this long without its release. */
const REMOTE_FREEZE_MS = 15_000;
/** A gap in the applied log is filled from storage this soon (the relay is usually faster). */
const CATCH_UP_DELAY_MS = 250;
/**
 * A document served from its sealed snapshot is built when first needed (an update, a client
 * that holds state of its own, a read of the content) or at the latest this long after its
 * first connection. Until then every fresh client gets the stored bytes as they are, and the
 * build (an apply of the whole history: 280 ms for 200,000 edits right after a start) does not
 * hold up the server, or compete for the CPU, while they apply them.
 */
const BUILD_AT_THE_LATEST_MS = 1000;

/**
 * Where a document's committed updates and presence go besides this process's sockets
 * (the relay between processes); both empty with one process.
 */
export interface DocumentRelay {
  /** Updates just committed at positions first, first+1, … (called after the commit, never before). */
  committed?(first: number, updates: readonly Uint8Array[]): void;
  /** A presence update (y-protocols awareness encoding) accepted or made here. */
  presence?(update: Uint8Array): void;
  /** Client ids refused here: every other process refuses them too. */
  refused?(userId: string | null, clientIds: readonly number[]): void;
}

/** One open websocket on a document. */
export interface Connection extends Recipient {
  user: SessionUser;
  /** Decided at the upgrade by lib/policies; a read-only connection's updates are dropped. */
  writable: boolean;
  clientIds: Set<number>;
  alive: boolean;
  /**
   * The Yjs client ids in this connection's first presence message, at most
   * MAX_CLIENT_IDS_PER_CONNECTION. A y-websocket client sends it when the socket opens,
   * before it has heard of anyone else, so it holds only its own id (its Y.Doc's), even when
   * the clock is old and the entry is skipped (a reconnect). Later messages also echo other
   * people's presence, so only their accepted entries (`clientIds`) count as its own.
   */
  claimedIds?: Set<number>;
  /** The Yjs client id this connection asked to hear about (see messageStored). */
  storedFor?: number;
}

interface PendingUpdate {
  data: Uint8Array;
  from: Connection;
}

/**
 * A document open in this process: its Y.Doc, its presence, its sockets, and its write
 * queue. Every update from a writable connection is appended to the log (one transaction
 * per read from a socket) before it is applied and relayed, so nothing anyone has seen can
 * be lost.
 */
export class LiveDocument {
  private readonly doc = new Y.Doc({ gc: false });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly connections = new Set<Connection>();
  private readonly awarenessOwners = new Map<number, Connection>();
  /** Yjs client ids whose edits this document refused → the user whose connection sent them (storage: refused_clients). */
  private readonly refused = new RefusedClients();
  private pending: PendingUpdate[] = [];
  private draining = false;
  /** Set when a write failed: the instance relays nothing more and leaves memory. */
  failed = false;
  private updatesSinceSnapshot: number;
  private lastTouch = 0;
  /** The log positions the Y.Doc holds (see applied-log.ts). */
  private readonly applied: AppliedLog;
  private catchUpTimer: NodeJS.Timeout | null = null;
  private catchingUp: Promise<void> | null = null;
  private remoteFreeze: NodeJS.Timeout | null = null;
  /** Set once it left memory: a catch-up still reading the log then applies nothing. */
  private destroyed = false;
  /** What goes out to the connections, and when (see outbox.ts). */
  private readonly outbox = new Outbox<Connection>();
  /** When changed presence leaves (see presence-pacer.ts): never ahead of text being committed. */
  private readonly presence = new PresencePacer<Connection>(
    (clientIds, from) => this.relayPresence(clientIds, from),
    () => this.draining,
  );
  /**
   * A sealed snapshot not applied yet (see `load`): fresh clients get these bytes as they
   * are until the Y.Doc is built from them (see BUILD_AT_THE_LATEST_MS).
   */
  private unbuilt: Uint8Array | null = null;
  private buildTimer: NodeJS.Timeout | null = null;
  /** Every update a client sends is checked before it is queued (see update-trial.ts). */
  private readonly trial: UpdateTrial;
  /** The batch being written to the log: accepted, not yet applied (see `trial`). */
  private committing: readonly PendingUpdate[] = [];

  private constructor(
    readonly id: string,
    private readonly storage: Storage,
    private readonly log: Logger,
    private readonly onIdle: (doc: LiveDocument) => void,
    lastSeq: number,
    updatesSinceSnapshot: number,
    private readonly relay: DocumentRelay = {},
  ) {
    this.applied = new AppliedLog(lastSeq);
    this.updatesSinceSnapshot = updatesSinceSnapshot;
    this.trial = new UpdateTrial(
      () => this.ydoc,
      () => [...this.committing, ...this.pending].map((u) => u.data),
      log,
      id,
    );
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== FROM_STORAGE) this.relayUpdate(update, origin);
    });
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      // A connection's updates were tried on the replica when they arrived: it has them.
      if (!this.connections.has(origin as Connection)) this.trial.mirror(update);
    });
    this.awareness.on('update', (change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) =>
      this.relayAwareness(change, origin),
    );
  }

  /**
   * Loads a document from its latest snapshot and the log after it. Any failure rejects:
   * a document that fails to load is refused, never served empty and later saved over.
   *
   * A snapshot whose seal matches (see snapshot-seal.ts), with no log after it (how a
   * document is stored once it left memory), is known to apply: it is kept as bytes, sent
   * as they are to every fresh client, and the Y.Doc is built when first needed (see
   * BUILD_AT_THE_LATEST_MS), so a cold load costs a client one transfer instead of a replay,
   * an encode and a transfer. Anything else is applied here first, which is the check.
   */
  static async load(id: string, storage: Storage, log: Logger, onIdle: (doc: LiveDocument) => void, relay: DocumentRelay = {}): Promise<LiveDocument> {
    const [stored, refused] = await Promise.all([storage.loadDocumentState(id), storage.listRefusedClients(id)]);
    const lastSeq = stored.updates.at(-1)?.seq ?? stored.snapshot?.uptoSeq ?? 0;
    const doc = new LiveDocument(id, storage, log, onIdle, lastSeq, stored.updates.length, relay);
    for (const { clientId, userId } of refused) doc.refused.add(userId, [clientId]);
    const snapshot = stored.snapshot ? openSnapshot(stored.snapshot.state) : null;
    if (snapshot?.sealed && stored.updates.length === 0) {
      doc.unbuilt = snapshot.state;
      return doc;
    }
    try {
      Y.transact(
        doc.doc,
        () => {
          if (snapshot) Y.applyUpdate(doc.doc, snapshot.state, FROM_STORAGE);
          for (const u of stored.updates) Y.applyUpdate(doc.doc, u.data, FROM_STORAGE);
        },
        FROM_STORAGE,
      );
    } catch (cause) {
      doc.destroy();
      throw new Error(`document ${id} failed to load`, { cause });
    }
    return doc;
  }

  /** The document's Y.Doc (built from its stored state first, if that is still pending). */
  get ydoc(): Y.Doc {
    this.build();
    return this.doc;
  }

  /**
   * Applies a pending sealed snapshot, then sends every connection our state vector (held
   * back until now: it needs the built document).
   */
  private build(): void {
    const state = this.unbuilt;
    if (!state) return;
    this.unbuilt = null;
    if (this.buildTimer) clearTimeout(this.buildTimer);
    this.buildTimer = null;
    try {
      Y.applyUpdate(this.doc, state, FROM_STORAGE);
    } catch (err) {
      this.fail('a sealed snapshot did not apply', err);
      throw err;
    }
    const step1 = this.syncStep1();
    for (const conn of this.connections) {
      this.send(conn, step1);
      if (conn.storedFor !== undefined) this.sendStored(conn);
    }
  }

  private syncStep1(): Uint8Array {
    const sync = encoding.createEncoder();
    encoding.writeVarUint(sync, messageSync);
    syncProtocol.writeSyncStep1(sync, this.doc);
    return encoding.toUint8Array(sync);
  }

  /** Starts a connection: our state vector and everyone's presence go out first. */
  addConnection(conn: Connection): void {
    this.connections.add(conn);
    if (this.unbuilt) {
      // Our state vector follows the build; build soon even if this client never asks.
      this.buildTimer ??= setTimeout(() => this.buildQuietly(), BUILD_AT_THE_LATEST_MS);
    } else this.send(conn, this.syncStep1());
    const states = [...this.awareness.getStates().keys()];
    if (states.length) this.send(conn, this.awarenessMessage(states));
  }

  private buildQuietly(): void {
    try {
      this.build();
    } catch {
      // fail() has logged it and closed every connection
    }
  }

  /** Forgets a connection and its presence; the document leaves memory after the last one. */
  removeConnection(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    this.outbox.forget(conn);
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
      case messageStored:
        conn.storedFor = decoding.readVarUint(decoder);
        if (!this.unbuilt) this.sendStored(conn);
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
        const fresh = stateVector.length === 1 && stateVector[0] === 0; // a client with nothing yet
        const served = fresh ? this.unbuilt : null;
        const reply = encoding.createEncoder();
        encoding.writeVarUint(reply, messageSync);
        encoding.writeVarUint(reply, syncProtocol.messageYjsSyncStep2);
        encoding.writeVarUint8Array(reply, served ?? Y.encodeStateAsUpdate(this.ydoc, stateVector));
        this.send(conn, encoding.toUint8Array(reply));
        return;
      }
      case syncProtocol.messageYjsSyncStep2:
      case syncProtocol.messageYjsUpdate: {
        const update = decoding.readVarUint8Array(decoder);
        if (this.failed) return;
        if (!conn.writable || this.frozen) {
          this.refuseReadOnly(conn, update); // read-only: dropped, never stored or relayed
          return;
        }
        const shape = readUpdate(update); // throws on a malformed update before it can reach the log
        if (isEmptyUpdate(update)) return;
        if (this.refused.size && this.refused.carries(conn, shape.clients)) {
          this.log.warn('refused an update carrying edits refused earlier; closing that connection', { doc: this.id, user: conn.user.id });
          conn.writable = false;
          conn.ws.close(CLOSE.refusedCopy, 'this copy carries edits the document refused; sync anew');
          return;
        }
        this.trial.accept(update, shape); // throws on an update that would not apply
        this.pending.push({ data: update, from: conn });
        if (!this.draining) {
          // Right after the rest of this read (a blast of updates, a keystroke's caret),
          // not after every socket that is ready: at 100 clients, 99 echoes of the last caret.
          this.draining = true;
          process.nextTick(() => void this.drain());
        }
        return;
      }
      default:
        throw new Error(`unknown sync message type ${syncType}`);
    }
  }

  /**
   * Drops an update from a connection that may not write now, and refuses its client ids
   * from now on (see refusals.ts): stored, and told to the other processes.
   */
  private refuseReadOnly(conn: Connection, update: Uint8Array): void {
    const fresh = this.refused.record(conn, update, this.ydoc);
    if (!fresh.length) return;
    this.log.warn('refused edits from a connection that may not write; their client ids are refused from now on', {
      doc: this.id,
      user: conn.user.id,
      clients: fresh,
    });
    this.storage.refuseClients(this.id, conn.user.id, fresh).catch((err) => this.log.error('could not record refused client ids', { doc: this.id, err }));
    this.relay.refused?.(conn.user.id, fresh);
  }

  /** Client ids another process refused (relayed, or read from storage when catching up). */
  refusedFromElsewhere(userId: string | null, clientIds: readonly number[]): void {
    this.refused.add(userId, clientIds);
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
        this.committing = batch;
        let last: number;
        try {
          last = await this.storage.appendUpdates(
            this.id,
            batch.map((u) => ({ userId: u.from.user.id, data: u.data })),
          );
        } catch (err) {
          if (isStorageError(err, 'DocumentNotEditable')) this.fail('another process took the document out of draft', err, CLOSE.reauthorize, 'no longer a draft');
          else this.fail('could not store updates', err);
          return;
        }
        this.updatesSinceSnapshot += batch.length;
        // Committed: other processes may relay it now (each applies it to its own copy).
        this.relay.committed?.(last - batch.length + 1, batch.map((u) => u.data));
        try {
          this.build();
          this.applyCommitted(batch);
          this.presence.textSent();
          this.acknowledgeStored(batch);
          this.applied.add(last - batch.length + 1, last);
          if (this.applied.hasGap) this.scheduleCatchUp();
        } catch (err) {
          this.fail('a stored update did not apply', err);
          return;
        } finally {
          this.committing = [];
        }
        this.outbox.flush();
        this.touch(batch.at(-1)!.from.user.id);
      }
      if (this.updatesSinceSnapshot >= SNAPSHOT_EVERY) await this.snapshot();
    } finally {
      this.draining = false;
      if (this.pending.length === 0) this.trial.settled();
      this.presence.committed();
      this.outbox.flush();
      this.maybeIdle();
    }
  }

  /**
   * Applies committed updates in order, one transaction per run of updates from the same
   * connection: the Y.Doc then emits one update per run, relayed as one message to each
   * other connection, instead of one message per keystroke.
   */
  private applyCommitted(batch: readonly PendingUpdate[]): void {
    for (let i = 0; i < batch.length; ) {
      const from = batch[i]!.from;
      let j = i;
      Y.transact(
        this.doc,
        () => {
          for (; j < batch.length && batch[j]!.from === from; j++) Y.applyUpdate(this.doc, batch[j]!.data, from);
        },
        from,
      );
      i = j;
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
    // Only as far as every position is applied: a position missing here (an update of
    // another process still on its way) must be read from the log at the next load.
    const upto = this.applied.watermark;
    try {
      await this.storage.saveSnapshot(this.id, upto, sealSnapshot(state));
      this.updatesSinceSnapshot = 0;
    } catch (err) {
      this.log.error('snapshot failed (the log is intact)', { doc: this.id, err });
    }
  }

  private fail(what: string, err: unknown, code: number = CLOSE.storageFailed, reason = 'storage failure'): void {
    this.failed = true;
    this.pending = [];
    this.log[code === CLOSE.storageFailed ? 'error' : 'info'](`${what}; closing every connection of the document`, { doc: this.id, err: String(err) });
    for (const conn of this.connections) {
      conn.writable = false;
      conn.ws.close(code, reason);
    }
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

  /**
   * The log position up to which this Y.Doc holds every committed update (with one process,
   * the last committed update; with several, see applied-log.ts and `catchUp`).
   */
  get committedSeq(): number {
    return this.applied.watermark;
  }

  /** Lets the document leave memory if nobody is connected (after a freeze). */
  release(): void {
    this.frozen = false;
    if (this.remoteFreeze) clearTimeout(this.remoteFreeze);
    this.remoteFreeze = null;
    this.maybeIdle();
  }

  /**
   * Another process is taking the document out of draft: accept no update until its
   * release arrives (or REMOTE_FREEZE_MS pass, should that process die first). Its
   * transaction, not this flag, is what guarantees the frozen text: storage refuses appends
   * once the document left draft, and refuses the transition if the log moved.
   */
  freezeFromElsewhere(): void {
    this.frozen = true;
    if (this.remoteFreeze) clearTimeout(this.remoteFreeze);
    this.remoteFreeze = setTimeout(() => this.release(), REMOTE_FREEZE_MS);
    this.remoteFreeze.unref();
  }

  /**
   * Updates another process committed (positions first, first+1, …), relayed to every
   * connection here. Positions already applied are skipped; a gap before them is filled
   * from storage soon (the relay may have lost a message).
   */
  applyFromElsewhere(first: number, updates: readonly Uint8Array[]): void {
    if (this.failed || this.destroyed) return;
    const fresh = updates.map((data, i) => ({ seq: first + i, data })).filter((u) => !this.applied.has(u.seq));
    if (!fresh.length) return;
    try {
      Y.transact(this.ydoc, () => fresh.forEach((u) => Y.applyUpdate(this.doc, u.data, FROM_ELSEWHERE)), FROM_ELSEWHERE);
    } catch (err) {
      this.fail('an update from another process did not apply', err);
      return;
    }
    for (const u of fresh) this.applied.add(u.seq, u.seq);
    if (this.applied.hasGap) this.scheduleCatchUp();
    this.presence.textSent();
    this.outbox.flush();
  }

  /**
   * Reads the log after the watermark and applies whatever this copy lacks: after a gap,
   * after the relay was down, before a transition takes the text. Resolves once done; calls
   * made while one runs share it and then run once more (a commit may have come between).
   */
  async catchUp(): Promise<void> {
    while (this.catchingUp) await this.catchingUp;
    this.catchingUp = (async () => {
      // Refusals made elsewhere while the relay was down are in storage too.
      for (const { clientId, userId } of await this.storage.listRefusedClients(this.id)) this.refusedFromElsewhere(userId, [clientId]);
      const missing = await this.storage.listUpdates(this.id, this.applied.watermark);
      const first = missing[0]?.seq;
      if (first === undefined) return;
      // Positions are contiguous from the watermark on: one call applies what is new.
      this.applyFromElsewhere(first, missing.map((u) => u.data));
    })().finally(() => (this.catchingUp = null));
    await this.catchingUp;
  }

  private scheduleCatchUp(): void {
    if (this.catchUpTimer) return;
    this.catchUpTimer = setTimeout(() => {
      this.catchUpTimer = null;
      this.catchUp().catch((err) => this.log.warn('could not catch up from the log', { doc: this.id, err: String(err) }));
    }, CATCH_UP_DELAY_MS);
    this.catchUpTimer.unref();
  }

  /** Presence from another process: set here and relayed to every connection here. */
  presenceFromElsewhere(update: Uint8Array): void {
    if (this.failed || this.destroyed) return;
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, FROM_ELSEWHERE);
    this.outbox.flush();
  }

  /**
   * Queues a change made on the server (a restore) as if `user` had typed it: `make` gets
   * a scratch copy of the committed state and returns the update, which then takes the
   * same path as typing: the log (attributed to the user), then applied and relayed.
   * Resolves once it is committed and relayed.
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
    this.destroyed = true;
    if (this.buildTimer) clearTimeout(this.buildTimer);
    if (this.catchUpTimer) clearTimeout(this.catchUpTimer);
    if (this.remoteFreeze) clearTimeout(this.remoteFreeze);
    this.presence.stop();
    this.unbuilt = null;
    this.outbox.flush();
    this.awareness.destroy();
    this.doc.destroy();
    this.trial.destroy();
  }

  private handleAwareness(conn: Connection, update: Uint8Array): void {
    const accepted: AwarenessEntry[] = [];
    const first = conn.claimedIds === undefined ? (conn.claimedIds = new Set()) : null;
    const skip = (id: number, clock: number, isNull: boolean) => {
      if (first && first.size < MAX_CLIENT_IDS_PER_CONNECTION) first.add(id);
      return !this.presenceWouldChange(id, clock, isNull);
    };
    for (const entry of decodeAwarenessUpdate(update, skip)) {
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
    if (accepted.length) this.applyPresence(accepted, conn);
  }

  /**
   * Whether y-protocols' applyAwarenessUpdate would take this entry: a newer clock, or a
   * removal at the same clock. Everything else (above all the echo of each presence update
   * that every y-websocket client sends back) is skipped before its JSON is parsed.
   */
  private presenceWouldChange(clientId: number, clock: number, isNull: boolean): boolean {
    const current = this.awareness.meta.get(clientId)?.clock ?? 0;
    return current < clock || (current === clock && isNull && this.awareness.states.has(clientId));
  }

  /**
   * applyAwarenessUpdate for entries already parsed and checked: sets them on our Awareness
   * (same rules, same events). Other processes hear of them at once; the connections here with
   * the next presence relay (see presence-pacer.ts).
   */
  private applyPresence(entries: readonly AwarenessEntry[], conn: Connection): void {
    const awareness = this.awareness;
    const now = Date.now();
    const added: number[] = [];
    const updated: number[] = [];
    const changed: number[] = [];
    const removed: number[] = [];
    const relayed: number[] = [];
    for (const { clientId, clock, state } of entries) {
      if (!this.presenceWouldChange(clientId, clock, state === null)) continue; // listed twice in one message
      const meta = awareness.meta.get(clientId);
      const previous = awareness.states.get(clientId);
      if (state === null) awareness.states.delete(clientId);
      else awareness.states.set(clientId, state);
      awareness.meta.set(clientId, { clock, lastUpdated: now });
      if (meta === undefined && state !== null) added.push(clientId);
      else if (meta !== undefined && state === null) removed.push(clientId);
      else if (state !== null) {
        if (!equalityDeep(state, previous)) changed.push(clientId);
        updated.push(clientId);
      } else continue; // a removal of a client never seen: nothing to tell anyone
      relayed.push(clientId);
    }
    if (added.length || changed.length || removed.length) awareness.emit('change', [{ added, updated: changed, removed }, conn]);
    if (added.length || updated.length || removed.length) awareness.emit('update', [{ added, updated, removed }, conn]);
    if (!relayed.length) return;
    this.relay.presence?.(awarenessProtocol.encodeAwarenessUpdate(awareness, relayed));
    this.presence.changedBy(relayed, conn);
  }

  /**
   * The latest state of `clientIds`, in one message to every connection: but the one it all
   * came from, unless that one has heard nothing for KEEPALIVE_ECHO_MS. (A client ignores its
   * own state at a clock it has, so one message can go to everyone.)
   */
  private relayPresence(clientIds: readonly number[], from: Connection | null): void {
    const present = clientIds.filter((id) => this.awareness.meta.has(id));
    if (!present.length || this.failed || this.destroyed) return;
    const except = from && Date.now() - (from.lastSentAt ?? 0) <= KEEPALIVE_ECHO_MS ? from : null;
    this.broadcast(this.awarenessMessage(present), except);
  }

  /** After a commit: each writer in the batch that asked hears what of its work is stored. */
  private acknowledgeStored(batch: readonly PendingUpdate[]): void {
    let told: Set<Connection> | null = null; // nothing allocated when nobody asked
    for (const { from } of batch) {
      if (from.storedFor === undefined || told?.has(from)) continue;
      (told ??= new Set()).add(from);
      this.sendStored(from);
    }
  }

  /** Tells a connection how much of its client's work is in the log (see messageStored). */
  private sendStored(conn: Connection): void {
    const clientId = conn.storedFor!;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageStored);
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, Y.getState(this.doc.store, clientId));
    this.send(conn, encoding.toUint8Array(encoder));
  }

  private relayUpdate(update: Uint8Array, origin: unknown): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageSync);
    syncProtocol.writeUpdate(encoder, update);
    this.broadcast(encoding.toUint8Array(encoder), origin);
  }

  /** Relays presence changes the server made itself (a connection left, a state timed out). */
  private relayAwareness(change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void {
    if (this.connections.has(origin as Connection)) return; // from a connection: applyPresence relayed it
    const changed = [...change.added, ...change.updated, ...change.removed];
    if (!changed.length) return;
    this.presence.changedBy(changed, null);
    // What this process decided (a connection left): the other processes hear it too.
    if (origin !== FROM_ELSEWHERE) this.relay.presence?.(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
  }

  private awarenessMessage(clients: number[]): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageAwareness);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
    return encoding.toUint8Array(encoder);
  }

  private broadcast(message: Uint8Array, except: unknown): void {
    this.outbox.broadcast(this.connections, message, except);
  }

  private send(conn: Connection, message: Uint8Array): void {
    this.outbox.send(conn, message);
  }
}

/** Presence names come from the server's record of who is connected, never from the client. */
function withServerIdentity(state: Record<string, unknown> | null, user: SessionUser): Record<string, unknown> | null {
  if (state === null) return null;
  const claimed = state.user;
  const base = claimed && typeof claimed === 'object' && !Array.isArray(claimed) ? (claimed as Record<string, unknown>) : {};
  return { ...state, user: { ...base, id: user.id, name: user.name } };
}
