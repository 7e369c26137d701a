import { MESSAGE } from '@/lib/collab/protocol';

/** The message types counted, by the label they get in /metrics (index = slot in `messages`). */
export const MESSAGE_KINDS = ['sync_step1', 'sync_step2', 'update', 'awareness', 'auth', 'query_awareness', 'stored', 'threads', 'other'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** Why an update (or the frame that carried it) was refused, by the label it gets in /metrics. */
export const REFUSAL_REASONS = ['read_only', 'refused_copy', 'malformed', 'too_large', 'not_a_suggestion'] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

const SLOT_BY_TYPE: Record<number, number> = {
  [MESSAGE.awareness]: 3,
  [MESSAGE.auth]: 4,
  [MESSAGE.queryAwareness]: 5,
  [MESSAGE.stored]: 6,
  [MESSAGE.threads]: 7,
};
const OTHER = MESSAGE_KINDS.length - 1;
const REFUSAL_SLOT = Object.fromEntries(REFUSAL_REASONS.map((r, i) => [r, i])) as Record<RefusalReason, number>;

/** Seconds: a commit is a SQLite or PostgreSQL transaction, from under a millisecond up. */
export const COMMIT_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] as const;
/** Seconds from a commit in another process to the update's arrival here. */
export const LAG_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] as const;

/**
 * A histogram of durations as plain numbers: an observation is a short loop over the
 * bounds and two additions. prom-client's `Histogram.observe` builds a closure and a label
 * object and hashes the labels at every call (about 1% of the server's CPU when it ran once
 * per keystroke commit, text only; docs/PERFORMANCE.md). /metrics reads it when scraped.
 */
export class DurationHistogram {
  /** Observations at or below each bound (not cumulative; the last slot is above every bound). */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(seconds: number): void {
    const { bounds } = this;
    let i = 0;
    while (i < bounds.length && seconds > bounds[i]!) i++;
    this.counts[i]! += 1;
    this.sum += seconds;
    this.count += 1;
  }
}

/**
 * What the collaboration server counts, as plain numbers in this process: an increment on
 * the keystroke path is one array write, with no label strings built and no lookups
 * (prom-client hashes its labels on every `inc`). /metrics reads them when it is scraped
 * (server/metrics), durations included.
 */
export class CollabCounters {
  /** Messages received from sockets, by MESSAGE_KINDS slot. */
  readonly messages = new Float64Array(MESSAGE_KINDS.length);
  /** Updates refused, by REFUSAL_REASONS slot. */
  readonly refused = new Float64Array(REFUSAL_REASONS.length);
  /** Updates written to the log by this process. */
  committed = 0;
  /** How long each batch took to commit. */
  readonly commitSeconds = new DurationHistogram(COMMIT_BUCKETS);
  /** How long after their commit in another process updates arrived here. */
  readonly relayLagSeconds = new DurationHistogram(LAG_BUCKETS);

  /**
   * Counts one message by its first bytes (y-websocket's type; for sync, the sync step):
   * every type we know is below 128, so its varuint is that one byte.
   */
  message(data: Uint8Array): void {
    const type = data[0];
    let slot = OTHER;
    if (type === MESSAGE.sync) {
      const step = data[1];
      slot = step === 0 || step === 1 || step === 2 ? step : OTHER;
    } else if (type !== undefined) slot = SLOT_BY_TYPE[type] ?? OTHER;
    this.messages[slot]! += 1;
  }

  refusal(reason: RefusalReason): void {
    this.refused[REFUSAL_SLOT[reason]]! += 1;
  }

  /** A batch of `updates` is in the log; the write took `seconds`. */
  commit(updates: number, seconds: number): void {
    this.committed += updates;
    this.commitSeconds.observe(seconds);
  }

  /** Updates committed by another process at `committedAt` (its clock, ms) arrived now. */
  relayed(committedAt: number): void {
    this.relayLagSeconds.observe(Math.max(0, Date.now() - committedAt) / 1000);
  }
}
