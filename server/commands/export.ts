import type { SessionUser } from '../auth/session';
import type { Services } from '../registry';
import { resolveExport } from '../export/source';
import type { ExportFormat } from '../export/renderer';
import { statementInput } from '../export/statement-data';
import { formatAuditHead } from '../audit';
import { letterheadLogo } from './settings';
import { AppError } from '../errors';
import { openThreadsForExport } from '../queries/threads';

export interface ExportedFile {
  bytes: Uint8Array;
  filename: string;
  contentType: string;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/**
 * Exports a document (its current text, or one version) as a print-ready PDF or an
 * editable DOCX: authorise, resolve the text, render it (in worker threads, off the
 * event loop: services.renderer), then write the export to the audit log with the version and content
 * hash it carries. The file prints the audit head as it was before this entry, and the
 * entry records that head, so the two can be matched.
 *
 * `withComments` (DOCX only, the current text only): the open comment threads are written
 * as Word comments on their passages. Without it no export prints a comment.
 */
export async function exportDocument(
  services: Services,
  actor: SessionUser,
  documentId: string,
  versionId: string | null,
  format: ExportFormat,
  withComments = false,
): Promise<ExportedFile> {
  const { storage, env } = services;
  const { doc, source } = await resolveExport(services, actor, documentId, versionId);
  if (withComments && (format !== 'docx' || versionId !== null)) throw new AppError('bad_request', 'Comments are exported only in a DOCX of the current text.');
  const auditHead = formatAuditHead(await storage.auditHeadEntry());
  const logo = await letterheadLogo(storage);
  const statement = statementInput(source, { orgName: env.ORG_NAME, timeZone: env.ORG_TIMEZONE, auditHead, logo });
  if (withComments) statement.frame.comments = await openThreadsForExport(services, doc);
  const bytes = await services.renderer.render(statement, format);
  await storage.appendAudit({
    actorId: actor.id,
    documentId: doc.id,
    action: 'export',
    versionId: source.versionId,
    contentHash: source.contentHash,
    detail: { format, state: source.state, printedAuditHead: auditHead, ...(withComments ? { comments: statement.frame.comments?.length ?? 0 } : {}) },
  });
  return { bytes, filename: exportFilename(source.title, doc.id, format), contentType: CONTENT_TYPES[format] };
}

/** A safe ASCII file name for Content-Disposition ("statement-on-x-<id>.pdf"). */
export function exportFilename(title: string, id: string, ext: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'document'}-${id}.${ext}`;
}
