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
  onlyAuthorEdits: sentence('commandErrors.threads.onlyAuthorEdits'),
  onlyAuthorOrAdminDeletes: sentence('commandErrors.threads.onlyAuthorOrAdminDeletes'),
} as const;

/** Language versions (issue 23). */
export const LANGUAGE_REASONS = {
  /** Approval waits while the master's text moved on since this version was aligned (409). */
  masterChanged: sentence('commandErrors.languages.masterChanged'),
  roleAdds: sentence('commandErrors.languages.roleAdds'),
  roleAligns: sentence('commandErrors.languages.roleAligns'),
  alignDraftsOnly: sentence('commandErrors.languages.alignDraftsOnly'),
  archived: sentence('commandErrors.languages.archived'),
  notGroupMaster: sentence('commandErrors.languages.notGroupMaster'),
  onlyAdminsSetMaster: sentence('commandErrors.languages.onlyAdminsSetMaster'),
} as const;
