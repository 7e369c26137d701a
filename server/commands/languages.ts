import { z } from 'zod';
import { decideOnLanguages, type LanguageAction } from '@/lib/policies';
import { knownLanguageTag } from '@/lib/languages/tags';
import { datelineSchema } from '@/lib/text/document-input';
import type { SessionUser } from '@/server/auth/session';
import { CLOSE, AppError } from '@/server/errors';
import type { Services } from '@/server/registry';
import { presentGroup, type LanguageGroupView } from '@/server/queries/languages';
import { isLanguageGroupConflict, type AlignedWith, type DocumentRecord, type NewDocument } from '@/server/storage/types';
import { createDocumentWithContentJson } from './documents';
import { parseBody } from './guard';
import { takeVersion } from './versions';
import { sentence } from '@/lib/i18n/sentence';

/**
 * Linked language versions (issue 23): adding a version to a document's group, marking a
 * version aligned with the master's text, and (admins) changing the master. Each refuses in
 * the contract's order: 404, 403, 400, 422, 409. Every write is audited.
 */

const addSchema = z
  .object({
    language: z.string().max(64),
    startFrom: z.enum(['copy', 'empty']),
    title: z.string().max(300).optional(),
    dateline: datelineSchema.nullable().optional(),
  })
  .strict();
const alignSchema = z.object({ masterVersionId: z.string().min(1).max(100) }).strict();
const masterSchema = z.object({ masterId: z.string().min(1).max(100) }).strict();

/** The document, judged for a language action: 404 hidden, 403 forbidden; a wrong state is returned for later (409). */
async function judged(services: Services, actor: SessionUser, documentId: string, action: LanguageAction) {
  const doc = await services.storage.findDocument(documentId);
  const decision = doc ? decideOnLanguages(actor, action, doc) : ({ verdict: 'hidden' } as const);
  if (!doc || decision.verdict === 'hidden') throw new AppError('not_found');
  if (decision.verdict === 'forbidden') throw new AppError('forbidden', decision.reason);
  return { doc, wrongState: decision.verdict === 'wrong_state' ? decision.reason : null };
}

/**
 * "Add a language version" from any document: `{language, startFrom: "copy"|"empty", title?,
 * dateline?}`. The new draft joins the document's group (one is made, with this document as
 * its master, when it has none) with the master's kind, and the title and dateline given (by
 * default the master's: the translator changes them). `copy` starts it from the master's
 * current text through the Yjs update path (as the actor, like an import) and records it as
 * aligned with that text (a version of the master, taken unless the newest one is that text);
 * `empty` starts it blank and aligned with nothing (stale until marked aligned). A restricted
 * master's versions get its members. 422 for a language that is not a known BCP 47 language,
 * 409 for a language the group has already, or an archived document.
 */
export async function addLanguageVersion(services: Services, actor: SessionUser, documentId: string, body: unknown): Promise<DocumentRecord> {
  const { storage, collab } = services;
  const { doc, wrongState } = await judged(services, actor, documentId, 'add_language');
  const input = parseBody(addSchema, body);
  const language = knownLanguageTag(input.language);
  if (!language) throw new AppError('unprocessable', sentence('commandErrors.languages.notLanguageTag', { language: input.language }));
  const title = (input.title ?? '').normalize('NFC').trim();
  if (input.title !== undefined && !title) throw new AppError('unprocessable', sentence('commandErrors.languages.titleMissing'));
  if (wrongState) throw new AppError('conflict', wrongState);

  const group = await storage.findLanguageGroup(doc.id);
  const master = group ? await storage.findDocument(group.masterId) : doc;
  if (!master) throw new AppError('not_found');
  const languages = group ? group.members.map((m) => m.language) : [doc.language];
  if (languages.includes(language)) throw new AppError('conflict', sentence('commandErrors.languages.alreadyHasVersion', undefined, { language }));

  return services.documentLocks.run(master.id, async () => {
    const record: NewDocument = {
      title: title || master.title,
      kind: master.kind,
      language,
      datelinePlace: input.dateline === undefined ? master.datelinePlace : input.dateline?.place.trim() || null,
      datelineDate: input.dateline === undefined ? master.datelineDate : (input.dateline?.date ?? null),
      createdBy: actor.id,
    };
    let created: DocumentRecord;
    let alignedWith: AlignedWith | null = null;
    if (input.startFrom === 'copy') {
      const content = await collab.currentContent(master.id);
      const newest = (await storage.listVersionSummaries(master.id)).at(-1);
      const version = newest?.contentHash === content.contentHash ? newest : await takeVersion(services, master, actor.id, 'language', null);
      alignedWith = { versionId: version.id, contentHash: version.contentHash };
      created = await createDocumentWithContentJson(services, actor, record, content.contentJson);
    } else {
      created = await storage.createDocument(record);
    }
    if (master.restricted) {
      created = await storage.setDocumentAccess(created.id, true, master.memberIds, {
        actorId: actor.id,
        documentId: created.id,
        action: 'access',
        versionId: null,
        contentHash: null,
        detail: { restricted: true, sharedFrom: master.id },
      });
    }
    try {
      await storage.joinLanguageGroup({
        masterId: master.id,
        documentId: created.id,
        alignedWith,
        by: actor.id,
        audit: {
          actorId: actor.id,
          documentId: created.id,
          action: 'language.add',
          versionId: alignedWith?.versionId ?? null,
          contentHash: alignedWith?.contentHash ?? null,
          detail: { masterId: master.id, language, startFrom: input.startFrom },
        },
      });
    } catch (err) {
      if (!isLanguageGroupConflict(err)) throw err;
      // Another request added this language (or regrouped the master) meanwhile: the new draft goes.
      await collab.deleteDocument(created.id, () =>
        storage.deleteDraft(created.id, {
          actorId: actor.id,
          documentId: created.id,
          action: 'document.delete',
          versionId: null,
          contentHash: null,
          detail: { title: created.title, kind: created.kind, reason: 'language version refused' },
        }),
      );
      throw new AppError('conflict', sentence('commandErrors.languages.alreadyHasVersion', undefined, { language }));
    }
    return (await storage.findDocument(created.id)) ?? created;
  });
}

