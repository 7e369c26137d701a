import path from 'node:path';
import { MAX_TITLE_CHARS } from '@/lib/text/document';
import type { SessionUser } from '@/server/auth/session';
import { AppError } from '@/server/errors';
import type { Services } from '@/server/registry';
import { acceptableNewDocument, createDocumentWithContentJson } from './documents';
import { authorize } from './guard';
import { sentence } from '@/lib/i18n/sentence';

/** Files larger than this are refused (413): the request body is not read past this (plus the form's own bytes). */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** Room in the request body for the multipart boundaries, headers and the other fields. */
export const IMPORT_FORM_OVERHEAD = 64 * 1024;
const tooLarge = () => sentence('commandErrors.import.tooLarge', { mb: MAX_IMPORT_BYTES / 1024 / 1024 });

export interface ImportResult {
  id: string;
  title: string;
  /** What the import changed or left out, one sentence each; empty when everything came through. */
  warnings: string[];
}

/**
 * Creates a document from a Markdown or DOCX file. The file is converted to the editor's
 * ProseMirror JSON and checked against the editor schema in the import process
 * (services.importer: off the event loop, capped in memory and time, the file's ZIP sizes,
 * markup and resulting document held to limits, see docs/ARCHITECTURE.md), then handed to
 * createDocumentWithContentJson — the same path as a new document's skeleton: written through the Yjs
 * update path (services.collab.replaceContent) as the importing user, exactly like typing,
 * so the log, attribution and history see it as an edit. Error order: 403 (role), 413 (a
 * body or file too large: `readForm` stops reading at the limit), 400 (no file or an
 * unknown type), 413 (a file that unpacks or converts to more than the limits), 422
 * (unreadable file, one that exhausts the import process's memory or time, or
 * kind/language not acceptable), 503 (too many imports waiting).
 * Form fields: `file`, optional `title` (else the first heading, which then leaves the
 * body, else the file name),
 * `kind` (default statement), `language` (default en).
 */
export async function importDocument(
  services: Services,
  actor: SessionUser,
  readForm: (maxBytes: number, tooLarge: string) => Promise<FormData | null>,
): Promise<ImportResult> {
  authorize(actor, 'create');
  const form = await readForm(MAX_IMPORT_BYTES + IMPORT_FORM_OVERHEAD, tooLarge());
  const file = form?.get('file');
  if (!form || !file || typeof file === 'string') throw new AppError('bad_request', sentence('commandErrors.import.fileForm'));
  const ext = path.extname(file.name).toLowerCase();
  const format = ext === '.md' || ext === '.markdown' ? 'markdown' : ext === '.docx' ? 'docx' : null;
  if (!format) throw new AppError('bad_request', sentence('commandErrors.import.format'));
  if (file.size > MAX_IMPORT_BYTES) throw new AppError('too_large', tooLarge());
  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' && value.trim() ? value.trim() : null;
  };

  const bytes = new Uint8Array(await file.arrayBuffer());
  // Without a title, the first heading becomes it and leaves the body (else it would show twice).
  const given = field('title');
  const converted = await services.importer.convert(format, bytes, { headingIsTitle: given === null });
  const title = (given ?? converted.firstHeading ?? path.basename(file.name, ext)).slice(0, MAX_TITLE_CHARS);
  const { record } = acceptableNewDocument(actor, { title, kind: field('kind') ?? 'statement', language: field('language') ?? 'en' });
  const doc = await createDocumentWithContentJson(services, actor, record, converted.contentJson, converted.intoEmpty);
  // In English here, as every sentence a command writes; the route words them for the reader.
  return { id: doc.id, title: doc.title, warnings: converted.warnings.map((note) => sentence(note.key, note.values)) };
}
