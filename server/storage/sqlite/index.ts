import fs from 'node:fs';
import path from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { Role } from '../../../lib/policies';
import type { DocumentKind } from '../../../lib/text/document';
import type { DocumentState } from '../../../lib/workflow/states';
import type {
  DocumentPatch,
  DocumentRecord,
  NewDocument,
  NewUpdate,
  NewUser,
  Storage,
  StoredDocumentState,
  StoredUpdate,
  SignInAttempts,
  UserPatch,
  UserRecord,
} from '../types';
import { SQLITE_MIGRATIONS } from './migrations';
import { AUDIT_GENESIS, auditHash, type AuditEntry, type AuditFields } from '../../audit';
import { StateConflict, type VersionSummary, type ApprovalRecord, type NewNotification, type NotificationRecord, type RefusedClient, type SettingRecord, type TransitionWrite, type VersionRecord } from '../types';

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string | null;
  active: number;
  session_epoch: number;
  created_at: number;
}

interface DocumentRow {
  id: string;
  title: string;
  kind: DocumentKind;
  language: string;
  state: DocumentState;
  dateline_place: string | null;
  dateline_date: string | null;
  embargo_until: number | null;
  submitted_by: string | null;
  submitted_at: number | null;
  review_round: number;
  review_due: string | null;
  archived_from: DocumentState | null;
  published_version_id: string | null;
  published_at: number | null;
  restricted: number;
  created_by: string | null;
  updated_by: string | null;
  created_at: number;
  updated_at: number;
  member_ids: string | null;
}

interface UpdateRow {
  seq: number;
  user_id: string | null;
  data: Buffer;
  created_at: number;
}

const DOCUMENT_SELECT = `
  SELECT d.*, (SELECT group_concat(user_id, ',') FROM document_members m WHERE m.document_id = d.id) AS member_ids
  FROM documents d`;

/** The bytes of an update as a Buffer over the same memory (better-sqlite3 binds Buffers as BLOBs). */
function toBuffer(data: Uint8Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

function toUser(row: UserRow): UserRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    passwordHash: row.password_hash,
    active: row.active === 1,
    sessionEpoch: row.session_epoch,
    createdAt: new Date(row.created_at),
  };
}

