import { can, mayBeNamedReviewer } from '@/lib/policies';
import type { Transition } from '@/lib/workflow/states';
import type { SessionUser } from '@/server/auth/session';
import type { Logger } from '@/server/log';
import type { DocumentRecord, Storage, UserRecord } from '@/server/storage/types';

/**
 * Tells the people concerned, in the app, that a document moved. Who is concerned is asked
 * of the policy, never read from role names: everyone who may review or approve it when it
 * is submitted (only the named ones when names were given) or withdrawn, everyone who may
 * approve it when a reviewer marks it reviewed, everyone who may
 * publish it once it is approved, and its submitter and creator when it comes back or moves on.
 * Nobody is told of their own action, and nobody who may not see the document.
 * Best effort, after the transition committed: a failure is logged, never undoes it.
 */
export async function notifyTransition(
  storage: Storage,
  log: Pick<Logger, 'error'>,
  actor: SessionUser,
  doc: DocumentRecord,
  action: Transition,
  detail: Record<string, unknown>,
): Promise<void> {
  try {
    const unique = await concernedUsers(storage, actor.id, doc, action);
    if (!unique.length) return;
    await storage.addNotifications(
      unique.map((u) => ({ userId: u.id, documentId: doc.id, action, actorId: actor.id, detail: { ...detail, title: doc.title, state: doc.state } })),
    );
  } catch (err) {
    log.error('notifications failed (the transition stands)', { doc: doc.id, action, err });
  }
}

/**
 * Who is concerned by `action` on `doc` (the document as the transition leaves it), as
 * notifyTransition tells above: active, able to see it, never the actor. `named` are the
 * reviewers named for the round being opened, when they are not stored yet (the mails of a
 * submission are written in its own transaction).
 */
export async function concernedUsers(
  storage: Storage,
  actorId: string | null,
  doc: DocumentRecord,
  action: Transition,
  named?: readonly string[],
): Promise<UserRecord[]> {
  const users = (await storage.listUsers()).filter((u) => u.active && u.id !== actorId && can(u, 'read', doc));
  const byId = (id: string | null) => users.filter((u) => u.id === id);
  // The document was in review (submit: is now; withdraw: was until now), submitted by its submitter.
  const mayReview = () => users.filter((u) => mayBeNamedReviewer(u, doc, doc.submittedBy ?? actorId ?? ''));
  const authors = [...byId(doc.submittedBy), ...byId(doc.createdBy)];
  let recipients: UserRecord[] = [];
  switch (action) {
    case 'submit': {
      const ids = named ?? (await storage.listReviewAssignees(doc.id, doc.reviewRound));
      recipients = ids.length ? users.filter((u) => ids.includes(u.id)) : mayReview();
      break;
    }
    case 'withdraw':
      recipients = mayReview();
      break;
    case 'endorse':
      // A reviewer said "reviewed, no changes": those who may approve it now can.
      recipients = users.filter((u) => can(u, 'approve', doc));
      break;
    case 'approve':
      recipients = doc.state === 'approved' ? [...authors, ...users.filter((u) => can(u, 'publish', doc))] : authors;
      break;
    case 'request_changes':
    case 'publish':
    case 'publish_group':
    case 'reschedule':
    case 'release_now':
    case 'unschedule':
    case 'reopen':
    case 'archive':
    case 'unarchive':
      recipients = authors;
      break;
  }
  return [...new Map(recipients.map((u) => [u.id, u])).values()];
}
