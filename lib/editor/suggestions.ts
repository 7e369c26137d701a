/**
 * Suggestions (issue 21) over ProseMirror JSON of the editor schema: what they are, how to
 * list them, and how to accept or reject some or all of them. Pure functions, no schema
 * import: the browser, the collaboration server (the suggest-only rule), the REST commands
 * and the exports use the same ones.
 *
 * A suggestion is an id with its author and time (`SuggestionAttrs`), found on
 * - text marked `suggestionInsert` (proposed text) or `suggestionDelete` (text proposed for
 *   removal, kept until decided); a replacement is both, under one id;
 * - a paragraph or heading's `suggestion` attribute `{type: "split", …}` (a proposed
 *   paragraph break before this block) or `{type: "join", …}` (a proposed join of this block
 *   onto the one before).
 * A break or join on the first paragraph of a list item is one between list items (a proposed
 * new list item, a proposed join onto the item before).
 * Rejecting removes proposed text and splits and unmarks proposed deletions and joins;
 * accepting does the opposite. "All rejected" is the text as it was before anyone suggested.
 */

export interface SuggestionAttrs {
  id: string;
  authorId: string;
  authorName: string;
  /** ISO 8601, set by the suggester's client; the server checks it against its clock. */
  createdAt: string;
}

export interface BlockSuggestion extends SuggestionAttrs {
  type: 'split' | 'join';
}

export const INSERT_MARK = 'suggestionInsert';
export const DELETE_MARK = 'suggestionDelete';
/** The blocks that may carry a proposed break or join. */
export const SUGGESTION_BLOCK_TYPES = ['paragraph', 'heading'] as const;
export const MAX_SUGGESTION_ID = 64;

export type Decision = 'accept' | 'reject';

/** ProseMirror JSON, as far as suggestions need it. */
export interface PMJson {
  type: string;
  attrs?: Record<string, unknown>;
  content?: PMJson[];
  marks?: { type: string; attrs?: Record<string, unknown> }[];
  text?: string;
}

/** One open suggestion as the API lists it (`GET /api/documents/<id>/suggestions`). */
export interface SuggestionSummary {
  id: string;
  type: 'insert' | 'delete' | 'replace';
  /** The proposed text (insert, replace) or the text proposed for removal (delete); a paragraph break is "\n". */
  text: string;
  /** For a replacement: the text it replaces. */
  replaced?: string;
  author: { id: string; name: string };
  createdAt: string;
}

const str = (v: unknown, max: number): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;

/** The attributes of a suggestion mark, or null when they are not a well-formed suggestion. */
export function parseSuggestionAttrs(value: unknown): SuggestionAttrs | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  if (!str(v.id, MAX_SUGGESTION_ID) || !str(v.authorId, 200) || !str(v.authorName, 300) || !str(v.createdAt, 40)) return null;
  if (Number.isNaN(Date.parse(v.createdAt))) return null;
  return { id: v.id, authorId: v.authorId, authorName: v.authorName, createdAt: v.createdAt };
}

/** A block's `suggestion` attribute, or null when it is absent or not well-formed. */
export function parseBlockSuggestion(value: unknown): BlockSuggestion | null {
  const attrs = parseSuggestionAttrs(value);
  const type = (value as { type?: unknown } | null)?.type;
  if (!attrs || (type !== 'split' && type !== 'join')) return null;
  return { type, ...attrs };
}

function suggestionOf(node: PMJson, mark: string): SuggestionAttrs | null {
  const m = node.marks?.find((x) => x.type === mark);
  return m ? parseSuggestionAttrs(m.attrs) : null;
}

function isTextblock(node: PMJson): boolean {
  return (SUGGESTION_BLOCK_TYPES as readonly string[]).includes(node.type);
}

function withoutMark(node: PMJson, mark: string): PMJson {
  const marks = (node.marks ?? []).filter((m) => m.type !== mark);
  const { marks: _old, ...rest } = node;
  return marks.length ? { ...rest, marks } : rest;
}

function withoutBlockSuggestion(node: PMJson): PMJson {
  const { suggestion: _s, ...attrs } = node.attrs ?? {};
  return { ...node, attrs };
}

function decideText(node: PMJson, chosen: (id: string) => boolean, decision: Decision): PMJson | null {
  let out = node;
  const ins = suggestionOf(node, INSERT_MARK);
  if (ins && chosen(ins.id)) {
    if (decision === 'reject') return null;
    out = withoutMark(out, INSERT_MARK);
  }
  const del = suggestionOf(node, DELETE_MARK);
  if (del && chosen(del.id)) {
    if (decision === 'accept') return null;
    out = withoutMark(out, DELETE_MARK);
  }
  return out;
}

/**
 * The document with the chosen suggestions accepted or rejected (a new object; `doc` is not
 * changed). A rejected split and an accepted join merge the block into the textblock before
 * it (which keeps its own type and attributes); with no textblock before, only the attribute
 * goes. On a list item's first paragraph they merge the list item into the one before (its
 * first paragraph onto that item's last one, the rest after it). Marks of a malformed suggestion are left as they are (the schema refuses them).
 */
