import { searchKeys, type SearchTerms } from '@/lib/text/fold';
import { plainTextOf } from '@/lib/text/plain-text';
import type { DocumentRecord, SearchEntry, SearchHit } from '@/server/storage/types';
import type { Db, Sql } from './dialect';

/** The search index's rows (see SearchStore): written once for both databases. */

/**
 * Keys past this length are not indexed (a PostgreSQL tsvector holds at most 1 MB, and a
 * failed index write must never fail the version that carries it). About 15,000 words.
 */
const MAX_KEYS = 100_000;

/** An entry with its keys computed: what one row of search_entries holds (text null: no row). */
interface PreparedEntry {
  field: SearchEntry['field'];
  part: string;
  text: string | null;
  keys: string;
}

/** Computes the entries' keys: the CPU work, done before a write transaction opens where the caller can. */
function prepareEntries(entries: readonly SearchEntry[]): PreparedEntry[] {
  return entries.map((entry) => {
    const text = entry.text?.trim() || null;
    let keys = text ? searchKeys(text) : '';
    if (keys.length > MAX_KEYS) keys = keys.slice(0, keys.lastIndexOf(' ', MAX_KEYS));
    return { field: entry.field, part: entry.part ?? '', text, keys };
  });
}

async function writePrepared(db: Db, documentId: string, entries: readonly PreparedEntry[]): Promise<void> {
  for (const { field, part, text, keys } of entries) {
    await db.deleteFrom('search_entries').where('document_id', '=', documentId).where('field', '=', field).where('part', '=', part).execute();
    if (text) await db.insertInto('search_entries').values({ document_id: documentId, field, part, text, keys }).execute();
  }
}

/** Replaces (text) or removes (null) a document's indexed texts, on `db` (a transaction's connection, or the store). */
export async function writeSearchEntries(db: Db, documentId: string, entries: readonly SearchEntry[]): Promise<void> {
  await writePrepared(db, documentId, prepareEntries(entries));
}

/** Replaces a document's indexed texts in a write of their own, their keys computed before it begins. */
export function indexDocumentText(s: Sql, documentId: string, entries: readonly SearchEntry[]): Promise<void> {
  const prepared = prepareEntries(entries);
  return s.dialect.write((db) => writePrepared(db, documentId, prepared));
}

/** The title and dateline of a document as indexed texts. */
export function metaEntries(doc: Pick<DocumentRecord, 'title' | 'datelinePlace' | 'datelineDate'>): SearchEntry[] {
  const dateline = [doc.datelinePlace, doc.datelineDate].filter(Boolean).join(', ');
  return [
    { field: 'title', text: doc.title },
    { field: 'dateline', text: dateline || null },
  ];
}

/** A body (a version's canonical ProseMirror JSON) as an indexed text of `field`. */
export function bodyEntry(field: 'body' | 'released', contentJson: string | null): SearchEntry {
  return { field, text: contentJson === null ? null : plainTextOf(contentJson) };
}

/** Indexes the released body as the version `versionId` holds it (null: nothing released). */
export async function indexReleased(db: Db, documentId: string, versionId: string | null, contentJson: (id: string) => Promise<string | null>): Promise<void> {
  await writeSearchEntries(db, documentId, [bodyEntry('released', versionId ? await contentJson(versionId) : null)]);
}

export async function searchDocuments(s: Sql, terms: SearchTerms, limit: number): Promise<SearchHit[]> {
  if (terms.keys.length === 0) return [];
  const rows = await s.kysely
    .selectFrom('search_entries as e')
    .innerJoin('documents as d', 'd.id', 'e.document_id')
    .select(['e.id', 'e.document_id', 'e.field', 'e.part'])
    .where('d.state', '<>', 'archived')
    .where(s.dialect.searchMatch(terms))
    .orderBy('d.updated_at', 'desc')
    .orderBy('e.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ entryId: Number(r.id), documentId: r.document_id, field: r.field, part: r.part }));
}

export async function readSearchTexts(s: Sql, entryIds: readonly number[]): Promise<Map<number, string>> {
  const texts = new Map<number, string>();
  // In slices: a statement binds at most a few thousand parameters.
  for (let i = 0; i < entryIds.length; i += 500) {
    const rows = await s.kysely
      .selectFrom('search_entries')
      .select(['id', 'text'])
      .where('id', 'in', entryIds.slice(i, i + 500))
      .execute();
    for (const r of rows) texts.set(Number(r.id), r.text);
  }
  return texts;
}

export async function listUnindexedDocuments(s: Sql, limit: number): Promise<string[]> {
  const rows = await s.kysely
    .selectFrom('documents as d')
    .select('d.id')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('search_entries as e').select('e.id').whereRef('e.document_id', '=', 'd.id').where('e.field', '=', 'title'))),
    )
    .orderBy('d.id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
