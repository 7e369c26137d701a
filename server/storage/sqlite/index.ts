import fs from 'node:fs';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { type SearchTerms, termPrefixes } from '@/lib/text/fold';
import type { DocumentState } from '@/lib/workflow/states';
import { inTransaction, type Db, type StorageDialect } from '@/server/storage/sql/dialect';
import type { Tables } from '@/server/storage/sql/schema';
import { SqlStorage } from '@/server/storage/sql/storage';
import type { NewUpdate } from '@/server/storage/types';
import { AUTOCHECKPOINT_BACKSTOP_PAGES, startCheckpointer, stopCheckpointer } from './checkpointer';
import { QueuedSqliteDialect, fileIdleCheck } from './file-lock';
import { SQLITE_MIGRATIONS } from './migrations';

/**
 * The embedded default: one SQLite file in DATA_DIR, WAL mode. `synchronous=NORMAL`
 * survives a process crash (kill -9); `FULL` also survives power loss. One process owns
 * the file: its single connection serialises every writer (the connection is taken by one
 * caller at a time, the append path included, so no statement lands inside another's
 * transaction; see file-lock.ts for a second Storage on the same file in one process).
 */
export class SqliteStorage extends SqlStorage {
  readonly kind = 'sqlite' as const;
  readonly sharedAcrossProcesses = false;
  private ops: SqliteDialectOps | null = null;
  private checkpointer: Worker | null = null;
  /** Appends so far (wrapping), shared with the checkpoint thread so it skips idle intervals. */
  private readonly commits = new Int32Array(new SharedArrayBuffer(4));

  constructor(
    private readonly file: string,
    private readonly synchronous: 'NORMAL' | 'FULL' = 'NORMAL',
    /** AUDIT_HMAC_KEY: keys the audit chain's hashes when set (server/audit.ts). */
    auditKey: string | null = null,
  ) {
    super(auditKey);
  }

  get dialect(): StorageDialect {
    if (!this.ops) throw new Error('SQLite storage is not open');
    return this.ops;
  }

  async open(): Promise<void> {
    if (this.file !== ':memory:') fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const db = new Database(this.file);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${this.synchronous}`);
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    const kysely = new Kysely<Tables>({ dialect: new QueuedSqliteDialect({ database: db }, this.file) });
    this.ops = new SqliteDialectOps(db, kysely, this.commits, this.file);
    this.attach(kysely);
    if (this.file !== ':memory:') {
      db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_BACKSTOP_PAGES}`);
      this.checkpointer = startCheckpointer(this.file, this.commits);
    }
  }

  async close(): Promise<void> {
    const worker = this.checkpointer;
    this.checkpointer = null;
    if (worker) await stopCheckpointer(worker);
    const kysely = this.ops?.kysely;
    this.ops = null;
    this.attach(null);
    await kysely?.destroy(); // closes the file
  }
}

/** Applies pending migrations, each in its own immediate transaction (one process: no lock needed beyond it). */
function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const applied = db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations').get() as { v: number };
  SQLITE_MIGRATIONS.forEach((migration, index) => {
    const version = index + 1;
    if (version <= applied.v) return;
    db.transaction(() => {
      db.exec(migration);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, Date.now());
    }).immediate();
  });
}

/** SQLite's side of what differs: epoch-millisecond times, 0/1 flags, immediate transactions, the prepared append. */
class SqliteDialectOps implements StorageDialect {
  readonly kind = 'sqlite' as const;
  readonly sharedAcrossProcesses = false;
  readonly versionOrder = 'rowid' as const;
  /** appendUpdates' statements, prepared once (preparing costs more than the insert). */
  private readonly appendTransaction: Database.Transaction<(documentId: string, updates: readonly NewUpdate[], now: number) => number>;
  /**
   * A single update's insert, at a position already known (see `append`). The update is bound
   * as it is: better-sqlite3 takes any Uint8Array as a BLOB (its bytes, from its offset), so
   * no Buffer is made for it.
   */
  private readonly insertAt: Database.Statement<[string, number, string, Uint8Array, number]>;
  /**
   * The last log position this connection appended, per document (in a box, updated in place:
   * one Map lookup per keystroke). One process owns the file, so it is the position the next
   * update takes, unless something else appended since (a second Storage on the file, in tests
   * and tools): then the insert at that position hits the primary key, and the append reads
   * the position again (see `append`).
   */
  private readonly lastSeq = new Map<string, { seq: number }>();
  /** Whether no connection of this process is inside a transaction on the file (see appendUpdates). */
  private readonly fileIdle: () => boolean;

