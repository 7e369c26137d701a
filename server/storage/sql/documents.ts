import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { AuditFields } from '@/server/audit';
import type { DocumentPatch, DocumentRecord, NewDocument, RefusedClient, StoredDocumentState, StoredUpdate } from '@/server/storage/types';
import { leaveLanguageGroup } from './language-groups';
import { insertAudit } from './audit';
import type { Db, Sql } from './dialect';
import { metaEntries, writeSearchEntries } from './search';
import { toBytes, toDocument, toUpdate, type DocumentRow } from './rows';

/** Documents, their members, the update log's reads and snapshots: written once for both databases. */

function selectDocuments(s: Sql, db: Db) {
  return db.selectFrom('documents as d').selectAll('d').select(s.dialect.memberIds().as('member_ids'));
}

export async function findDocument(s: Sql, id: string, db: Db = s.kysely): Promise<DocumentRecord | null> {
  const row = await selectDocuments(s, db).where('d.id', '=', id).executeTakeFirst();
  return row ? toDocument(row as DocumentRow) : null;
}

export async function listDocuments(s: Sql): Promise<DocumentRecord[]> {
  const rows = await selectDocuments(s, s.kysely).where('d.state', '<>', 'archived').orderBy('d.updated_at', 'desc').orderBy('d.id').execute();
  return rows.map((row) => toDocument(row as DocumentRow));
}

/**
 * Documents (not archived) whose published version has this content hash: one indexed
 * query, whatever the answer, so public verification does the same work for every hash.
 */
export async function listDocumentsPublishedWithHash(s: Sql, contentHash: string): Promise<DocumentRecord[]> {
  const rows = await selectDocuments(s, s.kysely)
    .innerJoin('versions as pv', 'pv.id', 'd.published_version_id')
    .where('pv.content_hash', '=', contentHash)
    .where('d.state', '<>', 'archived')
    .execute();
  return rows.map((row) => toDocument(row as DocumentRow));
}

