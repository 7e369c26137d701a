import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { can, decide } from '../../lib/policies';
import { toSessionUser, userFromCookieHeader, type SessionUser } from '../auth/session';
import type { Env } from '../env';
import { AppError, CLOSE, ERRORS, isAppError } from '../errors';
import type { Logger } from '../log';
import type { CollabControl } from '../registry';
import type { Storage, UserRecord } from '../storage/types';
import { LiveDocument, type Connection, type DocumentRelay } from './live-document';
import { encodeBytes, type OutgoingRelayMessage } from '../pubsub/messages';
import { isOriginAllowed } from '../edge/origin';
import { contentOf, restoreUpdate, type DocumentContent } from './content';

export const COLLAB_PATH = '/collab/';
const HEARTBEAT_MS = 30_000;

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
}

/** What the automatic versioning knows of one open document. */
interface VersionClock {
  /** Log position covered by the newest version. */
  versionedSeq: number;
  /** The committed position seen at the last check, and since when it has not moved. */
  seenSeq: number;
  quietSince: number;
  /** When the first change after the newest version was seen. */
  dirtySince: number | null;
}

/**
 * Our y-websocket-protocol server. It judges every upgrade before a byte of the document
 * is sent (401 signed out, 403 foreign Origin, 404 unknown or invisible document), keeps
 * the open documents of this process, and closes sockets whose access changed so their
 * clients reconnect and are judged again.
 */
export class CollabHub implements CollabControl {
  private readonly wss: WebSocketServer;
  private readonly docs = new Map<string, LiveDocument>();
  private readonly loading = new Map<string, Promise<LiveDocument>>();
  private readonly evicting = new Map<string, Promise<void>>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly versioning: NodeJS.Timeout;
  private readonly clocks = new Map<string, VersionClock>();