  constructor(
    private readonly db: Database.Database,
    readonly kysely: Db,
    private readonly commits: Int32Array,
    file: string,
  ) {
    const nextSeq = db.prepare<[string], { s: number }>('SELECT COALESCE(MAX(seq), 0) AS s FROM document_updates WHERE document_id = ?');
    const insert = db.prepare<[string, number, string, Uint8Array, number]>(
      'INSERT INTO document_updates (document_id, seq, user_id, data, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    // A batch, or an update whose position is not known yet: one transaction (BEGIN
    // IMMEDIATE, MAX, an INSERT per update, COMMIT). The single `INSERT … SELECT MAX(seq) + 1
    // … RETURNING seq` used for one update before reads the table it writes and returns a
    // row, so SQLite built an ephemeral table at every run (docs/PERFORMANCE.md).
    this.appendTransaction = db.transaction((id: string, batch: readonly NewUpdate[], now: number) => {
      let seq = nextSeq.get(id)!.s;
      for (const u of batch) insert.run(id, ++seq, u.userId, u.data, now);
      return seq;
    });
    this.insertAt = insert;
    this.fileIdle = fileIdleCheck(file);
  }

  now = (): number => Date.now();
  time = (at: Date): number => at.getTime();
  flag = (value: boolean): number => (value ? 1 : 0);
  memberIds = () => sql<string | null>`(SELECT group_concat(m.user_id, ',') FROM document_members m WHERE m.document_id = d.id)`;

  searchMatch(terms: SearchTerms) {
    // FTS5 query syntax: each term any of its prefixes, each quoted (quotes doubled); all terms required.
    const anyOf = (k: string) => termPrefixes(k).map((p) => `"${p.replaceAll('"', '""')}"*`);
    const phrase = terms.keys.map((k) => `(${anyOf(k).join(' OR ')})`).join(' AND ');
    return sql<boolean>`e.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ${phrase})`;
  }

  write<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    // IMMEDIATE: take the write lock at BEGIN, so a reader never has to upgrade (and fail busy).
    return inTransaction(this.kysely, sql`BEGIN IMMEDIATE`, fn);
  }

  snapshot<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    return inTransaction(this.kysely, sql`BEGIN`, fn);
  }

  async lockAudit(): Promise<void> {
    // The immediate transaction already holds the only write lock.
  }

  async lockDocument(db: Db, documentId: string): Promise<DocumentState | null> {
    // The immediate transaction already holds the only write lock.
    const row = await db.selectFrom('documents').select('state').where('id', '=', documentId).executeTakeFirst();
    return row?.state ?? null;
  }

  async checkLogCovered(): Promise<void> {
    // One process: the collaboration server froze the document before it took the text.
  }

  appendUpdates(documentId: string, updates: readonly NewUpdate[]): Promise<number> {
    try {
      const seq = this.appendUpdatesNow(documentId, updates);
      if (seq !== undefined) return Promise.resolve(seq);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.kysely.connection().execute(async () => this.append(documentId, updates));
  }

  /**
   * The keystroke path. When no connection of this process is inside a transaction, the
   * append runs whole right now (better-sqlite3 is synchronous: nothing can come between its
   * statements), so it skips the queue; otherwise undefined: it must wait its turn
   * (`appendUpdates`), so that it never lands inside another caller's open transaction.
   */
  appendUpdatesNow(documentId: string, updates: readonly NewUpdate[]): number | undefined {
    if (this.db.inTransaction || !this.fileIdle()) return undefined;
    return this.append(documentId, updates);
  }

  /**
   * One keystroke, the usual batch, whose position is known: one INSERT in its own
   * transaction (one statement run instead of BEGIN, MAX, INSERT and COMMIT). Otherwise, or
   * when that position was taken meanwhile, the transaction that reads the position first.
   */
  private append(documentId: string, updates: readonly NewUpdate[]): number {
    const known = this.lastSeq.get(documentId);
    if (known !== undefined && updates.length === 1) {
      const seq = known.seq + 1;
      try {
        this.insertAt.run(documentId, seq, updates[0]!.userId, updates[0]!.data, Date.now());
        known.seq = seq;
        Atomics.add(this.commits, 0, 1);
        return seq;
      } catch (err) {
        if ((err as { code?: unknown }).code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw err;
      }
    }
    const seq = this.appendTransaction.immediate(documentId, updates, Date.now());
    if (known !== undefined) known.seq = seq;
    else {
      if (this.lastSeq.size >= 10_000) this.lastSeq.clear(); // bounded: only open documents matter
      this.lastSeq.set(documentId, { seq });
    }
    Atomics.add(this.commits, 0, 1);
    return seq;
  }
}
