import { AUDIT_GENESIS, auditHash, type AuditEntry, type AuditFields } from '@/server/audit';
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

export async function listAudit(s: Sql, documentId: string | null): Promise<AuditEntry[]> {
  let query = s.kysely.selectFrom('audit_log').selectAll().orderBy('seq');
  if (documentId !== null) query = query.where('document_id', '=', documentId);
  return (await query.execute()).map(toAudit);
}

export async function auditHeadEntry(s: Sql): Promise<{ seq: number; hash: string }> {
  const row = await newest(s.kysely);
  return row ? { seq: Number(row.seq), hash: row.hash } : { seq: 0, hash: AUDIT_GENESIS };
}
