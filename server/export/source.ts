import { decide } from '@/lib/policies';
import { pendingEmbargo } from '@/lib/workflow/states';
import type { SessionUser } from '@/server/auth/session';
import { AppError } from '@/server/errors';
import type { Services } from '@/server/registry';
import type { DocumentRecord } from '@/server/storage/types';
import type { ExportSource } from './statement-data';
import type { ExportContent } from './stored-content';
import { sentence } from '@/lib/i18n/sentence';

/**
 * The document's committed text now, read from storage and turned into canonical JSON and
 * its hash in a render worker. Every update the server relays is committed to the log before
 * it is relayed, so the log holds exactly the text every client has seen; reading it here
 * rather than from the live document (collab.currentContent) keeps the Y.Doc build, the
 * serialisation and the hash of a long text off the event loop (100–240 ms for 30 pages).
 */
async function committedContent(services: Services, documentId: string): Promise<ExportContent> {
  const stored = await services.storage.loadDocumentState(documentId);
  const uptoSeq = stored.updates.at(-1)?.seq ?? stored.snapshot?.uptoSeq ?? 0;
  try {
    return await services.renderer.content({ snapshot: stored.snapshot?.state ?? null, updates: stored.updates.map((u) => u.data), uptoSeq });
  } catch (cause) {
    throw new AppError('unavailable', sentence('commandErrors.export.unreadable'), { cause });
  }
}

/**
 * Finds what an export prints and checks that the actor may export it: the document's
 * current text (from the live document when it is open, else from storage), or one stored
 * version. The policy is asked about the state of the text being exported, so a viewer may
 * take a published text but not an old draft version of it; an unknown or invisible
 * document, or an unknown version, is 404.
 */
export async function resolveExport(
  services: Services,
  actor: SessionUser,
  documentId: string,
  versionId: string | null,
): Promise<{ doc: DocumentRecord; source: ExportSource }> {
  const { storage } = services;
  const doc = await storage.findDocument(documentId);
  if (!doc || decide(actor, 'read', doc).verdict === 'hidden') throw new AppError('not_found');
  if (versionId !== null && !/^[A-Za-z0-9_-]{1,64}$/.test(versionId)) throw new AppError('not_found', sentence('commandErrors.versions.noSuchVersion'));

  const current = await committedContent(services, doc.id);
  let source: ExportSource;
  if (versionId === null) {
    // The current text: name the version that holds exactly this text, preferring the one
    // that sign-off is bound to (the published one, else the submitted one that approvals
    // name), so the footer matches the audit log's approve/publish entries.
    const versions = (await storage.listVersionSummaries(doc.id)).filter((v) => v.contentHash === current.contentHash);
    const same = versions.find((v) => v.id === doc.publishedVersionId) ?? versions.filter((v) => v.reason === 'submit').at(-1) ?? versions.at(-1) ?? null;
    source = {
      title: doc.title,
      kind: doc.kind,
      language: doc.language,
      datelinePlace: doc.datelinePlace,
      datelineDate: doc.datelineDate,
      embargoUntil: pendingEmbargo(doc, new Date()),
      state: doc.state,
      archivedFrom: doc.archivedFrom,
      versionId: same?.id ?? null,
      uptoSeq: current.uptoSeq,
      contentJson: current.contentJson,
      contentHash: current.contentHash,
    };
  } else {
    const version = await storage.findVersion(doc.id, versionId);
    if (!version) throw new AppError('not_found', sentence('commandErrors.versions.noSuchVersion'));
    // A version holding the document's current text is in the document's state (an
    // approved text's submit version is approved now); an older one keeps its own.
    const isCurrent = version.contentHash === current.contentHash;
    source = {
      title: version.meta.title,
      kind: version.meta.kind,
      language: version.meta.language,
      datelinePlace: version.meta.datelinePlace,
      datelineDate: version.meta.datelineDate,
      embargoUntil: isCurrent ? pendingEmbargo(doc, new Date()) : null,
      state: isCurrent ? doc.state : version.state,
      archivedFrom: isCurrent ? doc.archivedFrom : null,
      versionId: version.id,
      uptoSeq: version.uptoSeq,
      contentJson: version.contentJson,
      contentHash: version.contentHash,
    };
  }
  const decision = decide(actor, 'export', { ...doc, state: source.state });
  if (decision.verdict === 'hidden') throw new AppError('not_found');
  if (decision.verdict !== 'allow') throw new AppError('forbidden', decision.reason);
  return { doc, source };
}
