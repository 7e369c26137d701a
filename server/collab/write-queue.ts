import type { LiveDocument } from './live-document';
import type { PendingUpdate } from './modules';

/**
 * A document's write queue: updates accepted from editors wait here, are written to the log
 * one batch per transaction (`commit`), and only then applied and relayed, in the same order
 * (`LiveDocument.applyBatch`). Persistence before relay: nothing anyone has seen can be lost.
 */
export class WriteQueue {
  private pending: PendingUpdate[] = [];
  /** The batch being written to the log: accepted, not yet applied. */
  private committing: readonly PendingUpdate[] = [];
  /** Set while the queue is being written; resolves when it is empty again. */
  private drained: { promise: Promise<void>; resolve: () => void } | null = null;

  constructor(private readonly doc: LiveDocument) {}

  /** Queues an accepted update; the queue is written right after the rest of this read. */
  push(update: PendingUpdate): void {
    this.pending.push(update);
    if (this.drained) return;
    // Right after the rest of this read (a blast of updates, a keystroke's caret),
    // not after every socket that is ready: at 100 clients, 99 echoes of the last caret.
    let resolve!: () => void;
    this.drained = { promise: new Promise<void>((r) => (resolve = r)), resolve };
    process.nextTick(() => void this.drain());
  }

  /** Forgets what is not written yet (the document failed: clients resend from their copy). */
  clear(): void {
    this.pending = [];
  }

  /** The updates accepted but not yet applied, in order (what a trial replica starts from). */
  queued(): Uint8Array[] {
    return [...this.committing, ...this.pending].map((u) => u.data);
  }

  get size(): number {
    return this.committing.length + this.pending.length;
  }

  /** Whether updates are being committed. */
  get writing(): boolean {
    return this.drained !== null;
  }

  /** Resolves once every update accepted so far is committed and applied, or after `timeoutMs` rejects. */
  async settled(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`document ${this.doc.id}: writes did not settle in ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      while (this.drained) await Promise.race([this.drained.promise, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Writes queued updates to the log, one transaction per batch, then applies and relays
   * them. A failed write relays nothing (the log module fails the document, which closes
   * every socket so that clients resend from their own copy once it loads again).
   */
  private async drain(): Promise<void> {
    const doc = this.doc;
    const [log] = doc.at('commit');
    try {
      while (this.pending.length && !doc.failed) {
        const batch = this.pending;
        this.pending = [];
        this.committing = batch;
        const last = await log!.commit!(batch);
        if (last === null) return;
        try {
          doc.applyBatch(batch, last - batch.length + 1, last);
        } catch (err) {
          doc.fail('a stored update did not apply', err);
          return;
        } finally {
          this.committing = [];
        }
        doc.flush();
      }
      for (const m of doc.at('afterDrain')) await m.afterDrain!();
    } finally {
      const drained = this.drained;
      this.drained = null;
      for (const m of doc.at('onSettled')) m.onSettled!();
      doc.flush();
      drained?.resolve();
      doc.maybeIdle();
    }
  }
}
