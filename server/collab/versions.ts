import { contentInTurns, type DocumentContent } from './content';
import type { LiveDocument } from './live-document';
import type { CollabModule, ModuleContext } from './modules';

/** How long editing must pause, or may go on, before a document gets an automatic version. */
export interface VersionTimes {
  quietMs: number;
  maxMs: number;
}

/**
 * Automatic versions: a document with changes since its newest version gets one after
 * VERSION_QUIET_SECONDS without edits, or VERSION_MAX_SECONDS into continuous editing
 * (`check`, called by the hub's clock), and when it leaves memory with such changes (`onEvict`).
 */
export class AutoVersions implements CollabModule {
  /** Log position covered by the newest version (null: not read yet). */
  private versionedSeq: number | null = null;
  /** The committed position seen at the last check, and since when it has not moved. */
  private seenSeq = 0;
  private quietSince = 0;
  /** When the first change after the newest version was seen. */
  private dirtySince: number | null = null;

  constructor(
    private readonly doc: LiveDocument,
    private readonly ctx: ModuleContext,
  ) {}

  /** One tick of the clock: versions the document when editing paused, or went on too long. */
  async check(now: number, times: VersionTimes): Promise<void> {
    const { doc, ctx } = this;
    if (!ctx.onUnversionedChanges || doc.failed || doc.frozen) return;
    if (this.versionedSeq === null) {
      this.versionedSeq = await ctx.storage.latestVersionSeq(doc.id);
      this.seenSeq = doc.committedSeq;
      this.quietSince = now;
    }
    const seq = doc.committedSeq;
    if (seq !== this.seenSeq) {
      this.seenSeq = seq;
      this.quietSince = now;
    }
    if (seq <= this.versionedSeq) {
      this.dirtySince = null;
      return;
    }
    this.dirtySince ??= now;
    const quiet = now - this.quietSince >= times.quietMs;
    const tooLong = now - this.dirtySince >= times.maxMs;
    if (!quiet && !tooLong) return;
    this.dirtySince = null;
    // A transition or a named version may have covered these changes meanwhile.
    this.versionedSeq = Math.max(this.versionedSeq, await ctx.storage.latestVersionSeq(doc.id));
    if (seq <= this.versionedSeq) return;
    this.versionedSeq = seq;
    await this.version(() => contentInTurns(doc.ydoc, seq));
  }

  /** Before the document leaves memory: a version of changes no version covers yet. */
  async onEvict(): Promise<void> {
    const { doc, ctx } = this;
    const seq = doc.committedSeq;
    if (doc.failed || seq <= (this.versionedSeq ?? 0)) return;
    if ((await ctx.storage.latestVersionSeq(doc.id)) >= seq) return;
    await this.version(() => contentInTurns(doc.ydoc, seq));
  }

  private async version(content: () => Promise<DocumentContent>): Promise<void> {
    try {
      await this.ctx.onUnversionedChanges?.(this.doc.id, await content());
    } catch (err) {
      this.ctx.log.error('automatic version failed', { doc: this.doc.id, err });
    }
  }
}
