import { TRANSITIONS, TRANSITION_FROM, isContentEditable, pendingEmbargo, type DocumentState, type Transition } from '@/lib/workflow/states';
import {
  COMMENT_REASONS,
  ENDORSE_REASONS,
  LANGUAGE_REASONS,
  PERSONAL_REASONS,
  RELEASE_PASSED_REASON,
  openSuggestionsReason,
  openThreadsReason,
  roleReason,
  wrongStateReason,
} from './reasons';
import { ROLES, type Role } from './roles';

export { wrongStateReason } from './reasons';
export { ROLES, type Role } from './roles';

/**
 * The one place that decides every permission. Route handlers, server commands and the
 * collaboration server all ask it; the browser only receives the resulting abilities.
 * Roles are cumulative (shared/DESIGN.md, "Users and words"): reviewer ⊃ drafter,
 * approver ⊃ reviewer, publisher = drafter + publishing, admin may do everything.
 */

/** Who is asking: always read fresh from the database, so a changed role counts at once. */
export interface Actor {
  id: string;
  role: Role;
}

/** What the policy needs to know about a document. */
export interface DocumentFacts {
  state: DocumentState;
  createdBy: string | null;
  /** Who submitted the current review round (four eyes; withdrawing). */
  submittedBy?: string | null;
  /**
   * Whether the asking actor edited the text of the current review round (four eyes:
   * docs/SECURITY.md). The server computes it from its update log
   * (server/history/round-editors.ts); unset counts as not edited.
   */
  editedThisRound?: boolean;
  /**
   * True when the document's kind needs a reviewer's "Reviewed" before approval (an admin
   * setting) and the submitted text of this round has none yet. The server computes it
   * (server/history/round-editors.ts); unset counts as not waiting.
   */
  awaitingEndorsement?: boolean;
  restricted: boolean;
  /** User ids of the members of a restricted document. */
  memberIds: readonly string[];
  /** When a published text is released (reschedule, release_now, unschedule need it ahead); unset counts as none. */
  embargoUntil?: Date | null;
  /** The moment the question is asked (defaults to now): the embargo is judged against it. */
  now?: Date;
  /**
   * Comment threads still open on the document (approval waits until none is): the server
   * counts them from storage for a document in review; unset counts as none.
   */
  openThreads?: number;
  /**
   * Suggestions still open in the document's text (approval waits until none is, issue 21):
   * the server counts them in the current text of a document in review; unset counts as none.
   */
  openSuggestions?: number;
  /**
   * A language version whose master's text changed since it was aligned (issue 23): approval
   * waits until the translator works the change in and marks it aligned. The server computes
   * it from content hashes (server/languages/staleness.ts); unset counts as current.
   */
  masterChanged?: boolean;
  /** The master of a language group with other versions (publish_group starts there); unset counts as not. */
  languageMaster?: boolean;
  /** Review rounds so far: more than 0 once the document was ever submitted (it can no longer be deleted). Unset counts as 0. */
  reviewRound?: number;
}

/** Every workflow transition is an action, beside reading, editing, access and export. */
/**
 * `comment`: start a thread on a passage, reply, resolve or reopen one (issue 20); editing and
 * deleting a comment also depend on whose it is (decideOnComment).
 */
/**
 * Suggestions (issue 21): `suggest` (draft: whoever may edit; in review: reviewers and
 * approvers, who may only suggest), `accept_suggestion` (drafts, whoever may edit),
 * `reject_suggestion` (anyone's: whoever may edit or review, in draft and in review; a
 * suggester may always reject their own: decideOnSuggestion).
 */
export const DOCUMENT_ACTIONS = [
  'read',
  'edit',
  'update',
  ...TRANSITIONS,
  'manage_access',
  'export',
  'comment',
  'delete',
  'suggest',
  'accept_suggestion',
  'reject_suggestion',
] as const;
export type DocumentAction = (typeof DOCUMENT_ACTIONS)[number];
/**
 * Actions on no particular document: creating one, managing people, the organisation's
 * settings (letterhead logo), seeing the audit log's head (shown to admins, printed on
 * exports), and being asked to review (the sign-off's "To review" is a reviewer's task;
 * approvers and admins are asked to approve instead).
 */
