import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import * as Y from 'yjs';
import { toSessionUser, type SessionUser } from '@/server/auth/session';
import type { Env } from '@/server/env';
import { CLOSE } from '@/server/errors';
import type { Logger } from '@/server/log';
import type { AnchorLocation, AnchorPlacement, CollabControl, StoredAnchor } from '@/server/registry';
import type { AnchorInput } from '@/lib/comments/threads';
import { AnchorError, locateAnchor, placeAnchor, plainTextOf } from '@/server/comments/anchor';
import type { Storage, UserRecord } from '@/server/storage/types';
import { encodeBytes, type OutgoingRelayMessage } from '@/server/pubsub/messages';
import type { Connection } from './connection';
import { DirectConnection } from './connection';
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { decideSuggestions, listSuggestions, type Decision, type PMJson, type SuggestionSummary } from '@/lib/editor/suggestions';
import { contentOf, restoreUpdate, type DocumentContent } from './content';
import { CollabCounters } from './counters';
import { DocumentRegistry } from './documents';
import { DurableLog } from './durable-log';
import { judge } from './judge';
import type { LiveDocument } from './live-document';
import { CollabMetrics } from './metrics';
import type { DocumentRelay, ModuleFactory } from './modules';
import { Presence } from './presence';
import { Refusals } from './refusals';
import { Replication } from './replication';
import { SavedAcknowledgements } from './saved';
import { ThreadSubscriptions } from './thread-subscriptions';
import { SearchIndexing } from './search-index';
import { Snapshots } from './snapshots';
import { SuggestOnlyRule } from './suggest-only';
import { UpdateChecks } from './update-checks';
import { COLLAB_PATH, Upgrades } from './upgrade';
import { AutoVersions } from './versions';

export { COLLAB_PATH, parseDocumentId } from './upgrade';

const HEARTBEAT_MS = 30_000;

/** The reason every socket of a deleted document closes with. */
const DELETED = 'the document was deleted';

/**
 * The modules every live document gets, in the order the core calls them at each point (see
 * modules.ts and docs/ARCHITECTURE.md). A new concern is one more entry here.
 */
export const STANDARD_MODULES: readonly ModuleFactory[] = [
  (doc, ctx) => new Refusals(doc, ctx), // beforeApply, onDropped
  (doc, ctx) => new SuggestOnlyRule(doc, ctx), // beforeApply: suggest-only connections (issue 21)
  (doc, ctx) => new UpdateChecks(doc, ctx), // beforeApply
  (doc, ctx) => new DurableLog(doc, ctx), // commit
  (doc, ctx) => new CollabMetrics(doc, ctx), // onDropped, afterCommit: counters for /metrics
  (doc, ctx) => new Replication(doc, ctx), // afterCommit: other processes
  (doc) => new SavedAcknowledgements(doc), // afterCommit: "saved"
  (doc, ctx) => new Presence(doc, ctx), // onPresence
  (doc, ctx) => new AutoVersions(doc, ctx), // onEvict (and the hub's clock)
  (doc, ctx) => new Snapshots(doc, ctx), // afterCommit, afterDrain, onEvict
  (doc) => new ThreadSubscriptions(doc), // onMessage [101], onDisconnect: live comment threads
  (doc, ctx) => new SearchIndexing(doc, ctx), // afterCommit, onSettled, onEvict
];

interface HubOptions {
  env: Env;
  storage: Storage;
  log: Logger;
  secret: string;
  /**
   * Called when a document has unversioned changes and editing paused (VERSION_QUIET_SECONDS)
   * or went on too long (VERSION_MAX_SECONDS), and when it leaves memory with such changes.
   */
  onUnversionedChanges?: (documentId: string, content: DocumentContent) => Promise<void>;
  /** The relay to the other processes (Redis), when there are any: see collab/relay.ts. */
  relay?: { publish(msg: OutgoingRelayMessage): void };
  /** The modules of every document (default STANDARD_MODULES). */
  modules?: readonly ModuleFactory[];
  /** Where the collaboration server counts what it does (/metrics); a fresh set when not given. */
  counters?: CollabCounters;
}

/**
 * Our y-websocket-protocol server: the upgrades (upgrade.ts), the open documents
 * (documents.ts), and what the rest of the process asks of them (CollabControl): closing
 * sockets whose access changed, freezing a document for a transition, server-side edits.
 */
export class CollabHub implements CollabControl {
  private readonly docs: DocumentRegistry;
  private readonly upgrades: Upgrades;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly versioning: NodeJS.Timeout;
  /** What this process's collaboration server counts (read by /metrics). */
  readonly counters: CollabCounters;

