import type { AuditEntry, AuditFields } from '@/server/audit';
import type { NewReleasedFile, ReleasedFileRecord } from '@/server/storage/types';
import { insertAudit } from './audit';
import type { Sql } from './dialect';
import { asDate } from './rows';

/** The files exports of released texts produced, by their bytes' SHA-256: written once for both databases. */

/**
 * Appends an export's audit entry and, when the export printed a released text, records the
 * file's SHA-256 with that text's content hash, in one transaction. Exports are not
 * byte-identical (each prints the audit head before its own entry, and the PDF its creation
 * second), so most files are new; one already recorded keeps its first row.
 */
export function recordExport(s: Sql, audit: Omit<AuditFields, 'seq' | 'at'>, file: NewReleasedFile | null): Promise<AuditEntry> {
  return s.dialect.write(async (db) => {
    if (file)
      await db
        .insertInto('released_files')
        .values({
          sha256: file.sha256.toLowerCase(),
          document_id: file.documentId,
          version_id: file.versionId,
          content_hash: file.contentHash,
          format: file.format,
          created_at: s.dialect.now(),
        })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
    return insertAudit(s, db, audit);
  });
}

export async function findReleasedFile(s: Sql, sha256: string): Promise<ReleasedFileRecord | null> {
  const row = await s.kysely.selectFrom('released_files').selectAll().where('sha256', '=', sha256.toLowerCase()).executeTakeFirst();
  return row
    ? {
        sha256: row.sha256,
        documentId: row.document_id,
        versionId: row.version_id,
        contentHash: row.content_hash,
        format: row.format,
        createdAt: asDate(row.created_at),
      }
    : null;
}