export const GLOBAL_ACTIONS = ['create', 'manage_users', 'manage_settings', 'view_audit_head', 'be_asked_to_review'] as const;
export type GlobalAction = (typeof GLOBAL_ACTIONS)[number];
export type Action = DocumentAction | GlobalAction;

/**
 * The answer to "may this actor do this?", fine-grained enough for the REST error order:
 * `hidden` → 404 (the document does not exist for them), `forbidden` → 403 (their role or
 * a personal rule does not allow it), `wrong_state` → 409 (allowed, but not in the
 * document's state).
 */
export type Verdict = 'allow' | 'hidden' | 'forbidden' | 'wrong_state';

/**
 * A verdict with the sentence that explains a refusal, written by the rule that refused, so
 * callers never restate a rule. `hidden` carries no reason: to the asker the document does
 * not exist.
 */
export type Decision = { verdict: 'allow' } | { verdict: 'hidden' } | { verdict: 'forbidden' | 'wrong_state'; reason: string };
/** The answer about an action on no document: allowed, or forbidden with its reason. */
export type GlobalDecision = { verdict: 'allow' } | { verdict: 'forbidden'; reason: string };

const DRAFTING: ReadonlySet<Role> = new Set(['drafter', 'reviewer', 'approver', 'publisher', 'admin']);
const REVIEWING: ReadonlySet<Role> = new Set(['reviewer', 'approver', 'admin']);
const APPROVING: ReadonlySet<Role> = new Set(['approver', 'admin']);
const PUBLISHING: ReadonlySet<Role> = new Set(['publisher', 'admin']);
const ADMIN: ReadonlySet<Role> = new Set(['admin']);

/** Which roles may take each global action. */
const GLOBAL_ROLES: Record<GlobalAction, ReadonlySet<Role>> = {
  create: DRAFTING,
  manage_users: ADMIN,
  manage_settings: ADMIN,
  view_audit_head: ADMIN,
  be_asked_to_review: new Set(['reviewer']),
};

const ALLOW = { verdict: 'allow' } as const;
const HIDDEN = { verdict: 'hidden' } as const;

/** Whether the actor may see the document at all. Restricted: members and admins only. */
function canSee(actor: Actor, doc: DocumentFacts): boolean {
  if (!doc.restricted || ADMIN.has(actor.role)) return true;
  return doc.memberIds.includes(actor.id);
}

function fromState(transition: Transition, state: DocumentState): boolean {
  return TRANSITION_FROM[transition].includes(state);
}

function isGlobal(action: Action): action is GlobalAction {
  return (GLOBAL_ACTIONS as readonly string[]).includes(action);
}

/**
 * Four eyes: nobody approves, or marks as reviewed, a document they submitted or text they
 * edited in this review round (an endorsement of one's own words says nothing).
 */
function fourEyes(actor: Actor, doc: DocumentFacts, action: 'approve' | 'endorse'): string | null {
  if (doc.state !== 'in_review') return null;
  const reasons = action === 'approve' ? PERSONAL_REASONS : ENDORSE_REASONS;
  if (doc.submittedBy === actor.id) return reasons.ownSubmission;
  return doc.editedThisRound ? reasons.editedThisRound : null;
}

