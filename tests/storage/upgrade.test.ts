import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AUDIT_GENESIS, auditHash, verifyAuditChain, type AuditFields } from '@/server/audit';
import { PostgresStorage } from '@/server/storage/postgres';
import { PG_MIGRATIONS } from '@/server/storage/postgres/migrations';
import { SqliteStorage } from '@/server/storage/sqlite';
import { SQLITE_MIGRATIONS } from '@/server/storage/sqlite/migrations';
import type { Storage } from '@/server/storage/types';
import { freshDatabase, probePostgres } from '@/tests/helpers/services';
import { servicesSuite } from '@/tests/helpers/services-suite';

/**
 * A database as the storage of main before the Kysely rewrite left it: its frozen
 * migrations, then rows written in that code's formats (SQLite: times as epoch
 * milliseconds, flags as 0/1; PostgreSQL: timestamptz and boolean; both: version states
 * and bodies deflated, JSON as text, the audit chain hashed).
 */
interface LegacyDatabase {
  /** Runs one statement with `?` placeholders. */
  run(sql: string, params: unknown[]): Promise<void>;
  time(d: Date): unknown;
  flag(b: boolean): unknown;
  open(): Storage;
  close(): Promise<void>;
}

const USER = 'user-1';
const DOC = 'doc-1';
const VERSION = 'version-1';
const created = new Date('2026-01-05T10:00:00.000Z');

function textUpdate(from: Y.Doc, text: string): Uint8Array {
  const before = Y.encodeStateVector(from);
  from.getText('t').insert(from.getText('t').length, text);
  return Y.encodeStateAsUpdate(from, before);
}

