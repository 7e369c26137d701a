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
  /** Set from the first update queued until the queue is empty again. */
  private busy = false;
  /** Who waits for the queue to be empty (`settled`): made only when someone waits, not per keystroke. */
  private waiters: (() => void)[] | null = null;
  private readonly startDrain = (): void => void this.drain();

  constructor(private readonly doc: LiveDocument) {}

  /** Queues an accepted update; the queue is written right after the rest of this read. */
  push(update: PendingUpdate): void {
    this.pending.push(update);
    if (this.busy) return;
    // Right after the rest of this read (a blast of updates, a keystroke's caret),
    // not after every socket that is ready: at 100 clients, 99 echoes of the last caret.
    this.busy = true;
    process.nextTick(this.startDrain);
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
    return this.busy;
  }

  /** Resolves once every update accepted so far is committed and applied, or after `timeoutMs` rejects. */
  async settled(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`document ${this.doc.id}: writes did not settle in ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      while (this.busy) await Promise.race([new Promise<void>((resolve) => (this.waiters ??= []).push(resolve)), late]);
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
        const committed = log!.commit!(batch);
        // Written at once (SQLite, the usual case): no promise to wait for.
        const last = committed === null || typeof committed === 'number' ? committed : await committed;
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
      for (const m of doc.at('afterDrain')) {
        const done = m.afterDrain!(); // most often nothing to wait for: no promise, no extra turn
        if (done) await done;
      }
    } finally {
      this.busy = false;
      for (const m of doc.at('onSettled')) m.onSettled!();
      doc.flush();
      const waiters = this.waiters;
      this.waiters = null;
      if (waiters) for (const resolve of waiters) resolve();
      doc.maybeIdle();
    }
  }
}
