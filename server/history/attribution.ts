import * as Y from 'yjs';
import type { StoredUpdate } from '@/server/storage/types';

/**
 * Who wrote and who deleted what, learnt from the update log, where the server recorded
 * the signed-in user whose connection sent each update (never what a client claims):
 *
 * - a Yjs client id belongs to the user whose update first carried a struct of it;
 * - a deleted range belongs to the user whose update carried that deletion.
 */
export class Attribution {
  private readonly clientUsers = new Map<number, string>();
  private readonly deletions = new Map<number, { clock: number; len: number; userId: string; seq: number }[]>();
  private lastSeq = 0;

  /** Folds more log rows in (in order); rows already seen are skipped. */
  add(rows: readonly StoredUpdate[]): void {
    for (const row of rows) {
      if (row.seq <= this.lastSeq) continue;
      this.lastSeq = row.seq;
      if (!row.userId) continue;
      let decoded: ReturnType<typeof Y.decodeUpdate>;
      try {
        decoded = Y.decodeUpdate(row.data);
      } catch {
        continue;
      }
      for (const struct of decoded.structs) {
        if (!this.clientUsers.has(struct.id.client)) this.clientUsers.set(struct.id.client, row.userId);
      }
      for (const [client, ranges] of decoded.ds.clients) {
        let list = this.deletions.get(client);
        if (!list) this.deletions.set(client, (list = []));
        for (const r of ranges) list.push({ clock: r.clock, len: r.len, userId: row.userId, seq: row.seq });
        this.sorted.delete(client);
      }
    }
  }

  get seenUpTo(): number {
    return this.lastSeq;
  }

  /** The user who created the item with this id. */
  author(id: Y.ID): string | null {
    return this.clientUsers.get(id.client) ?? null;
  }

  /** The user who deleted the item with this id (the first deletion that covers it). */
  deleter(id: Y.ID): string | null {
    const ranges = this.sortedDeletions(id.client);
    // The last range starting at or before the clock; a few before it may overlap too.
    let lo = 0;
    let hi = ranges.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ranges[mid]!.clock <= id.clock) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    let found: { seq: number; userId: string } | null = null;
    for (let i = at; i >= 0 && i > at - 64; i--) {
      const r = ranges[i]!;
      if (id.clock < r.clock + r.len && (!found || r.seq < found.seq)) found = r;
    }
    return found?.userId ?? null;
  }

  private readonly sorted = new Map<number, { clock: number; len: number; userId: string; seq: number }[]>();

  private sortedDeletions(client: number): { clock: number; len: number; userId: string; seq: number }[] {
    let ranges = this.sorted.get(client);
    if (!ranges) {
      ranges = [...(this.deletions.get(client) ?? [])].sort((a, b) => a.clock - b.clock || a.seq - b.seq);
      this.sorted.set(client, ranges);
    }
    return ranges;
  }
}
