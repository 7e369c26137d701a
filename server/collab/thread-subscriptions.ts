import * as encoding from 'lib0/encoding';
import { MESSAGE } from '@/lib/collab/protocol';
import type { Connection } from './connection';
import type { LiveDocument } from './live-document';
import type { CollabModule } from './modules';

/** [101]: "the document's comment threads changed; read them again" (lib/collab/protocol.ts). */
const THREADS_CHANGED = (() => {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE.threads);
  return encoding.toUint8Array(encoder);
})();

/**
 * Live comment threads (issue 20): a connection that sent [101] hears [101] whenever a thread
 * of its document changes, on any process (the hub calls `changed` for a change made here
 * or relayed from elsewhere). Nothing of the thread rides on the socket: the client reads
 * the REST API, whose visibility rules are the only ones. A client that never asks (the
 * standard y-websocket client) never receives one.
 */
export class ThreadSubscriptions implements CollabModule {
  private readonly subscribers = new Set<Connection>();

  constructor(private readonly doc: LiveDocument) {}

  onMessage(conn: Connection, type: number): boolean {
    if (type !== MESSAGE.threads) return false;
    this.subscribers.add(conn);
    return true;
  }

  onDisconnect(conn: Connection): void {
    this.subscribers.delete(conn);
  }

  /** Tells every subscribed connection of this document, now. */
  changed(): void {
    if (this.subscribers.size === 0) return;
    for (const conn of this.subscribers) if (this.doc.connections.has(conn)) this.doc.send(conn, THREADS_CHANGED);
    this.doc.flush();
  }

  onDestroy(): void {
    this.subscribers.clear();
  }
}
