import { describe, expect, it } from 'vitest';
import { DOCUMENT_STATES, type DocumentState } from '@/lib/workflow/states';
import {
  DOCUMENT_ACTIONS,
  GLOBAL_ACTIONS,
  ROLES,
  abilities,
  can,
  decide,
  decideOnComment,
  decideOnSuggestion,
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
/** Issue 21: whoever may edit may suggest, accept (drafts) and reject; in review only reviewers and approvers suggest (below). */
const SUGGESTING = ['suggest', 'accept_suggestion', 'reject_suggestion'] as const;
const ROLE_MAY: Record<Role, readonly DocumentAction[]> = {
  viewer: ['read', 'export'],
  drafter: ['read', 'edit', 'update', 'submit', 'withdraw', 'export', 'comment', ...SUGGESTING],
  reviewer: ['read', 'edit', 'update', 'submit', 'withdraw', 'request_changes', 'endorse', 'export', 'comment', ...SUGGESTING],
  approver: ['read', 'edit', 'update', 'submit', 'withdraw', 'request_changes', 'endorse', 'approve', 'reopen', 'export', 'comment', ...SUGGESTING],
  publisher: [
    'read',
    'edit',
    'update',
    'submit',
    'withdraw',
    'publish',
    'publish_group',
    'reschedule',
    'release_now',
    'unschedule',
    'export',
    'comment',
    ...SUGGESTING,
  ],
  admin: [...DOCUMENT_ACTIONS],
};
const FROM_STATES: Record<DocumentAction, readonly DocumentState[]> = {
  read: DOCUMENT_STATES,
  edit: ['draft'],
  update: ['draft'],
  submit: ['draft'],
  withdraw: ['in_review'],
  request_changes: ['in_review'],
  endorse: ['in_review'],
  approve: ['in_review'],
  publish: ['approved'],
  publish_group: ['approved'],
  reschedule: ['published'],
  release_now: ['published'],
  unschedule: ['published'],
  reopen: ['approved', 'published'],
  archive: ['draft', 'in_review', 'approved', 'published'],
  unarchive: ['archived'],
  manage_access: DOCUMENT_STATES,
  export: DOCUMENT_STATES,
  // Issue 20: threads in every state but archived.
  comment: ['draft', 'in_review', 'approved', 'published'],
  // Issue 22: a draft never submitted (reviewRound 0 in these facts); see the test of its own below.
  delete: ['draft'],
  suggest: ['draft', 'in_review'],
  accept_suggestion: ['draft'],
  reject_suggestion: ['draft', 'in_review'],
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
  // A scheduled release (embargo ahead), so that the release changes follow the table; the
  // embargo's own rule has its test below.
  embargoUntil: new Date(Date.now() + 3_600_000),
  // The master of a language group (issue 23), so publish_group follows the table; not being one has its test in languages.test.ts.
  languageMaster: true,
  ...extra,
});

/**
 * The DESIGN.md rule for one cell, including its personal rules; `awaiting`: the kind needs a
 * "Reviewed" before approval and the submitted text has none yet (issue 19).
 */
function expected(role: Role, action: DocumentAction, state: DocumentState, relation: Relation, awaiting = false): string {
  let roleAllows = ROLE_MAY[role].includes(action);
  if (action === 'withdraw' && state === 'in_review' && relation !== 'submitter') roleAllows = false; // their own submission
  if ((action === 'approve' || action === 'endorse') && state === 'in_review' && (relation === 'submitter' || relation === 'editor')) roleAllows = false; // four eyes
  if (action === 'reopen' && state === 'published' && role !== 'admin') roleAllows = false; // admins reopen published
  if (action === 'manage_access' && relation === 'creator' && role !== 'viewer') roleAllows = true; // the creator
  if (action === 'delete') roleAllows = role === 'admin' || (role !== 'viewer' && relation === 'creator'); // the creator or an admin
  if (action === 'suggest' && state === 'in_review' && !['reviewer', 'approver', 'admin'].includes(role)) roleAllows = false; // drafters stay read-only in review
  if (action === 'export' && role === 'viewer' && state !== 'approved' && state !== 'published') roleAllows = false; // viewers: approved text only
  if (!roleAllows) return 'forbidden';
  if (!FROM_STATES[action].includes(state)) return 'wrong_state';
  return action === 'approve' && awaiting ? 'wrong_state' : 'allow'; // allowed, but not before a "Reviewed"
}

