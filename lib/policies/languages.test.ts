import { describe, expect, it } from 'vitest';
import { DOCUMENT_STATES } from '@/lib/workflow/states';
import { ROLES, abilities, decide, decideOnLanguages, type DocumentFacts } from './index';
import { LANGUAGE_REASONS } from './reasons';

const actor = (role: (typeof ROLES)[number]) => ({ id: `${role}-1`, role });
const doc = (over: Partial<DocumentFacts> = {}): DocumentFacts => ({ state: 'draft', createdBy: 'someone', restricted: false, memberIds: [], ...over });

describe('language versions in the policy (issue 23)', () => {
  it('refuses approval while the master changed since alignment, in the policy’s sentence, and abilities say so', () => {
    const inReview = doc({ state: 'in_review', submittedBy: 'drafter-1' });
    expect(decide(actor('approver'), 'approve', inReview)).toEqual({ verdict: 'allow' });
    expect(decide(actor('approver'), 'approve', { ...inReview, masterChanged: true })).toEqual({
      verdict: 'wrong_state',
      reason: LANGUAGE_REASONS.masterChanged,
    });
    expect(abilities(actor('admin'), { ...inReview, masterChanged: true }).approve).toBe(false);
    // The role and four eyes still answer first (403 before 409).
    expect(decide(actor('drafter'), 'approve', { ...inReview, masterChanged: true }).verdict).toBe('forbidden');
    expect(decide(actor('approver'), 'approve', { ...inReview, submittedBy: 'approver-1', masterChanged: true }).verdict).toBe('forbidden');
  });

  it('decides adding, aligning and changing the master for every role and state', () => {
    for (const role of ROLES) {
      for (const state of DOCUMENT_STATES) {
        const facts = doc({ state });
        const addVerdict = decideOnLanguages(actor(role), 'add_language', facts).verdict;
        expect(addVerdict).toBe(role === 'viewer' ? 'forbidden' : state === 'archived' ? 'wrong_state' : 'allow');
        const alignVerdict = decideOnLanguages(actor(role), 'align', facts).verdict;
        expect(alignVerdict).toBe(role === 'viewer' ? 'forbidden' : state === 'draft' ? 'allow' : 'wrong_state');
        expect(decideOnLanguages(actor(role), 'set_master', facts).verdict).toBe(role === 'admin' ? 'allow' : 'forbidden');
      }
    }
  });

  it('hides a restricted document’s languages from those who are not its members', () => {
    const restricted = doc({ restricted: true, memberIds: ['drafter-1'] });
    expect(decideOnLanguages(actor('reviewer'), 'add_language', restricted)).toEqual({ verdict: 'hidden' });
    expect(decideOnLanguages(actor('drafter'), 'align', restricted)).toEqual({ verdict: 'allow' });
    expect(decideOnLanguages(actor('admin'), 'set_master', restricted)).toEqual({ verdict: 'allow' });
  });
});
