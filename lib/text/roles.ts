import type { Role } from '@/lib/policies';

/** Role names as people read them (never the lowercase codes of the API): "Approver". */
export const ROLE_LABELS: Record<Role, string> = {
  viewer: 'Viewer',
  drafter: 'Drafter',
  reviewer: 'Reviewer',
  approver: 'Approver',
  publisher: 'Publisher',
  admin: 'Administrator',
};

/** A role's name, as people read it. */
export function roleLabel(role: Role): string {
  return ROLE_LABELS[role];
}

/** A role inside a sentence, with its article: "Make Nigar Məmmədova an approver?". */
export function aRole(role: Role): string {
  const noun = ROLE_LABELS[role].toLowerCase();
  return `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;
}
