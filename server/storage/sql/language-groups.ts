import { randomUUID } from 'node:crypto';
import type { AuditFields } from '@/server/audit';
import { LanguageGroupConflict, type AlignedWith, type DocumentRecord, type LanguageGroupRecord, type TransitionWrite } from '@/server/storage/types';
import { insertAudit } from './audit';
import type { Db, Sql } from './dialect';
import { asDate } from './rows';
import { transitionIn } from './versions';

/**
 * Linked language versions (issue 23), written once for both databases. Every write locks
 * the master document first (dialect.lockDocument: the SQLite write lock, a PostgreSQL row
 * lock), so two joins of one group cannot both pass the one-language-per-group check.
 */

type AuditInput = Omit<AuditFields, 'seq' | 'at'>;

async function groupIdOf(db: Db, documentId: string): Promise<string | null> {
  const row = await db.selectFrom('language_members').select('group_id').where('document_id', '=', documentId).executeTakeFirst();
  return row?.group_id ?? null;
}

async function readGroups(db: Db, groupIds: readonly string[]): Promise<Map<string, LanguageGroupRecord>> {
  const groups = new Map<string, LanguageGroupRecord>();
  if (groupIds.length === 0) return groups;
  const heads = await db.selectFrom('language_groups').select(['id', 'master_id']).where('id', 'in', groupIds).execute();
  for (const head of heads) groups.set(head.id, { id: head.id, masterId: head.master_id, members: [] });
  const rows = await db
    .selectFrom('language_members as m')
    .innerJoin('documents as d', 'd.id', 'm.document_id')
    .select(['m.group_id', 'm.document_id', 'd.language', 'm.aligned_version_id', 'm.aligned_content_hash', 'm.aligned_at', 'm.aligned_by'])
    .where('m.group_id', 'in', groupIds)
    .orderBy('m.joined_at')
    .orderBy('m.document_id')
    .execute();
  for (const row of rows) {
    const group = groups.get(row.group_id);
    if (!group) continue;
    const member = {
      documentId: row.document_id,
      language: row.language,
      alignedWith: row.aligned_version_id && row.aligned_content_hash ? { versionId: row.aligned_version_id, contentHash: row.aligned_content_hash } : null,
      alignedAt: row.aligned_at === null ? null : asDate(row.aligned_at),
      alignedBy: row.aligned_by,
    };
    if (row.document_id === group.masterId) group.members.unshift(member);
    else group.members.push(member);
  }
  return groups;
}

export async function findLanguageGroup(s: Sql, documentId: string, db: Db = s.kysely): Promise<LanguageGroupRecord | null> {
  const groupId = await groupIdOf(db, documentId);
  return groupId ? ((await readGroups(db, [groupId])).get(groupId) ?? null) : null;
}

export async function listLanguageGroups(s: Sql, documentIds: readonly string[]): Promise<Map<string, LanguageGroupRecord>> {
  const byDocument = new Map<string, LanguageGroupRecord>();
  if (documentIds.length === 0) return byDocument;
  const rows = await s.kysely.selectFrom('language_members').select(['document_id', 'group_id']).where('document_id', 'in', documentIds).execute();
  const groups = await readGroups(s.kysely, [...new Set(rows.map((r) => r.group_id))]);
  for (const row of rows) {
    const group = groups.get(row.group_id);
    if (group) byDocument.set(row.document_id, group);
  }
  return byDocument;
}

export function joinLanguageGroup(
  s: Sql,
  input: { masterId: string; documentId: string; alignedWith: AlignedWith | null; by: string; audit: AuditInput },
): Promise<LanguageGroupRecord> {
  return s.dialect.write(async (db) => {
    await s.dialect.lockDocument(db, input.masterId);
    if (await groupIdOf(db, input.documentId)) throw new LanguageGroupConflict('already_grouped');
    let groupId = await groupIdOf(db, input.masterId);
    if (groupId) {
      const head = await db.selectFrom('language_groups').select('master_id').where('id', '=', groupId).executeTakeFirstOrThrow();
      if (head.master_id !== input.masterId) throw new LanguageGroupConflict('not_master');
      const joining = await db.selectFrom('documents').select('language').where('id', '=', input.documentId).executeTakeFirstOrThrow();
      const taken = await db
        .selectFrom('language_members as m')
        .innerJoin('documents as d', 'd.id', 'm.document_id')
        .select('m.document_id')
        .where('m.group_id', '=', groupId)
        .where('d.language', '=', joining.language)
        .executeTakeFirst();
      if (taken) throw new LanguageGroupConflict('language_taken');
    } else {
      const languages = await db.selectFrom('documents').select(['id', 'language']).where('id', 'in', [input.masterId, input.documentId]).execute();
      if (languages.length === 2 && languages[0]!.language === languages[1]!.language) throw new LanguageGroupConflict('language_taken');
      groupId = randomUUID();
      await db.insertInto('language_groups').values({ id: groupId, master_id: input.masterId, created_at: s.dialect.now() }).execute();
      await db
        .insertInto('language_members')
        .values({
          document_id: input.masterId,
          group_id: groupId,
          joined_at: s.dialect.now(),
          aligned_version_id: null,
          aligned_content_hash: null,
          aligned_at: null,
          aligned_by: null,
        })
        .execute();
    }
    const aligned = input.alignedWith;
    await db
      .insertInto('language_members')
      .values({
        document_id: input.documentId,
        group_id: groupId,
        joined_at: s.dialect.now(),
        aligned_version_id: aligned?.versionId ?? null,
        aligned_content_hash: aligned?.contentHash ?? null,
        aligned_at: aligned ? s.dialect.now() : null,
        aligned_by: aligned ? input.by : null,
      })
      .execute();
    await insertAudit(s, db, input.audit);
    return (await findLanguageGroup(s, input.documentId, db))!;
  });
}

