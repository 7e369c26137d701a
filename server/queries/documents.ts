import { abilities, can, mayBeNamedReviewer } from '../../lib/policies';
import { quorumFor } from '../../lib/workflow/states';
import type { DocumentView } from '../../lib/text/document';
import type { SessionUser } from '../auth/session';
import { userName } from '../auth/session';
import { authorizeDocument } from '../commands/guard';
import type { DocumentRecord, Storage } from '../storage/types';

/** Presents a stored document as the API and the pages show it, with the actor's abilities. */
export async function presentDocument(
  storage: Storage,
  actor: SessionUser,
  doc: DocumentRecord,
  names = new Map<string, string>(),
): Promise<DocumentView> {
  const person = async (id: string | null) => (id ? { id, name: (await userName(storage, id, names)) ?? 'Former user' } : null);
  const approvals = doc.reviewRound > 0 && doc.state !== 'draft' ? await storage.listApprovals(doc.id, doc.reviewRound) : [];
  const audit = await storage.listAudit(doc.id);
  const commented = audit.filter((e) => typeof e.detail.comment === 'string').at(-1);
  return {
    id: doc.id,
    title: doc.title,
    kind: doc.kind,
    language: doc.language,
    state: doc.state,
    dateline: doc.datelinePlace || doc.datelineDate ? { place: doc.datelinePlace ?? '', date: doc.datelineDate } : null,
    embargoUntil: doc.embargoUntil?.toISOString() ?? null,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
    createdBy: await person(doc.createdBy),
    updatedBy: await person(doc.updatedBy),
    submittedBy: doc.state === 'draft' ? null : await person(doc.submittedBy),
    submittedAt: doc.state === 'draft' ? null : (doc.submittedAt?.toISOString() ?? null),
    approvals: {
      count: approvals.length,
      quorum: quorumFor(doc.kind),
      approvers: (await Promise.all(approvals.map((a) => person(a.approverId)))).filter((p): p is { id: string; name: string } => p !== null),
    },
    publishedVersionId: doc.publishedVersionId,
    publishedAt: doc.publishedAt?.toISOString() ?? null,
    lastComment: commented
      ? { action: commented.action, text: String(commented.detail.comment), by: (await userName(storage, commented.actorId, names)) ?? 'Former user', at: commented.at }
      : null,
    abilities: abilities(actor, doc),
  };
}

/** The documents the actor may see (restricted ones only to members and admins). */
export async function listDocuments(storage: Storage, actor: SessionUser): Promise<DocumentView[]> {
  const names = new Map<string, string>();
  const visible = (await storage.listDocuments()).filter((doc) => can(actor, 'read', doc));
  return Promise.all(visible.map((doc) => presentDocument(storage, actor, doc, names)));
}

/** One document's metadata; 404 when unknown or not visible to the actor. */
export async function getDocument(storage: Storage, actor: SessionUser, documentId: string): Promise<DocumentView> {
  const { doc } = await authorizeDocument(storage, actor, documentId, 'read');
  return presentDocument(storage, actor, doc);
}

/** The people who could be named to review or approve this document (for the submit dialog). */
export async function possibleReviewers(storage: Storage, actor: SessionUser, documentId: string): Promise<{ email: string; name: string; role: string }[]> {
  const { doc } = await authorizeDocument(storage, actor, documentId, 'read');
  return (await storage.listUsers())
    .filter((u) => u.active && u.id !== actor.id && mayBeNamedReviewer(u, doc, actor.id))
    .map((u) => ({ email: u.email, name: u.name, role: u.role }));
}
