import { can, mayBeNamedReviewer } from '@/lib/policies';
import { organisation } from '@/server/commands/organisation';
import type { Env } from '@/server/env';
import type { DocumentRecord, NewMail, Storage, UserRecord } from '@/server/storage/types';
import { releasedKey } from './events';
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
  for (const doc of released) {
    const authors = users.filter((u) => (u.id === doc.submittedBy || u.id === doc.createdBy) && can(u, 'read', doc));
    const embargo = doc.embargoUntil!;
    mails.push(...(await mailsFor(services, authors, 'released', doc.id, { title: doc.title }, (u) => releasedKey(doc.id, embargo, u))));
  }
  return storage.enqueueMails(mails);
}

const dueKey = (doc: DocumentRecord, date: string, user: UserRecord) => `due_tomorrow:${doc.id}:${doc.reviewRound}:${date}:${user.id}`;
