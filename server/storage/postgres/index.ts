import { randomUUID } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import pg from 'pg';
import type { Role } from '../../../lib/policies';
import type { DocumentState } from '../../../lib/workflow/states';
import { AUDIT_GENESIS, auditHash, type AuditEntry, type AuditFields } from '../../audit';
import {
  DocumentNotEditable,
  LogMoved,
  StateConflict,
  type ApprovalRecord,
  type DocumentPatch,
  type DocumentRecord,
  type NewDocument,
  type NewNotification,
  type NewUpdate,
  type NewUser,
  type NotificationRecord,
  type RefusedClient,
  type SettingRecord,
  type SignInAttempts,
  type Storage,
  type StoredDocumentState,
  type StoredUpdate,
  type TransitionWrite,
  type UserPatch,
  type UserRecord,
  type VersionRecord,
  type VersionSummary,
} from '../types';
import { migrate } from './migrate';
import { NOT_A_DRAFT_SQLSTATE } from './migrations';
import {
  DOCUMENT_SELECT,
  VERSION_SUMMARY_COLUMNS,
  toApproval,
  toAudit,
  toDocument,
  toNotification,
  toUpdate,
  toUser,
  toVersion,
  toVersionSummary,
  type ApprovalRow,
  type AuditRow,
  type DocumentRow,
  type NotificationRow,
  type UpdateRow,
  type UserRow,
  type VersionRow,
} from './rows';

/** Advisory-lock namespaces (the first key of pg_advisory_xact_lock(int, int)). */
export const LOCK_SPACE = { appends: 1, audit: 2, documents: 3, migrations: 4 } as const;

/** int8 (counts, sequence numbers) as numbers: every one of ours stays far below 2^53. */
const TYPES = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === pg.types.builtins.INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

const toBytes = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

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
 * from being alone is made explicit here: appends to a document's log are ordered by an
 * advisory lock and refused once the document left draft (migration 6); a transition locks
 * the document's row and, when it records a version, checks that the version covers the
 * whole log; the audit chain is extended under its own advisory lock.
 */
export class PostgresStorage implements Storage {
  readonly kind = 'postgres' as const;
  readonly sharedAcrossProcesses = true;
  private pool: pg.Pool | null = null;

  constructor(private readonly options: PostgresOptions) {}

