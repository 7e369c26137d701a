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
