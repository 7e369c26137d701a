import { describe, expect, it } from 'vitest';
import { DOCUMENT_STATES, type DocumentState } from '../workflow/states';
import { ROLES, abilities, decide, type Actor, type DocumentAction, type Role } from './index';

const doc = (state: DocumentState, extra: Partial<{ restricted: boolean; memberIds: string[]; createdBy: string }> = {}) => ({
  state,
  createdBy: extra.createdBy ?? 'creator',
  restricted: extra.restricted ?? false,
  memberIds: extra.memberIds ?? [],
});
const actor = (role: Role, id = `user-${role}`): Actor => ({ id, role });

/**
 * The whole matrix, written out by hand (not derived from the policy's own tables):
 * role → action → state → expected decision on an unrestricted document.
 */
const DRAFTING = { draft: 'allow', in_review: 'wrong_state', approved: 'wrong_state', published: 'wrong_state', archived: 'wrong_state' } as const;
const NEVER = { draft: 'forbidden', in_review: 'forbidden', approved: 'forbidden', published: 'forbidden', archived: 'forbidden' } as const;
const ALWAYS = { draft: 'allow', in_review: 'allow', approved: 'allow', published: 'allow', archived: 'allow' } as const;
const EXPECTED: Record<Role, Record<DocumentAction, Record<DocumentState, string>>> = {
  viewer: { read: ALWAYS, edit: NEVER, update: NEVER },
  drafter: { read: ALWAYS, edit: DRAFTING, update: DRAFTING },
  reviewer: { read: ALWAYS, edit: DRAFTING, update: DRAFTING },
  approver: { read: ALWAYS, edit: DRAFTING, update: DRAFTING },
  publisher: { read: ALWAYS, edit: DRAFTING, update: DRAFTING },
  admin: { read: ALWAYS, edit: DRAFTING, update: DRAFTING },
};

describe('lib/policies: every role × state × action', () => {
  for (const role of ROLES) {
    for (const action of ['read', 'edit', 'update'] as const) {
      for (const state of DOCUMENT_STATES) {
        const expected = EXPECTED[role][action][state];
        it(`${role} ${action} on a ${state} document → ${expected}`, () => {
          expect(decide(actor(role), action, doc(state))).toBe(expected);
        });
      }
    }
  }

  it('only drafting roles may create documents', () => {
    const allowed = ROLES.filter((role) => decide(actor(role), 'create') === 'allow');
    expect(allowed).toEqual(['drafter', 'reviewer', 'approver', 'publisher', 'admin']);
  });

  it('a restricted document does not exist for non-members of any role but admin', () => {
    const restricted = doc('draft', { restricted: true, memberIds: ['member'] });
    for (const role of ROLES) {
      for (const action of ['read', 'edit', 'update'] as const) {
        const expected = role === 'admin' ? EXPECTED.admin[action].draft : 'hidden';
        expect(decide(actor(role), action, restricted), `${role} ${action}`).toBe(expected);
      }
    }
  });

  it('members of a restricted document keep exactly the rights of their role', () => {
    const restricted = doc('draft', { restricted: true, memberIds: ['member'] });
    for (const role of ROLES) {
      for (const action of ['read', 'edit', 'update'] as const) {
        expect(decide(actor(role, 'member'), action, restricted), `${role} ${action}`).toBe(EXPECTED[role][action].draft);
      }
    }
  });

  it('abilities mirror decide for the browser', () => {
    expect(abilities(actor('viewer'), doc('draft'))).toEqual({ read: true, edit: false, update: false });
    expect(abilities(actor('drafter'), doc('draft'))).toEqual({ read: true, edit: true, update: true });
    expect(abilities(actor('drafter'), doc('in_review'))).toEqual({ read: true, edit: false, update: false });
  });
});