function decideOnDocument(actor: Actor, action: DocumentAction, doc: DocumentFacts): Decision {
  const { role } = actor;
  const { state } = doc;
  const byRole = (roles: ReadonlySet<Role>): string | null => (roles.has(role) ? null : roleReason(role, action));
  // A refusal first, then the state: the order that gives 403 before 409.
  const judge = (refusal: string | null, stateOk: boolean): Decision => {
    if (refusal !== null) return { verdict: 'forbidden', reason: refusal };
    return stateOk ? ALLOW : { verdict: 'wrong_state', reason: wrongStateReason(action, state) };
  };
  switch (action) {
    case 'read':
      return ALLOW;
    case 'edit':
    case 'update':
      return judge(byRole(DRAFTING), isContentEditable(state));
    case 'submit':
      return judge(byRole(DRAFTING), fromState('submit', state));
    case 'withdraw': {
      // Only the person who submitted may withdraw their submission.
      const notTheirs = state === 'in_review' && doc.submittedBy !== actor.id ? PERSONAL_REASONS.onlySubmitterWithdraws : null;
      return judge(byRole(DRAFTING) ?? notTheirs, fromState('withdraw', state));
    }
    case 'request_changes':
      return judge(byRole(REVIEWING), fromState('request_changes', state));
    case 'endorse':
      return judge(byRole(REVIEWING) ?? fourEyes(actor, doc, 'endorse'), fromState('endorse', state));
    case 'approve': {
      const decision = judge(byRole(APPROVING) ?? fourEyes(actor, doc, 'approve'), fromState('approve', state));
      if (decision.verdict !== 'allow') return decision;
      // Allowed, but not yet: this kind needs a "Reviewed" of the submitted text first, and
      // no comment thread may be open (resolve them, or send the text back).
      if (doc.awaitingEndorsement) return { verdict: 'wrong_state', reason: ENDORSE_REASONS.requiredBeforeApproval };
      if ((doc.openThreads ?? 0) > 0) return { verdict: 'wrong_state', reason: openThreadsReason(doc.openThreads!) };
      // An approval is only ever of text with no suggestion open.
      if ((doc.openSuggestions ?? 0) > 0) return { verdict: 'wrong_state', reason: openSuggestionsReason(doc.openSuggestions!) };
      if (doc.masterChanged) return { verdict: 'wrong_state', reason: LANGUAGE_REASONS.masterChanged };
      return decision;
    }
    case 'publish':
      return judge(byRole(PUBLISHING), fromState('publish', state));
    case 'publish_group': {
      // Only from the master of a language group; whether every version is ready is the command's check (it names them).
      const decision = judge(byRole(PUBLISHING), fromState('publish_group', state));
      return decision.verdict === 'allow' && !doc.languageMaster ? { verdict: 'wrong_state', reason: LANGUAGE_REASONS.notGroupMaster } : decision;
    }
    case 'reschedule':
    case 'release_now':
    case 'unschedule': {
      // Only a scheduled release can change: once the embargo passes, the text is out.
      const refusal = byRole(PUBLISHING);
      if (refusal !== null || !fromState(action, state)) return judge(refusal, fromState(action, state));
      const ahead = pendingEmbargo({ state, embargoUntil: doc.embargoUntil ?? null }, doc.now ?? new Date()) !== null;
      return ahead ? ALLOW : { verdict: 'wrong_state', reason: RELEASE_PASSED_REASON };
    }
    case 'reopen':
      // Approvers reopen approved documents; only admins reopen published ones.
      if (state === 'published') return judge(byRole(APPROVING) ?? (ADMIN.has(role) ? null : PERSONAL_REASONS.onlyAdminsReopenPublished), true);
      return judge(byRole(APPROVING), fromState('reopen', state));
    case 'archive':
      return judge(byRole(ADMIN), fromState('archive', state));
    case 'unarchive':
      return judge(byRole(ADMIN), fromState('unarchive', state));
    case 'manage_access':
      return judge(ADMIN.has(role) || (doc.createdBy === actor.id && DRAFTING.has(role)) ? null : PERSONAL_REASONS.onlyCreatorOrAdminManagesAccess, true);
    case 'delete': {
      // A test or mistaken draft goes away for good, by its creator or an admin, only while
      // it was never submitted; everything else is archived (its record stays).
      const refusal = byRole(DRAFTING) ?? (ADMIN.has(role) || doc.createdBy === actor.id ? null : PERSONAL_REASONS.onlyCreatorOrAdminDeletes);
      if (refusal !== null || state !== 'draft') return judge(refusal, state === 'draft');
      return (doc.reviewRound ?? 0) === 0 ? ALLOW : { verdict: 'wrong_state', reason: PERSONAL_REASONS.submittedDraftsAreKept };
    }
    case 'suggest':
      // In review the text is locked for everyone; reviewers and approvers may still suggest.
      return judge(byRole(state === 'in_review' ? REVIEWING : DRAFTING), state === 'draft' || state === 'in_review');
    case 'accept_suggestion':
      // Accepting changes the text: drafts only.
      return judge(byRole(DRAFTING), isContentEditable(state));
    case 'reject_suggestion':
      // Rejecting gives back text that was there: wherever suggestions can be open.
      return judge(byRole(DRAFTING), state === 'draft' || state === 'in_review');
    case 'comment':
      // Everyone who may see it except viewers, in every state but archived (the text stays locked).
      return judge(byRole(DRAFTING), state !== 'archived');
    case 'export':
      // Drafting roles export in every state (a draft's PDF says DRAFT); a viewer only
      // text that has been approved. Callers pass the state of the text being exported.
      return judge(DRAFTING.has(role) || state === 'approved' || state === 'published' ? null : PERSONAL_REASONS.viewersExportApprovedText, true);
  }
}

