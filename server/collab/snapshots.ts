import * as Y from 'yjs';
import type { LiveDocument } from './live-document';
import type { CollabModule, ModuleContext, PendingUpdate } from './modules';
import { sealSnapshot } from './snapshot-seal';

/** Fold the log into a new snapshot after this many updates (the log rows are kept). */
const SNAPSHOT_EVERY = 1000;

/**
 * Snapshots: the committed state folded and sealed (snapshot-seal.ts) every SNAPSHOT_EVERY
 * updates, and when the document leaves memory with updates after the last one, so the next
 * load reads one row instead of the log.
 */
export class Snapshots implements CollabModule {
  private updatesSinceSnapshot: number;

  constructor(
    private readonly doc: LiveDocument,
    private readonly ctx: ModuleContext,
  ) {
    this.updatesSinceSnapshot = ctx.loaded.updatesSinceSnapshot;
  }

  afterCommit(batch: readonly PendingUpdate[]): void {
    this.updatesSinceSnapshot += batch.length;
  }

  /** A promise only when a snapshot is due (the write queue then waits for it). */
  afterDrain(): Promise<void> | undefined {
    return this.updatesSinceSnapshot >= SNAPSHOT_EVERY ? this.snapshot() : undefined;
  }

  async onEvict(): Promise<void> {
    if (!this.doc.failed && this.updatesSinceSnapshot > 0) await this.snapshot();
  }

  /** Folds the committed state into a snapshot; the log rows stay for history. */
  private async snapshot(): Promise<void> {
    const state = Y.encodeStateAsUpdate(this.doc.ydoc);
    // Only as far as every position is applied: a position missing here (an update of
    // another process still on its way) must be read from the log at the next load.
    const upto = this.doc.applied.watermark;
    try {
      await this.ctx.storage.saveSnapshot(this.doc.id, upto, sealSnapshot(state));
      this.updatesSinceSnapshot = 0;
    } catch (err) {
      this.ctx.log.error('snapshot failed (the log is intact)', { doc: this.doc.id, err });
    }
  }
}
