/**
 * The states a document moves through and the transitions between them
 * (shared/DESIGN.md, "Workflow"). Who may take a transition is lib/policies' business;
 * this module only knows where each transition leads and from where it may start.
 */
export const DOCUMENT_STATES = ['draft', 'in_review', 'approved', 'published', 'archived'] as const;
export type DocumentState = (typeof DOCUMENT_STATES)[number];

/**
 * English names, for the places not yet moved into the catalogues; the interface's words for
 * states and transitions are `states.*` and `transitions.*` in messages/<locale>.json (issue 24).
 */
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

export const TRANSITIONS = [
  'submit',
  'withdraw',
  'request_changes',
  'endorse',
  'approve',
  'publish',
  'publish_group',
  'reschedule',
  'release_now',
  'unschedule',
  'reopen',
  'archive',
  'unarchive',
] as const;
export type Transition = (typeof TRANSITIONS)[number];

export const TRANSITION_LABELS: Record<Transition, string> = {
  submit: 'Submit for review',
  withdraw: 'Withdraw submission',
  request_changes: 'Request changes',
  endorse: 'Reviewed',
  approve: 'Approve',
  publish: 'Publish',
  publish_group: 'Publish all languages',
  reschedule: 'Move the embargo',
  release_now: 'Release now',
  unschedule: 'Pull back to approved',
  reopen: 'Reopen',
  archive: 'Archive',
  unarchive: 'Restore from archive',
};

/** The states each transition may start from. */
export const TRANSITION_FROM: Record<Transition, readonly DocumentState[]> = {
  submit: ['draft'],
  withdraw: ['in_review'],
  request_changes: ['in_review'],
  // A reviewer's "reviewed, no changes": recorded against the submitted text's hash; the state stays.
  endorse: ['in_review'],
  approve: ['in_review'],
  publish: ['approved'],
  // Issue 23: the master of a language group releases every version at one instant.
  publish_group: ['approved'],
  // A scheduled release (published, embargo ahead) can be moved, hastened or pulled back;
  // lib/policies refuses them once the embargo has passed (the text is out).
  reschedule: ['published'],
  release_now: ['published'],
  unschedule: ['published'],
  reopen: ['approved', 'published'],
  archive: ['draft', 'in_review', 'approved', 'published'],
  unarchive: ['archived'],
};

/** The transitions that change a scheduled release: only before its embargo passes. */
export const RELEASE_TRANSITIONS: ReadonlySet<Transition> = new Set(['reschedule', 'release_now', 'unschedule']);

/**
 * The embargo still ahead of a document, or null: only a published text whose embargo has
 * not passed shows one. Once released, or after a reopen or a pull-back, no page or export
 * prints an embargo line (the stored time stays, as history, and gates the newsroom).
 */
export function pendingEmbargo(doc: { state: DocumentState; embargoUntil: Date | null }, now: Date): Date | null {
  if (doc.state !== 'published' || !doc.embargoUntil) return null;
  return doc.embargoUntil.getTime() > now.getTime() ? doc.embargoUntil : null;
}

/** Transitions that need a comment (a reason the others will read). */
export const COMMENT_REQUIRED: ReadonlySet<Transition> = new Set(['request_changes', 'reopen']);

/** How many approvals of the same text each kind needs before it is approved. */
export const APPROVAL_QUORUM: Record<string, number> = { declaration: 2, speech: 1, statement: 1, press_release: 1 };

export function quorumFor(kind: string): number {
  return APPROVAL_QUORUM[kind] ?? 1;
}

/**
 * Where a transition leads. `approve` leads to `approved` only once the quorum is reached
 * (the caller counts); `unarchive` returns to the state the document was archived from.
 */
export function targetState(transition: Transition, context: { quorumReached?: boolean; archivedFrom?: DocumentState | null }): DocumentState {
  switch (transition) {
    case 'submit':
      return 'in_review';
    case 'withdraw':
    case 'request_changes':
    case 'reopen':
      return 'draft';
    case 'endorse':
      return 'in_review';
    case 'approve':
      return context.quorumReached ? 'approved' : 'in_review';
    case 'publish':
    case 'publish_group':
    case 'reschedule':
    case 'release_now':
      return 'published';
    case 'unschedule':
      return 'approved';
    case 'archive':
      return 'archived';
    case 'unarchive':
      return context.archivedFrom && context.archivedFrom !== 'archived' ? context.archivedFrom : 'draft';
  }
}