/** Decides whether `actor` may perform `action` (on `doc`, for document actions), and why not. */
export function decide(actor: Actor, action: GlobalAction): GlobalDecision;
export function decide(actor: Actor, action: DocumentAction, doc: DocumentFacts): Decision;
export function decide(actor: Actor, action: Action, doc?: DocumentFacts): Decision {
  if (isGlobal(action)) return GLOBAL_ROLES[action].has(actor.role) ? ALLOW : { verdict: 'forbidden', reason: roleReason(actor.role, action) };
  if (!doc || !canSee(actor, doc)) return HIDDEN;
  return decideOnDocument(actor, action, doc);
}

/** True when `decide` allows it: for pages and lists that only show or hide. */
export function can(actor: Actor, action: GlobalAction): boolean;
export function can(actor: Actor, action: DocumentAction, doc: DocumentFacts): boolean;
export function can(actor: Actor, action: Action, doc?: DocumentFacts): boolean {
  const decision = isGlobal(action) ? decide(actor, action) : doc ? decide(actor, action, doc) : HIDDEN;
  return decision.verdict === 'allow';
}

/**
 * Whether `user` may be named to review a document that `submitterId` submits: they must
 * see it and be able to request changes on it or approve it once it is in review (so the
 * submitter, who may not approve their own text, counts only as a reviewer role allows).
 * The same people are told when it is submitted without names, or withdrawn.
 */
export function mayBeNamedReviewer(user: Actor, doc: DocumentFacts, submitterId: string): boolean {
  const inReview: DocumentFacts = { ...doc, state: 'in_review', submittedBy: submitterId };
  return can(user, 'request_changes', inReview) || can(user, 'approve', inReview);
}

/** Every document action with its yes/no, sent to the browser so the UI mirrors the rules. */
export function abilities(actor: Actor, doc: DocumentFacts): Record<DocumentAction, boolean> {
  const result = {} as Record<DocumentAction, boolean>;
  for (const action of DOCUMENT_ACTIONS) result[action] = can(actor, action, doc);
  return result;
}

/**
 * The members a document keeps when `actor` restricts it to `memberIds`: the actor too, when
 * they would otherwise lose it (a creator cannot lock themselves out by mistake; admins see
 * every document anyway).
 */
export function membersAfterRestricting(actor: Actor, doc: DocumentFacts, memberIds: readonly string[]): string[] {
  const restricted: DocumentFacts = { ...doc, restricted: true, memberIds };
  return decide(actor, 'read', restricted).verdict === 'hidden' ? [...memberIds, actor.id] : [...memberIds];
}

/**
 * Whether `actor` may edit or delete a comment written by `authorId`: those who may comment
 * on the document, on their own comments; an admin may also delete anyone's (moderation).
 * The verdicts and their order are `decide`'s (hidden, forbidden, wrong_state).
 */
export function decideOnComment(actor: Actor, action: 'edit_comment' | 'delete_comment', doc: DocumentFacts, authorId: string | null): Decision {
  const base = decide(actor, 'comment', doc);
  if (base.verdict === 'hidden' || base.verdict === 'forbidden') return base;
  const own = authorId !== null && authorId === actor.id;
  if (action === 'edit_comment' && !own) return { verdict: 'forbidden', reason: COMMENT_REASONS.onlyAuthorEdits };
  if (action === 'delete_comment' && !own && !ADMIN.has(actor.role)) return { verdict: 'forbidden', reason: COMMENT_REASONS.onlyAuthorOrAdminDeletes };
  return base;
}