/** Fills `db` with a user, a restricted document with three log rows and a snapshot, a version, an approval, two audit entries, a setting, a notification and a refused client. */
async function fill(db: LegacyDatabase): Promise<{ updates: Uint8Array[]; state: Uint8Array; auditHashes: string[] }> {
  await db.run('INSERT INTO users (id, email, name, role, password_hash, active, session_epoch, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
    USER,
    'editor@example.org',
    'Editor',
    'approver',
    'hash',
    db.flag(true),
    2,
    db.time(created),
  ]);
  await db.run(
    `INSERT INTO documents (id, title, kind, language, state, dateline_place, dateline_date, embargo_until, restricted, created_by, updated_by, created_at, updated_at,
       submitted_by, submitted_at, review_round, archived_from, published_version_id, published_at, review_due)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      DOC,
      'Statement on rivers',
      'statement',
      'kk',
      'draft',
      'Astana',
      '2026-01-05',
      db.time(new Date('2026-02-01T08:00:00Z')),
      db.flag(true),
      USER,
      USER,
      db.time(created),
      db.time(created),
      USER,
      db.time(created),
      1,
      null,
      null,
      null,
      '2026-01-09',
    ],
  );
  await db.run('INSERT INTO document_members (document_id, user_id) VALUES (?, ?)', [DOC, USER]);
  const ydoc = new Y.Doc({ gc: false });
  const updates = ['Rivers ', 'are ', 'shared.'].map((t) => textUpdate(ydoc, t));
  for (const [i, data] of updates.entries())
    await db.run('INSERT INTO document_updates (document_id, seq, user_id, data, created_at) VALUES (?, ?, ?, ?, ?)', [
      DOC,
      i + 1,
      USER,
      Buffer.from(data),
      db.time(created),
    ]);
  const folded = new Y.Doc({ gc: false });
  for (const data of updates.slice(0, 2)) Y.applyUpdate(folded, data);
  await db.run('INSERT INTO document_snapshots (document_id, upto_seq, state, created_at) VALUES (?, ?, ?, ?)', [
    DOC,
    2,
    Buffer.from(Y.encodeStateAsUpdate(folded)),
    db.time(created),
  ]);
  const state = Y.encodeStateAsUpdate(ydoc);
  const body = '{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"Rivers are shared."}]}]}';
  const hash = createHash('sha256').update(body).digest('hex');
  await db.run(
    `INSERT INTO versions (id, document_id, label, reason, state, upto_seq, ystate, content_deflated, content_hash, meta_json, created_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      VERSION,
      DOC,
      'Submitted',
      'submit',
      'in_review',
      3,
      deflateRawSync(state),
      deflateRawSync(Buffer.from(body)),
      hash,
      JSON.stringify({ title: 'Statement on rivers', kind: 'statement', language: 'kk', datelinePlace: 'Astana', datelineDate: '2026-01-05' }),
      USER,
      db.time(created),
    ],
  );
  await db.run('INSERT INTO approvals (document_id, round, approver_id, version_id, content_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
    DOC,
    1,
    USER,
    VERSION,
    hash,
    db.time(created),
  ]);
  await db.run('INSERT INTO review_assignees (document_id, round, user_id) VALUES (?, ?, ?)', [DOC, 1, USER]);
  const auditHashes: string[] = [];
  let prev = AUDIT_GENESIS;
  const entries: AuditFields[] = [
    {
      seq: 1,
      at: '2026-01-05T10:00:00.000Z',
      actorId: USER,
      documentId: null,
      action: 'user_created',
      versionId: null,
      contentHash: null,
      detail: { role: 'approver' },
    },
    {
      seq: 2,
      at: '2026-01-05T10:05:00.000Z',
      actorId: USER,
      documentId: DOC,
      action: 'submit',
      versionId: VERSION,
      contentHash: hash,
      detail: { round: 1, text: 'Ағылшын' },
    },
  ];
  for (const e of entries) {
    const h = auditHash(e, prev);
    await db.run(
      'INSERT INTO audit_log (seq, at, actor_id, document_id, action, version_id, content_hash, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [e.seq, e.at, e.actorId, e.documentId, e.action, e.versionId, e.contentHash, JSON.stringify(e.detail), prev, h],
    );
    auditHashes.push(h);
    prev = h;
  }
  await db.run('INSERT INTO settings (key, value, updated_by, updated_at) VALUES (?, ?, ?, ?)', [
    'letterhead.logo',
    Buffer.from([1, 2, 3]),
    USER,
    db.time(created),
  ]);
  await db.run('INSERT INTO notifications (user_id, document_id, action, actor_id, detail, created_at, read_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
    USER,
    DOC,
    'submit',
    USER,
    '{"round":1}',
    db.time(created),
    null,
  ]);
  await db.run('INSERT INTO refused_clients (document_id, client_id, user_id, refused_at) VALUES (?, ?, ?, ?)', [DOC, 4_000_000_001, USER, db.time(created)]);
  return { updates, state, auditHashes };
}

