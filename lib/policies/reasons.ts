import { ROLE_LABELS } from '@/lib/text/roles';
import type { DocumentState } from '@/lib/workflow/states';
import type { Role } from './index';

/**
 * The sentences a refusal carries, one per rule, so that every caller (REST, pages, the
 * collaboration server) tells the user the rule that refused them in the same words.
 */

/** What each role-gated action is, as the end of "Your role (…) does not allow you to …". */
const ROLE_PHRASE = {
  read: 'open documents',
  edit: 'edit documents',
  update: 'change a document’s title, language or dateline',
  submit: 'submit documents for review',
  withdraw: 'withdraw submissions',
  request_changes: 'request changes',
  endorse: 'mark documents as reviewed',
  approve: 'approve documents',
  publish: 'publish documents',
  publish_group: 'publish documents',
  reschedule: 'move a release’s embargo',
  release_now: 'release documents',
  unschedule: 'pull back a scheduled release',
  reopen: 'reopen documents',
  archive: 'archive documents',
  unarchive: 'restore documents from the archive',
  manage_access: 'change who may see documents',
  export: 'export documents',
  comment: 'comment on documents',
  delete: 'delete documents',
  suggest: 'suggest changes to documents in this state',
  accept_suggestion: 'accept suggestions',
  reject_suggestion: 'reject other people’s suggestions',
  create: 'create documents',
  manage_users: 'manage people',
  manage_settings: 'change the organisation’s settings',
  view_audit_head: 'see the audit log’s head',
  be_asked_to_review: 'be asked to review documents',
} as const;
export type ReasonAction = keyof typeof ROLE_PHRASE;

/** What each action that depends on the document's state does to "a document". */
const STATE_PHRASE: Partial<Record<ReasonAction, string>> = {
  edit: 'edit',
  update: 'change the details of',
  submit: 'submit',
  withdraw: 'withdraw',
  request_changes: 'request changes on',
  endorse: 'mark as reviewed',
  approve: 'approve',
  publish: 'publish',
  publish_group: 'publish the language versions of',
  reschedule: 'move the embargo of',
  release_now: 'release',
  unschedule: 'pull back the release of',
  reopen: 'reopen',
  archive: 'archive',
  unarchive: 'restore from the archive',
  comment: 'comment on',
  delete: 'delete',
  suggest: 'suggest changes to',
  accept_suggestion: 'accept suggestions in',
  reject_suggestion: 'reject suggestions in',
};

/** The actor's role does not include the action. */
export function roleReason(role: string, action: ReasonAction): string {
  return `Your role (${ROLE_LABELS[role as Role] ?? role}) does not allow you to ${ROLE_PHRASE[action]}.`;
}

/** The action is allowed to the actor, but not from the document's state (409). */
export function wrongStateReason(action: ReasonAction, state: DocumentState): string {
  return `You cannot ${STATE_PHRASE[action] ?? action.replace('_', ' ')} a document that is ${state.replace('_', ' ')}.`;
}

/** A scheduled release cannot change once its embargo has passed (409). */
export const RELEASE_PASSED_REASON = 'This text is already out: its embargo has passed (or it had none), so its release can no longer be moved or pulled back.';

/** The refusals that come from a personal rule rather than from the role alone. */
export const PERSONAL_REASONS = {
  /** Four eyes (shared/DESIGN.md): nobody approves what they submitted… */
  ownSubmission: 'You submitted this document, so someone else must approve it.',
  /** …nor text they edited in this review round (docs/SECURITY.md). */
  editedThisRound: 'You edited this text in this review round, so someone else must approve it.',
  onlySubmitterWithdraws: 'Only the person who submitted it can withdraw a submission.',
  onlyAdminsReopenPublished: 'Only an admin can reopen a published document.',
  onlyCreatorOrAdminManagesAccess: 'Only the document’s creator or an admin can change who may see it.',
  onlyCreatorOrAdminDeletes: 'Only the person who created this draft or an admin can delete it.',
  /** A draft that went to review once has a record (versions, audit): it is archived, never deleted. */
  submittedDraftsAreKept: 'This draft was submitted for review once, so its record is kept: archive it instead of deleting it.',
  viewersExportApprovedText: 'Your role allows exporting only approved or published text.',
  ownRights: 'You cannot remove your own admin rights or deactivate yourself; ask another admin.',
} as const;

/** Four eyes for "Reviewed": the same rule as approving, in the words of reviewing. */
export const ENDORSE_REASONS = {
  ownSubmission: 'You submitted this document, so someone else must review it.',
  editedThisRound: 'You edited this text in this review round, so someone else must review it.',
  requiredBeforeApproval: 'This kind of document must be marked “Reviewed” by a reviewer before it is approved; ask a reviewer to review it.',
} as const;

/** Approval waits while comment threads are open (409): the number, and what to do. */
export function openThreadsReason(open: number): string {
  const threads = open === 1 ? '1 comment thread is' : `${open} comment threads are`;
  return `${threads} still open on this document. Resolve ${open === 1 ? 'it' : 'them'}, or send the text back, before approving.`;
}

/** Approval waits while suggestions are open (409): the number, and what to do (issue 21). */
export function openSuggestionsReason(open: number): string {
  const suggestions = open === 1 ? '1 suggestion is' : `${open} suggestions are`;
  return `${suggestions} still open on this document. Reject ${open === 1 ? 'it' : 'them'}, or send the text back so the drafter can decide, before approving.`;
}

/** Refusals about someone else's comment. */
export const COMMENT_REASONS = {
  onlyAuthorEdits: 'Only its author can edit a comment.',
  onlyAuthorOrAdminDeletes: 'Only its author or an admin can delete a comment.',
} as const;

/** Language versions (issue 23). */
export const LANGUAGE_REASONS = {
  /** Approval waits while the master's text moved on since this version was aligned (409). */
  masterChanged:
    'The master text has changed since this language version was aligned with it. Work the change in and mark the version aligned before approving it.',
  roleAdds: 'Your role does not allow you to add a language version.',
  roleAligns: 'Your role does not allow you to mark a language version aligned.',
  alignDraftsOnly: 'A language version is marked aligned while it is a draft. Ask for it to be reopened.',
  archived: 'You cannot add a language version to an archived document.',
  notGroupMaster: 'Only the master of a statement with language versions publishes them together; publish this one on its own.',
  onlyAdminsSetMaster: 'Only an admin can change which language version is the master.',
} as const;
