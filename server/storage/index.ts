import path from 'node:path';
import type { Env } from '@/server/env';
import { KeyedMutex, type DocumentLocks } from '@/server/lock';
import type { Logger } from '@/server/log';
import { PostgresStorage } from './postgres';
import { AdvisoryDocumentLocks } from './postgres/locks';
import { SqliteStorage } from './sqlite';
import type { Storage } from './types';

/** The SQLite database's file in DATA_DIR (beside it, SQLite's -wal and -shm while it is open). */
export const SQLITE_FILE = 'communique.db';

export interface StorageChoice {
  storage: Storage;
  /** Per-document serialisation: in-process with SQLite, across processes with PostgreSQL. */
  documentLocks: DocumentLocks;
  /** Closes what the locks hold (the storage is closed on its own). */
  closeLocks(): Promise<void>;
}

/**
 * PostgreSQL when DATABASE_URL is set (several processes share it), else the embedded
 * SQLite file in DATA_DIR. Nothing is opened here: call `storage.open()`.
 */
export function chooseStorage(env: Env, log: Logger): StorageChoice {
  if (env.DATABASE_URL) {
    const onError = (err: Error) => log.warn('a PostgreSQL connection failed', { err: err.message });
    const locks = new AdvisoryDocumentLocks(env.DATABASE_URL, onError);
    return {
      storage: new PostgresStorage({ connectionString: env.DATABASE_URL, onError, auditKey: env.AUDIT_HMAC_KEY ?? null }),
      documentLocks: locks,
      closeLocks: () => locks.close(),
    };
  }
  return {
    storage: new SqliteStorage(path.join(env.DATA_DIR, SQLITE_FILE), env.SQLITE_SYNCHRONOUS, env.AUDIT_HMAC_KEY ?? null),
    documentLocks: new KeyedMutex(),
    closeLocks: async () => undefined,
  };
}