/**
 * "Mark aligned": `{masterVersionId}` records that this language version follows that text
 * of the master (a version id of the master, or "current" for its text now, taken as a
 * version unless the newest one is it). Audited with the version and its content hash.
 * 422 for a version of another document; 409 for a document in no group, the master
 * itself, or a version that is not a draft.
 */
export async function markAligned(services: Services, actor: SessionUser, documentId: string, body: unknown): Promise<LanguageGroupView> {
  const { storage, collab } = services;
  const { doc, wrongState } = await judged(services, actor, documentId, 'align');
  const input = parseBody(alignSchema, body);
  const group = await storage.findLanguageGroup(doc.id);
  let aligned: AlignedWith | null = null;
  if (group && input.masterVersionId !== 'current') {
    const version = await storage.findVersion(group.masterId, input.masterVersionId);
    if (!version) throw new AppError('unprocessable', sentence('commandErrors.languages.notMasterVersion'));
    aligned = { versionId: version.id, contentHash: version.contentHash };
  }
  if (!group) throw new AppError('conflict', sentence('commandErrors.languages.nothingToAlign'));
  if (group.masterId === doc.id) throw new AppError('conflict', sentence('commandErrors.languages.isMaster'));
  if (wrongState) throw new AppError('conflict', wrongState);
  if (!aligned) {
    const master = await storage.findDocument(group.masterId);
    if (!master) throw new AppError('conflict', sentence('commandErrors.languages.masterGone'));
    const content = await collab.currentContent(master.id);
    const newest = (await storage.listVersionSummaries(master.id)).at(-1);
    const version = newest?.contentHash === content.contentHash ? newest : await takeVersion(services, master, actor.id, 'language', null);
    aligned = { versionId: version.id, contentHash: version.contentHash };
  }
  const after = await storage.setLanguageAlignment(doc.id, aligned, actor.id, {
    actorId: actor.id,
    documentId: doc.id,
    action: 'language.aligned',
    versionId: aligned.versionId,
    contentHash: aligned.contentHash,
    detail: { masterId: group.masterId },
  });
  if (!after) throw new AppError('conflict', sentence('commandErrors.languages.leftGroup'));
  return presentGroup(storage, collab, actor, after);
}

/**
 * Makes another version of the group its master: `{masterId}` (admins only, audited on the
 * new master). Every other version is then aligned with nothing until marked aligned with
 * the new master's text. 422 for a document that is not in this group; 409 for one in none.
 */
export async function changeMaster(services: Services, actor: SessionUser, documentId: string, body: unknown): Promise<LanguageGroupView> {
  const { storage, collab } = services;
  const { doc } = await judged(services, actor, documentId, 'set_master');
  const input = parseBody(masterSchema, body);
  const group = await storage.findLanguageGroup(doc.id);
  if (group && !group.members.some((m) => m.documentId === input.masterId)) throw new AppError('unprocessable', sentence('commandErrors.languages.notInGroup'));
  if (!group) throw new AppError('conflict', sentence('commandErrors.languages.noVersions'));
  const after = await storage.setLanguageMaster(input.masterId, {
    actorId: actor.id,
    documentId: input.masterId,
    action: 'language.master',
    versionId: null,
    contentHash: null,
    detail: { from: group.masterId, to: input.masterId },
  });
  if (!after) throw new AppError('conflict', sentence('commandErrors.languages.otherLeftGroup'));
  return presentGroup(storage, collab, actor, after);
}

/**
 * After a master's access changed: its language versions get the same restriction and
 * members (a restricted master's versions share its members), each audited, their sockets
 * closed to be judged again.
 */
export async function shareAccessWithLanguageVersions(
  services: Pick<Services, 'storage' | 'collab'>,
  actor: SessionUser,
  master: DocumentRecord,
): Promise<void> {
  const group = await services.storage.findLanguageGroup(master.id);
  if (!group || group.masterId !== master.id) return;
  for (const member of group.members) {
    if (member.documentId === master.id) continue;
    await services.storage.setDocumentAccess(member.documentId, master.restricted, master.memberIds, {
      actorId: actor.id,
      documentId: member.documentId,
      action: 'access',
      versionId: null,
      contentHash: null,
      detail: { restricted: master.restricted, sharedFrom: master.id },
    });
    services.collab.closeDocumentSockets(member.documentId, CLOSE.reauthorize, 'access changed');
  }
}
