import type { Transition } from '@/lib/workflow/states';
import type { SessionUser } from '@/server/auth/session';
import { concernedUsers } from '@/server/commands/notify';
import type { Env } from '@/server/env';
import type { DocumentRecord, NewMail, Storage, TransitionWrite, UserRecord } from '@/server/storage/types';
import type { MailMessage } from './messages';
import { mailsFor } from './outbox';

/** What a transition mails, when it mails at all (the rest are in-app notifications only). */
function messageOf(action: Transition, after: DocumentRecord, write: TransitionWrite): MailMessage | null {
  switch (action) {
    case 'submit':
      return 'review_requested';
    case 'request_changes':
      return 'changes_requested';
    case 'approve':
      return after.state === 'approved' ? 'approved' : null;
    case 'publish':
      // With an embargo, the mail goes when it ends (server/mail/checks.ts).
      return write.patch.embargoUntil ? null : 'published';
    case 'release_now':
      return 'released';
    default:
      return null;
  }
}

/** The key that makes a language group's release (issue 23) told once to each person, by whichever process finds it first. */
export const groupReleasedKey = (groupId: string, embargoUntil: Date, user: UserRecord): string =>
  `released_group:${groupId}:${embargoUntil.toISOString()}:${user.id}`;

/**
 * The mails of `publish_group` (issue 23), written in the group's one transaction: the people a
 * single `publish` mails (server/commands/notify.ts: each version's submitter and creator),
 * over every version released, get one mail that names all the languages, never one per
 * language. Like a single publication, a release under embargo mails nobody now; the mail goes
 * when the embargo ends (server/mail/checks.ts, `group_released`). `released` are the versions as
 * the transition leaves them, the master first.
 */
export async function groupPublishedMails(
  services: { storage: Storage; env: Env },
  actor: SessionUser,
  master: DocumentRecord,
  released: readonly DocumentRecord[],
): Promise<NewMail[]> {
  if (!services.env.SMTP_URL || released.some((d) => d.embargoUntil !== null)) return [];
  const recipients: UserRecord[] = [];
  for (const doc of released) recipients.push(...(await concernedUsers(services.storage, actor.id, doc, 'publish_group')));
  return mailsFor(services, recipients, 'group_published', master.id, {
    title: master.title,
    actor: actor.name,
    languages: released.map((d) => d.language).join(','),
  });
}

/** The key that makes a release told once, by the transition (release now) or the embargo check, whichever comes first. */
export const releasedKey = (documentId: string, embargoUntil: Date, user: UserRecord): string =>
  `released:${documentId}:${embargoUntil.toISOString()}:${user.id}`;

/**
 * The mails a transition writes in its own transaction (TransitionWrite.mails): to whom the
 * in-app notification goes (server/commands/notify.ts), judged on the document as the
 * transition leaves it.
 */
export async function transitionMails(
  services: { storage: Storage; env: Env },
  actor: SessionUser,
  before: DocumentRecord,
  write: TransitionWrite,
  action: Transition,
): Promise<NewMail[]> {
  if (!services.env.SMTP_URL) return [];
  const p = write.patch;
  const after: DocumentRecord = {
    ...before,
    state: p.state,
    submittedBy: p.submittedBy === undefined ? before.submittedBy : p.submittedBy,
    reviewRound: p.reviewRound ?? before.reviewRound,
    reviewDue: p.reviewDue === undefined ? before.reviewDue : p.reviewDue,
    embargoUntil: p.embargoUntil === undefined ? before.embargoUntil : p.embargoUntil,
  };
  const message = messageOf(action, after, write);
  if (!message) return [];
  const recipients = await concernedUsers(services.storage, actor.id, after, action, action === 'submit' ? (write.assignees?.userIds ?? []) : undefined);
  const comment = typeof write.audit.detail.comment === 'string' ? write.audit.detail.comment : undefined;
  const embargo = after.embargoUntil;
  return mailsFor(
    services,
    recipients,
    message,
    before.id,
    {
      title: before.title,
      actor: actor.name,
      ...(message === 'review_requested' && after.reviewDue ? { dueDate: after.reviewDue } : {}),
      ...(message === 'changes_requested' && comment ? { comment } : {}),
    },
    message === 'released' && embargo ? (u) => releasedKey(before.id, embargo, u) : undefined,
  );
}
