import { TRANSITION_FROM, isContentEditable, type DocumentState, type Transition } from '../workflow/states';

/**
 * The one place that decides every permission. Route handlers, server commands and the
 * collaboration server all ask it; the browser only receives the resulting abilities.
 * Roles are cumulative (shared/DESIGN.md, "Users and words"): reviewer ⊃ drafter,
 * approver ⊃ reviewer, publisher = drafter + publishing, admin may do everything.
 */

export const ROLES = ['viewer', 'drafter', 'reviewer', 'approver', 'publisher', 'admin'] as const;
export type Role = (typeof ROLES)[number];

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
  restricted: boolean;
  /** User ids of the members of a restricted document. */
  memberIds: readonly string[];
}

export const DOCUMENT_ACTIONS = [
  'read',
  'edit',
  'update',
  'submit',
  'withdraw',
  'request_changes',
  'approve',
  'publish',
  'reopen',
  'archive',
  'unarchive',
  'manage_access',
  'export',
] as const;
export type DocumentAction = (typeof DOCUMENT_ACTIONS)[number];
/** Actions on no particular document: creating one, managing people, the organisation's settings (letterhead logo). */
export type GlobalAction = 'create' | 'manage_users' | 'manage_settings';
export type Action = DocumentAction | GlobalAction;

/**
 * The answer to "may this actor do this?", fine-grained enough for the REST error order:
 * `hidden` → 404 (the document does not exist for them), `forbidden` → 403 (their role
 * does not allow it), `wrong_state` → 409 (allowed, but not in the document's state).
 */
export type Decision = 'allow' | 'hidden' | 'forbidden' | 'wrong_state';

const DRAFTING: ReadonlySet<Role> = new Set(['drafter', 'reviewer', 'approver', 'publisher', 'admin']);
const REVIEWING: ReadonlySet<Role> = new Set(['reviewer', 'approver', 'admin']);
const APPROVING: ReadonlySet<Role> = new Set(['approver', 'admin']);
const PUBLISHING: ReadonlySet<Role> = new Set(['publisher', 'admin']);
const ADMIN: ReadonlySet<Role> = new Set(['admin']);

/** Whether the actor may see the document at all. Restricted: members and admins only. */
function canSee(actor: Actor, doc: DocumentFacts): boolean {
  if (!doc.restricted || actor.role === 'admin') return true;
  return doc.memberIds.includes(actor.id);
}

/** Role check, then state check: the order that gives 403 before 409. */
function gate(allowed: boolean, stateOk: boolean): Decision {
  if (!allowed) return 'forbidden';
  return stateOk ? 'allow' : 'wrong_state';
}

function fromState(transition: Transition, state: DocumentState): boolean {
  return TRANSITION_FROM[transition].includes(state);
}

/** Decides whether `actor` may perform `action` (on `doc`, for document actions). */
export function decide(actor: Actor, action: GlobalAction): Decision;
export function decide(actor: Actor, action: DocumentAction, doc: DocumentFacts): Decision;
export function decide(actor: Actor, action: Action, doc?: DocumentFacts): Decision {
  const role = actor.role;
  if (action === 'create') return DRAFTING.has(role) ? 'allow' : 'forbidden';
  if (action === 'manage_users' || action === 'manage_settings') return ADMIN.has(role) ? 'allow' : 'forbidden';
  if (!doc || !canSee(actor, doc)) return 'hidden';
  const state = doc.state;
  switch (action) {
    case 'read':
      return 'allow';
    case 'edit':
    case 'update':
      return gate(DRAFTING.has(role), isContentEditable(state));
    case 'submit':
      return gate(DRAFTING.has(role), fromState('submit', state));
    case 'withdraw':
      // Only the person who submitted may withdraw their submission.
      return gate(DRAFTING.has(role) && (state !== 'in_review' || doc.submittedBy === actor.id), fromState('withdraw', state));
    case 'request_changes':
      return gate(REVIEWING.has(role), fromState('request_changes', state));
    case 'approve':
      // Four eyes: nobody approves a document they submitted, or text they edited in this review round.
      return gate(APPROVING.has(role) && (state !== 'in_review' || (doc.submittedBy !== actor.id && !doc.editedThisRound)), fromState('approve', state));
    case 'publish':
      return gate(PUBLISHING.has(role), fromState('publish', state));
    case 'reopen':
      // Approvers reopen approved documents; only admins reopen published ones.
      if (state === 'published') return gate(ADMIN.has(role), true);
      return gate(APPROVING.has(role), fromState('reopen', state));
    case 'archive':
      return gate(ADMIN.has(role), fromState('archive', state));
    case 'unarchive':
      return gate(ADMIN.has(role), fromState('unarchive', state));
    case 'manage_access':
      return gate(role === 'admin' || (doc.createdBy === actor.id && DRAFTING.has(role)), true);
    case 'export':
      // Drafting roles export in every state (a draft's PDF says DRAFT); a viewer only
      // text that has been approved. Callers pass the state of the text being exported.
      return gate(DRAFTING.has(role) || state === 'approved' || state === 'published', true);
  }
}

/** True when `decide` allows it. */
export function can(actor: Actor, action: DocumentAction, doc: DocumentFacts): boolean {
  return decide(actor, action, doc) === 'allow';
}

/**
 * Whether `user` may be named to review a document that `submitterId` submits: they must
 * see it and be able to request changes on it or approve it once it is in review (so the
 * submitter, who may not approve their own text, counts only as a reviewer role allows).
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

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