export async function createDocument(s: Sql, input: NewDocument): Promise<DocumentRecord> {
  const id = randomUUID();
  const now = s.dialect.now();
  return s.dialect.write(async (db) => {
    await db
      .insertInto('documents')
      .values({
        id,
        title: input.title,
        kind: input.kind,
        language: input.language,
        state: 'draft',
        dateline_place: input.datelinePlace,
        dateline_date: input.datelineDate,
        created_by: input.createdBy,
        updated_by: input.createdBy,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const doc = (await findDocument(s, id, db))!;
    await writeSearchEntries(db, id, metaEntries(doc));
    return doc;
  });
}

export async function updateDocument(s: Sql, id: string, patch: DocumentPatch): Promise<DocumentRecord> {
  // Kysely leaves undefined values out of SET: undefined means "as it is", null clears.
  return s.dialect.write(async (db) => {
    await db
      .updateTable('documents')
      .set({
        title: patch.title,
        language: patch.language,
        dateline_place: patch.datelinePlace,
        dateline_date: patch.datelineDate,
        updated_by: patch.updatedBy,
        updated_at: s.dialect.now(),
      })
      .where('id', '=', id)
      .execute();
    const doc = await findDocument(s, id, db);
    if (!doc) throw new Error(`document ${id} vanished during update`);
    if (patch.title !== undefined || patch.datelinePlace !== undefined || patch.datelineDate !== undefined) await writeSearchEntries(db, id, metaEntries(doc));
    return doc;
  });
}

export function setDocumentAccess(
  s: Sql,
  documentId: string,
  restricted: boolean,
  memberIds: readonly string[],
  audit: Omit<AuditFields, 'seq' | 'at'>,
): Promise<DocumentRecord> {
  return s.dialect.write(async (db) => {
    await db
      .updateTable('documents')
      .set({ restricted: s.dialect.flag(restricted), updated_at: s.dialect.now() })
      .where('id', '=', documentId)
      .execute();
    await db.deleteFrom('document_members').where('document_id', '=', documentId).execute();
    const members = [...new Set(memberIds)].map((user_id) => ({ document_id: documentId, user_id }));
    if (members.length) await db.insertInto('document_members').values(members).execute();
    await insertAudit(s, db, audit);
    return (await findDocument(s, documentId, db))!;
  });
}

export function deleteDraft(s: Sql, documentId: string, audit: Omit<AuditFields, 'seq' | 'at'>): Promise<boolean> {
  return s.dialect.write(async (db) => {
    // Locked against appends and transitions until the commit: a submission cannot slip in.
    if ((await s.dialect.lockDocument(db, documentId)) !== 'draft') return false;
    const doc = await db.selectFrom('documents').select('review_round').where('id', '=', documentId).executeTakeFirst();
    if (doc?.review_round !== 0) return false;
    // PostgreSQL keeps the update log append-only but for the draft this transaction names.
    if (s.dialect.kind === 'postgres') await sql`SELECT set_config('communique.deleting_draft', ${documentId}, true)`.execute(db);
    const threadIds = db.selectFrom('threads').select('id').where('document_id', '=', documentId);
    await db.deleteFrom('comments').where('thread_id', 'in', threadIds).execute();
    await leaveLanguageGroup(db, documentId);
    for (const table of [
      'released_files',
      'threads',
      'search_entries',
      'notifications',
      'mail_outbox',
      'refused_clients',
      'review_assignees',
      'approvals',
      'versions',
      'document_snapshots',
      'document_updates',
      'document_members',
    ] as const) {
      await db.deleteFrom(table).where('document_id', '=', documentId).execute();
    }
    await db.deleteFrom('documents').where('id', '=', documentId).execute();
    await insertAudit(s, db, audit);
    return true;
  });
}

export async function touchDocument(s: Sql, id: string, userId: string, at: Date): Promise<void> {
  await s.kysely
    .updateTable('documents')
    .set({ updated_by: userId, updated_at: s.dialect.time(at) })
    .where('id', '=', id)
    .execute();
}

function selectUpdates(db: Db, documentId: string, afterSeq: number) {
  return db
    .selectFrom('document_updates')
    .select(['seq', 'user_id', 'data', 'created_at'])
    .where('document_id', '=', documentId)
    .where('seq', '>', afterSeq)
    .orderBy('seq');
}

export async function listUpdates(s: Sql, documentId: string, afterSeq = 0, limit?: number): Promise<StoredUpdate[]> {
  const query = selectUpdates(s.kysely, documentId, afterSeq);
  return (await (limit === undefined ? query : query.limit(limit)).execute()).map(toUpdate);
}

/** The database scans the range on its primary key and hands back a few ids, not a row per keystroke. */
export async function listUpdateWriters(s: Sql, documentId: string, afterSeq: number, uptoSeq: number): Promise<string[]> {
  const rows = await s.kysely
    .selectFrom('document_updates')
    .select('user_id')
    .distinct()
    .where('document_id', '=', documentId)
    .where('seq', '>', afterSeq)
    .where('seq', '<=', uptoSeq)
    .where('user_id', 'is not', null)
    .execute();
  return rows.map((r) => r.user_id as string).sort();
}

export function loadDocumentState(s: Sql, documentId: string): Promise<StoredDocumentState> {
  // One snapshot of the database for both reads: the tail starts exactly after the snapshot.
  return s.dialect.snapshot(async (db) => {
    const snap = await db
      .selectFrom('document_snapshots')
      .select(['upto_seq', 'state'])
      .where('document_id', '=', documentId)
      .orderBy('upto_seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const rows = await selectUpdates(db, documentId, snap?.upto_seq ?? 0).execute();
    return { snapshot: snap ? { uptoSeq: snap.upto_seq, state: new Uint8Array(snap.state) } : null, updates: rows.map(toUpdate) };
  });
}

export function saveSnapshot(s: Sql, documentId: string, uptoSeq: number, state: Uint8Array): Promise<void> {
  return s.dialect.write(async (db) => {
    await db
      .insertInto('document_snapshots')
      .values({ document_id: documentId, upto_seq: uptoSeq, state: toBytes(state), created_at: s.dialect.now() })
      .onConflict((oc) =>
        oc.columns(['document_id', 'upto_seq']).doUpdateSet((eb) => ({ state: eb.ref('excluded.state'), created_at: eb.ref('excluded.created_at') })),
      )
      .execute();
    // Only the newest snapshot is needed to load; the update log itself is kept whole.
    await db.deleteFrom('document_snapshots').where('document_id', '=', documentId).where('upto_seq', '<', uptoSeq).execute();
  });
}

export async function listRefusedClients(s: Sql, documentId: string): Promise<RefusedClient[]> {
  const rows = await s.kysely.selectFrom('refused_clients').select(['client_id', 'user_id']).where('document_id', '=', documentId).execute();
  return rows.map((r) => ({ clientId: Number(r.client_id), userId: r.user_id }));
}

export async function refuseClients(s: Sql, documentId: string, userId: string | null, clientIds: readonly number[]): Promise<void> {
  if (!clientIds.length) return;
  const at = s.dialect.now();
  await s.kysely
    .insertInto('refused_clients')
    .values(clientIds.map((client_id) => ({ document_id: documentId, client_id, user_id: userId, refused_at: at })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}