export function setLanguageAlignment(s: Sql, documentId: string, alignedWith: AlignedWith, by: string, audit: AuditInput): Promise<LanguageGroupRecord | null> {
  return s.dialect.write(async (db) => {
    const groupId = await groupIdOf(db, documentId);
    if (!groupId) return null;
    await db
      .updateTable('language_members')
      .set({ aligned_version_id: alignedWith.versionId, aligned_content_hash: alignedWith.contentHash, aligned_at: s.dialect.now(), aligned_by: by })
      .where('document_id', '=', documentId)
      .execute();
    await insertAudit(s, db, audit);
    return findLanguageGroup(s, documentId, db);
  });
}

export function setLanguageMaster(s: Sql, documentId: string, audit: AuditInput): Promise<LanguageGroupRecord | null> {
  return s.dialect.write(async (db) => {
    const groupId = await groupIdOf(db, documentId);
    if (!groupId) return null;
    const head = await db.selectFrom('language_groups').select('master_id').where('id', '=', groupId).executeTakeFirstOrThrow();
    await s.dialect.lockDocument(db, head.master_id);
    if (head.master_id !== documentId) {
      // The new master is aligned with nothing (it is the text the others follow); the old one
      // keeps no alignment either: it must be aligned with the new master's text like the rest.
      await db
        .updateTable('language_members')
        .set({ aligned_version_id: null, aligned_content_hash: null, aligned_at: null, aligned_by: null })
        .where('document_id', 'in', [documentId, head.master_id])
        .execute();
      await db.updateTable('language_groups').set({ master_id: documentId }).where('id', '=', groupId).execute();
    }
    await insertAudit(s, db, audit);
    return findLanguageGroup(s, documentId, db);
  });
}

/**
 * Inside deleteDraft's transaction: a deleted draft leaves its group. When it was the master,
 * the member that joined first takes its place; a group left with one document is dissolved.
 */
export async function leaveLanguageGroup(db: Db, documentId: string): Promise<void> {
  const groupId = await groupIdOf(db, documentId);
  if (!groupId) return;
  await db.deleteFrom('language_members').where('document_id', '=', documentId).execute();
  const rest = await db
    .selectFrom('language_members')
    .select('document_id')
    .where('group_id', '=', groupId)
    .orderBy('joined_at')
    .orderBy('document_id')
    .execute();
  if (rest.length <= 1) {
    await db.deleteFrom('language_members').where('group_id', '=', groupId).execute();
    await db.deleteFrom('language_groups').where('id', '=', groupId).execute();
    return;
  }
  const head = await db.selectFrom('language_groups').select('master_id').where('id', '=', groupId).executeTakeFirstOrThrow();
  if (head.master_id === documentId) {
    const next = rest[0]!.document_id;
    await db
      .updateTable('language_members')
      .set({ aligned_version_id: null, aligned_content_hash: null, aligned_at: null, aligned_by: null })
      .where('group_id', '=', groupId)
      .execute();
    await db.updateTable('language_groups').set({ master_id: next }).where('id', '=', groupId).execute();
  }
}

/**
 * Several documents' transitions in one transaction (a language group released at one
 * instant): all of them, or, when one document left its expected state (StateConflict) or
 * anything else fails, none. Documents are locked in id order, so two such releases never
 * wait on each other crosswise.
 */
export function applyGroupTransition(s: Sql, writes: readonly TransitionWrite[]): Promise<DocumentRecord[]> {
  return s.dialect.write(async (db) => {
    const done = new Map<string, DocumentRecord>();
    for (const write of [...writes].sort((a, b) => (a.documentId < b.documentId ? -1 : 1))) done.set(write.documentId, await transitionIn(s, db, write));
    return writes.map((w) => done.get(w.documentId)!);
  });
}