  constructor(private readonly options: HubOptions) {
    const { storage, log, onUnversionedChanges } = options;
    const counters = (this.counters = options.counters ?? new CollabCounters());
    this.docs = new DocumentRegistry(
      (id) => ({ storage, log, onUnversionedChanges, counters, relay: this.documentRelay(id) }),
      options.modules ?? STANDARD_MODULES,
      log,
      async (doc) => {
        // Relayed commits that arrived between our read and now were dropped: read them.
        if (options.relay) await this.catchUp(doc).catch((err) => log.warn('catch-up after load failed', { doc: doc.id, err: String(err) }));
      },
    );
    this.upgrades = new Upgrades({ ...options, counters, open: (id) => this.docs.open(id), isCurrent: (doc) => this.docs.isCurrent(doc) });
    this.heartbeat = setInterval(() => this.eachConnection((conn) => conn.ping()), HEARTBEAT_MS);
    this.heartbeat.unref();
    const quietMs = options.env.VERSION_QUIET_SECONDS * 1000;
    this.versioning = setInterval(() => void this.checkVersions(), Math.max(100, Math.min(quietMs / 4, 5000)));
    this.versioning.unref();
  }

  /** Whether an upgrade request is ours; any other upgrade (Next's dev reload) is left alone. */
  static owns(req: IncomingMessage): boolean {
    return (req.url ?? '').startsWith(COLLAB_PATH);
  }

  /** Judges an upgrade and, when allowed, hands the socket to the document. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    return this.upgrades.handle(req, socket, head);
  }

  /** Publishes a document's commits and presence to the other processes. */
  private documentRelay(doc: string): DocumentRelay {
    const relay = this.options.relay;
    if (!relay) return {};
    return {
      committed: (first, updates) => relay.publish({ t: 'updates', doc, first, updates: updates.map(encodeBytes), at: Date.now() }),
      presence: (update) => relay.publish({ t: 'presence', doc, update: encodeBytes(update) }),
      refused: (user, clients) => relay.publish({ t: 'refused', doc, user, clients: [...clients] }),
    };
  }

  /** The replication module of a document open in this process (for messages from other processes). */
  replicaOf(id: string): Replication | undefined {
    return this.docs.get(id)?.module(Replication);
  }

  /** The refusals of a document open in this process (refusals made by other processes). */
  refusalsOf(id: string): Refusals | undefined {
    return this.docs.get(id)?.module(Refusals);
  }

  private catchUp(doc: LiveDocument): Promise<void> {
    return doc.module(Replication)?.catchUp() ?? Promise.resolve();
  }

  /** Every open document reads its log again (after the relay was down). */
  async catchUpAll(): Promise<void> {
    await Promise.all(
      [...this.docs.all()].map((doc) => this.catchUp(doc).catch((err) => this.options.log.warn('catch-up failed', { doc: doc.id, err: String(err) }))),
    );
  }

  /**
   * Judges every open socket again, as at its upgrade (judge.ts), and closes (4205) those
   * whose right to read or write changed: after the relay was down, a close that another
   * process asked for (an access change, a role change, a transition) may have been lost.
   */
  async rejudgeAll(): Promise<void> {
    const { storage } = this.options;
    const users = new Map<string, UserRecord | null>();
    for (const doc of [...this.docs.all()]) {
      const record = await storage.findDocument(doc.id);
      for (const conn of [...doc.connections]) {
        if (!users.has(conn.user.id)) users.set(conn.user.id, await storage.findUserById(conn.user.id));
        const stored = users.get(conn.user.id);
        const { visible, writable, suggestOnly } = judge(
          stored?.active ? toSessionUser(stored) : null,
          record,
          doc.frozen,
          conn.suggestOnly,
          conn.readOnlyAsked,
        );
        if (!visible || writable !== conn.writable || suggestOnly !== conn.suggestOnly) conn.revoke(CLOSE.reauthorize, 'access changed');
      }
    }
  }

  private eachConnection(act: (conn: Connection) => void): number {
    let n = 0;
    for (const doc of this.docs.all()) for (const conn of doc.connections) act(conn), n++;
    return n;
  }

  closeDocumentSockets(documentId: string, code: number, reason: string): number {
    this.options.relay?.publish({ t: 'close-document', doc: documentId, code, reason });
    return this.closeDocumentSocketsHere(documentId, code, reason);
  }

  /** closeDocumentSockets in this process only (asked by another process). */
  closeDocumentSocketsHere(documentId: string, code: number, reason: string): number {
    const doc = this.docs.get(documentId);
    if (!doc) return 0;
    for (const conn of doc.connections) conn.revoke(code, reason);
    return doc.connections.size;
  }

  closeUserSockets(userId: string, code: number, reason: string): number {
    this.options.relay?.publish({ t: 'close-user', user: userId, code, reason });
    return this.closeUserSocketsHere(userId, code, reason);
  }

