import type { SessionUser } from '../auth/session';
import type { Services } from '../registry';
import { resolveExport } from '../export/source';
import { statementData } from '../export/statement-data';

export interface ExportedFile {
  bytes: Uint8Array;
  filename: string;
  contentType: string;
}

/**
 * Exports a document (its current text, or one version) as a print-ready PDF: authorise,
 * resolve the text, render it off the event loop (services.pdf, a pool of worker threads),
 * then write the export to the audit log with the version and content hash it carries.
 * The PDF prints the audit head as it was before this entry, so the entry can be found.
 */
export async function exportPdf(services: Services, actor: SessionUser, documentId: string, versionId: string | null): Promise<ExportedFile> {
  const { storage, env } = services;
  const { doc, source } = await resolveExport(services, actor, documentId, versionId);
  const auditHead = await storage.auditHead();
  const data = statementData(source, { orgName: env.ORG_NAME, timeZone: env.ORG_TIMEZONE, auditHead });
  const bytes = await services.pdf.render(data);
  await storage.appendAudit({
    actorId: actor.id,
    documentId: doc.id,
    action: 'export',
    versionId: source.versionId,
    contentHash: source.contentHash,
    detail: { format: 'pdf', state: source.state, printedAuditHead: auditHead },
  });
  return { bytes, filename: exportFilename(source.title, doc.id, 'pdf'), contentType: 'application/pdf' };
}

/** A safe ASCII file name for Content-Disposition ("statement-on-x-<id>.pdf"); the UTF-8 name goes in filename*. */
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
