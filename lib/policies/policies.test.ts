import { describe, expect, it } from 'vitest';
import { DOCUMENT_STATES, type DocumentState } from '../workflow/states';
import {
  DOCUMENT_ACTIONS,
  GLOBAL_ACTIONS,
  ROLES,
  abilities,
  can,
  decide,
  decidePersonChange,
  isPublic,
  mayBeNamedReviewer,
  membersAfterRestricting,
  type Actor,
  type Decision,
  type DocumentAction,
  type DocumentFacts,
  type GlobalAction,
  type Role,
} from './index';

/*
 * The expected matrix is written from shared/DESIGN.md's tables, not from the policy's
 * code: what each role may do ("Users and words") and from which states each action
 * starts (the "Workflow" diagram). The test then compares the policy with it as a whole.
 */
const ROLE_MAY: Record<Role, readonly DocumentAction[]> = {
  viewer: ['read', 'export'],
  drafter: ['read', 'edit', 'update', 'submit', 'withdraw', 'export'],
  reviewer: ['read', 'edit', 'update', 'submit', 'withdraw', 'request_changes', 'export'],
  approver: ['read', 'edit', 'update', 'submit', 'withdraw', 'request_changes', 'approve', 'reopen', 'export'],
  publisher: ['read', 'edit', 'update', 'submit', 'withdraw', 'publish', 'export'],
  admin: [...DOCUMENT_ACTIONS],
};
const FROM_STATES: Record<DocumentAction, readonly DocumentState[]> = {
  read: DOCUMENT_STATES,
  edit: ['draft'],
  update: ['draft'],
  submit: ['draft'],
  withdraw: ['in_review'],
  request_changes: ['in_review'],
  approve: ['in_review'],
  publish: ['approved'],
  reopen: ['approved', 'published'],
  archive: ['draft', 'in_review', 'approved', 'published'],
  unarchive: ['archived'],
  manage_access: DOCUMENT_STATES,
  export: DOCUMENT_STATES,
};

/** The actor's relation to the document; `editor`: edited the text of the current review round, submitted by someone else. */
type Relation = 'submitter' | 'creator' | 'editor' | 'other';
const ME = 'me';
const facts = (state: DocumentState, relation: Relation, extra: Partial<DocumentFacts> = {}): DocumentFacts => ({
  state,
  createdBy: relation === 'creator' ? ME : 'someone-else',
  submittedBy: relation === 'submitter' ? ME : 'someone-else',
  editedThisRound: relation === 'editor',
  restricted: false,
  memberIds: [],
  ...extra,
});

/** The DESIGN.md rule for one cell, including its three personal rules. */
function expected(role: Role, action: DocumentAction, state: DocumentState, relation: Relation): string {
  let roleAllows = ROLE_MAY[role].includes(action);
  if (action === 'withdraw' && state === 'in_review' && relation !== 'submitter') roleAllows = false; // their own submission
  if (action === 'approve' && state === 'in_review' && (relation === 'submitter' || relation === 'editor')) roleAllows = false; // four eyes
  if (action === 'reopen' && state === 'published' && role !== 'admin') roleAllows = false; // admins reopen published
  if (action === 'manage_access' && relation === 'creator' && role !== 'viewer') roleAllows = true; // the creator
  if (action === 'export' && role === 'viewer' && state !== 'approved' && state !== 'published') roleAllows = false; // viewers: approved text only
  if (!roleAllows) return 'forbidden';
  return FROM_STATES[action].includes(state) ? 'allow' : 'wrong_state';
}

describe('lib/policies', () => {
  it('matches DESIGN.md for every role × state × action × relation, as a whole', () => {
    const want: Record<string, string> = {};
    const got: Record<string, string> = {};
    for (const role of ROLES)
      for (const state of DOCUMENT_STATES)
        for (const action of DOCUMENT_ACTIONS)
          for (const relation of ['submitter', 'creator', 'editor', 'other'] as const) {
            const key = `${role} ${action} ${state} (${relation})`;
            want[key] = expected(role, action, state, relation);
            got[key] = decide({ id: ME, role }, action, facts(state, relation)).verdict;
          }
    expect(Object.keys(got)).toHaveLength(6 * 5 * 13 * 4);
    expect(got).toEqual(want);
  });

  it('only drafting roles may create documents', () => {
    const allowed = ROLES.filter((role) => decide({ id: ME, role }, 'create').verdict === 'allow');
    expect(allowed).toEqual(['drafter', 'reviewer', 'approver', 'publisher', 'admin']);
  });

  it('only admins manage people', () => {
    expect(ROLES.filter((role) => decide({ id: ME, role }, 'manage_users').verdict === 'allow')).toEqual(['admin']);
  });

  it('only admins manage the organisation settings (the letterhead logo)', () => {
    expect(ROLES.filter((role) => decide({ id: ME, role }, 'manage_settings').verdict === 'allow')).toEqual(['admin']);
  });

  it('a restricted document does not exist for anyone but its members and admins', () => {
    for (const role of ROLES) {
      for (const action of DOCUMENT_ACTIONS) {
        const outsider = decide({ id: ME, role }, action, facts('draft', 'other', { restricted: true, memberIds: ['member'] })).verdict;
        expect(outsider, `${role} ${action}`).toBe(role === 'admin' ? expected(role, action, 'draft', 'other') : 'hidden');
        const member = decide({ id: ME, role }, action, facts('draft', 'other', { restricted: true, memberIds: [ME] })).verdict;
        expect(member, `member ${role} ${action}`).toBe(expected(role, action, 'draft', 'other'));
      }
    }
  });

  it('abilities mirror decide for the browser', () => {
    const viewer: Actor = { id: ME, role: 'viewer' };
    expect(Object.entries(abilities(viewer, facts('draft', 'other'))).filter(([, v]) => v)).toEqual([['read', true]]);
    const drafter: Actor = { id: ME, role: 'drafter' };
    expect(abilities(drafter, facts('draft', 'other'))).toMatchObject({ edit: true, submit: true, approve: false });
    expect(abilities(drafter, facts('in_review', 'submitter'))).toMatchObject({ edit: false, withdraw: true });
    expect(abilities(viewer, facts('published', 'other'))).toMatchObject({ read: true, export: true, edit: false });
    expect(abilities(drafter, facts('draft', 'other'))).toMatchObject({ export: true });
  });
});

describe('four eyes', () => {
  it('an approver who edited this review round may not approve it, and their abilities say so; another approver may', () => {
    const edited = facts('in_review', 'editor');
    expect(decide({ id: ME, role: 'approver' }, 'approve', edited).verdict).toBe('forbidden');
    expect(decide({ id: ME, role: 'admin' }, 'approve', edited).verdict).toBe('forbidden');
    expect(abilities({ id: ME, role: 'approver' }, edited).approve).toBe(false);
    // The same person may still ask for changes; someone who did not edit may approve.
    expect(abilities({ id: ME, role: 'approver' }, edited).request_changes).toBe(true);
    expect(abilities({ id: ME, role: 'approver' }, facts('in_review', 'other')).approve).toBe(true);
  });
});
