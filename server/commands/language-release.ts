import { LANGUAGE_REASONS } from '@/lib/policies/reasons';
import { quorumFor } from '@/lib/workflow/states';
import type { SessionUser } from '@/server/auth/session';
import { AppError } from '@/server/errors';
import { isStale } from '@/server/queries/languages';
import type { Services } from '@/server/registry';
import type { DocumentRecord, TransitionWrite } from '@/server/storage/types';
import { groupPublishedMails } from '@/server/mail/events';
import { takeVersion } from './versions';
import type { MessageRef } from '@/lib/i18n/format';
import { sentence, sentenceOf } from '@/lib/i18n/sentence';

/** 409 when another version of the document's language group is in `language` already (a draft's language changed). */
export async function languageFreeInGroup(storage: Services['storage'], documentId: string, language: string): Promise<void> {
  const group = await storage.findLanguageGroup(documentId);
  if (group?.members.some((m) => m.documentId !== documentId && m.language === language)) {
    throw new AppError('conflict', sentence('commandErrors.languages.alreadyHasVersion', undefined, { language }));
  }
}

/**
 * `publish_group` on a language group's master (issue 23): every version, the master too, is
 * released at the same instant with one embargo, in one storage transaction, so the newsroom
 * and the feed (which show a text once its embargo has passed) never show one language before
 * the others. Only when every version is approved, its live text is the approved one, and
 * none is stale; otherwise 409 naming each version that holds the group back and why. Each
 * version gets its own `publish_group` audit entry bound to its approved text, and a version.
 * Called by transitionDocument under the master's lock, after the policy allowed it.
 */
export async function publishGroup(services: Services, actor: SessionUser, master: DocumentRecord, embargoUntil: Date | null): Promise<DocumentRecord> {
  const { storage, collab } = services;
  const group = await storage.findLanguageGroup(master.id);
  if (!group || group.masterId !== master.id || group.members.length < 2) throw new AppError('conflict', LANGUAGE_REASONS.notGroupMaster);
  const masterHash = (await collab.currentContent(master.id)).contentHash;
  const publishedAt = new Date();
  const holders: MessageRef[] = [];
  const writes: TransitionWrite[] = [];
  for (const member of group.members) {
    const doc = await storage.findDocument(member.documentId);
    if (!doc) continue;
    const about = { values: { title: doc.title }, languages: { language: member.language } };
    if (doc.state !== 'approved') {
      holders.push({ key: 'commandErrors.languages.memberNotApproved', ...about, values: { ...about.values, state: doc.state } });
      continue;
    }
    if (isStale(group, member, masterHash)) {
      holders.push({ key: 'commandErrors.languages.memberNotAligned', ...about });
      continue;
    }
    const submitted = (await storage.listVersionSummaries(doc.id)).filter((v) => v.reason === 'submit').at(-1);
    const approvals = submitted ? (await storage.listApprovals(doc.id, doc.reviewRound)).filter((a) => a.contentHash === submitted.contentHash) : [];
    const live = await collab.currentContent(doc.id);
    if (!submitted || approvals.length < quorumFor(doc.kind) || live.contentHash !== submitted.contentHash) {
      holders.push({ key: 'commandErrors.languages.memberTextChanged', ...about });
      continue;
    }
    writes.push({
      documentId: doc.id,
      from: 'approved',
      patch: { state: 'published', publishedVersionId: submitted.id, publishedAt, embargoUntil, updatedBy: actor.id },
      audit: {
        actorId: actor.id,
        documentId: doc.id,
        action: 'publish_group',
        versionId: submitted.id,
        contentHash: submitted.contentHash,
        detail: { from: 'approved', to: 'published', embargoUntil: embargoUntil?.toISOString() ?? null, groupId: group.id, masterId: master.id },
      },
    });
  }
  if (holders.length > 0) throw new AppError('conflict', sentenceOf({ key: 'commandErrors.languages.groupWaits', parts: { holders } }));
  // One mail per person for the whole group, written with the master's transition (so with the group's one transaction).
  const after = await Promise.all(
    writes.map(async (w) => ({ ...(await storage.findDocument(w.documentId))!, state: 'published' as const, publishedAt, embargoUntil })),
  );
  const masterAfter = after.find((d) => d.id === master.id) ?? { ...master, state: 'published' as const, publishedAt, embargoUntil };
  const mails = await groupPublishedMails(services, actor, masterAfter, [masterAfter, ...after.filter((d) => d.id !== master.id)]);
  const masterWrite = writes.find((w) => w.documentId === master.id);
  if (masterWrite) masterWrite.mails = mails;
  try {
    const released = await storage.applyGroupTransition(writes);
    for (const doc of released) await takeVersion(services, doc, actor.id, 'publish_group', null);
    return released.find((d) => d.id === master.id) ?? released[0]!;
  } finally {
    for (const write of writes) collab.release(write.documentId, 'published with its language versions');
  }
}
