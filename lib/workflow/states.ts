/**
 * The states a document moves through (see shared/DESIGN.md, "Workflow"). Content is
 * editable only in `draft`; the transitions themselves arrive with the sign-off work.
 */
export const DOCUMENT_STATES = ['draft', 'in_review', 'approved', 'published', 'archived'] as const;
export type DocumentState = (typeof DOCUMENT_STATES)[number];

export const STATE_LABELS: Record<DocumentState, string> = {
  draft: 'Draft',
  in_review: 'In review',
  approved: 'Approved',
  published: 'Published',
  archived: 'Archived',
};

/** Whether the body of a document in this state may change at all, by anyone. */
export function isContentEditable(state: DocumentState): boolean {
  return state === 'draft';
}