/** Opens the filled database with today's storage and checks that every record reads back and the chain verifies and grows. */
async function readsBack(db: LegacyDatabase): Promise<void> {
  const { updates, auditHashes } = await fill(db);
  const storage = db.open();
  await storage.open();
  try {
    const user = await storage.findUserByEmail('Editor@Example.ORG');
    expect(user).toMatchObject({ id: USER, role: 'approver', active: true, sessionEpoch: 2, passwordHash: 'hash' });
    expect(user!.createdAt.toISOString()).toBe(created.toISOString());

    const doc = await storage.findDocument(DOC);
    expect(doc).toMatchObject({
      state: 'draft',
      restricted: true,
      memberIds: [USER],
      reviewRound: 1,
      reviewDue: '2026-01-09',
      submittedBy: USER,
      datelinePlace: 'Astana',
    });
    expect(doc!.embargoUntil?.toISOString()).toBe('2026-02-01T08:00:00.000Z');
    expect((await storage.listDocuments()).map((d) => d.id)).toEqual([DOC]);

    const loaded = await storage.loadDocumentState(DOC);
    expect(loaded.snapshot?.uptoSeq).toBe(2);
    expect(loaded.updates.map((u) => u.seq)).toEqual([3]);
    const replay = new Y.Doc();
    Y.applyUpdate(replay, loaded.snapshot!.state);
    for (const u of loaded.updates) Y.applyUpdate(replay, u.data);
    expect(replay.getText('t').toString()).toBe('Rivers are shared.');
    expect((await storage.listUpdates(DOC)).map((u) => Buffer.from(u.data))).toEqual(updates.map((u) => Buffer.from(u)));

    const version = await storage.findVersion(DOC, VERSION);
    expect(version).toMatchObject({ label: 'Submitted', reason: 'submit', uptoSeq: 3, meta: { title: 'Statement on rivers' } });
    const fromVersion = new Y.Doc();
    Y.applyUpdate(fromVersion, version!.ystate);
    expect(fromVersion.getText('t').toString()).toBe('Rivers are shared.');
    expect(JSON.parse(version!.contentJson).type).toBe('doc');
    expect((await storage.listVersionSummaries(DOC)).map((v) => v.id)).toEqual([VERSION]);
    expect(await storage.latestVersionSeq(DOC)).toBe(3);
    expect((await storage.listApprovals(DOC, 1)).map((a) => a.approverId)).toEqual([USER]);
    expect(await storage.listReviewAssignees(DOC, 1)).toEqual([USER]);

    const audit = await storage.listAudit(null);
    expect(audit.map((e) => e.hash)).toEqual(auditHashes);
    expect(verifyAuditChain(audit)).toBeNull();
    await storage.appendAudit({ actorId: USER, documentId: DOC, action: 'export', versionId: VERSION, contentHash: null, detail: {} });
    const grown = await storage.listAudit(null);
    expect(verifyAuditChain(grown)).toBeNull();
    expect(await storage.auditHeadEntry()).toEqual({ seq: 3, hash: grown[2]!.hash });

    // The log goes on where it was.
    const ydoc = new Y.Doc();
    Y.applyUpdate(ydoc, version!.ystate);
    expect(await storage.appendUpdates(DOC, [{ userId: USER, data: textUpdate(ydoc, ' Really.') }])).toBe(4);

    expect((await storage.getSetting('letterhead.logo'))?.value).toEqual(new Uint8Array([1, 2, 3]));
    expect((await storage.listNotifications(USER, 10)).map((n) => [n.action, n.detail])).toEqual([['submit', { round: 1 }]]);
    expect(await storage.listRefusedClients(DOC)).toEqual([{ clientId: 4_000_000_001, userId: USER }]);
  } finally {
    await storage.close();
    await db.close();
  }
}

describe('upgrading a SQLite database made before the storage was written once', () => {
  it('opens it in place: every record reads back, the audit chain verifies and grows, the log goes on', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'communique-upgrade-'));
    const file = path.join(dir, 'communique.db');
    const raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    raw.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    SQLITE_MIGRATIONS.slice(0, 6).forEach((sql, i) => {
      raw.exec(sql);
      raw.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(i + 1, created.getTime());
    });
    await readsBack({
      run: async (sql, params) => void raw.prepare(sql).run(...params),
      time: (d) => d.getTime(),
      flag: (b) => (b ? 1 : 0),
      open: () => (raw.close(), new SqliteStorage(file)),
      close: async () => fs.rmSync(dir, { recursive: true, force: true }),
    });
  });
});

const postgres = await probePostgres();
servicesSuite('upgrading a PostgreSQL database made before the storage was written once', [postgres], () => {
  it('opens it in place: every record reads back, the audit chain verifies and grows, the log goes on', async () => {
    const database = await freshDatabase('cq_upgrade');
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)');
    for (const m of PG_MIGRATIONS.filter((m) => m.version <= 7)) {
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())', [m.version, m.name]);
    }
    await readsBack({
      run: async (sql, params) =>
        void (await client.query(
          sql.replace(
            /\?/g,
            (() => {
              let n = 0;
              return () => `$${++n}`;
            })(),
          ),
          params,
        )),
      time: (d) => d,
      flag: (b) => b,
      open: () => new PostgresStorage({ connectionString: database.url }),
      close: async () => {
        await client.end();
        await database.drop();
      },
    });
  });
});
