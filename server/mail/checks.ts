import { can, mayBeNamedReviewer } from '@/lib/policies';
import { organisation } from '@/server/commands/organisation';
import type { Env } from '@/server/env';
import type { DocumentRecord, NewMail, Storage, UserRecord } from '@/server/storage/types';
import { groupReleasedKey, releasedKey } from './events';
import { dateIn, mailsFor } from './outbox';

/** An embargo that ended longer ago than this is not told of any more (a server that was off for days does not mail old news). */
const RELEASE_WINDOW_MS = 24 * 3_600_000;

/**
 * What no request tells of, found by looking (each round of the sender, in every process):
 * a review due tomorrow (in the organisation's time zone) that is still open, to the named
 * reviewers who have not approved yet (everyone who may review when none were named); and
 * a release whose embargo has just ended, to its authors. Each mail carries a key (the
 * document, the round or embargo, the date, the person), so however many times and
 * processes find it, it is written once.
 */
export async function checkDueAndReleased(services: { storage: Storage; env: Env }, now = new Date()): Promise<number> {
  if (!services.env.SMTP_URL) return 0;
  const { storage } = services;
  const { timeZone } = await organisation(services);
  const tomorrow = dateIn(timeZone, now, 1);
  const documents = await storage.listDocuments();
  const due = documents.filter((d) => d.state === 'in_review' && d.reviewDue === tomorrow);
  const released = documents.filter(
    (d) =>
      d.state === 'published' &&
      d.embargoUntil !== null &&
      d.publishedAt !== null &&
      d.publishedAt < d.embargoUntil &&
      d.embargoUntil.getTime() <= now.getTime() &&
      now.getTime() - d.embargoUntil.getTime() < RELEASE_WINDOW_MS,
  );
  if (!due.length && !released.length) return 0;
  const users = (await storage.listUsers()).filter((u) => u.active);
  const mails: NewMail[] = [];
  for (const doc of due) {
    const readers = users.filter((u) => can(u, 'read', doc));
    const named = await storage.listReviewAssignees(doc.id, doc.reviewRound);
    const approved = new Set((await storage.listApprovals(doc.id, doc.reviewRound)).map((a) => a.approverId));
    const reviewers = (
      named.length ? readers.filter((u) => named.includes(u.id)) : readers.filter((u) => mayBeNamedReviewer(u, doc, doc.submittedBy ?? ''))
    ).filter((u) => !approved.has(u.id) && u.id !== doc.submittedBy);
    mails.push(...(await mailsFor(services, reviewers, 'due_tomorrow', doc.id, { title: doc.title, dueDate: tomorrow }, (u) => dueKey(doc, tomorrow, u))));
  }
  const authorsOf = (doc: DocumentRecord) => users.filter((u) => (u.id === doc.submittedBy || u.id === doc.createdBy) && can(u, 'read', doc));
  const told = new Set<string>();
  for (const doc of released) {
    if (told.has(doc.id)) continue;
    const embargo = doc.embargoUntil!;
    // Language versions released together (publish_group: one instant, one embargo) are told of in one mail.
    const together = await releasedTogether(storage, doc, released);
    if (together) {
      for (const d of together.docs) told.add(d.id);
      const master = together.docs[0]!;
      mails.push(
        ...(await mailsFor(
          services,
          together.docs.flatMap(authorsOf),
          'group_released',
          master.id,
          { title: master.title, languages: together.docs.map((d) => d.language).join(',') },
          (u) => groupReleasedKey(together.groupId, embargo, u),
        )),
      );
      continue;
    }
    mails.push(...(await mailsFor(services, authorsOf(doc), 'released', doc.id, { title: doc.title }, (u) => releasedKey(doc.id, embargo, u))));
  }
  return storage.enqueueMails(mails);
}

/**
 * The versions of `doc`'s language group that were released with it by `publish_group` (the
 * same publication instant and embargo), the master first, when there are two or more; else
 * null (a version published on its own, or moved by release now, is told of on its own).
 */
async function releasedTogether(
  storage: Storage,
  doc: DocumentRecord,
  released: readonly DocumentRecord[],
): Promise<{ groupId: string; docs: DocumentRecord[] } | null> {
  const group = await storage.findLanguageGroup(doc.id);
  if (!group) return null;
  const same = (d: DocumentRecord) => d.publishedAt?.getTime() === doc.publishedAt?.getTime() && d.embargoUntil?.getTime() === doc.embargoUntil?.getTime();
  // In the group's order: the master first, then the others as they joined.
  const docs = group.members.flatMap((m) => released.filter((d) => d.id === m.documentId && same(d)));
  return docs.length > 1 ? { groupId: group.id, docs } : null;
}

const dueKey = (doc: DocumentRecord, date: string, user: UserRecord) => `due_tomorrow:${doc.id}:${doc.reviewRound}:${date}:${user.id}`;
