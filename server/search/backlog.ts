import type { Logger } from '@/server/log';
import { plainTextOf } from '@/lib/text/plain-text';
import type { SearchEntry, Storage } from '@/server/storage/types';

/** Documents indexed per batch at start (each batch is a few reads and one write per document). */
const BATCH = 25;

/**
 * Indexes the documents that have no search entries yet (made before search existed, or
 * restored from an older backup): title and dateline, the newest version's body, the
 * released body. Runs at start in the background, one document at a time in batches of
 * BATCH, so a large database never holds the start or the database for long. The text
 * typed since the newest version is indexed when that document is next edited.
 */
export async function indexBacklog(storage: Storage, log: Logger): Promise<number> {
  let done = 0;
  // A document whose title folds to nothing stays "unindexed": each is tried once.
  const tried = new Set<string>();
  for (;;) {
    const ids = (await storage.listUnindexedDocuments(BATCH + tried.size)).filter((id) => !tried.has(id));
    if (ids.length === 0) break;
    for (const id of ids) {
      tried.add(id);
      const doc = await storage.findDocument(id);
      if (!doc) continue;
      const versions = await storage.listVersionSummaries(id);
      const newest = versions.at(-1);
      const body = newest ? await storage.findVersion(id, newest.id) : null;
      const released = doc.publishedVersionId ? await storage.findVersion(id, doc.publishedVersionId) : null;
      const dateline = [doc.datelinePlace, doc.datelineDate].filter(Boolean).join(', ');
      const entries: SearchEntry[] = [
        { field: 'dateline', text: dateline || null },
        { field: 'body', text: body ? plainTextOf(body.contentJson) : null },
        { field: 'released', text: released ? plainTextOf(released.contentJson) : null },
        // The title last: its entry is what marks the document as indexed.
        { field: 'title', text: doc.title },
      ];
      await storage.indexDocumentText(id, entries);
      done++;
    }
  }
  if (done) log.info('indexed documents for search', { documents: done });
  return done;
}
