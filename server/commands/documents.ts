import { decide } from '@/lib/policies';
import { DOCUMENT_KINDS, canonicalLanguageTag, type DocumentKind } from '@/lib/text/document';
import { createDocumentSchema, updateDocumentSchema } from '@/lib/text/document-input';
import type { SessionUser } from '@/server/auth/session';
import { AppError } from '@/server/errors';
import { skeletonFor } from '@/lib/text/skeletons';
import { validatedContentJson } from '@/server/import/validate';
import type { Services } from '@/server/registry';
import type { DocumentRecord, NewDocument, Storage } from '@/server/storage/types';
import { authorize, authorizeDocument, parseBody } from './guard';
import { languageFreeInGroup } from './language-release';
import { sentence } from '@/lib/i18n/sentence';

function acceptableTitle(title: string): string {
  const trimmed = title.normalize('NFC').trim();
  if (!trimmed) throw new AppError('unprocessable', sentence('commandErrors.documents.titleMissing'));
  return trimmed;
}

function acceptableLanguage(language: string): string {
  const tag = canonicalLanguageTag(language);
  if (!tag) throw new AppError('unprocessable', sentence('commandErrors.documents.notLanguageTag', { language }));
  return tag;
}

function acceptableDate(date: string | null | undefined): string | null {
  if (!date) return null;
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) {
    throw new AppError('unprocessable', sentence('commandErrors.documents.notCalendarDate', { date }));
  }
  return date;
}

/**
 * Creates a draft. Drafters and above may; the creator is recorded as its first editor.
 * Body: `{title, kind, language, dateline?: {place, date}, skeleton?: boolean}`.
 *
 * The document starts empty unless `skeleton` is true (the new-document dialog asks for
 * it; the REST default stays empty so the contract's documents start as they always did),
 * in which case it starts from its kind's skeleton in its language (lib/text/skeletons.ts).
 */
export async function createDocument(services: Pick<Services, 'storage' | 'collab'>, actor: SessionUser, body: unknown): Promise<DocumentRecord> {
  const { record, skeleton } = acceptableNewDocument(actor, body);
  if (!skeleton) return services.storage.createDocument(record);
  const dateline = record.datelinePlace || record.datelineDate ? { place: record.datelinePlace ?? '', date: record.datelineDate } : null;
  return createDocumentWithContent(services, actor, record, skeletonFor({ ...record, dateline }));
}

/**
 * The one way a document starts with content, shared by import and skeletons: the content
 * (ProseMirror JSON) is checked against the editor schema first (422, nothing created),
 * then the document is stored, then the content enters through the Yjs update path
 * (collab.replaceContent) as `actor`, logged and attributed like typing. There is no
 * second write path that could set a body beside the collaborative state.
 */
export async function createDocumentWithContent(
  services: Pick<Services, 'storage' | 'collab'>,
  actor: SessionUser,
  record: NewDocument,
  content: unknown,
): Promise<DocumentRecord> {
  authorize(actor, 'create');
  return createDocumentWithContentJson(services, actor, record, validatedContentJson(content));
}

/**
 * createDocumentWithContent for content already checked against the editor schema and in
 * canonical JSON: an import, checked in the import process (server/import/convert.ts), so
 * a large file's check never runs on the event loop. `intoEmpty`, when the import process
 * built it, is the Yjs update that writes the body into the new (empty) document.
 */
export async function createDocumentWithContentJson(
  services: Pick<Services, 'storage' | 'collab'>,
  actor: SessionUser,
  record: NewDocument,
  contentJson: string,
  intoEmpty?: Uint8Array,
): Promise<DocumentRecord> {
  authorize(actor, 'create');
  const doc = await services.storage.createDocument(record);
  await services.collab.replaceContent(doc.id, actor, contentJson, intoEmpty);
  return doc;
}

/**
 * Checks a create body in the contract's order — 403 (role), 400 (shape), 422 (a kind,
 * language or date that is not acceptable) — and returns the record to store and whether
 * the document should start from its kind's skeleton.
 */
export function acceptableNewDocument(actor: SessionUser, body: unknown): { record: NewDocument; skeleton: boolean } {
  authorize(actor, 'create');
  const input = parseBody(createDocumentSchema, body);
  if (!(DOCUMENT_KINDS as readonly string[]).includes(input.kind)) {
    throw new AppError('unprocessable', sentence('commandErrors.documents.kindUnknown', { kinds: DOCUMENT_KINDS.join(', ') }));
  }
  const record: NewDocument = {
    title: acceptableTitle(input.title),
    kind: input.kind as DocumentKind,
    language: acceptableLanguage(input.language),
    datelinePlace: input.dateline?.place.trim() || null,
    datelineDate: acceptableDate(input.dateline?.date),
    createdBy: actor.id,
  };
  return { record, skeleton: input.skeleton === true };
}

/**
 * Changes the title, language and/or dateline of a draft. The error order is the
 * contract's: 404, 403, 400, 422, then 409 when the document is no longer a draft.
 */
export async function updateDocument(storage: Storage, actor: SessionUser, documentId: string, body: unknown) {
  const { wrongState } = await authorizeDocument(storage, actor, documentId, 'update');
  const input = parseBody(updateDocumentSchema, body);
  const patch = {
    title: input.title === undefined ? undefined : acceptableTitle(input.title),
    language: input.language === undefined ? undefined : acceptableLanguage(input.language),
    datelinePlace: input.dateline === undefined ? undefined : input.dateline?.place.trim() || null,
    datelineDate: input.dateline === undefined ? undefined : acceptableDate(input.dateline?.date),
  };
  if (wrongState) throw new AppError('conflict', sentence('commandErrors.documents.onlyDraftsChange'));
  if (patch.language !== undefined) await languageFreeInGroup(storage, documentId, patch.language);
  return storage.updateDocument(documentId, { ...patch, updatedBy: actor.id });
}

/**
 * Deletes a draft that was never submitted (a test or a mistake), for its creator or an
 * admin, in the contract's order: 404, 403, then 409 once it was ever submitted (it is
 * archived instead; its record stays). Under the document's lock, so a submission cannot
 * slip in between; the live copy's writes settle first, and once the rows are gone its
 * sockets close and it leaves memory without writing. The audit log keeps the deletion.
 */
export async function deleteDraft(services: Pick<Services, 'storage' | 'collab' | 'documentLocks'>, actor: SessionUser, documentId: string): Promise<void> {
  const { storage, collab } = services;
  const judged = async () => {
    const doc = await storage.findDocument(documentId);
    const decision = doc ? decide(actor, 'delete', doc) : ({ verdict: 'hidden' } as const);
    if (decision.verdict === 'hidden') throw new AppError('not_found');
    if (decision.verdict !== 'allow') throw new AppError(decision.verdict === 'forbidden' ? 'forbidden' : 'conflict', decision.reason);
    return doc!;
  };
  await judged();
  await services.documentLocks.run(documentId, async () => {
    const doc = await judged();
    const deleted = await collab.deleteDocument(documentId, () =>
      storage.deleteDraft(documentId, {
        actorId: actor.id,
        documentId,
        action: 'document.delete',
        versionId: null,
        contentHash: null,
        detail: { title: doc.title, kind: doc.kind },
      }),
    );
    if (!deleted) throw new AppError('conflict', sentence('commandErrors.documents.submittedMeanwhile'));
  });
}
