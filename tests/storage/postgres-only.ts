import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStorage } from '@/server/storage/postgres';
import { AdvisoryDocumentLocks } from '@/server/storage/postgres/locks';
import { PG_MIGRATIONS } from '@/server/storage/postgres/migrations';
import { DocumentNotEditable, LogMoved, type DocumentRecord, type Storage, type UserRecord } from '@/server/storage/types';
import { waitFor } from '@/tests/helpers/server';
import { freshDatabase } from '@/tests/helpers/services';
import type { StoreUnderTest } from './suite';

/**
 * What PostgreSQL must do that one SQLite process gets for free: order and refuse appends
 * from several processes, notice a log that moved under a submission, lock documents
 * across connections, and migrate once when processes start together.
 */
export function postgresOnly(setup: () => Promise<StoreUnderTest>): void {
  describe('across processes (PostgreSQL only)', () => {
    let store: StoreUnderTest;
    let storage: Storage;
    let user: UserRecord;
    const data = new Uint8Array([0, 0]);

    beforeAll(async () => {
      store = await setup();
      storage = store.make();
      await storage.open();
      user = await storage.createUser({ email: 'drafter@example.org', name: 'Drafter', role: 'drafter', passwordHash: null });
    });
    afterAll(async () => {
      await storage?.close();
      await store?.cleanup();
    });

    const draft = (): Promise<DocumentRecord> =>
      storage.createDocument({ title: 'Statement', kind: 'statement', language: 'en', datelinePlace: null, datelineDate: null, createdBy: user.id });
    const audit = (doc: DocumentRecord, action: string) => ({ actorId: user.id, documentId: doc.id, action, versionId: null, contentHash: null, detail: {} });

    it('refuses to change, delete or truncate the update log', async () => {
      const doc = await draft();
      await storage.appendUpdates(doc.id, [{ userId: user.id, data }]);
      await expect(store.raw(`UPDATE document_updates SET user_id = NULL`)).rejects.toThrow(/append-only/);
      await expect(store.raw('DELETE FROM document_updates')).rejects.toThrow(/append-only/);
      await expect(store.raw('TRUNCATE document_updates CASCADE')).rejects.toThrow(/append-only/);
      await expect(store.raw('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
      expect(await storage.listUpdates(doc.id)).toHaveLength(1);
    });

    it('refuses an append once the document has left draft, and stores nothing of it', async () => {
      const doc = await draft();
      await storage.appendUpdates(doc.id, [{ userId: user.id, data }]);
      await storage.applyTransition({ documentId: doc.id, from: 'draft', patch: { state: 'in_review', updatedBy: user.id }, audit: audit(doc, 'submit') });
      await expect(storage.appendUpdates(doc.id, [{ userId: user.id, data }])).rejects.toBeInstanceOf(DocumentNotEditable);
      expect(await storage.listUpdates(doc.id)).toHaveLength(1);
    });

    it('takes checked suggestions while the document is in review (issue 21), and nothing once it is approved', async () => {
      const doc = await draft();
      await storage.applyTransition({ documentId: doc.id, from: 'draft', patch: { state: 'in_review', updatedBy: user.id }, audit: audit(doc, 'submit') });
      await expect(storage.appendUpdates(doc.id, [{ userId: user.id, data }])).rejects.toBeInstanceOf(DocumentNotEditable);
      expect(await storage.appendUpdates(doc.id, [{ userId: user.id, data }], { suggestions: true })).toBe(1);
      await storage.applyTransition({ documentId: doc.id, from: 'in_review', patch: { state: 'approved', updatedBy: user.id }, audit: audit(doc, 'approve') });
      await expect(storage.appendUpdates(doc.id, [{ userId: user.id, data }], { suggestions: true })).rejects.toBeInstanceOf(DocumentNotEditable);
      expect(await storage.listUpdates(doc.id)).toHaveLength(1);
    });

    it('refuses a submission whose version no longer covers the whole log (another process appended)', async () => {
      const doc = await draft();
      const seq = await storage.appendUpdates(doc.id, [{ userId: user.id, data }]);
      await storage.appendUpdates(doc.id, [{ userId: user.id, data }]); // from "another process"
      const version = {
        id: randomUUID(),
        documentId: doc.id,
        label: null,
        reason: 'submit',
        state: 'in_review' as const,
        uptoSeq: seq,
        ystate: data,
        contentJson: '{}',
        contentHash: '0'.repeat(64),
        meta: { title: doc.title, kind: doc.kind, language: doc.language, datelinePlace: null, datelineDate: null },
        createdBy: user.id,
      };
      const submit = (v: typeof version) =>
        storage.applyTransition({
          documentId: doc.id,
          from: 'draft',
          patch: { state: 'in_review', updatedBy: user.id },
          version: v,
          audit: audit(doc, 'submit'),
        });
      await expect(submit(version)).rejects.toBeInstanceOf(LogMoved);
      expect((await storage.findDocument(doc.id))?.state).toBe('draft');
      expect(await storage.findVersion(doc.id, version.id)).toBeNull();
      expect(await storage.listAudit(doc.id)).toEqual([]);
      // Taken again at the end of the log, it goes through.
      expect((await submit({ ...version, id: randomUUID(), uptoSeq: seq + 1 })).state).toBe('in_review');
    });

    it('holds a document lock across two connections until the holder is done', async () => {
      const url = (storage as PostgresStorage).db.options.connectionString!;
      const first = new AdvisoryDocumentLocks(url);
      const second = new AdvisoryDocumentLocks(url);
      const watcher = new pg.Client({ connectionString: url });
      await watcher.connect();
      try {
        const events: string[] = [];
        let open!: () => void;
        const gate = new Promise<void>((resolve) => (open = resolve));
        let entered!: () => void;
        const firstIn = new Promise<void>((resolve) => (entered = resolve));
        const a = first.run('doc-1', async () => {
          events.push('first in');
          entered();
          await gate;
          events.push('first out');
        });
        await firstIn;
        const b = second.run('doc-1', async () => void events.push('second in'));
        // The second session is queued inside PostgreSQL, waiting for the advisory lock.
        await waitFor(async () => {
          const { rows } = await watcher.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
          return rows[0].n > 0;
        }, 'the second lock request to wait');
        expect(events).toEqual(['first in']);
        open();
        await Promise.all([a, b]);
        expect(events).toEqual(['first in', 'first out', 'second in']);
      } finally {
        await watcher.end();
        await first.close();
        await second.close();
      }
    });

    it('migrates once when several processes start together on an empty database', async () => {
      const database = await freshDatabase('cq_migrate');
      const storages = Array.from({ length: 3 }, () => new PostgresStorage({ connectionString: database.url }));
      try {
        await Promise.all(storages.map((s) => s.open()));
        const { rows } = await storages[0]!.db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
        expect(rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((m) => m.version));
      } finally {
        await Promise.all(storages.map((s) => s.close()));
        await database.drop();
      }
    });
  });
}