  /** The pool (for the cross-process document locks in ../../lock.ts). */
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
    try {
      await migrate(pool, LOCK_SPACE.migrations);
    } catch (err) {
      await this.close();
      throw err;
    }
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.end();
  }

  async ping(): Promise<void> {
    await this.db.query({ text: 'SELECT 1', query_timeout: 2000 } as pg.QueryConfig);
  }

  /** Runs `fn` in one transaction on one connection; rolls back on any error. */
  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.db.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch((e: Error) => (broken = e));
      throw err;
    } finally {
      client.release(broken);
    }
  }

  private async one<R extends pg.QueryResultRow>(text: string, values: unknown[] = [], on: pg.Pool | pg.PoolClient = this.db): Promise<R | undefined> {
    return (await on.query<R>(text, values)).rows[0];
  }

  private async all<R extends pg.QueryResultRow>(text: string, values: unknown[] = [], on: pg.Pool | pg.PoolClient = this.db): Promise<R[]> {
    return (await on.query<R>(text, values)).rows;
  }

  async countUsers(): Promise<number> {
    return (await this.one<{ n: number }>('SELECT COUNT(*)::int AS n FROM users'))!.n;
  }

  async createUser(input: NewUser): Promise<UserRecord> {
    const row = await this.one<UserRow>(
      'INSERT INTO users (id, email, name, role, password_hash, active, created_at) VALUES ($1, $2, $3, $4, $5, TRUE, now()) RETURNING *',
      [randomUUID(), input.email.toLowerCase(), input.name, input.role, input.passwordHash],
    );
    return toUser(row!);
  }

  async findUserByEmail(email: string): Promise<UserRecord | null> {
    const row = await this.one<UserRow>('SELECT * FROM users WHERE lower(email) = lower($1)', [email]);
    return row ? toUser(row) : null;
  }

  async findUserById(id: string): Promise<UserRecord | null> {
    const row = await this.one<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
    return row ? toUser(row) : null;
  }

  async setUserRole(id: string, role: Role): Promise<void> {
    await this.db.query('UPDATE users SET role = $2 WHERE id = $1', [id, role]);
  }

  async listUsers(): Promise<UserRecord[]> {
    return (await this.all<UserRow>('SELECT * FROM users ORDER BY lower(name), email')).map(toUser);
  }

  async updateUser(id: string, patch: UserPatch): Promise<UserRecord> {
    const { sets, values } = assignments({ name: patch.name, role: patch.role, active: patch.active, password_hash: patch.passwordHash }, [id]);
    if (patch.endSessions) sets.push('session_epoch = session_epoch + 1');
    if (sets.length) await this.db.query(`UPDATE users SET ${sets.join(', ')} WHERE id = $1`, values);
    const user = await this.findUserById(id);
    if (!user) throw new Error(`user ${id} not found`);
    return user;
  }

  async createDocument(input: NewDocument): Promise<DocumentRecord> {
    const id = randomUUID();
    await this.db.query(
      `INSERT INTO documents (id, title, kind, language, state, dateline_place, dateline_date, created_by, updated_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7, $7, now(), now())`,
      [id, input.title, input.kind, input.language, input.datelinePlace, input.datelineDate, input.createdBy],
    );
    return (await this.findDocument(id))!;
  }

  async findDocument(id: string, on: pg.Pool | pg.PoolClient = this.db): Promise<DocumentRecord | null> {
    const row = await this.one<DocumentRow>(`${DOCUMENT_SELECT} WHERE d.id = $1`, [id], on);
    return row ? toDocument(row) : null;
  }

  async listDocuments(): Promise<DocumentRecord[]> {
    return (await this.all<DocumentRow>(`${DOCUMENT_SELECT} WHERE d.state <> 'archived' ORDER BY d.updated_at DESC, d.id`)).map(toDocument);
  }

  async updateDocument(id: string, patch: DocumentPatch): Promise<DocumentRecord> {
    const { sets, values } = assignments(
      { title: patch.title, language: patch.language, dateline_place: patch.datelinePlace, dateline_date: patch.datelineDate, updated_by: patch.updatedBy },
      [id],
    );
    await this.db.query(`UPDATE documents SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, values);
    const doc = await this.findDocument(id);
    if (!doc) throw new Error(`document ${id} vanished during update`);
    return doc;
  }

  async setDocumentAccess(documentId: string, restricted: boolean, memberIds: readonly string[], audit: Omit<AuditFields, 'seq' | 'at'>): Promise<DocumentRecord> {
    return this.tx(async (c) => {
      await c.query('UPDATE documents SET restricted = $2, updated_at = now() WHERE id = $1', [documentId, restricted]);
      await c.query('DELETE FROM document_members WHERE document_id = $1', [documentId]);
      await c.query('INSERT INTO document_members (document_id, user_id) SELECT $1, unnest($2::text[])', [documentId, [...new Set(memberIds)]]);
      await this.insertAudit(c, audit);
      return (await this.findDocument(documentId, c))!;
    });
  }

  async touchDocument(id: string, userId: string, at: Date): Promise<void> {
    await this.db.query('UPDATE documents SET updated_by = $2, updated_at = $3 WHERE id = $1', [id, userId, at]);
  }

  async appendUpdates(documentId: string, updates: readonly NewUpdate[]): Promise<number> {
    try {
      const row = await this.one<{ seq: number }>('SELECT append_document_updates($1, $2::text[], $3::bytea[]) AS seq', [
        documentId,
        updates.map((u) => u.userId),
        updates.map((u) => toBytes(u.data)),
      ]);
      return row!.seq;
    } catch (err) {
      if ((err as { code?: string }).code === NOT_A_DRAFT_SQLSTATE) throw new DocumentNotEditable(documentId);
      throw err;
    }
  }

  async loadDocumentState(documentId: string): Promise<StoredDocumentState> {
    // One snapshot of the database for both reads: the tail starts exactly after the snapshot.
    const client = await this.db.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const snap = await this.one<{ upto_seq: number; state: Buffer }>(
        'SELECT upto_seq, state FROM document_snapshots WHERE document_id = $1 ORDER BY upto_seq DESC LIMIT 1',
        [documentId],
        client,
      );
      const rows = await this.all<UpdateRow>(
        'SELECT seq, user_id, data, created_at FROM document_updates WHERE document_id = $1 AND seq > $2 ORDER BY seq',
        [documentId, snap?.upto_seq ?? 0],
        client,
      );
      await client.query('COMMIT');
      return { snapshot: snap ? { uptoSeq: snap.upto_seq, state: new Uint8Array(snap.state) } : null, updates: rows.map(toUpdate) };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async saveSnapshot(documentId: string, uptoSeq: number, state: Uint8Array): Promise<void> {
    await this.tx(async (c) => {
      await c.query(
        `INSERT INTO document_snapshots (document_id, upto_seq, state, created_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (document_id, upto_seq) DO UPDATE SET state = EXCLUDED.state, created_at = EXCLUDED.created_at`,
        [documentId, uptoSeq, toBytes(state)],
      );
      // Only the newest snapshot is needed to load; the update log itself is kept whole.
      await c.query('DELETE FROM document_snapshots WHERE document_id = $1 AND upto_seq < $2', [documentId, uptoSeq]);
    });
  }

  async listUpdates(documentId: string, afterSeq = 0): Promise<StoredUpdate[]> {
    const rows = await this.all<UpdateRow>(
      'SELECT seq, user_id, data, created_at FROM document_updates WHERE document_id = $1 AND seq > $2 ORDER BY seq',
      [documentId, afterSeq],
    );
    return rows.map(toUpdate);
  }

  async listUpdateAuthors(documentId: string): Promise<{ seq: number; userId: string | null }[]> {
    const rows = await this.all<{ seq: number; user_id: string | null }>('SELECT seq, user_id FROM document_updates WHERE document_id = $1 ORDER BY seq', [documentId]);
    return rows.map((r) => ({ seq: r.seq, userId: r.user_id }));
  }

  async applyTransition(input: TransitionWrite): Promise<DocumentRecord> {
    return this.tx(async (c) => {
      // The row lock waits for appends in flight (they hold it FOR SHARE) and holds back new ones.
      const current = await this.one<{ state: DocumentState }>('SELECT state FROM documents WHERE id = $1 FOR UPDATE', [input.documentId], c);
      if (!current || current.state !== input.from) throw new StateConflict(current?.state ?? null);
      if (input.version) {
        const log = (await this.one<{ s: number }>('SELECT COALESCE(MAX(seq), 0) AS s FROM document_updates WHERE document_id = $1', [input.documentId], c))!.s;
        if (log !== input.version.uptoSeq) throw new LogMoved(input.version.uptoSeq, log);
        await this.insertVersion(c, input.version);
      }
      if (input.approval) {
        const a = input.approval;
        await c.query('INSERT INTO approvals (document_id, round, approver_id, version_id, content_hash, created_at) VALUES ($1, $2, $3, $4, $5, now())', [
          a.documentId, a.round, a.approverId, a.versionId, a.contentHash,
        ]);
      }
      const p = input.patch;
      const { sets, values } = assignments(
        {
          state: p.state,
          updated_by: p.updatedBy,
          submitted_by: p.submittedBy,
          submitted_at: p.submittedAt,
          review_round: p.reviewRound,
          archived_from: p.archivedFrom,
          published_version_id: p.publishedVersionId,
          published_at: p.publishedAt,
          embargo_until: p.embargoUntil,
          review_due: p.reviewDue,
        },
        [input.documentId],
      );
      await c.query(`UPDATE documents SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, values);
      if (input.assignees && input.assignees.userIds.length) {
        await c.query('INSERT INTO review_assignees (document_id, round, user_id) SELECT $1, $2, unnest($3::text[]) ON CONFLICT DO NOTHING', [
          input.documentId, input.assignees.round, [...input.assignees.userIds],
        ]);
      }
      await this.insertAudit(c, input.audit);
      return (await this.findDocument(input.documentId, c))!;
    });
  }

  private async insertVersion(c: pg.PoolClient | pg.Pool, v: Omit<VersionRecord, 'createdAt'>): Promise<void> {
    await c.query(
      `INSERT INTO versions (id, document_id, label, reason, state, upto_seq, ystate, content_deflated, content_hash, meta_json, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now())`,
      [v.id, v.documentId, v.label, v.reason, v.state, v.uptoSeq, deflateRawSync(v.ystate), deflateRawSync(Buffer.from(v.contentJson, 'utf8')), v.contentHash, JSON.stringify(v.meta), v.createdBy],
    );
  }

  /** Appends one chained entry inside `c`'s transaction; the advisory lock orders every process's entries. */
  private async insertAudit(c: pg.PoolClient, fields: Omit<AuditFields, 'seq' | 'at'>): Promise<AuditEntry> {
    await c.query('SELECT pg_advisory_xact_lock($1, 0)', [LOCK_SPACE.audit]);
    const last = await this.one<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1', [], c);
    const entry: AuditFields = { ...fields, seq: (last?.seq ?? 0) + 1, at: new Date().toISOString() };
    const prevHash = last?.hash ?? AUDIT_GENESIS;
    const hash = auditHash(entry, prevHash, this.options.auditKey ?? null);
    await c.query(
      `INSERT INTO audit_log (seq, at, actor_id, document_id, action, version_id, content_hash, detail, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [entry.seq, entry.at, entry.actorId, entry.documentId, entry.action, entry.versionId, entry.contentHash, JSON.stringify(entry.detail), prevHash, hash],
    );
    return { ...entry, prevHash, hash };
  }

  async createVersion(version: Omit<VersionRecord, 'createdAt'>): Promise<VersionRecord> {
    await this.insertVersion(this.db, version);
    return (await this.findVersion(version.documentId, version.id))!;
  }

  async findVersion(documentId: string, versionId: string): Promise<VersionRecord | null> {
    const row = await this.one<VersionRow>('SELECT * FROM versions WHERE document_id = $1 AND id = $2', [documentId, versionId]);
    return row ? toVersion(row) : null;
  }

  async listVersions(documentId: string): Promise<VersionRecord[]> {
    return (await this.all<VersionRow>('SELECT * FROM versions WHERE document_id = $1 ORDER BY created_at, ord', [documentId])).map(toVersion);
  }

  async listVersionSummaries(documentId: string): Promise<VersionSummary[]> {
    const rows = await this.all<Omit<VersionRow, 'ystate' | 'content_deflated'>>(
      `SELECT ${VERSION_SUMMARY_COLUMNS} FROM versions WHERE document_id = $1 ORDER BY created_at, ord`,
      [documentId],
    );
    return rows.map(toVersionSummary);
  }

  async latestVersionSeq(documentId: string): Promise<number> {
    return (await this.one<{ s: number }>('SELECT COALESCE(MAX(upto_seq), 0) AS s FROM versions WHERE document_id = $1', [documentId]))!.s;
  }

  async listApprovals(documentId: string, round: number): Promise<ApprovalRecord[]> {
    return (await this.all<ApprovalRow>('SELECT * FROM approvals WHERE document_id = $1 AND round = $2 ORDER BY created_at', [documentId, round])).map(toApproval);
  }

  async appendAudit(fields: Omit<AuditFields, 'seq' | 'at'>): Promise<AuditEntry> {
    return this.tx((c) => this.insertAudit(c, fields));
  }

  async listAudit(documentId: string | null): Promise<AuditEntry[]> {
    const rows =
      documentId === null
        ? await this.all<AuditRow>('SELECT * FROM audit_log ORDER BY seq')
        : await this.all<AuditRow>('SELECT * FROM audit_log WHERE document_id = $1 ORDER BY seq', [documentId]);
    return rows.map(toAudit);
  }

  async auditHead(): Promise<string> {
    return (await this.one<{ hash: string }>('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1'))?.hash ?? AUDIT_GENESIS;
  }

  async auditHeadEntry(): Promise<{ seq: number; hash: string }> {
    const row = await this.one<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    return row ? { seq: Number(row.seq), hash: row.hash } : { seq: 0, hash: AUDIT_GENESIS };
  }

  async revokeSession(sessionId: string, expiresAt: Date): Promise<void> {
    await this.db.query(
      `WITH purged AS (DELETE FROM revoked_sessions WHERE expires_at <= now())
       INSERT INTO revoked_sessions (session_id, expires_at) VALUES ($1, $2) ON CONFLICT (session_id) DO NOTHING`,
      [sessionId, expiresAt],
    );
  }

  async isSessionRevoked(sessionId: string): Promise<boolean> {
    return (await this.one('SELECT 1 FROM revoked_sessions WHERE session_id = $1 AND expires_at > now()', [sessionId])) !== undefined;
  }

  async countSignInAttempt(keys: readonly string[], at: Date, windowMs: number): Promise<SignInAttempts[]> {
    // One statement per key, each atomic: attempts from every process add up, and an
    // expired window starts again at this attempt.
    const counted: SignInAttempts[] = [];
    for (const key of keys) {
      const row = await this.one<{ key: string; attempts: number; window_start: Date }>(
        `INSERT INTO sign_in_attempts AS a (key, attempts, window_start) VALUES ($1, 1, $2)
         ON CONFLICT (key) DO UPDATE SET
           attempts = CASE WHEN a.window_start <= $3 THEN 1 ELSE a.attempts + 1 END,
           window_start = CASE WHEN a.window_start <= $3 THEN excluded.window_start ELSE a.window_start END
         RETURNING key, attempts, window_start`,
        [key, at, new Date(at.getTime() - windowMs)],
      );
      counted.push({ key: row!.key, attempts: row!.attempts, windowStart: row!.window_start });
    }
    await this.db.query('DELETE FROM sign_in_attempts WHERE window_start <= $1', [new Date(at.getTime() - windowMs)]);
    return counted;
  }

  async takeBackSignInAttempt(key: string, clear: boolean): Promise<void> {
    if (clear) await this.db.query('DELETE FROM sign_in_attempts WHERE key = $1', [key]);
    else await this.db.query('UPDATE sign_in_attempts SET attempts = attempts - 1 WHERE key = $1 AND attempts > 0', [key]);
  }

  async listRefusedClients(documentId: string): Promise<RefusedClient[]> {
    const rows = await this.all<{ client_id: number; user_id: string | null }>('SELECT client_id, user_id FROM refused_clients WHERE document_id = $1', [documentId]);
    return rows.map((r) => ({ clientId: Number(r.client_id), userId: r.user_id }));
  }

  async refuseClients(documentId: string, userId: string | null, clientIds: readonly number[]): Promise<void> {
    if (!clientIds.length) return;
    await this.db.query(
      `INSERT INTO refused_clients (document_id, client_id, user_id, refused_at)
       SELECT $1, c, $2, now() FROM unnest($3::bigint[]) AS c ON CONFLICT DO NOTHING`,
      [documentId, userId, clientIds],
    );
  }

  async getSetting(key: string): Promise<SettingRecord | null> {
    const row = await this.one<{ key: string; value: Buffer; updated_by: string | null; updated_at: Date }>(
      'SELECT key, value, updated_by, updated_at FROM settings WHERE key = $1',
      [key],
    );
    return row ? { key: row.key, value: new Uint8Array(row.value), updatedBy: row.updated_by, updatedAt: row.updated_at } : null;
  }

  async putSetting(key: string, value: Uint8Array | null, updatedBy: string, audit: Omit<AuditFields, 'seq' | 'at'>): Promise<void> {
    await this.tx(async (c) => {
      if (value === null) await c.query('DELETE FROM settings WHERE key = $1', [key]);
      else
        await c.query(
          `INSERT INTO settings (key, value, updated_by, updated_at) VALUES ($1, $2, $3, now())
           ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
          [key, Buffer.from(value.buffer, value.byteOffset, value.byteLength), updatedBy],
        );
      await this.insertAudit(c, audit);
    });
  }

  async listReviewAssignees(documentId: string, round: number): Promise<string[]> {
    return (await this.all<{ user_id: string }>('SELECT user_id FROM review_assignees WHERE document_id = $1 AND round = $2', [documentId, round])).map((r) => r.user_id);
  }

  async addNotifications(notifications: readonly NewNotification[]): Promise<void> {
    if (!notifications.length) return;
    await this.db.query(
      `INSERT INTO notifications (user_id, document_id, action, actor_id, detail, created_at)
       SELECT * , now() FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])`,
      [
        notifications.map((n) => n.userId),
        notifications.map((n) => n.documentId),
        notifications.map((n) => n.action),
        notifications.map((n) => n.actorId),
        notifications.map((n) => JSON.stringify(n.detail)),
      ],
    );
  }

  async listNotifications(userId: string, limit: number): Promise<NotificationRecord[]> {
    return (await this.all<NotificationRow>('SELECT * FROM notifications WHERE user_id = $1 ORDER BY id DESC LIMIT $2', [userId, limit])).map(toNotification);
  }

  async markNotificationsRead(userId: string, upToId: number): Promise<void> {
    await this.db.query('UPDATE notifications SET read_at = now() WHERE user_id = $1 AND id <= $2 AND read_at IS NULL', [userId, upToId]);
  }
}

/**
 * `column = $n` for every defined value (undefined = leave as is, null = set NULL), with
 * `leading` as the first parameters.
 */
function assignments(columns: Record<string, unknown>, leading: unknown[]): { sets: string[]; values: unknown[] } {
  const values = [...leading];
  const sets: string[] = [];
  for (const [column, value] of Object.entries(columns)) {
    if (value === undefined) continue;
    values.push(value);
    sets.push(`${column} = $${values.length}`);
  }
  return { sets, values };
}
