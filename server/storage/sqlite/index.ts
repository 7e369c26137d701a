import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
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
  UserRecord,
} from '../types';
import { SQLITE_MIGRATIONS } from './migrations';

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string | null;
  active: number;
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

function toUser(row: UserRow): UserRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    passwordHash: row.password_hash,
    active: row.active === 1,
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
    restricted: row.restricted === 1,
    memberIds: row.member_ids ? row.member_ids.split(',') : [],
    createdBy: row.created_by,
    updatedBy: row.updated_by,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

function toUpdate(row: UpdateRow): StoredUpdate {
  return { seq: row.seq, userId: row.user_id, data: new Uint8Array(row.data), createdAt: new Date(row.created_at) };
}

/**
 * The embedded default: one SQLite file in DATA_DIR, WAL mode. `synchronous=NORMAL`
 * survives a process crash (kill -9); `FULL` also survives power loss.
 */
export class SqliteStorage implements Storage {
  readonly kind = 'sqlite' as const;
  private db: Database.Database | null = null;

  constructor(
    private readonly file: string,
    private readonly synchronous: 'NORMAL' | 'FULL' = 'NORMAL',
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

  async touchDocument(id: string, userId: string, at: Date): Promise<void> {
    this.conn.prepare('UPDATE documents SET updated_by = ?, updated_at = ? WHERE id = ?').run(userId, at.getTime(), id);
  }

  async appendUpdates(documentId: string, updates: readonly NewUpdate[]): Promise<number> {
    const db = this.conn;
    const now = Date.now();
    const insert = db.prepare('INSERT INTO document_updates (document_id, seq, user_id, data, created_at) VALUES (?, ?, ?, ?, ?)');
    return db
      .transaction(() => {
        let seq = (db.prepare('SELECT COALESCE(MAX(seq), 0) AS s FROM document_updates WHERE document_id = ?').get(documentId) as { s: number }).s;
        for (const u of updates) insert.run(documentId, ++seq, u.userId, Buffer.from(u.data.buffer, u.data.byteOffset, u.data.byteLength), now);
        return seq;
      })
      .immediate();
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
}