describe('lib/policies', () => {
  it('lets a publisher move, hasten or pull back a release only while its embargo is ahead', () => {
    const publisher: Actor = { id: ME, role: 'publisher' };
    const embargoUntil = new Date('2030-01-01T09:00:00Z');
    for (const action of ['reschedule', 'release_now', 'unschedule'] as const) {
      const before = facts('published', 'other', { embargoUntil, now: new Date(embargoUntil.getTime() - 1) });
      const at = facts('published', 'other', { embargoUntil, now: embargoUntil });
      expect(decide(publisher, action, before).verdict).toBe('allow');
      expect(decide(publisher, action, at)).toMatchObject({ verdict: 'wrong_state', reason: expect.stringContaining('already out') });
      expect(decide(publisher, action, facts('published', 'other', { embargoUntil: null })).verdict).toBe('wrong_state');
      expect(decide({ id: ME, role: 'approver' }, action, before).verdict).toBe('forbidden');
    }
  });

  it('matches DESIGN.md for every role × state × action × relation × "Reviewed" still needed, as a whole', () => {
    const want: Record<string, string> = {};
    const got: Record<string, string> = {};
    for (const role of ROLES)
      for (const state of DOCUMENT_STATES)
        for (const action of DOCUMENT_ACTIONS)
          for (const relation of ['submitter', 'creator', 'editor', 'other'] as const)
            for (const awaiting of [false, true]) {
              const key = `${role} ${action} ${state} (${relation}${awaiting ? ', awaiting Reviewed' : ''})`;
              want[key] = expected(role, action, state, relation, awaiting);
              got[key] = decide({ id: ME, role }, action, facts(state, relation, { awaitingEndorsement: awaiting })).verdict;
            }
    expect(Object.keys(got)).toHaveLength(6 * 5 * 23 * 4 * 2);
    expect(got).toEqual(want);
  });

  it('deletes only a draft never submitted, for its creator or an admin; one submitted once is kept (409 with the sentence)', () => {
    const once = facts('draft', 'creator', { reviewRound: 1 });
    expect(decide({ id: ME, role: 'drafter' }, 'delete', facts('draft', 'creator', { reviewRound: 0 })).verdict).toBe('allow');
    expect(decide({ id: ME, role: 'drafter' }, 'delete', once)).toEqual({
      verdict: 'wrong_state',
      reason: 'This draft was submitted for review once, so its record is kept: archive it instead of deleting it.',
    });
    expect(decide({ id: ME, role: 'admin' }, 'delete', facts('draft', 'other', { reviewRound: 1 })).verdict).toBe('wrong_state');
    expect(decide({ id: ME, role: 'publisher' }, 'delete', facts('draft', 'other'))).toEqual({
      verdict: 'forbidden',
      reason: 'Only the person who created this draft or an admin can delete it.',
    });
    expect(decide({ id: ME, role: 'viewer' }, 'delete', facts('draft', 'creator')).verdict).toBe('forbidden');
  });

  it('approval waits for a "Reviewed" when the kind needs one: a 409 with the sentence, and abilities do not offer it', () => {
    const awaiting = facts('in_review', 'other', { awaitingEndorsement: true });
    for (const role of ['approver', 'admin'] as const) {
      expect(decide({ id: ME, role }, 'approve', awaiting)).toEqual({
        verdict: 'wrong_state',
        reason: 'This kind of document must be marked “Reviewed” by a reviewer before it is approved; ask a reviewer to review it.',
      });
      expect(abilities({ id: ME, role }, awaiting)).toMatchObject({ approve: false, request_changes: true, endorse: true });
    }
    // Four eyes and the role still answer first (403 before 409); once reviewed, approval is open.
    expect(decide({ id: ME, role: 'approver' }, 'approve', facts('in_review', 'submitter', { awaitingEndorsement: true })).verdict).toBe('forbidden');
    expect(decide({ id: ME, role: 'reviewer' }, 'approve', awaiting).verdict).toBe('forbidden');
    expect(abilities({ id: ME, role: 'approver' }, facts('in_review', 'other', { awaitingEndorsement: false })).approve).toBe(true);
  });

  it('refuses approval while comment threads are open, with the number, and abilities say so', () => {
    const approver: Actor = { id: ME, role: 'approver' };
    expect(decide(approver, 'approve', facts('in_review', 'other', { openThreads: 0 })).verdict).toBe('allow');
    expect(decide(approver, 'approve', facts('in_review', 'other', { openThreads: 1 }))).toEqual({
      verdict: 'wrong_state',
      reason: '1 comment thread is still open on this document. Resolve it, or send the text back, before approving.',
    });
    expect(decide(approver, 'approve', facts('in_review', 'other', { openThreads: 3 }))).toMatchObject({
      reason: expect.stringContaining('3 comment threads are'),
    });
    // Four eyes and the role still come first (403 before 409).
    expect(decide(approver, 'approve', facts('in_review', 'submitter', { openThreads: 3 })).verdict).toBe('forbidden');
    expect(decide({ id: ME, role: 'reviewer' }, 'approve', facts('in_review', 'other', { openThreads: 3 })).verdict).toBe('forbidden');
    expect(abilities(approver, facts('in_review', 'other', { openThreads: 2 })).approve).toBe(false);
  });

  it('refuses approval while suggestions are open, with the number; a suggester may always reject their own', () => {
    const approver: Actor = { id: ME, role: 'approver' };
    expect(decide(approver, 'approve', facts('in_review', 'other', { openSuggestions: 0 })).verdict).toBe('allow');
    expect(decide(approver, 'approve', facts('in_review', 'other', { openSuggestions: 2 }))).toEqual({
      verdict: 'wrong_state',
      reason: '2 suggestions are still open on this document. Reject them, or send the text back so the drafter can decide, before approving.',
    });
    expect(abilities(approver, facts('in_review', 'other', { openSuggestions: 1 })).approve).toBe(false);
    const viewer: Actor = { id: ME, role: 'viewer' };
    expect(decideOnSuggestion(viewer, 'reject', facts('in_review', 'other'), ME).verdict).toBe('allow');
    expect(decideOnSuggestion(viewer, 'reject', facts('in_review', 'other'), 'someone-else').verdict).toBe('forbidden');
    expect(decideOnSuggestion(viewer, 'reject', facts('approved', 'other'), ME).verdict).toBe('wrong_state');
    expect(decideOnSuggestion({ id: ME, role: 'drafter' }, 'accept', facts('in_review', 'other'), 'x')).toEqual({
      verdict: 'wrong_state',
      reason: 'You cannot accept suggestions in a document that is in review.',
    });
    expect(decideOnSuggestion({ id: ME, role: 'drafter' }, 'reject', facts('in_review', 'other'), 'x').verdict).toBe('allow');
  });

  it('lets authors edit and delete their own comments, admins delete anyone’s, nobody touch them when archived or hidden', () => {
    const doc = facts('in_review', 'other');
    const drafter: Actor = { id: ME, role: 'drafter' };
    const admin: Actor = { id: ME, role: 'admin' };
    expect(decideOnComment(drafter, 'edit_comment', doc, ME).verdict).toBe('allow');
    expect(decideOnComment(drafter, 'delete_comment', doc, ME).verdict).toBe('allow');
    expect(decideOnComment(drafter, 'edit_comment', doc, 'someone-else')).toMatchObject({
      verdict: 'forbidden',
      reason: 'Only its author can edit a comment.',
    });
    expect(decideOnComment(drafter, 'delete_comment', doc, 'someone-else').verdict).toBe('forbidden');
    expect(decideOnComment(admin, 'delete_comment', doc, 'someone-else').verdict).toBe('allow');
    expect(decideOnComment(admin, 'edit_comment', doc, 'someone-else').verdict).toBe('forbidden');
    expect(decideOnComment({ id: ME, role: 'viewer' }, 'delete_comment', doc, ME).verdict).toBe('forbidden');
    expect(decideOnComment(drafter, 'edit_comment', facts('archived', 'other'), ME).verdict).toBe('wrong_state');
    expect(decideOnComment(drafter, 'edit_comment', { ...doc, restricted: true }, ME).verdict).toBe('hidden');
  });

  it('lets reviewers and up mark a text reviewed in review, but not their own submission or round edits', () => {
    const inReview = facts('in_review', 'other');
    expect(ROLES.filter((role) => can({ id: ME, role }, 'endorse', inReview))).toEqual(['reviewer', 'approver', 'admin']);
    expect(decide({ id: ME, role: 'reviewer' }, 'endorse', facts('in_review', 'submitter'))).toMatchObject({
      verdict: 'forbidden',
      reason: expect.stringContaining('someone else must review'),
    });
    expect(decide({ id: ME, role: 'reviewer' }, 'endorse', facts('in_review', 'editor'))).toMatchObject({
      verdict: 'forbidden',
      reason: expect.stringContaining('edited this text'),
    });
    expect(decide({ id: ME, role: 'reviewer' }, 'endorse', facts('draft', 'other'))).toMatchObject({
      verdict: 'wrong_state',
      reason: 'You cannot mark as reviewed a document that is draft.',
    });
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

/* Actions on no document, also written from DESIGN.md: who manages people and settings, sees the audit head, is asked to review. */
const GLOBAL_ROLE_MAY: Record<GlobalAction, readonly Role[]> = {
  create: ['drafter', 'reviewer', 'approver', 'publisher', 'admin'],
  manage_users: ['admin'],
  manage_settings: ['admin'],
  view_audit_head: ['admin'],
  be_asked_to_review: ['reviewer'],
};

describe('actions on no document', () => {
  it('match DESIGN.md for every role × global action, as a whole, and can() agrees', () => {
    const want: Record<string, string> = {};
    const got: Record<string, string> = {};
    for (const role of ROLES)
      for (const action of GLOBAL_ACTIONS) {
        want[`${role} ${action}`] = GLOBAL_ROLE_MAY[action].includes(role) ? 'allow' : 'forbidden';
        got[`${role} ${action}`] = decide({ id: ME, role }, action).verdict;
        expect(can({ id: ME, role }, action), `${role} ${action}`).toBe(want[`${role} ${action}`] === 'allow');
      }
    expect(got).toEqual(want);
  });
});

describe('the reason comes with the answer', () => {
  const reasonOf = (decision: Decision): string | null => ('reason' in decision ? decision.reason : null);

  it('every refusal carries a sentence, a hidden document none', () => {
    for (const role of ROLES)
      for (const state of DOCUMENT_STATES)
        for (const action of DOCUMENT_ACTIONS)
          for (const relation of ['submitter', 'creator', 'editor', 'other'] as const) {
            const decision = decide({ id: ME, role }, action, facts(state, relation));
            if (decision.verdict === 'allow') continue;
            expect(reasonOf(decision), `${role} ${action} ${state} (${relation})`).toMatch(/^[A-Z].+\.$/);
          }
    expect(decide({ id: ME, role: 'drafter' }, 'read', facts('draft', 'other', { restricted: true, memberIds: [] }))).toEqual({ verdict: 'hidden' });
    for (const role of ROLES)
      for (const action of GLOBAL_ACTIONS) {
        const decision = decide({ id: ME, role }, action);
        if (decision.verdict === 'forbidden') expect(decision.reason, `${role} ${action}`).toMatch(/^Your role \(\w+\) does not allow you to .+\.$/);
      }
  });

  it('each personal rule explains itself: four eyes, the submitter withdraws, admins reopen published text, creators manage access', () => {
    const approver: Actor = { id: ME, role: 'approver' };
    expect(decide(approver, 'approve', facts('in_review', 'submitter'))).toEqual({
      verdict: 'forbidden',
      reason: 'You submitted this document, so someone else must approve it.',
    });
    expect(decide(approver, 'approve', facts('in_review', 'editor'))).toEqual({
      verdict: 'forbidden',
      reason: 'You edited this text in this review round, so someone else must approve it.',
    });
    expect(reasonOf(decide({ id: ME, role: 'drafter' }, 'withdraw', facts('in_review', 'other')))).toBe(
      'Only the person who submitted it can withdraw a submission.',
    );
    expect(reasonOf(decide(approver, 'reopen', facts('published', 'other')))).toBe('Only an admin can reopen a published document.');
    expect(reasonOf(decide(approver, 'manage_access', facts('draft', 'other')))).toBe('Only the document’s creator or an admin can change who may see it.');
    expect(reasonOf(decide({ id: ME, role: 'viewer' }, 'export', facts('draft', 'other')))).toBe('Your role allows exporting only approved or published text.');
  });

  it('a role that lacks the action is named; an action from the wrong state names the state', () => {
    expect(reasonOf(decide({ id: ME, role: 'drafter' }, 'approve', facts('in_review', 'other')))).toBe(
      'Your role (Drafter) does not allow you to approve documents.',
    );
    expect(reasonOf(decide({ id: ME, role: 'viewer' }, 'create'))).toBe('Your role (Viewer) does not allow you to create documents.');
    expect(decide({ id: ME, role: 'approver' }, 'request_changes', facts('approved', 'other'))).toEqual({
      verdict: 'wrong_state',
      reason: 'You cannot request changes on a document that is approved.',
    });
  });
});

describe('who is concerned', () => {
  const people = ROLES.map((role) => ({ id: role, role }));

  it('everyone who may review or approve a submission is asked, admins too; its submitter only as their role allows', () => {
    const asked = people.filter((p) => mayBeNamedReviewer(p, facts('draft', 'other'), 'drafter')).map((p) => p.role);
    expect(asked).toEqual(['reviewer', 'approver', 'admin']);
    // An approver who submits it may still request changes: they stay among those who may review.
    expect(mayBeNamedReviewer({ id: 'approver', role: 'approver' }, facts('draft', 'other'), 'approver')).toBe(true);
    expect(mayBeNamedReviewer({ id: 'approver', role: 'approver' }, facts('draft', 'other', { restricted: true, memberIds: [] }), 'drafter')).toBe(false);
  });

  it('everyone who may publish an approved document is concerned by it, admins too', () => {
    expect(people.filter((p) => can(p, 'publish', facts('approved', 'other'))).map((p) => p.role)).toEqual(['publisher', 'admin']);
  });
});

describe('restricting a document', () => {
  const doc = facts('draft', 'creator');

  it('keeps the creator who restricts it among the members, so they do not lock themselves out', () => {
    expect(membersAfterRestricting({ id: ME, role: 'drafter' }, doc, ['colleague'])).toEqual(['colleague', ME]);
    expect(membersAfterRestricting({ id: ME, role: 'drafter' }, doc, [ME, 'colleague'])).toEqual([ME, 'colleague']);
  });

  it('adds no admin, who sees every document anyway', () => {
    expect(membersAfterRestricting({ id: ME, role: 'admin' }, facts('draft', 'other'), ['colleague'])).toEqual(['colleague']);
  });
});

describe('changing a person', () => {
  const admin: Actor = { id: ME, role: 'admin' };

  it('an admin may change anyone else, but cannot take their own right to manage people away', () => {
    expect(decidePersonChange(admin, { id: 'other' }, { role: 'viewer', active: false })).toEqual({ verdict: 'allow' });
    expect(decidePersonChange(admin, { id: ME }, { role: 'admin', active: true })).toEqual({ verdict: 'allow' });
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      expect(decidePersonChange(admin, { id: ME }, { role })).toEqual({
        verdict: 'forbidden',
        reason: 'You cannot remove your own admin rights or deactivate yourself; ask another admin.',
      });
    }
    expect(decidePersonChange(admin, { id: ME }, { active: false }).verdict).toBe('forbidden');
  });

  it('nobody else may change people at all', () => {
    for (const role of ROLES.filter((r) => r !== 'admin')) expect(decidePersonChange({ id: ME, role }, { id: 'other' }, {}).verdict).toBe('forbidden');
  });
});

describe('the public newsroom', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  const released = { publishedVersionId: 'v1', publishedAt: new Date('2026-03-01T09:00:00Z'), embargoUntil: null };

  it('shows a published version once its embargo has passed, and nothing before', () => {
    expect(isPublic(released, now)).toBe(true);
    expect(isPublic({ ...released, embargoUntil: now }, now)).toBe(true);
    expect(isPublic({ ...released, embargoUntil: new Date('2026-03-01T12:00:01Z') }, now)).toBe(false);
    expect(isPublic({ ...released, publishedVersionId: null }, now)).toBe(false);
    expect(isPublic({ ...released, publishedAt: null }, now)).toBe(false);
  });
});
