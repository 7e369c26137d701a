import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { SessionUser } from '@/server/auth/session';
import type { DocumentContent } from '@/server/collab/content';
import { AppError } from '@/server/errors';
import type { Services } from '@/server/registry';
import type { DocumentRecord, Storage, VersionRecord } from '@/server/storage/types';
import { authorizeDocument, parseBody } from './guard';
import { sentence } from '@/lib/i18n/sentence';
import { beforeRestoringLabel } from '@/lib/text/version-labels';

const labelSchema = z.object({ label: z.string().max(200) }).strict();

/** Takes a version of the current text: named by a person, automatic, or before a restore. */
export async function takeVersion(
  services: Services,
  doc: DocumentRecord,
  userId: string | null,
  reason: string,
  label: string | null,
): Promise<VersionRecord> {
  const content = await services.collab.currentContent(doc.id);
  const meta = { title: doc.title, kind: doc.kind, language: doc.language, datelinePlace: doc.datelinePlace, datelineDate: doc.datelineDate };
  return services.storage.createVersion({ id: randomUUID(), documentId: doc.id, label, reason, state: doc.state, createdBy: userId, meta, ...content });
}

/** `{label}`: anyone who may edit the draft saves a named version ("Sent to legal"). */
export async function saveNamedVersion(services: Services, actor: SessionUser, documentId: string, body: unknown): Promise<VersionRecord> {
  const { doc, wrongState } = await authorizeDocument(services.storage, actor, documentId, 'edit');
  const { label } = parseBody(labelSchema, body);
  const name = label.trim();
  if (!name) throw new AppError('unprocessable', sentence('commandErrors.versions.nameMissing'));
  if (wrongState) throw new AppError('conflict', sentence('commandErrors.versions.namedInDraft'));
  return takeVersion(services, doc, actor.id, 'named', name);
}

/**
 * Makes a version the current text again, for everyone live: the change goes through the
 * same path as typing (the update log, attributed to the person restoring, then relayed).
 * Nothing is lost: the text before the restore is kept as a version, and the restore is
 * on the audit log. Drafts only (409 otherwise).
 */
export async function restoreVersion(services: Services, actor: SessionUser, documentId: string, versionId: string): Promise<VersionRecord> {
  const { storage, collab } = services;
  const { doc, wrongState } = await authorizeDocument(storage, actor, documentId, 'edit');
  const target = await storage.findVersion(documentId, versionId);
  if (!target) throw new AppError('not_found', sentence('commandErrors.versions.noSuchVersion'));
  if (wrongState) throw new AppError('conflict', sentence('commandErrors.versions.restoreDraftOnly'));
  return services.documentLocks.run(documentId, async () => {
    const before = await takeVersion(services, doc, actor.id, 'before_restore', beforeRestoringLabel(target.label ?? target.reason));
    await collab.replaceContent(documentId, actor, target.contentJson);
    await storage.appendAudit({
      actorId: actor.id,
      documentId,
      action: 'restore',
      versionId: target.id,
      contentHash: target.contentHash,
      detail: { keptAs: before.id },
    });
    return target;
  });
}

/**
 * Stores an automatic version (after a pause in editing) of content the hub committed,
 * unless its text is the newest version's (same content hash): edits that net to nothing,
 * or a restore of the text already there, are not worth a version of their own.
 */
export async function saveAutoVersion(storage: Storage, documentId: string, content: DocumentContent): Promise<void> {
  const doc = await storage.findDocument(documentId);
  if (!doc) return;
  const newest = (await storage.listVersionSummaries(documentId)).at(-1);
  if (newest?.contentHash === content.contentHash) return;
  const meta = { title: doc.title, kind: doc.kind, language: doc.language, datelinePlace: doc.datelinePlace, datelineDate: doc.datelineDate };
  await storage.createVersion({ id: randomUUID(), documentId, label: null, reason: 'auto', state: doc.state, createdBy: null, meta, ...content });
}
