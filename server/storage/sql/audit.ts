import { AUDIT_GENESIS, auditHash, type AuditEntry, type AuditFields } from '@/server/audit';
import type { AuditFilter } from '@/server/storage/types';
import type { Db, Sql } from './dialect';
import { toAudit } from './rows';

/** The hash-chained audit log: written once for both databases. */

/**
 * Appends one chained entry inside `db`'s write transaction. The dialect orders appends
 * from every process (SQLite: the immediate transaction; PostgreSQL: an advisory lock).
 */
export async function insertAudit(s: Sql, db: Db, fields: Omit<AuditFields, 'seq' | 'at'>): Promise<AuditEntry> {
  await s.dialect.lockAudit(db);
  const last = await newest(db);
  const entry: AuditFields = { ...fields, seq: (last?.seq ?? 0) + 1, at: new Date().toISOString() };
  const prevHash = last?.hash ?? AUDIT_GENESIS;
  const hash = auditHash(entry, prevHash, s.auditKey);
  await db
    .insertInto('audit_log')
    .values({
      seq: entry.seq,
      at: entry.at,
      actor_id: entry.actorId,
      document_id: entry.documentId,
      action: entry.action,
      version_id: entry.versionId,
      content_hash: entry.contentHash,
      detail: JSON.stringify(entry.detail),
      prev_hash: prevHash,
      hash,
    })
    .execute();
  return { ...entry, prevHash, hash };
}

function newest(db: Db): Promise<{ seq: number; hash: string } | undefined> {
  return db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
}

export function appendAudit(s: Sql, fields: Omit<AuditFields, 'seq' | 'at'>): Promise<AuditEntry> {
  return s.dialect.write((db) => insertAudit(s, db, fields));
}

export async function listAudit(s: Sql, documentId: string | null, filter: AuditFilter = {}): Promise<AuditEntry[]> {
  let query = s.kysely.selectFrom('audit_log').selectAll().orderBy('seq');
  if (documentId !== null) query = query.where('document_id', '=', documentId);
  if (filter.actions) {
    if (filter.actions.length === 0) return [];
    query = query.where('action', 'in', filter.actions);
  }
  return (await query.execute()).map(toAudit);
}

/** The whole log's entries after `seq`, oldest first, at most `limit`: the chain's check reads it a batch at a time. */
export async function listAuditAfter(s: Sql, seq: number, limit: number): Promise<AuditEntry[]> {
  return (await s.kysely.selectFrom('audit_log').selectAll().where('seq', '>', seq).orderBy('seq').limit(limit).execute()).map(toAudit);
}

/** Rows read at a time while looking for the newest entry with a comment, newest first. */
const LATEST_PAGE = 20;

/**
 * A document's newest audit entry (`withComment`: the newest whose detail has a comment),
 * by the (document_id, seq) index from the end, not by reading the document's whole log.
 * `detail` is JSON text in both databases; a LIKE narrows the rows to those that mention a
 * comment and the parsed detail decides, so a comment nested deeper does not count.
 */
export async function latestAudit(s: Sql, documentId: string, filter: { withComment?: boolean } = {}): Promise<AuditEntry | null> {
  let before = Number.POSITIVE_INFINITY;
  for (;;) {
    let query = s.kysely.selectFrom('audit_log').selectAll().where('document_id', '=', documentId).orderBy('seq', 'desc').limit(LATEST_PAGE);
    if (Number.isFinite(before)) query = query.where('seq', '<', before);
    if (filter.withComment) query = query.where('detail', 'like', '%"comment":"%');
    const rows = (await query.execute()).map(toAudit);
    const found = filter.withComment ? rows.find((e) => typeof e.detail.comment === 'string') : rows[0];
    if (found) return found;
    if (rows.length < LATEST_PAGE) return null;
    before = Number(rows.at(-1)!.seq);
  }
}

export async function auditHeadEntry(s: Sql): Promise<{ seq: number; hash: string }> {
  const row = await newest(s.kysely);
  return row ? { seq: Number(row.seq), hash: row.hash } : { seq: 0, hash: AUDIT_GENESIS };
}
