import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import type { SessionUser } from '@/server/auth/session';
import type { LiveDocument } from './live-document';
import { writeOut, type Recipient } from './outbox';
import { isEmptyUpdate } from './update-trial';

/**
 * Whoever edits a live document: a websocket (`Connection`) or the server itself acting for
 * a user (`DirectConnection`). Every edit carries one, so it is checked, logged with its user
 * and relayed the same way whichever it is.
 */
export abstract class Editor {
  /** Yjs client ids whose presence this editor owns (see presence.ts). */
  readonly clientIds = new Set<number>();
  /**
   * The Yjs client ids in this connection's first presence message (see presence.ts): what
   * a reconnecting client claims as its own even when the entry itself is skipped.
   */
  claimedIds?: Set<number>;
  /** The Yjs client id this editor asked to hear about (protocol.ts messageStored). */
  storedFor?: number;
  /**
   * Its updates must be suggestions (issue 21, suggest-only.ts): a reviewer in review, or a
   * client that asked (`?suggest=1`). Decided by judge.ts with `writable`.
   */
  suggestOnly = false;

  constructor(
    readonly user: SessionUser,
    /** Decided by lib/policies (judge.ts); a read-only editor's updates are dropped. */
    public writable: boolean,
  ) {}

  /**
   * Stops this editor writing at once and ends it with `code`: messages still in flight
   * during a socket's close handshake are dropped, never stored, so nothing typed after a
   * submission (or after a refusal) can slip into the document.
   */
  revoke(code: number, reason: string): void {
    this.writable = false;
    this.close(code, reason);
  }

  /** Ends the editor (a socket's close frame); nothing more is read from it. */
  abstract close(code: number, reason: string): void;
}

/** One open websocket on a document. */
export class Connection extends Editor implements Recipient {
  /** Answered the last ping (see heartbeat.ts). */
  alive = true;
  /** When a message was last queued to it (outbox.ts). */
  lastSentAt = 0;
  /** What the outbox holds for it this tick (outbox.ts). */
  outFirst: Buffer | null = null;
  outMore: Buffer[] | null = null;

  constructor(
    readonly ws: WebSocket,
    /** The upgraded TCP socket under `ws`: what the outbox queues for it is written there (outbox.ts). */
    readonly socket: Duplex,
    user: SessionUser,
    writable: boolean,
    suggestOnly = false,
    /** The client asked to read only (`?read=1`): never writable, whatever its user may do. */
    readonly readOnlyAsked = false,
  ) {
    super(user, writable);
    this.suggestOnly = suggestOnly;
  }

  /** Sends what is queued for it first (outbox.ts), then the close frame. */
  close(code: number, reason: string): void {
    writeOut(this);
    this.ws.close(code, reason);
  }

  /** Drops a socket that stopped answering, without a close handshake. */
  terminate(): void {
    this.ws.terminate();
  }

  /** Asks for a pong; a socket that has not answered the previous ping is dropped. */
  ping(): void {
    if (!this.alive) return this.terminate();
    this.alive = false;
    this.ws.ping();
  }
}

/**
 * The server editing a document for a user (an import, a restore, a skeleton): no socket,
 * but otherwise a connection like any other. Its updates take the socket's path: the update
 * checks, the log (attributed to `user`), then applied and relayed to every socket.
 */
export class DirectConnection extends Editor {
  closed = false;

  constructor(user: SessionUser) {
    super(user, true);
  }

  close(): void {
    this.closed = true;
  }

  /**
   * Makes a change as this connection's user: `make` gets a scratch copy of the committed
   * state and returns the update, which then takes the socket's path (`receive`). Resolves
   * once it is committed and relayed; rejects when the document takes no changes now, or
   * the change was refused.
   */
  async edit(doc: LiveDocument, make: (scratch: Y.Doc) => Uint8Array): Promise<void> {
    await doc.settled();
    if (doc.frozen || doc.failed || this.closed) throw new Error(`document ${doc.id} is not accepting changes now`);
    const scratch = new Y.Doc({ gc: false });
    let update: Uint8Array;
    try {
      Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc.ydoc));
      update = make(scratch);
    } finally {
      scratch.destroy();
    }
    if (isEmptyUpdate(update)) return;
    doc.receive(update, this);
    await doc.settled();
    if (this.closed) throw new Error(`document ${doc.id} refused the change`);
  }
}