  /** closeUserSockets in this process only (asked by another process). */
  closeUserSocketsHere(userId: string, code: number, reason: string): number {
    let closed = 0;
    this.eachConnection((conn) => {
      if (conn.user.id !== userId) return;
      conn.revoke(code, reason);
      closed++;
    });
    return closed;
  }

  /**
   * Stops every write to a document and returns its committed content. Used by a workflow
   * transition that takes the document out of draft: nothing typed after this point can
   * change the text being submitted. Always follow with `release`.
   */
  async freeze(documentId: string): Promise<DocumentContent> {
    const doc = await this.docs.open(documentId);
    doc.frozen = true;
    this.options.relay?.publish({ t: 'freeze', doc: documentId });
    await doc.settled();
    // Other processes' commits, relayed or not: the text must cover the whole log.
    if (this.options.relay || this.options.storage.sharedAcrossProcesses) await this.catchUp(doc);
    return contentOf(doc.ydoc, doc.committedSeq);
  }

  /** Ends a freeze and closes the document's sockets (4205) so clients are judged again. */
  release(documentId: string, reason: string): void {
    this.options.relay?.publish({ t: 'release', doc: documentId, reason });
    this.releaseHere(documentId, reason);
  }

  /** release in this process only (asked by another process). */
  releaseHere(documentId: string, reason: string): void {
    const doc = this.docs.get(documentId);
    this.closeDocumentSocketsHere(documentId, CLOSE.reauthorize, reason);
    doc?.release();
  }

  /**
   * Deletes a document's live copy with `remove` (its stored rows; true when it deleted
   * them): writes stop and settle first, then, once `remove` succeeded, the copy is
   * discarded (no snapshot or version on the way out) and every socket of it closes with
   * 4205 (the client asks the REST API why and hears 404). Other processes are told to do
   * the same with their copies (`deleted`), so none of them writes to the deleted document
   * when its copy leaves memory. When `remove` fails or declines, the sockets close to be
   * judged again and the copy stays.
   */
  async deleteDocument(documentId: string, remove: () => Promise<boolean>): Promise<boolean> {
    const doc = await this.docs.open(documentId);
    doc.frozen = true;
    this.options.relay?.publish({ t: 'freeze', doc: documentId });
    let deleted = false;
    try {
      await doc.settled();
      deleted = await remove();
      return deleted;
    } finally {
      if (deleted) {
        this.options.relay?.publish({ t: 'deleted', doc: documentId, reason: DELETED });
        this.discardHere(documentId, DELETED);
      } else {
        this.closeDocumentSockets(documentId, CLOSE.reauthorize, 'the document could not be deleted');
        doc.release();
      }
    }
  }

  /**
   * deleteDocument's end in this process only (here, or asked by another process): the
   * live copy, if open, takes no more updates, closes its sockets (4205) and leaves memory
   * without writing anything. A no-op when the document is not open here.
   */
  discardHere(documentId: string, reason: string): void {
    const doc = this.docs.get(documentId);
    if (!doc) return;
    doc.discard(reason);
    doc.release();
  }

  /** The committed content of a document now (loading it when it is not open). */
  async currentContent(documentId: string): Promise<DocumentContent> {
    const doc = await this.docs.open(documentId);
    try {
      await doc.settled();
      if (this.options.storage.sharedAcrossProcesses) await this.catchUp(doc);
      return contentOf(doc.ydoc, doc.committedSeq);
    } finally {
      if (doc.connections.size === 0) doc.release();
    }
  }

  /**
   * Makes `contentJson` the document's body as `user` through a direct connection: the
   * restore is checked, logged (attributed to the user), applied and relayed like typing.
   */
  async replaceContent(documentId: string, user: SessionUser, contentJson: string, intoEmpty?: Uint8Array): Promise<void> {
    const doc = await this.docs.open(documentId);
    try {
      // The restore is the difference from the current text: from all of it, not this copy's part.
      if (this.options.storage.sharedAcrossProcesses) await this.catchUp(doc);
      // An update built elsewhere for an empty document (an import) is used only if it still is.
      const isEmpty = (scratch: Y.Doc) => Y.encodeStateVector(scratch).length <= 1;
      await new DirectConnection(user).edit(doc, (scratch) => (intoEmpty && isEmpty(scratch) ? intoEmpty : restoreUpdate(scratch, contentJson)));
    } finally {
      if (doc.connections.size === 0) doc.release();
    }
  }

