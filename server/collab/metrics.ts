import type { Editor } from './connection';
import type { CollabCounters } from './counters';
import { DurableLog } from './durable-log';
import type { LiveDocument } from './live-document';
import type { CollabModule, ModuleContext, PendingUpdate } from './modules';

/**
 * The metrics module: counts what a document's points see into the process's counters
 * (counters.ts), read by /metrics when it is scraped. Each point is an increment, plus one
 * histogram observation per committed batch (not per keystroke); nothing here builds a
 * string or looks anything up. Refusals decided by other modules (a refused copy) and by the
 * socket (malformed, too large) are counted where they are decided.
 */
export class CollabMetrics implements CollabModule {
  private readonly counters: CollabCounters;
  /** The commit module, found at the first commit (the modules are all attached by then). */
  private log: DurableLog | undefined;

  constructor(
    private readonly doc: LiveDocument,
    ctx: ModuleContext,
  ) {
    this.counters = ctx.counters;
  }

  /** An update from an editor that may not write now: refused as read-only. */
  onDropped(_update: Uint8Array, _from: Editor): void {
    this.counters.refusal('read_only');
  }

  /** A batch is durable: counted, with the time its write took. */
  afterCommit(batch: readonly PendingUpdate[]): void {
    this.log ??= this.doc.module(DurableLog);
    this.counters.commit(batch.length, this.log?.lastCommitSeconds ?? 0);
  }
}
