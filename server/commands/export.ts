import { createHash } from 'node:crypto';
import type { SessionUser } from '@/server/auth/session';
import type { Services } from '@/server/registry';
import { resolveExport } from '@/server/export/source';
import type { ExportFormat } from '@/server/export/renderer';
import { statementInput, type StatementInput } from '@/server/export/statement-data';
import { countSuggestions, rejectAll, type PMJson } from '@/lib/editor/suggestions';
import { formatAuditHead } from '@/server/audit';
import { letterheadLogo } from './settings';
import { organisation } from './organisation';
import { toAscii } from '@/lib/text/transliterate';
import { AppError } from '@/server/errors';
import { openThreadsForExport } from '@/server/queries/threads';
import { sentence } from '@/lib/i18n/sentence';

export interface ExportedFile {
  bytes: Uint8Array;
  /** ASCII, for `filename=` ("turk-dovletleri-teskilatinin-<id>.pdf"). */
  filename: string;
  /** With the real title, for RFC 6266 `filename*=UTF-8''…` ("Türk dövlətləri təşkilatının-<id>.pdf"). */
  unicodeFilename: string;
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
 * hash it carries. The file prints the audit head as it was before this entry (in its
 * last-page verification block, beside `<origin>/verify/<hash>`), and the entry records
 * that head, so the two can be matched. An export of a released text (a published one) also
 * records its file's SHA-256 with the entry, so that the file itself can be checked on
 * /verify (queries/verify.ts, verifyFile).
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
  origin: string,
  withComments = false,
): Promise<ExportedFile> {
  const { storage } = services;
  const { doc, source } = await resolveExport(services, actor, documentId, versionId);
  if (withComments && (format !== 'docx' || versionId !== null)) throw new AppError('bad_request', sentence('commandErrors.export.commentsDocxOnly'));
  const auditHead = formatAuditHead(await storage.auditHeadEntry());
  const logo = await letterheadLogo(storage);
  const org = await organisation(services);
  const statement = statementInput(source, { orgName: org.name, timeZone: org.timeZone, auditHead, logo, origin });
  if (withComments) statement.frame.comments = await openThreadsForExport(services, doc);
  if (format === 'pdf') withSuggestionsRejected(statement);
  const bytes = await services.renderer.render(statement, format);
  // Only a file that prints a released text (no DRAFT, no comments) can verify; whether that
  // text is public is asked again at each check, so an embargoed copy verifies once it passes.
  const released = source.state === 'published' && !withComments;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await storage.recordExport(
    {
      actorId: actor.id,
      documentId: doc.id,
      action: 'export',
      versionId: source.versionId,
      contentHash: source.contentHash,
      detail: {
        format,
        state: source.state,
        printedAuditHead: auditHead,
        ...(released ? { fileSha256: sha256 } : {}),
        ...(withComments ? { comments: statement.frame.comments?.length ?? 0 } : {}),
      },
    },
    released ? { sha256, documentId: doc.id, versionId: source.versionId, contentHash: source.contentHash, format } : null,
  );
  return { bytes, ...exportFilenames(source.title, doc.id, format), contentType: CONTENT_TYPES[format] };
}

/**
 * A PDF prints a draft's text with every open suggestion rejected, plus a line saying how
 * many are open (issue 21); the DOCX keeps them, as Word tracked changes (export/docx.ts).
 */
export function withSuggestionsRejected(statement: StatementInput): void {
  const body = JSON.parse(statement.bodyJson) as PMJson;
  const open = countSuggestions(body);
  if (open === 0) return;
  statement.bodyJson = JSON.stringify(rejectAll(body));
  statement.frame.suggestions = `${open === 1 ? '1 suggestion is' : `${open} suggestions are`} open in this draft; it is printed without ${open === 1 ? 'it' : 'them'}.`;
}

/**
 * The export's file names: an ASCII one, transliterated from the title (ə→e, Cyrillic to
 * Latin: lib/text/transliterate.ts) so no letter is lost, and one with the title as it is,
 * for browsers that read RFC 6266 `filename*`. Characters file systems refuse (/ \ : * ? " < > |,
 * controls) become spaces in the second.
 */
export function exportFilenames(title: string, id: string, ext: string): { filename: string; unicodeFilename: string } {
  const full = toAscii(title)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  // At most 80 characters, cut between words where one ends late enough.
  const cut = full.length <= 80 ? full : full.slice(0, 81);
  const slug = cut === full ? full : cut.lastIndexOf('-') > 40 ? cut.slice(0, cut.lastIndexOf('-')) : full.slice(0, 80);
  const readable = Array.from(
    title
      .normalize('NFC')
      .replace(/[\\/:*?"<>|\p{Cc}\p{Cf}]+/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  )
    .slice(0, 100)
    .join('')
    .trim();
  return { filename: `${slug || 'document'}-${id}.${ext}`, unicodeFilename: `${readable || 'document'}-${id}.${ext}` };
}