function toDocument(row: DocumentRow): DocumentRecord {
  return {
    id: row.id,
    title: row.title,
    kind: row.kind,
    language: row.language,
    state: row.state,
    datelinePlace: row.dateline_place,
    datelineDate: row.dateline_date,
    embargoUntil: row.embargo_until === null ? null : new Date(row.embargo_until),
    submittedBy: row.submitted_by,
    submittedAt: row.submitted_at === null ? null : new Date(row.submitted_at),
    reviewRound: row.review_round,
    reviewDue: row.review_due,
    archivedFrom: row.archived_from,
    publishedVersionId: row.published_version_id,
    publishedAt: row.published_at === null ? null : new Date(row.published_at),
    restricted: row.restricted === 1,
    memberIds: row.member_ids ? row.member_ids.split(',') : [],
    createdBy: row.created_by,
    updatedBy: row.updated_by,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

interface VersionRow {
  id: string;
  document_id: string;
  label: string | null;
  reason: string;
  state: DocumentState;
  upto_seq: number;
  ystate: Buffer;
  content_deflated: Buffer;
  content_hash: string;
  meta_json: string;
  created_by: string | null;
  created_at: number;
}

interface AuditRow {
  seq: number;
  at: string;
  actor_id: string | null;
  document_id: string | null;
  action: string;
  version_id: string | null;
  content_hash: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
}

function toVersion(row: VersionRow): VersionRecord {
  return {
    id: row.id,
    documentId: row.document_id,
    label: row.label,
    reason: row.reason,
    state: row.state,
    uptoSeq: row.upto_seq,
    // Version states are stored deflated (a 10-page speech's state shrinks 3–5×).
    ystate: new Uint8Array(inflateRawSync(row.ystate)),
    contentJson: inflateRawSync(row.content_deflated).toString('utf8'),
    contentHash: row.content_hash,
    meta: JSON.parse(row.meta_json) as VersionRecord['meta'],
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
  };
}

function toAudit(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    actorId: row.actor_id,
    documentId: row.document_id,
    action: row.action,
    versionId: row.version_id,
    contentHash: row.content_hash,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

const toBlob = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);
const ms = (d: Date | null | undefined) => (d ? d.getTime() : null);

function toUpdate(row: UpdateRow): StoredUpdate {
  return { seq: row.seq, userId: row.user_id, data: new Uint8Array(row.data), createdAt: new Date(row.created_at) };
}

/**
 * How often the checkpoint thread folds the WAL back into the database file, when anything
 * was committed since. Each checkpoint fsyncs twice and copies every page changed since the
 * last one once (a page rewritten by 1,000 commits is copied once), so rarer is cheaper; the
 * WAL then holds a few seconds of commits (a few MB while typing flat out).
 */
const CHECKPOINT_INTERVAL_MS = 5000;
/**
 * WAL pages after which a committing call checkpoints by itself: only a backstop for when the
 * checkpoint thread cannot keep up (SQLite's default is 1,000).
 */
const AUTOCHECKPOINT_BACKSTOP_PAGES = 20_000;

/**
 * The checkpoint thread's code, evaluated as a worker (no file to locate in any bundle). It
 * opens its own connection to the same database and runs a PASSIVE checkpoint every
 * interval: PASSIVE never blocks a writer, and it runs beside the event loop, not in it.
 */
const CHECKPOINT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const commits = new Int32Array(workerData.commits);
let seen = 0;
const timer = setInterval(() => {
  const now = Atomics.load(commits, 0);
  if (now === seen) return;
  seen = now;
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (err) { parentPort.postMessage(String(err)); }
}, workerData.intervalMs);
parentPort.once('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

/**
 * The embedded default: one SQLite file in DATA_DIR, WAL mode. `synchronous=NORMAL`
 * survives a process crash (kill -9); `FULL` also survives power loss.
 */
export class SqliteStorage implements Storage {
  readonly kind = 'sqlite' as const;
  readonly sharedAcrossProcesses = false;
  private db: Database.Database | null = null;
  private checkpointer: Worker | null = null;
  /** Commits so far (wrapping), shared with the checkpoint thread so it skips idle intervals. */
  private readonly commits = new Int32Array(new SharedArrayBuffer(4));
  /** appendUpdates' statements and transaction, prepared once (preparing costs more than the insert). */
  private appendStatements: {
    nextSeq: Database.Statement<[string], { s: number }>;
    insert: Database.Statement<[string, number, string, Buffer, number]>;
    run: Database.Transaction<(documentId: string, updates: readonly NewUpdate[], now: number) => number>;
    insertOne: Database.Statement<[string, string, Buffer, number, string], number>;
  } | null = null;

  constructor(
    private readonly file: string,
    private readonly synchronous: 'NORMAL' | 'FULL' = 'NORMAL',
    /** AUDIT_HMAC_KEY: keys the audit chain's hashes when set (server/audit.ts). */
    private readonly auditKey: string | null = null,
  ) {}

  private get conn(): Database.Database {
    if (!this.db) throw new Error('SQLite storage is not open');
    return this.db;
  }

  async open(): Promise<void> {
    if (this.file !== ':memory:') fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const db = new Database(this.file);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${this.synchronous}`);
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    this.db = db;
    this.migrate();
    if (this.file !== ':memory:') this.startCheckpointer();
  }

  /**
   * Moves WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside
   * whichever commit crosses 1,000 WAL pages and, with synchronous=NORMAL, fsyncs twice: the
   * keystroke that happens to commit then (and every message queued behind it) waits tens of
   * milliseconds. A worker thread checkpoints every few seconds instead (when the log was
   * appended to: other writes, rarer, reach the WAL too and are folded at the next one, or by
   * SQLite's own backstop); commits themselves are unchanged (each is in the WAL, as durable
   * as before, before anything is relayed).
   */
  private startCheckpointer(): void {
    this.conn.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_BACKSTOP_PAGES}`);
    const worker = new Worker(CHECKPOINT_WORKER, {
      eval: true,
      workerData: {
        // The same better-sqlite3 as ours, wherever the process was started from.
        module: typeof require === 'function' ? require.resolve('better-sqlite3') : 'better-sqlite3',
        file: path.resolve(this.file),
        intervalMs: CHECKPOINT_INTERVAL_MS,
        commits: this.commits.buffer,
      },
    });
    worker.on('message', (err: string) => process.emitWarning(`SQLite checkpoint failed: ${err}`));
    worker.on('error', (err) => process.emitWarning(`SQLite checkpoint thread stopped: ${err.message}`));
    worker.unref();
    this.checkpointer = worker;
  }

  private migrate(): void {
    const db = this.conn;
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    const applied = db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations').get() as { v: number };
    SQLITE_MIGRATIONS.forEach((sql, index) => {
      const version = index + 1;
      if (version <= applied.v) return;
      db.transaction(() => {
        db.exec(sql);
        db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, Date.now());
      }).immediate();
    });
  }

  async close(): Promise<void> {
    const worker = this.checkpointer;
    this.checkpointer = null;
    if (worker) {
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('close');
      const timer = setTimeout(() => void worker.terminate(), 2000);
      await exited;
      clearTimeout(timer);
    }
    this.appendStatements = null;
    this.db?.close();
    this.db = null;
  }

  async ping(): Promise<void> {
    this.conn.prepare('SELECT 1').get();
  }

  async countUsers(): Promise<number> {
    return (this.conn.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
  }

  async createUser(input: NewUser): Promise<UserRecord> {
    const id = randomUUID();
    this.conn
      .prepare('INSERT INTO users (id, email, name, role, password_hash, active, created_at) VALUES (?, ?, ?, ?, ?, 1, ?)')
      .run(id, input.email.toLowerCase(), input.name, input.role, input.passwordHash, Date.now());
    return (await this.findUserById(id))!;
  }

  async findUserByEmail(email: string): Promise<UserRecord | null> {
    const row = this.conn.prepare('SELECT * FROM users WHERE email = ?').get(email.toLowerCase()) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  async findUserById(id: string): Promise<UserRecord | null> {
    const row = this.conn.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  async setUserRole(id: string, role: Role): Promise<void> {
    this.conn.prepare('UPDATE users SET role = ? WHERE id = ?').run(role, id);
  }

  async createDocument(input: NewDocument): Promise<DocumentRecord> {
    const id = randomUUID();
    const now = Date.now();
    this.conn
      .prepare(
        `INSERT INTO documents (id, title, kind, language, state, dateline_place, dateline_date, created_by, updated_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, input.title, input.kind, input.language, input.datelinePlace, input.datelineDate, input.createdBy, input.createdBy, now, now);
    return (await this.findDocument(id))!;
  }

  async findDocument(id: string): Promise<DocumentRecord | null> {
    const row = this.conn.prepare(`${DOCUMENT_SELECT} WHERE d.id = ?`).get(id) as DocumentRow | undefined;
    return row ? toDocument(row) : null;
  }

  async listDocuments(): Promise<DocumentRecord[]> {
    const rows = this.conn
      .prepare(`${DOCUMENT_SELECT} WHERE d.state <> 'archived' ORDER BY d.updated_at DESC, d.id`)
      .all() as DocumentRow[];
    return rows.map(toDocument);
  }

  async updateDocument(id: string, patch: DocumentPatch): Promise<DocumentRecord> {
    const sets: string[] = ['updated_by = @updatedBy', 'updated_at = @now'];
    const params: Record<string, unknown> = { id, updatedBy: patch.updatedBy, now: Date.now() };
    if (patch.title !== undefined) (sets.push('title = @title'), (params.title = patch.title));
    if (patch.language !== undefined) (sets.push('language = @language'), (params.language = patch.language));
    if (patch.datelinePlace !== undefined) (sets.push('dateline_place = @place'), (params.place = patch.datelinePlace));
    if (patch.datelineDate !== undefined) (sets.push('dateline_date = @date'), (params.date = patch.datelineDate));
    this.conn.prepare(`UPDATE documents SET ${sets.join(', ')} WHERE id = @id`).run(params);
    const doc = await this.findDocument(id);
    if (!doc) throw new Error(`document ${id} vanished during update`);
    return doc;
  }

  async setDocumentAccess(documentId: string, restricted: boolean, memberIds: readonly string[], audit: Omit<AuditFields, 'seq' | 'at'>): Promise<DocumentRecord> {
    const db = this.conn;
    db.transaction(() => {
      db.prepare('UPDATE documents SET restricted = ?, updated_at = ? WHERE id = ?').run(restricted ? 1 : 0, Date.now(), documentId);
      db.prepare('DELETE FROM document_members WHERE document_id = ?').run(documentId);
      const insert = db.prepare('INSERT INTO document_members (document_id, user_id) VALUES (?, ?)');
      for (const id of new Set(memberIds)) insert.run(documentId, id);
      this.insertAudit(audit);
    }).immediate();
    return (await this.findDocument(documentId))!;
  }

  async touchDocument(id: string, userId: string, at: Date): Promise<void> {
    this.conn.prepare('UPDATE documents SET updated_by = ?, updated_at = ? WHERE id = ?').run(userId, at.getTime(), id);
  }

  async listRefusedClients(documentId: string): Promise<RefusedClient[]> {
    const rows = this.conn.prepare('SELECT client_id, user_id FROM refused_clients WHERE document_id = ?').all(documentId) as { client_id: number; user_id: string | null }[];
    return rows.map((r) => ({ clientId: r.client_id, userId: r.user_id }));
  }

  async refuseClients(documentId: string, userId: string | null, clientIds: readonly number[]): Promise<void> {
    const db = this.conn;
    const insert = db.prepare('INSERT OR IGNORE INTO refused_clients (document_id, client_id, user_id, refused_at) VALUES (?, ?, ?, ?)');
    const at = Date.now();
    db.transaction(() => {
      for (const clientId of clientIds) insert.run(documentId, clientId, userId, at);
    })();
  }

  async appendUpdates(documentId: string, updates: readonly NewUpdate[]): Promise<number> {
    if (!this.appendStatements) {
      const db = this.conn;
      const nextSeq = db.prepare<[string], { s: number }>('SELECT COALESCE(MAX(seq), 0) AS s FROM document_updates WHERE document_id = ?');
      const insert = db.prepare<[string, number, string, Buffer, number]>(
        'INSERT INTO document_updates (document_id, seq, user_id, data, created_at) VALUES (?, ?, ?, ?, ?)',
      );
      const run = db.transaction((id: string, batch: readonly NewUpdate[], now: number) => {
        let seq = nextSeq.get(id)!.s;
        for (const u of batch) insert.run(id, ++seq, u.userId, toBuffer(u.data), now);
        return seq;
      });
      // One keystroke, the usual batch: one statement, its own transaction. Four statement
      // runs (BEGIN, MAX, INSERT, COMMIT) cost about a fifth more when the CPU is cold, as it
      // is at every keystroke of a person typing.
      const insertOne = db
        .prepare<[string, string, Buffer, number, string], number>(
          `INSERT INTO document_updates (document_id, seq, user_id, data, created_at)
           SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ? FROM document_updates WHERE document_id = ? RETURNING seq`,
        )
        .pluck();
      this.appendStatements = { nextSeq, insert, run, insertOne };
    }
    const { run, insertOne } = this.appendStatements;
    const only = updates.length === 1 ? updates[0]! : null;
    const seq = only ? insertOne.get(documentId, only.userId, toBuffer(only.data), Date.now(), documentId)! : run.immediate(documentId, updates, Date.now());
    Atomics.add(this.commits, 0, 1);
    return seq;
  }

  async loadDocumentState(documentId: string): Promise<StoredDocumentState> {
    const db = this.conn;
    return db
      .transaction(() => {
        const snap = db
          .prepare('SELECT upto_seq, state FROM document_snapshots WHERE document_id = ? ORDER BY upto_seq DESC LIMIT 1')
          .get(documentId) as { upto_seq: number; state: Buffer } | undefined;
        const after = snap?.upto_seq ?? 0;
        const rows = db
          .prepare('SELECT seq, user_id, data, created_at FROM document_updates WHERE document_id = ? AND seq > ? ORDER BY seq')
          .all(documentId, after) as UpdateRow[];
        return {
          snapshot: snap ? { uptoSeq: snap.upto_seq, state: new Uint8Array(snap.state) } : null,
          updates: rows.map(toUpdate),
        };
      })
      .deferred();
  }

  async saveSnapshot(documentId: string, uptoSeq: number, state: Uint8Array): Promise<void> {
    const db = this.conn;
    db.transaction(() => {
      db.prepare('INSERT OR REPLACE INTO document_snapshots (document_id, upto_seq, state, created_at) VALUES (?, ?, ?, ?)').run(
        documentId,
        uptoSeq,
        Buffer.from(state.buffer, state.byteOffset, state.byteLength),
        Date.now(),
      );
      // Only the newest snapshot is needed to load; the update log itself is kept whole.
      db.prepare('DELETE FROM document_snapshots WHERE document_id = ? AND upto_seq < ?').run(documentId, uptoSeq);
    }).immediate();
  }

  async listUpdates(documentId: string, afterSeq = 0): Promise<StoredUpdate[]> {
    const rows = this.conn
      .prepare('SELECT seq, user_id, data, created_at FROM document_updates WHERE document_id = ? AND seq > ? ORDER BY seq')
      .all(documentId, afterSeq) as UpdateRow[];
    return rows.map(toUpdate);
  }

  async applyTransition(input: TransitionWrite): Promise<DocumentRecord> {
    const db = this.conn;
    db.transaction(() => {
      const current = db.prepare('SELECT state FROM documents WHERE id = ?').get(input.documentId) as { state: DocumentState } | undefined;
      if (!current || current.state !== input.from) throw new StateConflict(current?.state ?? null);
      if (input.version) this.insertVersion(input.version);
      if (input.approval) {
        const a = input.approval;
        db.prepare('INSERT INTO approvals (document_id, round, approver_id, version_id, content_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
          a.documentId, a.round, a.approverId, a.versionId, a.contentHash, Date.now(),
        );
      }
      const p = input.patch;
      const sets = ['state = @state', 'updated_by = @updatedBy', 'updated_at = @now'];
      const params: Record<string, unknown> = { id: input.documentId, state: p.state, updatedBy: p.updatedBy, now: Date.now() };
      const optional: [keyof typeof p, string, unknown][] = [
        ['submittedBy', 'submitted_by', p.submittedBy],
        ['submittedAt', 'submitted_at', ms(p.submittedAt)],
        ['reviewRound', 'review_round', p.reviewRound],
        ['archivedFrom', 'archived_from', p.archivedFrom],
        ['publishedVersionId', 'published_version_id', p.publishedVersionId],
        ['publishedAt', 'published_at', ms(p.publishedAt)],
        ['embargoUntil', 'embargo_until', ms(p.embargoUntil)],
        ['reviewDue', 'review_due', p.reviewDue],
      ];
      for (const [key, column, value] of optional) {
        if (p[key] === undefined) continue;
        sets.push(`${column} = @${column}`);
        params[column] = value;
      }
      db.prepare(`UPDATE documents SET ${sets.join(', ')} WHERE id = @id`).run(params);
      if (input.assignees) {
        const insert = db.prepare('INSERT OR IGNORE INTO review_assignees (document_id, round, user_id) VALUES (?, ?, ?)');
        for (const userId of input.assignees.userIds) insert.run(input.documentId, input.assignees.round, userId);
      }
      this.insertAudit(input.audit);
    }).immediate();
    return (await this.findDocument(input.documentId))!;
  }

  private insertVersion(v: Omit<VersionRecord, 'createdAt'>): void {
    this.conn
      .prepare(
        `INSERT INTO versions (id, document_id, label, reason, state, upto_seq, ystate, content_deflated, content_hash, meta_json, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(v.id, v.documentId, v.label, v.reason, v.state, v.uptoSeq, deflateRawSync(v.ystate), deflateRawSync(Buffer.from(v.contentJson, 'utf8')), v.contentHash, JSON.stringify(v.meta), v.createdBy, Date.now());
  }

  /** Appends one chained entry; must run inside an immediate transaction. */
  private insertAudit(fields: Omit<AuditFields, 'seq' | 'at'>): AuditEntry {
    const db = this.conn;
    const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    const entry: AuditFields = { ...fields, seq: (last?.seq ?? 0) + 1, at: new Date().toISOString() };
    const prevHash = last?.hash ?? AUDIT_GENESIS;
    const hash = auditHash(entry, prevHash, this.auditKey);
    db.prepare(
      `INSERT INTO audit_log (seq, at, actor_id, document_id, action, version_id, content_hash, detail, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(entry.seq, entry.at, entry.actorId, entry.documentId, entry.action, entry.versionId, entry.contentHash, JSON.stringify(entry.detail), prevHash, hash);
    return { ...entry, prevHash, hash };
  }

  async createVersion(version: Omit<VersionRecord, 'createdAt'>): Promise<VersionRecord> {
    this.conn.transaction(() => this.insertVersion(version)).immediate();
    return (await this.findVersion(version.documentId, version.id))!;
  }

  async findVersion(documentId: string, versionId: string): Promise<VersionRecord | null> {
    const row = this.conn.prepare('SELECT * FROM versions WHERE document_id = ? AND id = ?').get(documentId, versionId) as VersionRow | undefined;
    return row ? toVersion(row) : null;
  }

  async listVersions(documentId: string): Promise<VersionRecord[]> {
    const rows = this.conn.prepare('SELECT * FROM versions WHERE document_id = ? ORDER BY created_at, rowid').all(documentId) as VersionRow[];
    return rows.map(toVersion);
  }

  async listUpdateAuthors(documentId: string): Promise<{ seq: number; userId: string | null }[]> {
    const rows = this.conn.prepare('SELECT seq, user_id FROM document_updates WHERE document_id = ? ORDER BY seq').all(documentId) as { seq: number; user_id: string | null }[];
    return rows.map((r) => ({ seq: r.seq, userId: r.user_id }));
  }

  async listVersionSummaries(documentId: string): Promise<VersionSummary[]> {
    const rows = this.conn
      .prepare(
        `SELECT id, document_id, label, reason, state, upto_seq, content_hash, meta_json, created_by, created_at
         FROM versions WHERE document_id = ? ORDER BY created_at, rowid`,
      )
      .all(documentId) as Omit<VersionRow, 'ystate' | 'content_deflated'>[];
    return rows.map((row) => ({
      id: row.id,
      documentId: row.document_id,
      label: row.label,
      reason: row.reason,
      state: row.state,
      uptoSeq: row.upto_seq,
      contentHash: row.content_hash,
      meta: JSON.parse(row.meta_json) as VersionRecord['meta'],
      createdBy: row.created_by,
      createdAt: new Date(row.created_at),
    }));
  }

  async latestVersionSeq(documentId: string): Promise<number> {
    const row = this.conn.prepare('SELECT MAX(upto_seq) AS s FROM versions WHERE document_id = ?').get(documentId) as { s: number | null };
    return row.s ?? 0;
  }

  async listApprovals(documentId: string, round: number): Promise<ApprovalRecord[]> {
    const rows = this.conn
      .prepare('SELECT * FROM approvals WHERE document_id = ? AND round = ? ORDER BY created_at')
      .all(documentId, round) as { document_id: string; round: number; approver_id: string; version_id: string; content_hash: string; created_at: number }[];
    return rows.map((r) => ({
      documentId: r.document_id,
      round: r.round,
      approverId: r.approver_id,
      versionId: r.version_id,
      contentHash: r.content_hash,
      createdAt: new Date(r.created_at),
    }));
  }

  async appendAudit(fields: Omit<AuditFields, 'seq' | 'at'>): Promise<AuditEntry> {
    return this.conn.transaction(() => this.insertAudit(fields)).immediate();
  }

  async listAudit(documentId: string | null): Promise<AuditEntry[]> {
    const rows = (
      documentId === null
        ? this.conn.prepare('SELECT * FROM audit_log ORDER BY seq').all()
        : this.conn.prepare('SELECT * FROM audit_log WHERE document_id = ? ORDER BY seq').all(documentId)
    ) as AuditRow[];
    return rows.map(toAudit);
  }

  async auditHead(): Promise<string> {
    const row = this.conn.prepare('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { hash: string } | undefined;
    return row?.hash ?? AUDIT_GENESIS;
  }

  async auditHeadEntry(): Promise<{ seq: number; hash: string }> {
    const row = this.conn.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    return row ?? { seq: 0, hash: AUDIT_GENESIS };
  }

  async getSetting(key: string): Promise<SettingRecord | null> {
    const row = this.conn.prepare('SELECT key, value, updated_by, updated_at FROM settings WHERE key = ?').get(key) as
      | { key: string; value: Buffer; updated_by: string | null; updated_at: number }
      | undefined;
    return row ? { key: row.key, value: new Uint8Array(row.value), updatedBy: row.updated_by, updatedAt: new Date(row.updated_at) } : null;
  }

  async putSetting(key: string, value: Uint8Array | null, updatedBy: string, audit: Omit<AuditFields, 'seq' | 'at'>): Promise<void> {
    const db = this.conn;
    db.transaction(() => {
      if (value === null) db.prepare('DELETE FROM settings WHERE key = ?').run(key);
      else
        db.prepare(
          'INSERT INTO settings (key, value, updated_by, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at',
        ).run(key, Buffer.from(value.buffer, value.byteOffset, value.byteLength), updatedBy, Date.now());
      this.insertAudit(audit);
    }).immediate();
  }

  async listReviewAssignees(documentId: string, round: number): Promise<string[]> {
    const rows = this.conn.prepare('SELECT user_id FROM review_assignees WHERE document_id = ? AND round = ?').all(documentId, round) as { user_id: string }[];
    return rows.map((r) => r.user_id);
  }

  async listUsers(): Promise<UserRecord[]> {
    return (this.conn.prepare('SELECT * FROM users ORDER BY name COLLATE NOCASE, email').all() as UserRow[]).map(toUser);
  }

  async updateUser(id: string, patch: UserPatch): Promise<UserRecord> {
    const sets: string[] = [];
    const params: Record<string, unknown> = { id };
    if (patch.name !== undefined) (sets.push('name = @name'), (params.name = patch.name));
    if (patch.role !== undefined) (sets.push('role = @role'), (params.role = patch.role));
    if (patch.active !== undefined) (sets.push('active = @active'), (params.active = patch.active ? 1 : 0));
    if (patch.passwordHash !== undefined) (sets.push('password_hash = @hash'), (params.hash = patch.passwordHash));
    if (patch.endSessions) sets.push('session_epoch = session_epoch + 1');
    if (sets.length) this.conn.prepare(`UPDATE users SET ${sets.join(', ')} WHERE id = @id`).run(params);
    const user = await this.findUserById(id);
    if (!user) throw new Error(`user ${id} not found`);
    return user;
  }

  async revokeSession(sessionId: string, expiresAt: Date): Promise<void> {
    const db = this.conn;
    db.transaction(() => {
      db.prepare('DELETE FROM revoked_sessions WHERE expires_at <= ?').run(Date.now());
      db.prepare('INSERT INTO revoked_sessions (session_id, expires_at) VALUES (?, ?) ON CONFLICT (session_id) DO NOTHING').run(sessionId, expiresAt.getTime());
    }).immediate();
  }

  async isSessionRevoked(sessionId: string): Promise<boolean> {
    return this.conn.prepare('SELECT 1 FROM revoked_sessions WHERE session_id = ? AND expires_at > ?').get(sessionId, Date.now()) !== undefined;
  }

  async countSignInAttempt(keys: readonly string[], at: Date, windowMs: number): Promise<SignInAttempts[]> {
    const db = this.conn;
    const expired = at.getTime() - windowMs;
    const count = db.prepare(
      `INSERT INTO sign_in_attempts (key, attempts, window_start) VALUES (@key, 1, @at)
       ON CONFLICT (key) DO UPDATE SET attempts = attempts + 1 RETURNING key, attempts, window_start`,
    );
    return db
      .transaction(() => {
        db.prepare('DELETE FROM sign_in_attempts WHERE window_start <= ?').run(expired);
        return keys.map((key) => count.get({ key, at: at.getTime() }) as { key: string; attempts: number; window_start: number });
      })
      .immediate()
      .map((r) => ({ key: r.key, attempts: r.attempts, windowStart: new Date(r.window_start) }));
  }

  async takeBackSignInAttempt(key: string, clear: boolean): Promise<void> {
    if (clear) this.conn.prepare('DELETE FROM sign_in_attempts WHERE key = ?').run(key);
    else this.conn.prepare('UPDATE sign_in_attempts SET attempts = attempts - 1 WHERE key = ? AND attempts > 0').run(key);
  }

  async addNotifications(notifications: readonly NewNotification[]): Promise<void> {
    const db = this.conn;
    const insert = db.prepare('INSERT INTO notifications (user_id, document_id, action, actor_id, detail, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    const now = Date.now();
    db.transaction(() => {
      for (const n of notifications) insert.run(n.userId, n.documentId, n.action, n.actorId, JSON.stringify(n.detail), now);
    }).immediate();
  }

  async listNotifications(userId: string, limit: number): Promise<NotificationRecord[]> {
    const rows = this.conn.prepare('SELECT * FROM notifications WHERE user_id = ? ORDER BY id DESC LIMIT ?').all(userId, limit) as {
      id: number;
      user_id: string;
      document_id: string | null;
      action: string;
      actor_id: string | null;
      detail: string;
      created_at: number;
      read_at: number | null;
    }[];
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      documentId: r.document_id,
      action: r.action,
      actorId: r.actor_id,
      detail: JSON.parse(r.detail) as Record<string, unknown>,
      createdAt: new Date(r.created_at),
      readAt: r.read_at === null ? null : new Date(r.read_at),
    }));
  }

  async markNotificationsRead(userId: string, upToId: number): Promise<void> {
    this.conn.prepare('UPDATE notifications SET read_at = ? WHERE user_id = ? AND id <= ? AND read_at IS NULL').run(Date.now(), userId, upToId);
  }
}

