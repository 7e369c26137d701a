import pg from 'pg';
import { KeyedMutex, type DocumentLocks } from '@/server/lock';
import { LOCK_SPACE } from './index';

/**
 * Per-document locks that hold across processes: a PostgreSQL session advisory lock on a
 * connection of a small pool of its own (so a wait here never starves the storage pool),
 * behind the in-process mutex (so one process queues its own callers without a connection
 * each). If the connection breaks while `fn` runs, PostgreSQL drops the lock; the
 * transition's row lock and compare-and-set still refuse a second move of the document.
 */
export class AdvisoryDocumentLocks implements DocumentLocks {
  private readonly local = new KeyedMutex();
  private readonly pool: pg.Pool;

  constructor(connectionString: string, onError?: (err: Error) => void) {
    this.pool = new pg.Pool({ connectionString, max: 4, connectionTimeoutMillis: 30_000, idleTimeoutMillis: 30_000 });
    this.pool.on('error', (err) => onError?.(err));
  }

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.local.run(key, async () => {
      const client = await this.pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [LOCK_SPACE.documents, key]);
        try {
          return await fn();
        } finally {
          await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_SPACE.documents, key]).catch((e: Error) => (broken = e));
        }
      } finally {
        client.release(broken);
      }
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
