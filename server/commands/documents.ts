import {
  DOCUMENT_KINDS,
  canonicalLanguageTag,
  createDocumentSchema,
  updateDocumentSchema,
  type DocumentKind,
} from '../../lib/text/document';
import type { SessionUser } from '../auth/session';
import { AppError } from '../errors';
import type { Storage } from '../storage/types';
import { authorize, authorizeDocument, parseBody } from './guard';

function acceptableTitle(title: string): string {
  const trimmed = title.normalize('NFC').trim();
  if (!trimmed) throw new AppError('unprocessable', 'Give the document a title.');
  return trimmed;
}

function acceptableLanguage(language: string): string {
  const tag = canonicalLanguageTag(language);
  if (!tag) throw new AppError('unprocessable', `“${language}” is not a language tag; use one such as az, kk or en.`);
  return tag;
}

function acceptableDate(date: string | null | undefined): string | null {
  if (!date) return null;
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) {
    throw new AppError('unprocessable', `${date} is not a calendar date.`);
  }
  return date;
}

/**
 * Creates a draft. Drafters and above may; the creator is recorded as its first editor.
 * Body: `{title, kind, language, dateline?: {place, date}}`.
 */
export async function createDocument(storage: Storage, actor: SessionUser, body: unknown) {
  authorize(actor, 'create');
  const input = parseBody(createDocumentSchema, body);
  if (!(DOCUMENT_KINDS as readonly string[]).includes(input.kind)) {
    throw new AppError('unprocessable', `Kind must be one of ${DOCUMENT_KINDS.join(', ')}.`);
  }
  return storage.createDocument({
    title: acceptableTitle(input.title),
    kind: input.kind as DocumentKind,
    language: acceptableLanguage(input.language),
    datelinePlace: input.dateline?.place.trim() || null,
    datelineDate: acceptableDate(input.dateline?.date),
    createdBy: actor.id,
  });
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
  if (wrongState) throw new AppError('conflict', 'Only drafts can be changed. Ask for the document to be reopened.');
  return storage.updateDocument(documentId, { ...patch, updatedBy: actor.id });
}
