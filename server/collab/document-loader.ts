import { LiveDocument } from './live-document';
import type { ModuleContext, ModuleFactory } from './modules';
import { openSnapshot } from './snapshot-seal';

/**
 * The `onLoad` step: a document from its latest snapshot and the log after it, with its
 * modules attached. Any failure rejects: a document that fails to load is refused, never
 * served empty and later saved over.
 *
 * A snapshot whose seal matches (see snapshot-seal.ts), with no log after it (how a
 * document is stored once it left memory), is known to apply: it is kept as bytes, sent
 * as they are to every fresh client, and the Y.Doc is built when first needed (see
 * live-document.ts BUILD_AT_THE_LATEST_MS), so a cold load costs a client one transfer
 * instead of a replay, an encode and a transfer. Anything else is applied here first,
 * which is the check.
 */
export async function loadDocument(
  id: string,
  ctx: Omit<ModuleContext, 'loaded'>,
  modules: readonly ModuleFactory[],
  onIdle: (doc: LiveDocument) => void,
): Promise<LiveDocument> {
  const [stored, refused] = await Promise.all([ctx.storage.loadDocumentState(id), ctx.storage.listRefusedClients(id)]);
  const lastSeq = stored.updates.at(-1)?.seq ?? stored.snapshot?.uptoSeq ?? 0;
  const doc = new LiveDocument(id, ctx.log, onIdle, lastSeq);
  doc.attach(modules, { ...ctx, loaded: { updatesSinceSnapshot: stored.updates.length, refused } });
  const snapshot = stored.snapshot ? openSnapshot(stored.snapshot.state) : null;
  if (snapshot?.sealed && stored.updates.length === 0) {
    doc.buildLater(snapshot.state);
    return doc;
  }
  try {
    doc.applyStored([...(snapshot ? [snapshot.state] : []), ...stored.updates.map((u) => u.data)]);
  } catch (cause) {
    doc.destroy();
    throw new Error(`document ${id} failed to load`, { cause });
  }
  return doc;
}
