import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as decoding from 'lib0/decoding';
import { CLOSE } from '@/server/errors';
import type { Logger } from '@/server/log';
import { AppliedLog } from './applied-log';
import { Editor, type Connection } from './connection';
import { nextTurn } from './next-turn';
import { FROM_STORAGE, type CollabModule, type ModuleContext, type ModuleFactory, type PendingUpdate } from './modules';
import { Outbox } from './outbox';
import { WriteQueue } from './write-queue';
import * as protocol from './protocol';
import { isEmptyUpdate, readUpdate } from './update-trial';

/**
 * A document served from its sealed snapshot is built when first needed (an update, a client
 * that holds state of its own, a read of the content) or at the latest this long after its
 * first connection. Until then every fresh client gets the stored bytes as they are, and the
 * build (an apply of the whole history: 280 ms for 200,000 edits right after a start) does not
 * hold up the server, or compete for the CPU, while they apply them.
 */
const BUILD_AT_THE_LATEST_MS = 1000;

type Point = keyof CollabModule;

/**
 * The core of the collaboration server: one document open in this process, its Y.Doc, its
 * sockets, the protocol switch, and the write queue that keeps the order every update takes:
 * checks (`beforeApply`), the log (`commit`), then applied and relayed (`afterCommit`).
 * Everything else is a module (modules.ts) called at those points.
 */
