/**
 * Comment threads on passages (issue 20): the shapes the REST API answers and accepts, and
 * their limits, written once for the server, the editor and the tests. Isomorphic.
 *
 * A thread is anchored by two Yjs relative positions in the document's `default` fragment
 * (base64 of `Y.encodeRelativePosition`), stored with the thread, never in the text: adding,
 * resolving or deleting a comment never changes the document's content or its hash, so it
 * works in locked states too. The anchor follows concurrent edits as Yjs items do; when the
 * passage is deleted the two positions meet and the thread is "on deleted text" (its quote
 * stays); undoing the deletion brings it back (Yjs follows `redone` items).
 */

/** Characters in one comment's body, at most. */
export const MAX_COMMENT_CHARS = 10_000;
/** Characters in a quoted passage, at most (a thread is about a passage, not a chapter). */
export const MAX_QUOTE_CHARS = 5_000;
/** Characters of text-quote prefix or suffix, at most. */
export const MAX_CONTEXT_CHARS = 500;

/**
 * What a client sends to anchor a new thread: a W3C Web Annotation text-quote selector
 * (`exact`, with `prefix`/`suffix` to pick one occurrence), matched against the document's
 * current plain text (block texts joined by "\n"). The editor may also send `position`, the
 * exact Yjs relative positions of its selection; the server then checks that the text
 * between them is `exact`.
 */
export interface AnchorInput {
  exact: string;
  prefix?: string;
  suffix?: string;
  position?: { start: string; end: string };
}

export interface CommentView {
  id: string;
  author: { id: string; name: string };
  body: string;
  createdAt: string;
  /** Set when the author edited the body. */
  editedAt: string | null;
  /** What the asking user may do to this comment (decided by lib/policies on the server). */
  abilities: { edit: boolean; delete: boolean };
}

export interface ThreadView {
  id: string;
  /** The passage's text when the thread was made. */
  quote: string;
  /** Base64 Yjs relative positions (see above); the editor maps them to its own positions. */
  anchor: { start: string; end: string };
  resolved: boolean;
  resolvedBy: { id: string; name: string } | null;
  resolvedAt: string | null;
  /** The passage was deleted from the text (the anchor's two ends meet). */
  onDeletedText: boolean;
  createdAt: string;
  comments: CommentView[];
}

/**
 * `POST /api/documents/<id>/threads` (→ 201 the ThreadView) and `POST …/threads/<tid>/comments`
 * (→ 201 the CommentView): `mentions` are user ids of people named in the body as "@Name";
 * each must be able to see the document, and is notified.
 */
export interface NewThreadInput {
  anchor: AnchorInput;
  body: string;
  mentions?: string[];
}

export interface NewCommentInput {
  body: string;
  mentions?: string[];
}

/** `GET /api/documents/<id>/people?q=`: people who can see the document, for @-completion. */
export interface PersonOption {
  id: string;
  name: string;
  email: string;
}

/** At most this many people answer one completion query. */
export const MAX_PEOPLE_RESULTS = 20;

/**
 * A suggestion's reply thread (issue 21). The suggestion's marks in the text are its anchor,
 * so it has no passage of its own: the panel shows it on the suggestion's card. It is made by
 * the first reply (`POST /api/documents/<id>/suggestions/<sid>/comments`) and resolved with
 * its suggestion when that is accepted or rejected (kept, with its comments, as history).
 */
export interface SuggestionThreadView {
  id: string;
  suggestionId: string;
  /** The suggestion as it read when its thread was started ("Replace “a” with “b”"). */
  quote: string;
  resolved: boolean;
  resolvedBy: { id: string; name: string } | null;
  resolvedAt: string | null;
  /**
   * How its suggestion was decided when the thread was resolved (the resolution's audit
   * entry); null while it is open. `resolvedBy` is who decided.
   */
  decision: 'accept' | 'reject' | null;
  createdAt: string;
  comments: CommentView[];
}

/**
 * `GET /api/documents/<id>/threads`: the threads on passages in document order (threads on
 * deleted text last), and the suggestions' reply threads, open and resolved, oldest first.
 */
export interface ThreadList {
  threads: ThreadView[];
  suggestionThreads: SuggestionThreadView[];
}
