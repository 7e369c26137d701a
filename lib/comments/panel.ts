/**
 * What the editor's side panel decides without the network or the DOM (issues 20 and 21):
 * which threads a filter shows, the order of threads and suggestions in one list, where each
 * suggestion is in the text, the text-quote selector of a selection, and the @mentions being
 * typed in a comment box. Isomorphic and pure, so it is tested on its own.
 */
import { DELETE_MARK, INSERT_MARK } from '@/lib/editor/suggestions';
import { MAX_CONTEXT_CHARS, type ThreadView } from './threads';

/** The panel's filters, in the order the panel offers them. */
export const THREAD_FILTERS = ['open', 'resolved', 'mine', 'mentioning'] as const;
export type ThreadFilter = (typeof THREAD_FILTERS)[number];

/** The reader, as the filters need them. */
export interface Reader {
  id: string;
  name: string;
}

/** Whether a comment's body mentions `name` ("@Name", not as the start of a longer name). */
export function mentions(body: string, name: string): boolean {
  const at = `@${name}`;
  let from = 0;
  for (;;) {
    const i = body.indexOf(at, from);
    if (i < 0) return false;
    const next = body.charAt(i + at.length);
    if (!next || !/[\p{L}\p{N}]/u.test(next)) return true;
    from = i + 1;
  }
}

/**
 * Whether a thread passes a filter: open and resolved by state; "mine" when the reader wrote
 * any comment of it (they started it or took part); "mentioning me" when a comment names them.
 * A decided suggestion's thread is judged the same way (its state and comments).
 */
export function passes(thread: Pick<ThreadView, 'resolved' | 'comments'>, filter: ThreadFilter, reader: Reader): boolean {
  switch (filter) {
    case 'open':
      return !thread.resolved;
    case 'resolved':
      return thread.resolved;
    case 'mine':
      return thread.comments.some((c) => c.author.id === reader.id);
    case 'mentioning':
      return thread.comments.some((c) => c.author.id !== reader.id && mentions(c.body, reader.name));
  }
}

/**
 * Threads in document order: by where their passage starts now (`startOf` answers null for
 * a passage that is gone, or not known yet), then those, oldest first, at the end.
 */
export function inDocumentOrder(threads: readonly ThreadView[], startOf: (thread: ThreadView) => number | null): ThreadView[] {
  const keyed = threads.map((thread) => ({ thread, start: startOf(thread) }));
  keyed.sort((a, b) => {
    if (a.start !== null && b.start !== null) return a.start - b.start || a.thread.createdAt.localeCompare(b.thread.createdAt);
    if (a.start !== null) return -1;
    if (b.start !== null) return 1;
    return a.thread.createdAt.localeCompare(b.thread.createdAt);
  });
  return keyed.map((k) => k.thread);
}

/** Where something is in the editor's text (ProseMirror positions), or null when it is not there (now). */
export type TextRange = { from: number; to: number } | null;

/** One entry of the side panel: a comment thread on a passage or a suggestion, where it is now. */
export interface PanelEntry {
  kind: 'thread' | 'suggestion';
  id: string;
  range: TextRange;
  createdAt: string;
}

/**
 * Threads and suggestions in one list, in document order (issue 21): by where each starts;
 * at the same start the one that reaches further first (a passage commented on comes before
 * a suggestion inside it), then a thread before a suggestion, then the older, then by id, so
 * the order never depends on how the list arrived. Entries not in the text (a passage deleted)
 * come last, oldest first.
 */
export function panelOrder<T extends PanelEntry>(entries: readonly T[]): T[] {
  const kindRank = (e: PanelEntry) => (e.kind === 'thread' ? 0 : 1);
  const tie = (a: T, b: T) => kindRank(a) - kindRank(b) || a.createdAt.localeCompare(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return [...entries].sort((a, b) => {
    if (a.range && b.range) return a.range.from - b.range.from || b.range.to - a.range.to || tie(a, b);
    if (a.range || b.range) return a.range ? -1 : 1;
    return a.createdAt.localeCompare(b.createdAt) || tie(a, b);
  });
}

/** The little of a ProseMirror node that suggestionRanges reads (so the tests and the editor pass real nodes). */
export interface TextNodeLike {
  isText: boolean;
  nodeSize: number;
  attrs: Record<string, unknown>;
  marks: readonly { type: { name: string }; attrs: Record<string, unknown> }[];
}

/**
 * Where each suggestion is in a document (ProseMirror positions, from its first marked
 * character or proposed break to its last), by id, from `descendants` of the editor's doc:
 * marks in table cells and list items count where they are. A proposed break or join (a
 * block's `suggestion` attribute) counts at the start of its block.
 */
export function suggestionRanges(
  descendants: (visit: (node: TextNodeLike, pos: number) => boolean | undefined) => void,
): Map<string, { from: number; to: number }> {
  const ranges = new Map<string, { from: number; to: number }>();
  const note = (id: unknown, from: number, to: number) => {
    if (typeof id !== 'string' || !id) return;
    const known = ranges.get(id);
    if (!known) ranges.set(id, { from, to });
    else ranges.set(id, { from: Math.min(known.from, from), to: Math.max(known.to, to) });
  };
  descendants((node, pos) => {
    const block = node.isText ? null : (node.attrs.suggestion as { id?: unknown } | null | undefined);
    if (block) note(block.id, pos, pos + 1);
    for (const mark of node.marks) if (mark.type.name === INSERT_MARK || mark.type.name === DELETE_MARK) note(mark.attrs.id, pos, pos + node.nodeSize);
    return undefined;
  });
  return ranges;
}

/** How many characters of context the editor sends on each side of a quote. */
export const QUOTE_CONTEXT_CHARS = Math.min(32, MAX_CONTEXT_CHARS);

/**
 * The W3C text-quote selector of a selection in the document's plain text (blocks joined by
 * "\n", as the server reads it): the words themselves and a little of what comes before and
 * after, so that the server can tell one occurrence from another.
 */
export function textQuote(before: string, exact: string, after: string): { exact: string; prefix: string; suffix: string } {
  return { exact, prefix: before.slice(-QUOTE_CONTEXT_CHARS), suffix: after.slice(0, QUOTE_CONTEXT_CHARS) };
}

/** The @mention being typed at `caret`: where its "@" is and the words typed after it. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const upTo = text.slice(0, caret);
  const at = upTo.lastIndexOf('@');
  if (at < 0) return null;
  if (at > 0 && /[\p{L}\p{N}_.]/u.test(upTo.charAt(at - 1))) return null; // an e-mail address, not a mention
  const query = upTo.slice(at + 1);
  if (query.length > 40 || /\n/.test(query) || /\s\s/.test(query) || /^\s/.test(query)) return null;
  return { start: at, query };
}

/** The text with the mention typed from `start` to `caret` replaced by "@Name ", and where the caret goes. */
export function insertMention(text: string, start: number, caret: number, name: string): { text: string; caret: number } {
  const inserted = `@${name} `;
  return { text: text.slice(0, start) + inserted + text.slice(caret), caret: start + inserted.length };
}

/** The ids of the people picked for mentions whose "@Name" is still in the text. */
export function mentionedIds(text: string, picked: readonly Reader[]): string[] {
  const ids = new Set<string>();
  for (const person of picked) if (mentions(text, person.name)) ids.add(person.id);
  return [...ids];
}
