import { abilities, can } from '../../lib/policies';
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
  const [createdByName, updatedByName] = [await userName(storage, doc.createdBy, names), await userName(storage, doc.updatedBy, names)];
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
    createdBy: doc.createdBy && createdByName ? { id: doc.createdBy, name: createdByName } : null,
    updatedBy: doc.updatedBy && updatedByName ? { id: doc.updatedBy, name: updatedByName } : null,
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
