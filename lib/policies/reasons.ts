import { sentence } from '@/lib/i18n/sentence';
import type { DocumentState } from '@/lib/workflow/states';

/**
 * The sentences a refusal carries, one per rule, so that every caller (REST, pages, the
 * collaboration server) tells the user the rule that refused them in the same words.
 */

/**
 * Every sentence is a message of the catalogues (messages/<locale>.json, `refusals.*`),
 * formatted here in English and translated for the reader where the refusal is answered
 * (lib/i18n/sentence.ts).
 */

/** The actions a refusal can name: a select's cases in `refusals.role` and `refusals.wrongState`. */
export type ReasonAction =
  | 'read'
  | 'edit'
  | 'update'
  | 'submit'
  | 'withdraw'
  | 'request_changes'
  | 'endorse'
  | 'approve'
  | 'publish'
  | 'publish_group'
  | 'reschedule'
  | 'release_now'
  | 'unschedule'
  | 'reopen'
  | 'archive'
  | 'unarchive'
  | 'manage_access'
  | 'export'
  | 'comment'
  | 'delete'
  | 'suggest'
  | 'accept_suggestion'
  | 'reject_suggestion'
  | 'create'
  | 'manage_users'
  | 'manage_settings'
  | 'view_audit_head'
  | 'be_asked_to_review';

/** The actor's role does not include the action. */
export function roleReason(role: string, action: ReasonAction): string {
  return sentence('refusals.role', { role, action });
}

/** The action is allowed to the actor, but not from the document's state (409). */
export function wrongStateReason(action: ReasonAction, state: DocumentState): string {
  return sentence('refusals.wrongState', { action, actionWords: action.replace('_', ' '), state });
}

/** A scheduled release cannot change once its embargo has passed (409). */
export const RELEASE_PASSED_REASON = sentence('refusals.releasePassed');

/** The refusals that come from a personal rule rather than from the role alone. */
export const PERSONAL_REASONS = {
  /** Four eyes (shared/DESIGN.md): nobody approves what they submitted… */
  ownSubmission: sentence('refusals.ownSubmission'),
  /** …nor text they edited in this review round (docs/SECURITY.md). */
  editedThisRound: sentence('refusals.editedThisRound'),
  onlySubmitterWithdraws: sentence('refusals.onlySubmitterWithdraws'),
  onlyAdminsReopenPublished: sentence('refusals.onlyAdminsReopenPublished'),
  onlyCreatorOrAdminManagesAccess: sentence('refusals.onlyCreatorOrAdminManagesAccess'),
  onlyCreatorOrAdminDeletes: sentence('refusals.onlyCreatorOrAdminDeletes'),
  /** A draft that went to review once has a record (versions, audit): it is archived, never deleted. */
  submittedDraftsAreKept: sentence('refusals.submittedDraftsAreKept'),
  viewersExportApprovedText: sentence('refusals.viewersExportApprovedText'),
  ownRights: sentence('refusals.ownRights'),
} as const;

/** Four eyes for "Reviewed": the same rule as approving, in the words of reviewing. */
export const ENDORSE_REASONS = {
  ownSubmission: sentence('refusals.endorseOwnSubmission'),
  editedThisRound: sentence('refusals.endorseEditedThisRound'),
  requiredBeforeApproval: sentence('refusals.endorseRequiredBeforeApproval'),
} as const;

/** Approval waits while comment threads are open (409): the number, and what to do. */
export function openThreadsReason(open: number): string {
  return sentence('refusals.openThreads', { count: open });
}

/** Approval waits while suggestions are open (409): the number, and what to do (issue 21). */
export function openSuggestionsReason(open: number): string {
  return sentence('refusals.openSuggestions', { count: open });
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
