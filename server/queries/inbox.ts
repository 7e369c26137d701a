import { can } from '@/lib/policies';
import type { DocumentView } from '@/lib/text/document';
import type { SessionUser } from '@/server/auth/session';
import { userName } from '@/server/auth/session';
import type { Storage } from '@/server/storage/types';
import { presentDocument } from './documents';
import { documentFactsFor } from '@/server/history/round-editors';

export type WaitingReason = 'approve' | 'review' | 'publish' | 'revise';

export interface WaitingItem {
  document: DocumentView;
  reason: WaitingReason;
  due: string | null;
}

/**
 * "Waiting for me": the documents where this user must act now. Approvers see what is in
 * review and not yet approved by them, reviewers what is in review, each limited to the
 * named reviewers when names were given; publishers see what is approved; authors see
 * their drafts that came back with changes requested.
 */
export async function waitingFor(storage: Storage, actor: SessionUser): Promise<WaitingItem[]> {
  const items: WaitingItem[] = [];
  const names = new Map<string, string>();
  for (const doc of await storage.listDocuments()) {
    if (!can(actor, 'read', doc)) continue;
    let reason: WaitingReason | null = null;
    if (doc.state === 'in_review') {
      const named = await storage.listReviewAssignees(doc.id, doc.reviewRound);
      const mine = named.length === 0 || named.includes(actor.id);
      const approved = (await storage.listApprovals(doc.id, doc.reviewRound)).some((a) => a.approverId === actor.id);
      if (mine && can(actor, 'approve', await documentFactsFor(storage, actor, doc)) && !approved) reason = 'approve';
      else if (mine && can(actor, 'request_changes', doc) && can(actor, 'be_asked_to_review')) reason = 'review';
    } else if (doc.state === 'approved' && can(actor, 'publish', doc)) {
      reason = 'publish';
    } else if (doc.state === 'draft' && (doc.submittedBy === actor.id || doc.createdBy === actor.id)) {
      const last = await storage.latestAudit(doc.id);
      if (last && (last.action === 'request_changes' || last.action === 'reopen') && last.actorId !== actor.id) reason = 'revise';
    }
    if (reason) items.push({ document: await presentDocument(storage, actor, doc, names), reason, due: doc.state === 'in_review' ? doc.reviewDue : null });
  }
  return items;
}

export interface NotificationView {
  id: number;
  documentId: string | null;
  action: string;
  actor: string | null;
  title: string;
  comment: string | null;
  /** Where the notification leads: the document, or the thread in it for a mention. */
  href: string | null;
  at: string;
  read: boolean;
}

/** A user's newest notifications (only of documents they may still see). */
export async function notificationsFor(storage: Storage, actor: SessionUser, limit = 30): Promise<NotificationView[]> {
  const names = new Map<string, string>();
  const views: NotificationView[] = [];
  for (const n of await storage.listNotifications(actor.id, limit)) {
    if (n.documentId) {
      const doc = await storage.findDocument(n.documentId);
      if (!doc || !can(actor, 'read', doc)) continue;
    }
    views.push({
      id: n.id,
      documentId: n.documentId,
      action: n.action,
      actor: await userName(storage, n.actorId, names),
      title: String(n.detail.title ?? ''),
      comment: typeof n.detail.comment === 'string' ? n.detail.comment : null,
      href: n.documentId ? `/documents/${n.documentId}${typeof n.detail.thread === 'string' ? `?thread=${encodeURIComponent(n.detail.thread)}` : ''}` : null,
      at: n.createdAt.toISOString(),
      read: n.readAt !== null,
    });
  }
  return views;
}
