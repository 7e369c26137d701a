import type { Actor, DocumentFacts } from '@/lib/policies';
import type { DocumentRecord, Storage } from '@/server/storage/types';
import { awaitingEndorsement } from '@/server/commands/endorsements';
import { isLanguageMaster, masterChangedFor } from '@/server/queries/languages';
import { getServices } from '@/server/registry';

/**
 * Editors per submitted version. A submitted text is frozen (the log of a document in review
 * takes no updates) and its base lies before it, so the answer never changes: lists that
 * show abilities for many documents in review read each log once per process.
 */
const known = new Map<string, ReadonlySet<string>>();
const KNOWN_MAX = 1000;

/**
 * The users who edited the text of a document's current review round (four eyes: none of
 * them may approve it). The round's text is the version submitted last; its base is the
 * last version before it that was approved or published (text that finished a review
 * round), or the document's start. Whoever's connection sent an update that the log holds
 * between the two edited it: the server records the signed-in user of every update it
 * accepts (typing, formatting, deleting, pasting, an import or a restore), never what a
 * client claims. Empty when nothing was submitted.
 */
export async function roundEditors(storage: Storage, doc: DocumentRecord): Promise<ReadonlySet<string>> {
  const versions = await storage.listVersionSummaries(doc.id);
  let at = versions.length - 1;
  while (at >= 0 && versions[at]!.reason !== 'submit') at--;
  const editors = new Set<string>();
  if (at < 0) return editors;
  const submitted = versions[at]!;
  const cached = known.get(submitted.id);
  if (cached) return cached;
  let base = 0;
  for (let i = at - 1; i >= 0; i--) {
    const v = versions[i]!;
    if (v.state === 'approved' || v.state === 'published') {
      base = v.uptoSeq;
      break;
    }
  }
  for (const id of await storage.listUpdateWriters(doc.id, base, submitted.uptoSeq)) editors.add(id);
  if (known.size >= KNOWN_MAX) known.delete(known.keys().next().value!);
  known.set(submitted.id, editors);
  return editors;
}

/**
 * What the policy needs to know about `doc` when `actor` asks: the stored record, and for a
 * document in review whether the actor edited this round's text, whether approval still
 * waits for a "Reviewed", how many comment threads are open, and whether its language group's
 * master changed since it was aligned (lib/policies reads them
 * for `approve`, so the browser's abilities show them too).
 */
export async function documentFactsFor(storage: Storage, actor: Actor, doc: DocumentRecord): Promise<DocumentRecord & DocumentFacts> {
  if (doc.state === 'approved') return { ...doc, languageMaster: await isLanguageMaster(storage, doc) };
  if (doc.state !== 'in_review') return doc;
  const [editors, awaiting, open, masterChanged] = await Promise.all([
    roundEditors(storage, doc),
    awaitingEndorsement(storage, doc),
    storage.countOpenThreads([doc.id]),
    masterChangedFor(storage, () => getServices().collab, doc),
  ]);
  return { ...doc, editedThisRound: editors.has(actor.id), awaitingEndorsement: awaiting, openThreads: open.get(doc.id) ?? 0, masterChanged };
}
