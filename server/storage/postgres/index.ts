import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { type SearchTerms, termPrefixes } from '@/lib/text/fold';
import type { DocumentState } from '@/lib/workflow/states';
import { inTransaction, type Db, type StorageDialect } from '@/server/storage/sql/dialect';
import { toBytes } from '@/server/storage/sql/rows';
import type { Tables } from '@/server/storage/sql/schema';
import { SqlStorage } from '@/server/storage/sql/storage';
import { DocumentNotEditable, LogMoved, type AppendOptions, type NewUpdate } from '@/server/storage/types';
import { migrate } from './migrate';
import { NOT_A_DRAFT_SQLSTATE } from './migrations';

/**
 * Advisory-lock namespaces: the first key of pg_advisory_xact_lock(int, int) (appends, the
 * audit chain: held to the commit) and pg_advisory_lock(int, int) (documents, migrations:
 * held by a session until it unlocks). Migration 6 spells the appends' 1 out.
 */
export const LOCK_SPACE = { appends: 1, audit: 2, documents: 3, migrations: 4 } as const;

/** int8 (counts, sequence numbers) as numbers: every one of ours stays far below 2^53. */
const TYPES = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === pg.types.builtins.INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export interface PostgresOptions {
  connectionString: string;
  /** Connections in the pool (default 10). */
  max?: number;
  /** Called when an idle connection fails (the server restarted, the network broke). */
  onError?: (err: Error) => void;
  /** AUDIT_HMAC_KEY: keys the audit chain's hashes when set (server/audit.ts). */
  auditKey?: string | null;
}

/**
 * The scale-out storage: PostgreSQL, shared by every process. What one SQLite process gets
 * from being alone is made explicit in its dialect: appends to a document's log are ordered
 * by a per-document advisory transaction lock and refused once the document left draft
 * (migration 6, one round trip); a transition locks the document's row FOR UPDATE and, when
 * it records a version, checks that the version covers the whole log (LogMoved); the audit
 * chain is extended under its own advisory transaction lock.
 */
export class PostgresStorage extends SqlStorage {
  readonly kind = 'postgres' as const;
  readonly sharedAcrossProcesses = true;
  readonly dialect: StorageDialect = new PostgresDialectOps(
    () => this.kysely,
    () => this.db,
  );
  private pool: pg.Pool | null = null;

  constructor(private readonly options: PostgresOptions) {
    super(options.auditKey ?? null);
  }

  /** The storage's own pool (the document locks in locks.ts have a pool of their own). */
  get db(): pg.Pool {
    if (!this.pool) throw new Error('PostgreSQL storage is not open');
    return this.pool;
  }

  async open(): Promise<void> {
    const pool = new pg.Pool({
      connectionString: this.options.connectionString,
      max: this.options.max ?? 10,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30_000,
      types: TYPES,
    });
    // An idle client that loses its connection emits here; unhandled, it would end the process.
    pool.on('error', (err) => this.options.onError?.(err));
    this.pool = pool;
    this.attach(new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) }));
    try {
      await migrate(pool, LOCK_SPACE.migrations);
    } catch (err) {
      await this.close();
      throw err;
    }
  }

  async close(): Promise<void> {
    const pool = this.pool;
    if (!pool) return;
    const kysely = this.kysely;
    this.pool = null;
    this.attach(null);
    await kysely.destroy(); // ends the pool once Kysely has used it
    if (!pool.ended) await pool.end();
  }

  async ping(): Promise<void> {
    await this.db.query({ text: 'SELECT 1', query_timeout: 2000 } as pg.QueryConfig);
  }
}

/** PostgreSQL's side of what differs: the server's clock, row and advisory locks, snapshot reads, the append function. */
class PostgresDialectOps implements StorageDialect {
  readonly kind = 'postgres' as const;
  readonly sharedAcrossProcesses = true;
  readonly versionOrder = 'ord' as const;

  constructor(
    private readonly kysely: () => Db,
    private readonly pool: () => pg.Pool,
  ) {}

  now = () => sql<Date>`now()`;
  time = (at: Date): Date => at;
  flag = (value: boolean): boolean => value;
  memberIds = () => sql<string[] | null>`(SELECT array_agg(m.user_id ORDER BY m.user_id) FROM document_members m WHERE m.document_id = d.id)`;

  searchMatch(terms: SearchTerms) {
    // tsquery syntax: each term any of its prefixes, each a quoted prefix lexeme (quotes doubled); all terms required.
    const anyOf = (k: string) => termPrefixes(k).map((p) => `'${p.replaceAll("'", "''")}':*`);
    const query = terms.keys.map((k) => `(${anyOf(k).join(' | ')})`).join(' & ');
    return sql<boolean>`e.keys_tsv @@ to_tsquery('simple', ${query})`;
  }

  write<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    return inTransaction(this.kysely(), sql`BEGIN`, fn);
  }

  snapshot<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    return inTransaction(this.kysely(), sql`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`, fn);
  }

  async lockAudit(db: Db): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(${LOCK_SPACE.audit}, 0)`.execute(db);
  }

  async lockDocument(db: Db, documentId: string): Promise<DocumentState | null> {
    // The row lock waits for appends in flight (they hold it FOR SHARE) and holds back new ones.
    const row = await db.selectFrom('documents').select('state').where('id', '=', documentId).forUpdate().executeTakeFirst();
    return row?.state ?? null;
  }

  async checkLogCovered(db: Db, documentId: string, versionSeq: number): Promise<void> {
    const row = await db
      .selectFrom('document_updates')
      .select((eb) => eb.fn.max('seq').as('s'))
      .where('document_id', '=', documentId)
      .executeTakeFirst();
    const log = Number(row?.s ?? 0);
    if (log !== versionSeq) throw new LogMoved(versionSeq, log);
  }

  async appendUpdates(documentId: string, updates: readonly NewUpdate[], options: AppendOptions = {}): Promise<number> {
    try {
      const args = [documentId, updates.map((u) => u.userId), updates.map((u) => toBytes(u.data))];
      // Checked suggestions may also go into a document in review (migration 14).
      const { rows } = options.suggestions
        ? await this.pool().query<{ seq: number }>('SELECT append_document_updates($1, $2::text[], $3::bytea[], true) AS seq', args)
        : await this.pool().query<{ seq: number }>('SELECT append_document_updates($1, $2::text[], $3::bytea[]) AS seq', args);
      return rows[0]!.seq;
    } catch (err) {
      if ((err as { code?: string }).code === NOT_A_DRAFT_SQLSTATE) throw new DocumentNotEditable(documentId);
      throw err;
    }
  }
}
