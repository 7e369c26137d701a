import { can } from '../../lib/policies';
import type { Transition } from '../../lib/workflow/states';
import type { SessionUser } from '../auth/session';
import type { Logger } from '../log';
import type { DocumentRecord, Storage, UserRecord } from '../storage/types';

/**
 * Tells the people concerned, in the app, that a document moved: reviewers and approvers
 * when it is submitted (only the named ones when names were given), the submitter and
 * creator when it comes back or is approved, publishers when it is ready to publish.
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
    const users = (await storage.listUsers()).filter((u) => u.active && u.id !== actor.id && can(u, 'read', doc));
    const byId = (id: string | null) => users.filter((u) => u.id === id);
    const withRole = (...roles: UserRecord['role'][]) => users.filter((u) => roles.includes(u.role));
    const authors = [...byId(doc.submittedBy), ...byId(doc.createdBy)];
    let recipients: UserRecord[] = [];
    switch (action) {
      case 'submit': {
        const named = await storage.listReviewAssignees(doc.id, doc.reviewRound);
        recipients = named.length ? users.filter((u) => named.includes(u.id)) : withRole('reviewer', 'approver');
        break;
      }
      case 'withdraw':
        recipients = withRole('reviewer', 'approver');
        break;
      case 'approve':
        recipients = doc.state === 'approved' ? [...authors, ...withRole('publisher')] : authors;
        break;
      case 'request_changes':
      case 'publish':
      case 'reopen':
      case 'archive':
      case 'unarchive':
        recipients = authors;
        break;
    }
    const unique = [...new Map(recipients.map((u) => [u.id, u])).values()];
    if (!unique.length) return;
    await storage.addNotifications(
      unique.map((u) => ({ userId: u.id, documentId: doc.id, action, actorId: actor.id, detail: { ...detail, title: doc.title, state: doc.state } })),
    );
  } catch (err) {
    log.error('notifications failed (the transition stands)', { doc: doc.id, action, err });
  }
}
