import { sql } from 'kysely';
import type { DocumentRecord, ApprovalRecord, TransitionWrite, VersionRecord, VersionSummary } from '@/server/storage/types';
import { StateConflict } from '@/server/storage/types';
import { insertAudit } from './audit';
import { insertMails } from './mail';
import type { Db, Sql } from './dialect';
import { findDocument } from './documents';
import { bodyEntry, indexReleased, writeSearchEntries } from './search';
import { toApproval, toVersion, toVersionSummary, VERSION_SUMMARY_COLUMNS, versionRow } from './rows';

/** Transitions with the versions, approvals and reviewers they record: written once for both databases. */

const stamp = (s: Sql, at: Date | null | undefined) => (at === undefined ? undefined : at === null ? null : s.dialect.time(at));

export function applyTransition(s: Sql, input: TransitionWrite): Promise<DocumentRecord> {
  return s.dialect.write((db) => transitionIn(s, db, input));
}

/** One transition inside a write transaction (applyTransition; a language group's release takes several in one). */
export async function transitionIn(s: Sql, db: Db, input: TransitionWrite): Promise<DocumentRecord> {
  {
    const state = await s.dialect.lockDocument(db, input.documentId);
    if (state !== input.from) throw new StateConflict(state);
    if (input.releasePending) {
      const embargo = (await findDocument(s, input.documentId, db))?.embargoUntil;
      if (!embargo || embargo.getTime() <= Date.now()) throw new StateConflict(state);
    }
    if (input.version) {
      await s.dialect.checkLogCovered(db, input.documentId, input.version.uptoSeq);
      await insertVersion(s, db, input.version);
      await writeSearchEntries(db, input.documentId, [bodyEntry('body', input.version.contentJson)]);
    }
    if (input.approval) {
      const a = input.approval;
      await db
        .insertInto('approvals')
        .values({
          document_id: a.documentId,
          round: a.round,
          approver_id: a.approverId,
          version_id: a.versionId,
          content_hash: a.contentHash,
          created_at: s.dialect.now(),
        })
        .execute();
    }
    const p = input.patch;
    // Kysely leaves undefined values out of SET: undefined means "as it is", null clears.
    await db
      .updateTable('documents')
      .set({
        state: p.state,
        updated_by: p.updatedBy,
        updated_at: s.dialect.now(),
        submitted_by: p.submittedBy,
        submitted_at: stamp(s, p.submittedAt),
        review_round: p.reviewRound,
        archived_from: p.archivedFrom,
        published_version_id: p.publishedVersionId,
        published_at: stamp(s, p.publishedAt),
        embargo_until: stamp(s, p.embargoUntil),
        review_due: p.reviewDue,
      })
      .where('id', '=', input.documentId)
      .execute();
    if (p.publishedVersionId !== undefined) {
      const version = input.version;
      await indexReleased(db, input.documentId, p.publishedVersionId, async (id) =>
        id === version?.id ? version.contentJson : ((await findVersion(s, input.documentId, id, db))?.contentJson ?? null),
      );
    }
    const assignees = input.assignees;
    if (assignees?.userIds.length) {
      await db
        .insertInto('review_assignees')
        .values(assignees.userIds.map((user_id) => ({ document_id: input.documentId, round: assignees.round, user_id })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    await insertAudit(s, db, input.audit);
    await insertMails(s, db, input.mails);
    return (await findDocument(s, input.documentId, db))!;
  }
}

async function insertVersion(s: Sql, db: Db, v: Omit<VersionRecord, 'createdAt'>): Promise<void> {
  await db
    .insertInto('versions')
    .values({ ...versionRow(v), created_at: s.dialect.now() })
    .execute();
}

export async function createVersion(s: Sql, version: Omit<VersionRecord, 'createdAt'>): Promise<VersionRecord> {
  await s.dialect.write(async (db) => {
    await insertVersion(s, db, version);
    await writeSearchEntries(db, version.documentId, [bodyEntry('body', version.contentJson)]);
  });
  return (await findVersion(s, version.documentId, version.id))!;
}

export async function findVersion(s: Sql, documentId: string, versionId: string, db: Db = s.kysely): Promise<VersionRecord | null> {
  const row = await db.selectFrom('versions').selectAll().where('document_id', '=', documentId).where('id', '=', versionId).executeTakeFirst();
  return row ? toVersion(row) : null;
}

export async function listVersionSummaries(s: Sql, documentId: string): Promise<VersionSummary[]> {
  const rows = await s.kysely
    .selectFrom('versions')
    .select(VERSION_SUMMARY_COLUMNS)
    .where('document_id', '=', documentId)
    .orderBy('created_at')
    .orderBy(sql.ref(s.dialect.versionOrder))
    .execute();
  return rows.map(toVersionSummary);
}

export async function latestVersionSeq(s: Sql, documentId: string): Promise<number> {
  const row = await s.kysely
    .selectFrom('versions')
    .select((eb) => eb.fn.max('upto_seq').as('s'))
    .where('document_id', '=', documentId)
    .executeTakeFirst();
  return Number(row?.s ?? 0);
}

export async function listApprovals(s: Sql, documentId: string, round: number): Promise<ApprovalRecord[]> {
  const rows = await s.kysely
    .selectFrom('approvals')
    .selectAll()
    .where('document_id', '=', documentId)
    .where('round', '=', round)
    .orderBy('created_at')
    .execute();
  return rows.map(toApproval);
}

export async function listReviewAssignees(s: Sql, documentId: string, round: number): Promise<string[]> {
  const rows = await s.kysely.selectFrom('review_assignees').select('user_id').where('document_id', '=', documentId).where('round', '=', round).execute();
  return rows.map((r) => r.user_id);
}