export function decideSuggestions(doc: PMJson, chosen: (id: string) => boolean, decision: Decision): PMJson {
  if (!doc.content) return doc;
  const out: PMJson[] = [];
  for (const child of doc.content) {
    if (child.type === 'text') {
      const kept = decideText(child, chosen, decision);
      if (kept) out.push(kept);
      continue;
    }
    const item = listItemSuggestion(child);
    let node = decideSuggestions(child, chosen, decision);
    if (item && chosen(item.id) && (item.type === 'split') === (decision === 'reject')) {
      const prev = out[out.length - 1];
      if (prev?.type === node.type) {
        out[out.length - 1] = mergeListItems(prev, node);
        continue;
      }
    }
    const s = parseBlockSuggestion(node.attrs?.suggestion);
    if (s && chosen(s.id)) {
      node = withoutBlockSuggestion(node);
      const merge = (s.type === 'split') === (decision === 'reject');
      const prev = out[out.length - 1];
      if (merge && prev && isTextblock(prev) && isTextblock(node)) {
        out[out.length - 1] = { ...prev, content: [...(prev.content ?? []), ...(node.content ?? [])] };
        continue;
      }
    }
    out.push(node);
  }
  return { ...doc, content: out };
}

/** The list item types whose first paragraph's break or join is one between list items. */
export const SUGGESTION_LIST_ITEM_TYPES = ['listItem'] as const;

/**
 * The proposal a list item carries on its first paragraph: a break there (`split`) is a
 * proposed new list item, a join there a proposed join onto the list item before (Enter and
 * Backspace in a list, while suggesting).
 */
function listItemSuggestion(node: PMJson): BlockSuggestion | null {
  if (!(SUGGESTION_LIST_ITEM_TYPES as readonly string[]).includes(node.type)) return null;
  const first = node.content?.[0];
  return first && isTextblock(first) ? parseBlockSuggestion(first.attrs?.suggestion) : null;
}

/** `item` joined onto `prev`: its first paragraph's text onto prev's last paragraph, the rest after it. */
function mergeListItems(prev: PMJson, item: PMJson): PMJson {
  const kept = prev.content ?? [];
  const [first, ...rest] = item.content ?? [];
  const last = kept[kept.length - 1];
  if (first && last && isTextblock(last) && isTextblock(first)) {
    return { ...prev, content: [...kept.slice(0, -1), { ...last, content: [...(last.content ?? []), ...(first.content ?? [])] }, ...rest] };
  }
  return { ...prev, content: [...kept, ...(item.content ?? [])] };
}

/** Every suggestion rejected: the text as it was before anyone suggested. */
export function rejectAll(doc: PMJson): PMJson {
  return decideSuggestions(doc, () => true, 'reject');
}

/** Every suggestion accepted. */
export function acceptAll(doc: PMJson): PMJson {
  return decideSuggestions(doc, () => true, 'accept');
}

/** What one suggestion id covers in a document, in the order met. */
export interface SuggestionFootprint {
  attrs: SuggestionAttrs;
  /** False when two places carry this id with different author or time. */
  consistent: boolean;
  inserted: string;
  deleted: string;
  /** Proposed breaks and joins, in order ("split" / "join"). */
  blocks: string[];
}

/**
 * Every suggestion of a document by id, in document order (a Map keeps insertion order):
 * the text it proposes and removes, its breaks and joins. A malformed mark or attribute
 * counts as a suggestion with id "" (so a check can refuse it).
 */
export function suggestionFootprints(doc: PMJson): Map<string, SuggestionFootprint> {
  const found = new Map<string, SuggestionFootprint>();
  const note = (attrs: SuggestionAttrs | null): SuggestionFootprint => {
    const a = attrs ?? { id: '', authorId: '', authorName: '', createdAt: '' };
    let f = found.get(a.id);
    if (!f) found.set(a.id, (f = { attrs: a, consistent: attrs !== null, inserted: '', deleted: '', blocks: [] }));
    else if (!attrs || f.attrs.authorId !== a.authorId || f.attrs.authorName !== a.authorName || f.attrs.createdAt !== a.createdAt) f.consistent = false;
    return f;
  };
  const walk = (node: PMJson) => {
    if (node.type !== 'text' && node.attrs?.suggestion != null) {
      const s = parseBlockSuggestion(node.attrs.suggestion);
      const f = note(s);
      if (s) {
        f.blocks.push(s.type);
        if (s.type === 'split') f.inserted += '\n';
        else f.deleted += '\n';
      }
    }
    for (const m of node.marks ?? []) {
      if (m.type !== INSERT_MARK && m.type !== DELETE_MARK) continue;
      const f = note(parseSuggestionAttrs(m.attrs));
      if (m.type === INSERT_MARK) f.inserted += node.text ?? '';
      else f.deleted += node.text ?? '';
    }
    for (const c of node.content ?? []) walk(c);
  };
  walk(doc);
  return found;
}

/** The open suggestions of a document in document order, as the API lists them. */
export function listSuggestions(doc: PMJson): SuggestionSummary[] {
  const out: SuggestionSummary[] = [];
  for (const [id, f] of suggestionFootprints(doc)) {
    if (!id) continue;
    const type = f.inserted && f.deleted ? 'replace' : f.inserted ? 'insert' : 'delete';
    out.push({
      id,
      type,
      text: type === 'delete' ? f.deleted : f.inserted,
      ...(type === 'replace' ? { replaced: f.deleted } : {}),
      author: { id: f.attrs.authorId, name: f.attrs.authorName },
      createdAt: f.attrs.createdAt,
    });
  }
  return out;
}

/** How many suggestions are open (approval waits until none is). */
export function countSuggestions(doc: PMJson): number {
  let n = 0;
  for (const id of suggestionFootprints(doc).keys()) if (id) n++;
  return n;
}

/** Whether `small` can be had from `big` by leaving characters out (a suggestion only shrank). */
export function isSubsequence(small: string, big: string): boolean {
  if (small.length > big.length) return false;
  let j = 0;
  for (let i = 0; i < big.length && j < small.length; i++) if (big[i] === small[j]) j++;
  return j === small.length;
}