/**
 * Whether `actor` may accept or reject the suggestion written by `suggesterId` (issue 21):
 * `accept_suggestion` and `reject_suggestion` as `decide` has them, except that a suggester
 * may always reject (withdraw) their own where suggestions can be open.
 */
export function decideOnSuggestion(actor: Actor, decision: 'accept' | 'reject', doc: DocumentFacts, suggesterId: string | null): Decision {
  const base = decide(actor, decision === 'accept' ? 'accept_suggestion' : 'reject_suggestion', doc);
  if (decision === 'reject' && base.verdict === 'forbidden' && suggesterId !== null && suggesterId === actor.id) {
    return doc.state === 'draft' || doc.state === 'in_review' ? ALLOW : { verdict: 'wrong_state', reason: wrongStateReason('reject_suggestion', doc.state) };
  }
  return base;
}

/** What is done with a document's language versions (issue 23). */
export type LanguageAction = 'add_language' | 'align' | 'set_master';

/**
 * Language versions: those who may create documents add a language version of a document
 * they see (not an archived one); those who may edit a draft mark it aligned with the
 * master's text (drafts only: the alignment is the translator's word that the text follows
 * the master); only an admin changes which version is the master. The verdicts and their
 * order are `decide`'s (hidden, forbidden, wrong_state).
 */
export function decideOnLanguages(actor: Actor, action: LanguageAction, doc: DocumentFacts): Decision {
  const seen = decide(actor, 'read', doc);
  if (seen.verdict !== 'allow') return seen;
  switch (action) {
    case 'add_language': {
      if (!can(actor, 'create')) return { verdict: 'forbidden', reason: LANGUAGE_REASONS.roleAdds };
      return doc.state === 'archived' ? { verdict: 'wrong_state', reason: LANGUAGE_REASONS.archived } : ALLOW;
    }
    case 'align': {
      const edit = decide(actor, 'edit', doc);
      if (edit.verdict === 'forbidden') return { verdict: 'forbidden', reason: LANGUAGE_REASONS.roleAligns };
      return edit.verdict === 'allow' ? ALLOW : { verdict: 'wrong_state', reason: LANGUAGE_REASONS.alignDraftsOnly };
    }
    case 'set_master':
      return ADMIN.has(actor.role) ? ALLOW : { verdict: 'forbidden', reason: LANGUAGE_REASONS.onlyAdminsSetMaster };
  }
}

/** A change to a person's role or account. */
export interface PersonChange {
  role?: Role;
  active?: boolean;
}

/**
 * Whether `actor` may make this change to `person`: whoever manages people may, except a
 * change that takes away their own right to manage people (a demotion or a deactivation of
 * themselves), so the organisation is never left without someone who can; another admin
 * must do it.
 */
export function decidePersonChange(actor: Actor, person: { id: string }, change: PersonChange): GlobalDecision {
  const manage = decide(actor, 'manage_users');
  if (manage.verdict !== 'allow' || person.id !== actor.id) return manage;
  const after: Actor = { ...actor, role: change.role ?? actor.role };
  if (change.active === false || !can(after, 'manage_users')) return { verdict: 'forbidden', reason: PERSONAL_REASONS.ownRights };
  return ALLOW;
}

/** What the public newsroom needs to know about a document. */
export interface ReleaseFacts {
  publishedVersionId: string | null;
  publishedAt: Date | null;
  embargoUntil: Date | null;
}

/**
 * Whether anyone, signed in or not, may read the document's released version in the
 * newsroom: it was published and its embargo (if any) has passed. Restricted documents
 * too: released means public. Before that nothing about it is public.
 */
export function isPublic<T extends ReleaseFacts>(doc: T, now: Date): doc is T & { publishedVersionId: string; publishedAt: Date } {
  if (!doc.publishedVersionId || !doc.publishedAt) return false;
  return !doc.embargoUntil || doc.embargoUntil.getTime() <= now.getTime();
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