  async decideSuggestions(documentId: string, user: SessionUser, chosen: readonly string[] | 'all', decision: Decision): Promise<SuggestionSummary[]> {
    const doc = await this.docs.open(documentId);
    try {
      if (this.options.storage.sharedAcrossProcesses) await this.catchUp(doc);
      let decided: SuggestionSummary[] = [];
      // A rejection only ever gives back text that was there: it passes the suggest-only rule
      // (and so may be stored while the document is in review).
      const editor = new DirectConnection(user);
      editor.suggestOnly = decision === 'reject';
      await editor.edit(doc, (scratch) => {
        const body = yXmlFragmentToProsemirrorJSON(scratch.getXmlFragment('default')) as PMJson;
        const open = listSuggestions(body);
        decided = chosen === 'all' ? open : open.filter((s) => chosen.includes(s.id));
        if (!decided.length) return new Uint8Array([0, 0]);
        const ids = new Set(decided.map((s) => s.id));
        return restoreUpdate(scratch, JSON.stringify(decideSuggestions(body, (id) => ids.has(id), decision)));
      });
      return decided;
    } finally {
      if (doc.connections.size === 0) doc.release();
    }
  }

  /** One tick of the automatic versions' clock (see versions.ts), document after document. */
  private async checkVersions(): Promise<void> {
    if (!this.options.onUnversionedChanges) return;
    const { env } = this.options;
    const times = { quietMs: env.VERSION_QUIET_SECONDS * 1000, maxMs: env.VERSION_MAX_SECONDS * 1000 };
    const now = Date.now();
    for (const doc of [...this.docs.all()]) await doc.module(AutoVersions)?.check(now, times);
  }

  /**
   * Runs `read` on the document's current committed text: the live copy when it is open
   * here, else one loaded from storage (which leaves memory again when nobody is connected).
   * Only reads: nothing is written to the Y.Doc.
   */
  private async readDocument<T>(documentId: string, read: (ydoc: Y.Doc) => T): Promise<T> {
    const doc = await this.docs.open(documentId);
    try {
      await doc.settled();
      if (this.options.storage.sharedAcrossProcesses) await this.catchUp(doc);
      return read(doc.ydoc);
    } finally {
      if (doc.connections.size === 0) doc.maybeIdle();
    }
  }

  placeAnchor(documentId: string, input: AnchorInput): Promise<AnchorPlacement> {
    return this.readDocument(documentId, (ydoc) => {
      try {
        return { ok: true, ...placeAnchor(ydoc, input) };
      } catch (err) {
        if (err instanceof AnchorError) return { ok: false, problem: err.problem };
        throw err;
      }
    });
  }

  locateAnchors(documentId: string, anchors: readonly StoredAnchor[]): Promise<(AnchorLocation | null)[]> {
    if (anchors.length === 0) return Promise.resolve([]);
    return this.readDocument(documentId, (ydoc) => {
      const plain = plainTextOf(ydoc);
      return anchors.map((a) => {
        const found = locateAnchor(ydoc, a.start, a.end, plain);
        return found && { from: found.from, to: found.to, ...(found.moved ? { start: found.moved.start, end: found.moved.end } : {}) };
      });
    });
  }

  threadsChanged(documentId: string): void {
    this.options.relay?.publish({ t: 'threads', doc: documentId });
    this.threadsChangedHere(documentId);
  }

  /** threadsChanged in this process only (asked by another process). */
  threadsChangedHere(documentId: string): void {
    this.docs.get(documentId)?.module(ThreadSubscriptions)?.changed();
  }

  presentUserIds(documentId: string): string[] {
    const doc = this.docs.get(documentId);
    return doc ? [...new Set([...doc.connections].map((c) => c.user.id))] : [];
  }

  /** Number of documents open in memory (for tests, health and /metrics). */
  get openDocumentCount(): number {
    return this.docs.size;
  }

  /** Number of open sockets (/metrics; counted when asked, never on the keystroke path). */
  get connectionCount(): number {
    return this.eachConnection(() => {});
  }

  /**
   * Stops the collaboration server for a restart: new upgrades are refused (503), every
   * socket is closed with 1012 (service restart: clients reconnect, elsewhere or here once it
   * is back), and it resolves once every update accepted so far is committed and the
   * documents' last writes (a version, a snapshot) are done, or after `timeoutMs`.
   */
  async shutdown(timeoutMs = 10_000): Promise<void> {
    clearInterval(this.heartbeat);
    clearInterval(this.versioning);
    this.upgrades.stopAccepting();
    // A close, not a revoke: updates still in flight during the close handshake are committed
    // like any other (a revoke would drop them and refuse their client ids for good).
    this.eachConnection((conn) => conn.close(CLOSE.serviceRestart, 'server restarting; reconnect'));
    const deadline = Date.now() + timeoutMs;
    while (this.docs.busy && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    if (this.docs.busy) this.options.log.warn('documents still open when the shutdown timed out', { documents: this.docs.size });
    this.upgrades.close();
  }
}
