import { decide } from '@/lib/policies';
import type { SessionUser } from '@/server/auth/session';
import { formatAuditHead } from '@/server/audit';
import { AppError } from '@/server/errors';
import { bilingualInput } from '@/server/export/bilingual';
import { resolveExport } from '@/server/export/source';
import { statementInput } from '@/server/export/statement-data';
import type { Services } from '@/server/registry';
import type { DocumentRecord } from '@/server/storage/types';
import { exportFilenames, withSuggestionsRejected, type ExportedFile } from './export';
import { organisation } from './organisation';
import { letterheadLogo } from './settings';
import { sentence } from '@/lib/i18n/sentence';

/**
 * The query of a bilingual export, as given: `bilingual=1` (beside the group's master) or
 * `with=<id>` (beside that version of the group); `version` is refused (current texts only).
 */
export interface BilingualQuery {
  bilingual: string | null;
  with: string | null;
  version: string | null;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The bilingual PDF of a language group (issue 23): the master and one translation in two
 * columns, top-level block beside top-level block, made for a delegation's check. Each text
 * is found, authorised and prepared exactly as the plain PDF does it (resolveExport: the
 * caller must be allowed to export each text in its state, so a viewer gets no draft; a
 * draft's open suggestions are printed rejected and counted; DRAFT while either text is
 * before approval), and the export is audited on both documents. Refusals, in the contract's
 * order: 404 when either document is unknown or not visible to the caller, or the other is not
 * in the same group (whether it exists is never revealed); 403 when the caller may not export
 * one of them; 422 when the pair is not a master and another version. Current texts only.
 */
export async function exportBilingualPdf(
  services: Services,
  actor: SessionUser,
  documentId: string,
  query: BilingualQuery,
  origin: string,
): Promise<ExportedFile> {
  const { storage } = services;
  const visible = async (id: string): Promise<DocumentRecord> => {
    const doc = ID.test(id) ? await storage.findDocument(id) : null;
    if (!doc || decide(actor, 'read', doc).verdict === 'hidden') throw new AppError('not_found');
    return doc;
  };
  const doc = await visible(documentId);
  if ((query.bilingual !== null && query.bilingual !== '1') || (query.bilingual === null) === (query.with === null) || query.version !== null) {
    const decision = decide(actor, 'export', doc);
    if (decision.verdict === 'hidden') throw new AppError('not_found');
    if (decision.verdict !== 'allow') throw new AppError('forbidden', decision.reason);
    throw new AppError('bad_request', sentence('commandErrors.export.bilingualParams'));
  }
  const group = await storage.findLanguageGroup(documentId);
  const otherId = query.with ?? group?.masterId;
  if (!group || !otherId || !group.members.some((m) => m.documentId === otherId)) {
    throw new AppError('not_found', sentence('commandErrors.export.noSuchLanguageVersion'));
  }
  await visible(otherId);
  // The master on the left; two translations side by side, the one asked for on the left.
  const [leftId, rightId] = documentId === group.masterId ? [documentId, otherId] : [otherId, documentId];
  const [left, right] = [await resolveExport(services, actor, leftId, null), await resolveExport(services, actor, rightId, null)];
  if (leftId === rightId) throw new AppError('unprocessable', sentence('commandErrors.export.bilingualIsMaster'));

  const auditHead = formatAuditHead(await storage.auditHeadEntry());
  const logo = await letterheadLogo(storage);
  const org = await organisation(services);
  const settings = { orgName: org.name, timeZone: org.timeZone, auditHead, logo, origin };
  const [master, translation] = [statementInput(left.source, settings), statementInput(right.source, settings)];
  withSuggestionsRejected(master);
  withSuggestionsRejected(translation);
  const bytes = await services.renderer.renderBilingual(bilingualInput(master, translation));
  for (const [one, other] of [
    [left, right],
    [right, left],
  ] as const) {
    await storage.recordExport(
      {
        actorId: actor.id,
        documentId: one.doc.id,
        action: 'export',
        versionId: one.source.versionId,
        contentHash: one.source.contentHash,
        detail: {
          format: 'pdf',
          state: one.source.state,
          printedAuditHead: auditHead,
          bilingual: { with: other.doc.id, language: other.source.language, contentHash: other.source.contentHash },
        },
      },
      // Never a released file: /verify checks files of one released text.
      null,
    );
  }
  const names = exportFilenames(`${right.source.title} ${left.source.language}-${right.source.language}`, right.doc.id, 'pdf');
  return { bytes, ...names, contentType: 'application/pdf' };
}
