import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { LiveDocument } from './live-document';
import { FROM_ELSEWHERE, type CollabModule, type ModuleContext, type PendingUpdate } from './modules';
import { Refusals } from './refusals';

/** A freeze announced by another process ends by itself after this long without its release. */
const REMOTE_FREEZE_MS = 15_000;
/** A gap in the applied log is filled from storage this soon (the relay is usually faster). */
const CATCH_UP_DELAY_MS = 250;

/**
 * Copies of one document in several processes (PostgreSQL + Redis): what is committed here
 * is published after the commit (`afterCommit`), and what the others commit, their presence,
 * refusals and freezes arrive here (relay.ts). A gap in the log positions is filled from the
 * log itself, so the relay may lose a message without anything being lost.
 */
export class Replication implements CollabModule {
  private catchUpTimer: NodeJS.Timeout | null = null;
  private catchingUp: Promise<void> | null = null;
  private remoteFreeze: NodeJS.Timeout | null = null;

  constructor(
    private readonly doc: LiveDocument,
    private readonly ctx: ModuleContext,
  ) {}

  /** Committed here: the other processes may apply it now (each to its own copy). */
  afterCommit(batch: readonly PendingUpdate[], first: number): void {
    this.ctx.relay.committed?.(
      first,
      batch.map((u) => u.data),
    );
    if (this.doc.applied.hasGap) this.scheduleCatchUp();
  }

  /**
   * Updates another process committed (positions first, first+1, …), relayed to every
   * connection here. Positions already applied are skipped; a gap before them is filled
   * from storage soon (the relay may have lost a message).
   */
  applyFromElsewhere(first: number, updates: readonly Uint8Array[]): void {
    const doc = this.doc;
    if (doc.failed || doc.destroyed) return;
    const fresh = updates.map((data, i) => ({ seq: first + i, data })).filter((u) => !doc.applied.has(u.seq));
    if (!fresh.length) return;
    const ydoc = doc.ydoc;
    try {
      Y.transact(ydoc, () => fresh.forEach((u) => Y.applyUpdate(ydoc, u.data, FROM_ELSEWHERE)), FROM_ELSEWHERE);
    } catch (err) {
      doc.fail('an update from another process did not apply', err);
      return;
    }
    for (const u of fresh) doc.applied.add(u.seq, u.seq);
    if (doc.applied.hasGap) this.scheduleCatchUp();
    doc.textQueued();
    doc.flush();
  }

  /** Presence from another process: set here and relayed to every connection here. */
  presenceFromElsewhere(update: Uint8Array): void {
    if (this.doc.failed || this.doc.destroyed) return;
    awarenessProtocol.applyAwarenessUpdate(this.doc.awareness, update, FROM_ELSEWHERE);
    this.doc.flush();
  }

  /**
   * Another process is taking the document out of draft: accept no update until its
   * release arrives (or REMOTE_FREEZE_MS pass, should that process die first). Its
   * transaction, not this flag, is what guarantees the frozen text: storage refuses appends
   * once the document left draft, and refuses the transition if the log moved.
   */
  freezeFromElsewhere(): void {
    this.doc.frozen = true;
    if (this.remoteFreeze) clearTimeout(this.remoteFreeze);
    this.remoteFreeze = setTimeout(() => this.doc.release(), REMOTE_FREEZE_MS);
    this.remoteFreeze.unref();
  }

  onRelease(): void {
    if (this.remoteFreeze) clearTimeout(this.remoteFreeze);
    this.remoteFreeze = null;
  }

  /**
   * Reads the log after the watermark and applies whatever this copy lacks: after a gap,
   * after the relay was down, before a transition takes the text. Resolves once done; calls
   * made while one runs share it and then run once more (a commit may have come between).
   */
  async catchUp(): Promise<void> {
    const { storage } = this.ctx;
    const id = this.doc.id;
    while (this.catchingUp) await this.catchingUp;
    this.catchingUp = (async () => {
      // Refusals made elsewhere while the relay was down are in storage too.
      const refusals = this.doc.module(Refusals);
      for (const { clientId, userId } of await storage.listRefusedClients(id)) refusals?.fromElsewhere(userId, [clientId]);
      const missing = await storage.listUpdates(id, this.doc.applied.watermark);
      const first = missing[0]?.seq;
      if (first === undefined) return;
      // Positions are contiguous from the watermark on: one call applies what is new.
      this.applyFromElsewhere(
        first,
        missing.map((u) => u.data),
      );
    })().finally(() => (this.catchingUp = null));
    await this.catchingUp;
  }

  private scheduleCatchUp(): void {
    if (this.catchUpTimer) return;
    this.catchUpTimer = setTimeout(() => {
      this.catchUpTimer = null;
      this.catchUp().catch((err) => this.ctx.log.warn('could not catch up from the log', { doc: this.doc.id, err: String(err) }));
    }, CATCH_UP_DELAY_MS);
    this.catchUpTimer.unref();
  }

  onDestroy(): void {
    if (this.catchUpTimer) clearTimeout(this.catchUpTimer);
    if (this.remoteFreeze) clearTimeout(this.remoteFreeze);
  }
}
