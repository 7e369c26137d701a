import { CompiledQuery, type Kysely, type RawBuilder } from 'kysely';
import type { SearchTerms } from '@/lib/text/fold';
import type { DocumentState } from '@/lib/workflow/states';
import type { AppendOptions, NewUpdate } from '@/server/storage/types';
import type { Flag, Tables, Time } from './schema';

/** A connection (or a transaction's connection) to the tables. */
export type Db = Kysely<Tables>;

/**
 * What the two databases really do differently; everything else is written once over
 * Kysely in this folder. The SQLite file is one process's own; PostgreSQL is shared by
 * several, so its dialect orders appends, audit entries and transitions across processes.
 */
export interface StorageDialect {
  readonly kind: 'sqlite' | 'postgres';
  /** Whether several processes share this store (then each must read what the others wrote). */
  readonly sharedAcrossProcesses: boolean;
  /** The current time as a value to store (PostgreSQL: the transaction's `now()`). */
  now(): Time | RawBuilder<Time>;
  /** A given time as the database stores it. */
  time(at: Date): Time;
  /** A flag as the database stores it. */
  flag(value: boolean): Flag;
  /** The member ids of the document aliased `d`, as one column (a list or a comma-joined string). */
  memberIds(): RawBuilder<string | string[] | null>;
  /** The column that orders versions taken in the same millisecond. */
  readonly versionOrder: 'rowid' | 'ord';
  /** Runs `fn` in one write transaction on one connection; rolls back on any error. */
  write<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /** Runs `fn`'s reads against one consistent snapshot of the database. */
  snapshot<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /** Inside a write transaction: makes audit appends from every process wait for this one. */
  lockAudit(db: Db): Promise<void>;
  /** Inside a write transaction: the document's state, locked against appends and other transitions until the commit. */
  lockDocument(db: Db, documentId: string): Promise<DocumentState | null>;
  /**
   * Inside that transaction, before a version is stored: throws LogMoved when the log has
   * grown past `versionSeq` (another process appended after the version's text was taken).
   */
  checkLogCovered(db: Db, documentId: string, versionSeq: number): Promise<void>;
  /**
   * Whether the search entry aliased `e` holds a word beginning with every term (with one of
   * its `termPrefixes`): FTS5 MATCH or a tsquery. Terms are letters and digits only
   * (searchTerms) and are quoted all the same.
   */
  searchMatch(terms: SearchTerms): RawBuilder<boolean>;
  /** The keystroke path: appends updates durably in one transaction, returns the last seq. */
  appendUpdates(documentId: string, updates: readonly NewUpdate[], options?: AppendOptions): Promise<number>;
  /** The append done now when nothing has to wait for it (Storage.appendUpdatesNow); absent or undefined otherwise. */
  appendUpdatesNow?(documentId: string, updates: readonly NewUpdate[], options?: AppendOptions): number | undefined;
}

/** What every repository in this folder works with. */
export interface Sql {
  /** The query builder over the open connection(s). */
  readonly kysely: Db;
  readonly dialect: StorageDialect;
  /** AUDIT_HMAC_KEY: keys the audit chain's hashes when set (server/audit.ts). */
  readonly auditKey: string | null;
}

/** Runs `fn` between `begin` and COMMIT on one connection of `db`, rolling back on any error. */
export async function inTransaction<T>(db: Db, begin: RawBuilder<unknown>, fn: (db: Db) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await begin.execute(conn);
    try {
      const result = await fn(conn);
      await conn.executeQuery(CompiledQuery.raw('COMMIT'));
      return result;
    } catch (err) {
      await conn.executeQuery(CompiledQuery.raw('ROLLBACK')).catch(() => undefined);
      throw err;
    }
  });
}
