import { describe, expect, it } from 'vitest';
import { ROLES } from '@/lib/policies';
import { aRole, roleLabel } from './roles';

describe('role names as people read them', () => {
  it('capitalises every role and gives it the right article inside a sentence', () => {
    expect(ROLES.map(roleLabel)).toEqual(['Viewer', 'Drafter', 'Reviewer', 'Approver', 'Publisher', 'Administrator']);
    expect(`Make Nigar Məmmədova ${aRole('approver')}?`).toBe('Make Nigar Məmmədova an approver?');
    expect(aRole('drafter')).toBe('a drafter');
    expect(aRole('admin')).toBe('an administrator');
  });
});