  constructor(private readonly options: HubOptions) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.env.MAX_MESSAGE_BYTES, perMessageDeflate: false });
    this.heartbeat = setInterval(() => this.checkAlive(), HEARTBEAT_MS);
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
  async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    try {
      const { user, documentId, writable } = await this.authorize(req);
      const doc = await this.open(documentId);
      if (socket.destroyed) return;
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, socket, doc, user, writable));
    } catch (err) {
      const error = isAppError(err) ? err : new AppError('unavailable', 'The document could not be opened. Try again in a moment.');
      if (!isAppError(err)) this.options.log.error('upgrade failed', { url: req.url, err });
      refuse(socket, error);
    }
  }

  private async authorize(req: IncomingMessage): Promise<{ user: SessionUser; documentId: string; writable: boolean }> {
    const { env, storage, secret } = this.options;
    const user = await userFromCookieHeader(req.headers.cookie, secret, storage);
    if (!user) throw new AppError('unauthenticated');
    if (!isOriginAllowed(req, env)) throw new AppError('bad_origin');
    const documentId = parseDocumentId(req.url ?? '');
    const doc = documentId ? await storage.findDocument(documentId) : null;
    if (!doc || !documentId || decide(user, 'read', doc).verdict === 'hidden') throw new AppError('not_found');
    return { user, documentId, writable: can(user, 'edit', doc) };
  }

  /** The live document, loading it once however many connections ask at the same time. */
  private async open(id: string): Promise<LiveDocument> {
    const pendingEviction = this.evicting.get(id);
    if (pendingEviction) await pendingEviction;
    const live = this.docs.get(id);
    if (live) return live;
    let loading = this.loading.get(id);
    if (!loading) {
      loading = LiveDocument.load(id, this.options.storage, this.options.log, (doc) => this.idle(doc), this.documentRelay(id))
        .then(async (doc) => {
          this.docs.set(id, doc);
          // Relayed commits that arrived between our read and now were dropped: read them.
          if (this.options.relay) await doc.catchUp().catch((err) => this.options.log.warn('catch-up after load failed', { doc: id, err: String(err) }));
          return doc;
        })
        .finally(() => this.loading.delete(id));
      this.loading.set(id, loading);
    }
    return loading;
  }

  /** Publishes a document's commits and presence to the other processes. */
  private documentRelay(doc: string): DocumentRelay {
    const relay = this.options.relay;
    if (!relay) return {};
    return {
      committed: (first, updates) => relay.publish({ t: 'updates', doc, first, updates: updates.map(encodeBytes) }),
      presence: (update) => relay.publish({ t: 'presence', doc, update: encodeBytes(update) }),
      refused: (user, clients) => relay.publish({ t: 'refused', doc, user, clients: [...clients] }),
    };
  }

  /** The document if it is open in this process (for messages from other processes). */
  openDocument(id: string): LiveDocument | undefined {
    return this.docs.get(id);
  }

  /** Every open document reads its log again (after the relay was down). */
  async catchUpAll(): Promise<void> {
    await Promise.all(
      [...this.docs.values()].map((doc) => doc.catchUp().catch((err) => this.options.log.warn('catch-up failed', { doc: doc.id, err: String(err) }))),
    );
  }

  /**
   * Judges every open socket again, as at its upgrade, and closes (4205) those whose right
   * to read or write changed: after the relay was down, a close that another process asked
   * for (an access change, a role change, a transition) may have been lost.
   */
  async rejudgeAll(): Promise<void> {
    const { storage } = this.options;
    const users = new Map<string, UserRecord | null>();
    for (const doc of [...this.docs.values()]) {
      const record = await storage.findDocument(doc.id);
      for (const conn of [...doc.connections]) {
        if (!users.has(conn.user.id)) users.set(conn.user.id, await storage.findUserById(conn.user.id));
        const stored = users.get(conn.user.id);
        const user = stored?.active ? toSessionUser(stored) : null;
        const visible = record !== null && user !== null && decide(user, 'read', record).verdict !== 'hidden';
        const writable = visible && can(user, 'edit', record) && !doc.frozen;
        if (!visible || writable !== conn.writable) revoke(conn, CLOSE.reauthorize, 'access changed');
      }
    }
  }

  private idle(doc: LiveDocument): void {
    if (this.docs.get(doc.id) !== doc) return;
    this.docs.delete(doc.id);
    const clock = this.clocks.get(doc.id);
    this.clocks.delete(doc.id);
    const seq = doc.committedSeq;
    const unversioned = !doc.failed && seq > (clock?.versionedSeq ?? 0);
    const eviction = (unversioned ? this.versionIfNeeded(doc, seq) : Promise.resolve())
      .then(() => doc.evict())
      .catch((err) => this.options.log.error('eviction failed', { doc: doc.id, err }))
      .finally(() => this.evicting.delete(doc.id));
    this.evicting.set(doc.id, eviction);
  }

  private accept(ws: WebSocket, socket: Duplex, doc: LiveDocument, user: SessionUser, writable: boolean): void {
    if (this.docs.get(doc.id) !== doc || doc.failed) {
      // The document left memory (or failed) while this upgrade was being judged: the
      // client reconnects and gets the current instance.
      ws.close(1012, 'document reloaded; reconnect');
      return;
    }
    // While a transition holds the document, nobody is accepted as a writer.
    const conn: Connection = { ws, socket, user, writable: writable && !doc.frozen, clientIds: new Set(), alive: true };
    ws.binaryType = 'nodebuffer';
    ws.on('pong', () => (conn.alive = true));
    ws.on('message', (data, isBinary) => {
      if (!isBinary) {
        ws.close(CLOSE.malformed, 'binary messages only');
        return;
      }
      try {
        doc.handleMessage(conn, toUint8Array(data));
      } catch (err) {
        this.options.log.warn('malformed message; closing that connection', { doc: doc.id, user: user.id, err: String(err) });
        ws.close(CLOSE.malformed, 'malformed message');
      }
    });
    ws.on('error', (err) => this.options.log.warn('socket error', { doc: doc.id, err: String(err) }));
    ws.on('close', () => doc.removeConnection(conn));
    doc.addConnection(conn);
  }

  private checkAlive(): void {
    for (const doc of this.docs.values()) {
      for (const conn of doc.connections) {
        if (!conn.alive) {
          conn.ws.terminate();
          continue;
        }
        conn.alive = false;
        conn.ws.ping();
      }
    }
  }

  closeDocumentSockets(documentId: string, code: number, reason: string): number {
    this.options.relay?.publish({ t: 'close-document', doc: documentId, code, reason });
    return this.closeDocumentSocketsHere(documentId, code, reason);
  }

  /** closeDocumentSockets in this process only (asked by another process). */
  closeDocumentSocketsHere(documentId: string, code: number, reason: string): number {
    const doc = this.docs.get(documentId);
    if (!doc) return 0;
    for (const conn of doc.connections) revoke(conn, code, reason);
    return doc.connections.size;
  }

  closeUserSockets(userId: string, code: number, reason: string): number {
    this.options.relay?.publish({ t: 'close-user', user: userId, code, reason });
    return this.closeUserSocketsHere(userId, code, reason);
  }

  /** closeUserSockets in this process only (asked by another process). */
  closeUserSocketsHere(userId: string, code: number, reason: string): number {
    let closed = 0;
    for (const doc of this.docs.values()) {
      for (const conn of doc.connections) {
        if (conn.user.id !== userId) continue;
        revoke(conn, code, reason);
        closed++;
      }
    }
    return closed;
  }

  /**
   * Stops every write to a document and returns its committed content. Used by a workflow
   * transition that takes the document out of draft: nothing typed after this point can
   * change the text being submitted. Always follow with `release`.
   */
  async freeze(documentId: string): Promise<DocumentContent> {
    const doc = await this.open(documentId);
    doc.frozen = true;
    this.options.relay?.publish({ t: 'freeze', doc: documentId });
    await doc.settled();
    // Other processes' commits, relayed or not: the text must cover the whole log.
    if (this.options.relay || this.options.storage.kind === 'postgres') await doc.catchUp();
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

  /** The committed content of a document now (loading it when it is not open). */
  async currentContent(documentId: string): Promise<DocumentContent> {
    const doc = await this.open(documentId);
    try {
      await doc.settled();
      if (this.options.storage.kind === 'postgres') await doc.catchUp();
      return contentOf(doc.ydoc, doc.committedSeq);
    } finally {
      if (doc.connections.size === 0) doc.release();
    }
  }

  async replaceContent(documentId: string, user: SessionUser, contentJson: string): Promise<void> {
    const doc = await this.open(documentId);
    try {
      // The restore is the difference from the current text: from all of it, not this copy's part.
      if (this.options.storage.kind === 'postgres') await doc.catchUp();
      await doc.applyAs(user, (scratch) => restoreUpdate(scratch, contentJson));
    } finally {
      if (doc.connections.size === 0) doc.release();
    }
  }

  /**
   * Automatic versions: a document with changes since its newest version gets one after
   * VERSION_QUIET_SECONDS without edits, or VERSION_MAX_SECONDS into continuous editing.
   */
  private async checkVersions(): Promise<void> {
    const { env, storage } = this.options;
    if (!this.options.onUnversionedChanges) return;
    const now = Date.now();
    for (const doc of this.docs.values()) {
      if (doc.failed || doc.frozen) continue;
      let clock = this.clocks.get(doc.id);
      if (!clock) {
        clock = { versionedSeq: await storage.latestVersionSeq(doc.id), seenSeq: doc.committedSeq, quietSince: now, dirtySince: null };
        this.clocks.set(doc.id, clock);
      }
      const seq = doc.committedSeq;
      if (seq !== clock.seenSeq) {
        clock.seenSeq = seq;
        clock.quietSince = now;
      }
      if (seq <= clock.versionedSeq) {
        clock.dirtySince = null;
        continue;
      }
      clock.dirtySince ??= now;
      const quiet = now - clock.quietSince >= env.VERSION_QUIET_SECONDS * 1000;
      const tooLong = now - clock.dirtySince >= env.VERSION_MAX_SECONDS * 1000;
      if (!quiet && !tooLong) continue;
      clock.dirtySince = null;
      // A transition or a named version may have covered these changes meanwhile.
      clock.versionedSeq = Math.max(clock.versionedSeq, await storage.latestVersionSeq(doc.id));
      if (seq <= clock.versionedSeq) continue;
      clock.versionedSeq = seq;
      await this.version(doc.id, () => contentOf(doc.ydoc, seq));
    }
  }

  /** Before a document leaves memory: a version of changes no version covers yet. */
  private async versionIfNeeded(doc: LiveDocument, seq: number): Promise<void> {
    if ((await this.options.storage.latestVersionSeq(doc.id)) >= seq) return;
    await this.version(doc.id, () => contentOf(doc.ydoc, seq));
  }

  private async version(documentId: string, content: () => DocumentContent): Promise<void> {
    try {
      await this.options.onUnversionedChanges?.(documentId, content());
    } catch (err) {
      this.options.log.error('automatic version failed', { doc: documentId, err });
    }
  }

  presentUserIds(documentId: string): string[] {
    const doc = this.docs.get(documentId);
    return doc ? [...new Set([...doc.connections].map((c) => c.user.id))] : [];
  }

  /** Number of documents open in memory (for tests and health). */
  get openDocumentCount(): number {
    return this.docs.size;
  }

  /** Closes every socket (1001) and waits until queued writes and snapshots are done. */
  async shutdown(): Promise<void> {
    clearInterval(this.heartbeat);
    clearInterval(this.versioning);
    for (const doc of this.docs.values()) for (const conn of doc.connections) conn.ws.close(CLOSE.goingAway, 'server shutting down');
    const deadline = Date.now() + 5000;
    while ((this.docs.size || this.evicting.size) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    this.wss.close();
  }
}

/**
 * Closes a socket whose access must be judged again. It stops writing at once: messages
 * still in flight during the close handshake are dropped, never stored, so nothing typed
 * after a submission can slip into the document.
 */
function revoke(conn: Connection, code: number, reason: string): void {
  conn.writable = false;
  conn.ws.close(code, reason);
}

/** `/collab/<documentId>[?…]` → the id, or null when the path is not one document. */
export function parseDocumentId(url: string): string | null {
  const path = url.split('?')[0]!.slice(COLLAB_PATH.length);
  if (!path || path.includes('/')) return null;
  try {
    const id = decodeURIComponent(path);
    return /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : null;
  } catch {
    return null;
  }
}

function toUint8Array(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Answers a refused upgrade with a plain HTTP response: status and `{error}` only. */
function refuse(socket: Duplex, error: AppError): void {
  if (socket.destroyed) return;
  const body = JSON.stringify(error.toJSON());
  const status = ERRORS[error.code].status;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};
