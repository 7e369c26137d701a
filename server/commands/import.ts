import path from 'node:path';
import type { SessionUser } from '../auth/session';
import { AppError } from '../errors';
import { docxToContent } from '../import/docx';
import { markdownToContent } from '../import/markdown';
import type { Services } from '../registry';
import { acceptableNewDocument, createDocumentWithContent } from './documents';
import { authorize } from './guard';

/** Files larger than this are refused (413): the request body is not read past this (plus the form's own bytes). */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** Room in the request body for the multipart boundaries, headers and the other fields. */
export const IMPORT_FORM_OVERHEAD = 64 * 1024;
const TOO_LARGE = `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`;

export interface ImportResult {
  id: string;
  title: string;
  /** What the import changed or left out, one sentence each; empty when everything came through. */
  warnings: string[];
}

/**
 * Creates a document from a Markdown or DOCX file. The file is converted to the editor's
 * ProseMirror JSON and handed to createDocumentWithContent — the same path as a new
 * document's skeleton: checked against the editor schema, then written through the Yjs
 * update path (services.collab.replaceContent) as the importing user, exactly like typing,
 * so the log, attribution and history see it as an edit. Error order: 403 (role), 413 (a
 * body or file too large: `readForm` stops reading at the limit), 400 (no file or an
 * unknown type), 422 (unreadable file, or kind/language not acceptable).
 * Form fields: `file`, optional `title` (else the first heading, else the file name),
 * `kind` (default statement), `language` (default en).
 */
export async function importDocument(
  services: Services,
  actor: SessionUser,
  readForm: (maxBytes: number, tooLarge: string) => Promise<FormData | null>,
): Promise<ImportResult> {
  authorize(actor, 'create');
  const form = await readForm(MAX_IMPORT_BYTES + IMPORT_FORM_OVERHEAD, TOO_LARGE);
  const file = form?.get('file');
  if (!form || !file || typeof file === 'string') throw new AppError('bad_request', 'Send the file as multipart form data in the field “file”.');
  const ext = path.extname(file.name).toLowerCase();
  const format = ext === '.md' || ext === '.markdown' ? 'markdown' : ext === '.docx' ? 'docx' : null;
  if (!format) throw new AppError('bad_request', 'Import a Markdown (.md) or Word (.docx) file.');
  if (file.size > MAX_IMPORT_BYTES) throw new AppError('too_large', TOO_LARGE);
  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' && value.trim() ? value.trim() : null;
  };

  const bytes = Buffer.from(await file.arrayBuffer());
  let converted: Awaited<ReturnType<typeof docxToContent>>;
  try {
    converted = format === 'markdown' ? markdownToContent(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) : await docxToContent(bytes);
  } catch (cause) {
    throw new AppError('unprocessable', format === 'markdown' ? 'The file is not UTF-8 text.' : 'The file could not be read as a Word document.', { cause });
  }
  const title = (field('title') ?? converted.firstHeading ?? path.basename(file.name, ext)).slice(0, 300);
  const { record } = acceptableNewDocument(actor, { title, kind: field('kind') ?? 'statement', language: field('language') ?? 'en' });
  const doc = await createDocumentWithContent(services, actor, record, converted.doc);
  return { id: doc.id, title: doc.title, warnings: converted.warnings };
}
