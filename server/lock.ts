/** Runs `fn` alone for its key (a document id): the one shape both kinds of lock share. */
export interface DocumentLocks {
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

/**
 * One-at-a-time execution per key (a document id), process-wide. Workflow transitions on
 * one document run in order, so two approvals cannot both miss the quorum and two
 * submissions cannot both freeze the text. (Across processes, PostgreSQL advisory locks
 * take this role: storage/postgres/locks.ts.)
 */
export class KeyedMutex implements DocumentLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(fn, fn);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await result;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
