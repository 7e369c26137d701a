/**
 * The roles, from least to most rights (shared/DESIGN.md, "Users and words"), on their own so
 * that the browser can list them (components/PeopleAdmin.tsx) without the policy module,
 * whose refusal sentences bring the English catalogue with them (lib/i18n/sentence.ts).
 */
export const ROLES = ['viewer', 'drafter', 'reviewer', 'approver', 'publisher', 'admin'] as const;
export type Role = (typeof ROLES)[number];
