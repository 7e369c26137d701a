import type { DocumentState } from './states';

/** What the sentence needs to know of a document (a DocumentView has it). */
export interface ReadOnlyFacts {
  state: string;
  abilities: Record<string, boolean>;
  submittedBy: { name: string } | null;
}

/**
 * Why this user cannot edit the document now, as a code and the values its sentence needs:
 * the interface words it from the `ReadOnly` namespace of the catalogues (`ReadOnly.<code>`),
 * in the reader's language. Plain data, so the page can hand it to the editor in the browser.
 *
 * - `in_review`: submitted for review (`by`, the submitter's name, when known);
 * - `state`: past review (`state`: approved, published, archived): only drafts are edited;
 * - `role`: a draft this user's role lets them read only;
 * - `signed_out`, `no_access`: the editor asked and the document is gone for this user;
 * - `unknown`, `unreachable`: the editor asked and the server could not say, or not be reached.
 */
export type ReadOnlyReason =
  | { code: 'in_review'; by?: string }
  | { code: 'state'; state: DocumentState }
  | { code: 'role' | 'signed_out' | 'no_access' | 'unknown' | 'unreachable' };

/** The codes of ReadOnlyReason: one message each in the `ReadOnly` namespace. */
export type ReadOnlyCode = ReadOnlyReason['code'];

/**
 * Why this user cannot edit the document now, or null when they can (or may suggest: issue
 * 21). The decision is the server's (`abilities.edit`, from lib/policies); this only names
 * the reason, the same on the page and after a live read-only turn in the editor.
 */
export function readOnlyReason(doc: ReadOnlyFacts): ReadOnlyReason | null {
  // Those who may only suggest (a reviewer in review) write too: suggestions, which the server checks.
  if (doc.abilities.edit || doc.abilities.suggest) return null;
  const state = doc.state as DocumentState;
  if (state === 'in_review') return doc.submittedBy ? { code: 'in_review', by: doc.submittedBy.name } : { code: 'in_review' };
  if (state !== 'draft') return { code: 'state', state };
  return { code: 'role' };
}

/** The message that words a reason: its key in the `ReadOnly` namespace and its values. */
export function readOnlyMessage(reason: ReadOnlyReason): { key: string; values?: Record<string, string> } {
  if (reason.code === 'in_review') return reason.by ? { key: 'in_review_by', values: { name: reason.by } } : { key: 'in_review' };
  if (reason.code === 'state') return { key: 'state', values: { state: reason.state } };
  return { key: reason.code };
}

/** Two reasons say the same (the page re-renders with a new object for the same reason). */
export function sameReason(a: ReadOnlyReason | null, b: ReadOnlyReason | null): boolean {
  if (a === null || b === null) return a === b;
  // Their messages are built in one fixed shape, so equal reasons serialise alike.
  return JSON.stringify(readOnlyMessage(a)) === JSON.stringify(readOnlyMessage(b));
}