export class LiveDocument {
  private readonly doc = new Y.Doc({ gc: false });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly connections = new Set<Connection>();
  /** The log positions the Y.Doc holds (see applied-log.ts). */
  readonly applied: AppliedLog;
  /** Set when a write failed: the instance relays nothing more and leaves memory. */
  failed = false;
  /** Set when the document was deleted: it leaves memory without its modules' last writes. */
  discarded = false;
  /** Set once it left memory. */
  destroyed = false;
  /**
   * While frozen (a workflow transition is taking the document out of draft), no update is
   * accepted from anyone and the document stays in memory; the transition then closes
   * every socket (4205) so each client is judged again against the new state.
   */
  frozen = false;
  private modules: CollabModule[] = [];
  private readonly points = new Map<Point, CollabModule[]>();
  /** The modules of the points every update passes, looked up once at `attach` (`at` for the rest). */
  private beforeApplyModules: CollabModule[] = [];
  private afterCommitModules: CollabModule[] = [];
  private onTextModules: CollabModule[] = [];
  /** Accepted updates on their way to the log (see write-queue.ts). */
  private readonly queue = new WriteQueue(this);
  /** What goes out to the connections, and when (see outbox.ts). */
  private readonly outbox = new Outbox<Connection>();
  /** A sealed snapshot not applied yet: fresh clients get these bytes until the build. */
  private unbuilt: Uint8Array | null = null;
  private buildTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly id: string,
    readonly log: Logger,
    private readonly onIdle: (doc: LiveDocument) => void,
    lastSeq: number,
  ) {
    this.applied = new AppliedLog(lastSeq);
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== FROM_STORAGE) this.broadcast(protocol.updateMessageParts(update), origin);
      // An editor's updates were checked when they arrived; the modules saw them then.
      if (!(origin instanceof Editor)) for (const m of this.at('onForeignUpdate')) m.onForeignUpdate!(update);
    });
  }

  /** Attaches the modules, in the order their points are called. */
  attach(factories: readonly ModuleFactory[], ctx: ModuleContext): void {
    this.modules = factories.map((make) => make(this, ctx));
    this.points.clear();
    this.beforeApplyModules = this.at('beforeApply');
    this.afterCommitModules = this.at('afterCommit');
    this.onTextModules = this.at('onText');
  }

  /** The module of a class, when it is attached (for the API that reaches one: relay.ts, hub.ts). */
  module<T extends CollabModule>(kind: abstract new (...args: never[]) => T): T | undefined {
    return this.modules.find((m): m is T => m instanceof kind);
  }

  /** The modules with a point, in the order they were attached (looked up once per point). */
  at(point: Point): CollabModule[] {
    let list = this.points.get(point);
    if (!list) this.points.set(point, (list = this.modules.filter((m) => m[point] !== undefined)));
    return list;
  }

  /** Serves `state` (a sealed snapshot) as it is until the Y.Doc is first needed. */
  buildLater(state: Uint8Array): void {
    this.unbuilt = state;
  }

  /** Applies stored state now (a load): relayed to nobody. Throws when it does not apply. */
  applyStored(updates: readonly Uint8Array[]): void {
    Y.transact(this.doc, () => updates.forEach((u) => Y.applyUpdate(this.doc, u, FROM_STORAGE)), FROM_STORAGE);
  }

  /** The document's Y.Doc (built from its stored state first, if that is still pending). */
  get ydoc(): Y.Doc {
    this.build();
    return this.doc;
  }

  /** Applies a pending sealed snapshot, then sends every connection what waited for it. */
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
    const step1 = protocol.syncStep1Message(this.doc);
    for (const conn of this.connections) {
      this.send(conn, step1);
      if (conn.storedFor !== undefined) this.send(conn, protocol.storedMessage(this.doc, conn.storedFor));
    }
  }

  /** Starts a connection: our state vector and everyone's presence go out first. */
  addConnection(conn: Connection): void {
    this.connections.add(conn);
    if (this.unbuilt) {
      // Our state vector follows the build; build soon even if this client never asks.
      this.buildTimer ??= setTimeout(() => this.buildQuietly(), BUILD_AT_THE_LATEST_MS);
    } else this.send(conn, protocol.syncStep1Message(this.doc));
    const states = [...this.awareness.getStates().keys()];
    if (states.length) this.send(conn, protocol.awarenessMessage(this.awareness, states));
  }

  private buildQuietly(): void {
    try {
      this.build();
    } catch {
      // fail() has logged it and closed every connection
    }
  }

  /** Forgets a connection (the modules its presence); the document leaves memory after the last one. */
  removeConnection(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    this.outbox.forget(conn);
    for (const m of this.at('onDisconnect')) m.onDisconnect!(conn);
    this.maybeIdle();
  }

  /** Handles one binary message. Throws on anything malformed; the caller closes that connection only. */
  handleMessage(conn: Connection, message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case protocol.messageSync:
        return this.handleSync(conn, decoder);
      case protocol.messageAwareness: {
        const update = decoding.readVarUint8Array(decoder);
        for (const m of this.at('onPresence')) m.onPresence!(conn, update);
        return;
      }
      case protocol.messageAuth:
        return; // clients do not send auth messages; tolerated and ignored
      case protocol.messageQueryAwareness:
        this.send(conn, protocol.awarenessMessage(this.awareness, [...this.awareness.getStates().keys()]));
        return;
      case protocol.messageStored:
        conn.storedFor = decoding.readVarUint(decoder);
        if (!this.unbuilt) this.send(conn, protocol.storedMessage(this.doc, conn.storedFor));
        return;
      default:
        for (const m of this.at('onMessage')) if (m.onMessage!(conn, type, decoder)) return;
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
        this.send(conn, protocol.syncStep2Message(served ?? Y.encodeStateAsUpdate(this.ydoc, stateVector)));
        return;
      }
      case syncProtocol.messageYjsSyncStep2:
      case syncProtocol.messageYjsUpdate:
        return this.receive(decoding.readVarUint8Array(decoder), conn);
      default:
        throw new Error(`unknown sync message type ${syncType}`);
    }
  }

  /**
   * An update from an editor (a socket or a direct connection): dropped when it may not write
   * now, checked by the modules, then queued for the log. Throws on a malformed update.
   */
  receive(update: Uint8Array, from: Editor): void {
    if (this.failed) return;
    if (!from.writable || this.frozen) {
      for (const m of this.at('onDropped')) m.onDropped!(update, from); // never stored or relayed
      return;
    }
    const shape = readUpdate(update); // throws on a malformed update before it can reach the log
    if (isEmptyUpdate(update)) return;
    const checks = this.beforeApplyModules;
    for (let i = 0; i < checks.length; i++) if (!checks[i]!.beforeApply!(update, shape, from)) return;
    this.queue.push({ data: update, from });
  }

  /** The updates accepted but not yet applied, in order (what a trial replica starts from). */
  queued(): Uint8Array[] {
    return this.queue.queued();
  }

  /** How many updates are accepted but not yet applied. */
  get queuedCount(): number {
    return this.queue.size;
  }

  /** Whether updates are being committed (presence waits for them). */
  get writing(): boolean {
    return this.queue.writing;
  }

  /**
   * A batch is in the log at positions first..last: it is applied (relayed to the sockets by
   * the Y.Doc's update event), then the `afterCommit` modules run. Throws when it does not apply.
   */
  applyBatch(batch: readonly PendingUpdate[], first: number, last: number): void {
    this.build();
    this.applyCommitted(batch);
    this.textQueued();
    this.applied.add(first, last);
    const after = this.afterCommitModules;
    for (let i = 0; i < after.length; i++) after[i]!.afterCommit!(batch, first);
  }

  /**
   * Applies committed updates in order, one transaction per run of updates from the same
   * editor: the Y.Doc then emits one update per run, relayed as one message to each other
   * connection, instead of one message per keystroke.
   */
  private applyCommitted(batch: readonly PendingUpdate[]): void {
    for (let i = 0; i < batch.length; ) {
      const from = batch[i]!.from;
      if (i + 1 === batch.length || batch[i + 1]!.from !== from) {
        // A run of one (one keystroke, the usual batch): Yjs makes the same one transaction itself.
        Y.applyUpdate(this.doc, batch[i]!.data, from);
        i++;
        continue;
      }
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

  /** Text has been queued to the connections: what goes with it (presence) may go. */
  textQueued(): void {
    const modules = this.onTextModules;
    for (let i = 0; i < modules.length; i++) modules[i]!.onText!();
  }

  /** The document cannot go on: it relays nothing more, and every editor is revoked. */
  fail(what: string, err: unknown, code: number = CLOSE.storageFailed, reason = 'storage failure'): void {
    this.failed = true;
    this.queue.clear();
    this.log[code === CLOSE.storageFailed ? 'error' : 'info'](`${what}; closing every connection of the document`, { doc: this.id, err: String(err) });
    for (const conn of this.connections) conn.revoke(code, reason);
  }

  /** Leaves memory when nobody is connected, nothing is being written and no freeze holds it. */
  maybeIdle(): void {
    if (this.connections.size === 0 && !this.queue.writing && !this.frozen) this.onIdle(this);
  }

  /** Resolves once every update accepted so far is committed and applied; rejects when a write failed. */
  async settled(timeoutMs = 10_000): Promise<void> {
    await this.queue.settled(timeoutMs);
    if (this.failed) throw new Error(`document ${this.id}: a write failed`);
  }

  /**
   * The log position up to which this Y.Doc holds every committed update (with one process,
   * the last committed update; with several, see applied-log.ts and replication.ts).
   */
  get committedSeq(): number {
    return this.applied.watermark;
  }

  /** Ends a freeze; the document may leave memory if nobody is connected. */
  release(): void {
    this.frozen = false;
    for (const m of this.at('onRelease')) m.onRelease!();
    this.maybeIdle();
  }

  /** Queues one message (or the parts of one) to every connection but `except` (see outbox.ts). */
  broadcast(message: Uint8Array | readonly Uint8Array[], except: unknown): void {
    this.outbox.broadcast(this.connections, message, except);
  }

  /** Queues one message to one connection. */
  send(conn: Connection, message: Uint8Array): void {
    this.outbox.send(conn, message);
  }

  /** Writes out what is queued now (after changes that did not come from a socket's read). */
  flush(): void {
    this.outbox.flush();
  }

  /**
   * The document was deleted: nothing more is accepted or relayed, every socket closes
   * (4205, to be judged again and refused 404) and it leaves memory without writing.
   */
  discard(reason: string): void {
    this.discarded = true;
    this.failed = true;
    this.queue.clear();
    for (const conn of this.connections) conn.revoke(CLOSE.reauthorize, reason);
  }

  /**
   * The modules' last writes (a version, a snapshot, the search index), then frees memory. Each
   * module in an event-loop turn of its own: for a long text each is tens of milliseconds, and
   * the sockets of every other document are served between them.
   */
  async evict(): Promise<void> {
    try {
      if (!this.discarded)
        for (const m of this.at('onEvict')) {
          await m.onEvict!();
          await nextTurn();
        }
    } finally {
      this.destroy();
    }
  }

  /** Frees memory without writing anything (also after a failed load). */
  destroy(): void {
    this.destroyed = true;
    if (this.buildTimer) clearTimeout(this.buildTimer);
    for (const m of this.at('onDestroy')) m.onDestroy!();
    this.unbuilt = null;
    this.outbox.flush();
    this.awareness.destroy();
    this.doc.destroy();
  }
}
