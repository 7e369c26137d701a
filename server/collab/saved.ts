import { Connection, type Editor } from './connection';
import type { LiveDocument } from './live-document';
import type { CollabModule, PendingUpdate } from './modules';
import { storedMessage } from './protocol';

/**
 * "Saved" acknowledgements (protocol.ts messageStored): after a commit, each writer in the
 * batch that asked hears what of its work is in the log.
 */
export class SavedAcknowledgements implements CollabModule {
  constructor(private readonly doc: LiveDocument) {}

  afterCommit(batch: readonly PendingUpdate[]): void {
    let told: Set<Editor> | null = null; // nothing allocated when nobody asked
    for (const { from } of batch) {
      if (from.storedFor === undefined || told?.has(from)) continue;
      (told ??= new Set()).add(from);
      if (from instanceof Connection) this.doc.send(from, storedMessage(this.doc.ydoc, from.storedFor));
    }
  }
}
