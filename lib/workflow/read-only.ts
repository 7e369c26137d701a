import { STATE_LABELS, type DocumentState } from './states';

/** What the sentence needs to know of a document (a DocumentView has it). */
export interface ReadOnlyFacts {
  state: string;
  abilities: Record<string, boolean>;
  submittedBy: { name: string } | null;
}

/**
 * Why this user cannot edit the document now, in a sentence for the read-only banner, or
 * null when they can (or may suggest: issue 21). The decision is the server's (`abilities.edit`, from lib/policies);
 * this only puts it in words, the same on the page and after a live read-only turn.
 */
export function readOnlyReason(doc: ReadOnlyFacts): string | null {
  // Those who may only suggest (a reviewer in review) write too: suggestions, which the server checks.
  if (doc.abilities.edit || doc.abilities.suggest) return null;
  const state = doc.state as DocumentState;
  if (state === 'in_review') {
    return `submitted for review${doc.submittedBy ? ` by ${doc.submittedBy.name}` : ''}; the text is frozen until it comes back to draft.`;
  }
  if (state !== 'draft') return `this document is ${STATE_LABELS[state]?.toLowerCase() ?? state}; only drafts can be edited.`;
  return 'your role lets you read this document, not edit it.';
}
