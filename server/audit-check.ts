import { AUDIT_GENESIS, verifyAuditChain } from '@/server/audit';
import type { Logger } from '@/server/log';
import type { AuditStore } from '@/server/storage/types';

/** Entries read and hashed at a time: a few milliseconds of the event loop each. */
const BATCH = 500;
/** How often the whole chain is checked again from its first entry. */
export const AUDIT_RECHECK_MS = 10 * 60_000;

/** What the chain's check found: intact up to `seq`, or the first bad entry. */
export interface AuditChainState {
  /** The newest entry checked and found chained to everything before it. */
  verified: { seq: number; hash: string };
  /** The first bad entry and why; null while the chain is intact. */
  problem: { seq: number; problem: string } | null;
}

/**
 * The audit chain's state for the document page, without reading and hashing the whole log
 * on every page (30,000 entries cost each page 400 ms of the event loop, keystrokes included).
 *
 * The whole chain is checked from its first entry when the process starts and every ten
 * minutes, in batches that leave the event loop free between them. Each call of `state()`
 * checks only the entries written since, chained from the newest one checked, so every entry
 * is checked before a page calls the chain intact. An entry changed in the database behind
 * our back, after it was checked, is found by the next whole pass (within ten minutes), and at
 * once by `npm run audit:verify`, which checks everything.
 */
export class AuditChainCheck {
  private current: AuditChainState = { verified: { seq: 0, hash: AUDIT_GENESIS }, problem: null };
  /** The first whole pass: pages wait for it, so none says "intact" before anything was checked. */
  private first: Promise<void> | null = null;
  /** One pass at a time (whole or since the last), so two never race to move the state. */
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly storage: Pick<AuditStore, 'listAuditAfter'>,
    private readonly key: string | null,
    private readonly log?: Logger,
  ) {}

  /** Starts the first whole pass and the periodic ones. */
  start(recheckMs = AUDIT_RECHECK_MS): void {
    this.first ??= this.wholePass();
    this.timer ??= setInterval(() => void this.wholePass(), recheckMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The chain's state now: after the first whole pass, with every entry since checked. */
  async state(): Promise<AuditChainState> {
    this.first ??= this.wholePass();
    await this.first;
    return this.since();
  }

  /**
   * The chain's state as `state()` gives it, or null when the first whole pass (just after
   * the process started, as long as the log is long) has not ended within `waitMs`: the
   * caller says the record is being checked rather than keep a page waiting for it.
   */
  async stateWithin(waitMs: number): Promise<AuditChainState | null> {
    this.first ??= this.wholePass();
    let timer: NodeJS.Timeout | undefined;
    const done = await Promise.race([
      this.first.then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), waitMs);
      }),
    ]).finally(() => clearTimeout(timer));
    return done ? this.since() : null;
  }

  /** Checks the entries written since the newest one checked (the first pass has ended). */
  private async since(): Promise<AuditChainState> {
    await this.serial(async () => {
      if (!this.current.problem) this.settle(await this.check(this.current.verified));
    });
    return this.current;
  }

  /** Checks the whole chain again from its first entry. */
  wholePass(): Promise<void> {
    return this.serial(async () => this.settle(await this.check({ seq: 0, hash: AUDIT_GENESIS }))).catch((err: unknown) =>
      this.log?.error('checking the audit chain failed', { err }),
    );
  }

  /** Takes what a check found; a chain that just broke is logged once, for whoever runs the server. */
  private settle(found: AuditChainState): void {
    if (found.problem && !this.current.problem) this.log?.error('the audit chain is broken', { seq: found.problem.seq, problem: found.problem.problem });
    this.current = found;
  }

  private serial<T>(step: () => Promise<T>): Promise<T> {
    const run = this.queue.then(step, step);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Checks the entries after `from`, chained from it, a batch at a time, until the newest. */
  private async check(from: { seq: number; hash: string }): Promise<AuditChainState> {
    let verified = from;
    // Bounded: each batch moves past at least one entry, and the log is finite.
    for (;;) {
      const entries = await this.storage.listAuditAfter(verified.seq, BATCH);
      if (entries.length === 0) return { verified, problem: null };
      const problem = verifyAuditChain(entries, this.key, verified);
      if (problem) return { verified, problem };
      const last = entries.at(-1)!;
      verified = { seq: last.seq, hash: last.hash };
      if (entries.length < BATCH) return { verified, problem: null };
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}
