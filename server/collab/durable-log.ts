import { CLOSE } from '@/server/errors';
import { isStorageError, type NewUpdate } from '@/server/storage/types';
import type { LiveDocument } from './live-document';
import type { CollabModule, ModuleContext, PendingUpdate } from './modules';

/** Who edited last is recorded at most this often (off the keystroke path). */
const TOUCH_EVERY_MS = 2000;

/**
 * The `commit` point: each batch of accepted updates is appended to the document's log, in
 * one transaction, with the user of each update, before anything of it is applied or relayed,
 * so nothing anyone has seen can be lost.
 */
export class DurableLog implements CollabModule {
  private lastTouch = 0;
  /** How long the last batch took to write, in seconds (read by the metrics module). */
  lastCommitSeconds = 0;

  constructor(
    private readonly doc: LiveDocument,
    private readonly ctx: ModuleContext,
  ) {}

  /**
   * Appends the batch: at once when the storage can (SQLite while nothing else holds the
   * file: no promise, no turn of the microtask queue), otherwise through its promise.
   */
  commit(batch: readonly PendingUpdate[]): Promise<number | null> | number | null {
    const started = performance.now();
    const updates: NewUpdate[] = [];
    let suggestions = true;
    for (let i = 0; i < batch.length; i++) {
      const u = batch[i]!;
      updates.push({ userId: u.from.user.id, data: u.data });
      if (!u.from.suggestOnly) suggestions = false;
    }
    const { storage } = this.ctx;
    try {
      const last = storage.appendUpdatesNow?.(this.doc.id, updates, { suggestions });
      if (last !== undefined) {
        this.lastCommitSeconds = (performance.now() - started) / 1000;
        return last;
      }
    } catch (err) {
      return this.failed(err);
    }
    return storage.appendUpdates(this.doc.id, updates, { suggestions }).then(
      (last) => {
        this.lastCommitSeconds = (performance.now() - started) / 1000;
        return last;
      },
      (err: unknown) => this.failed(err),
    );
  }

  /** The write failed: the document fails (and closes every socket); nothing of the batch is relayed. */
  private failed(err: unknown): null {
    if (isStorageError(err, 'DocumentNotEditable'))
      this.doc.fail('another process took the document out of draft', err, CLOSE.reauthorize, 'no longer a draft');
    else this.doc.fail('could not store updates', err);
    return null;
  }

  /** Records who edited last, at most every two seconds. */
  afterCommit(batch: readonly PendingUpdate[]): void {
    const now = Date.now();
    if (now - this.lastTouch < TOUCH_EVERY_MS) return;
    this.lastTouch = now;
    const { storage, log } = this.ctx;
    storage.touchDocument(this.doc.id, batch.at(-1)!.from.user.id, new Date(now)).catch((err) => log.error('touch failed', { doc: this.doc.id, err }));
  }
}
