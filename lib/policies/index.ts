import { isContentEditable, type DocumentState } from '../workflow/states';

/**
 * The one place that decides every permission. Route handlers, server commands and the
 * collaboration server all ask it; the browser only receives the resulting abilities.
 * Roles are cumulative (shared/DESIGN.md, "Users and words"): each role may do what the
 * roles before it may, publisher adds publishing to drafter, admin may do everything.
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
  restricted: boolean;
  /** User ids of the members of a restricted document. */
  memberIds: readonly string[];
}

export const DOCUMENT_ACTIONS = ['read', 'edit', 'update'] as const;
export type DocumentAction = (typeof DOCUMENT_ACTIONS)[number];
export type Action = DocumentAction | 'create';

/**
 * The answer to "may this actor do this?", fine-grained enough for the REST error order:
 * `hidden` → 404 (the document does not exist for them), `forbidden` → 403 (their role
 * does not allow it), `wrong_state` → 409 (allowed, but not in the document's state).
 */
export type Decision = 'allow' | 'hidden' | 'forbidden' | 'wrong_state';

const DRAFTING_ROLES: ReadonlySet<Role> = new Set(['drafter', 'reviewer', 'approver', 'publisher', 'admin']);

/** Whether the actor may see the document at all. Restricted: members and admins only. */
function canSee(actor: Actor, doc: DocumentFacts): boolean {
  if (!doc.restricted || actor.role === 'admin') return true;
  return doc.memberIds.includes(actor.id);
}

/** Decides whether `actor` may perform `action` (on `doc`, for document actions). */
export function decide(actor: Actor, action: 'create'): Decision;
export function decide(actor: Actor, action: DocumentAction, doc: DocumentFacts): Decision;
export function decide(actor: Actor, action: Action, doc?: DocumentFacts): Decision {
  if (action === 'create') return DRAFTING_ROLES.has(actor.role) ? 'allow' : 'forbidden';
  if (!doc || !canSee(actor, doc)) return 'hidden';
  switch (action) {
    case 'read':
      return 'allow';
    case 'edit':
    case 'update':
      if (!DRAFTING_ROLES.has(actor.role)) return 'forbidden';
      return isContentEditable(doc.state) ? 'allow' : 'wrong_state';
  }
}

/** True when `decide` allows it. */
export function can(actor: Actor, action: DocumentAction, doc: DocumentFacts): boolean {
  return decide(actor, action, doc) === 'allow';
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
