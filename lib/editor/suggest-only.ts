import { isSubsequence, rejectAll, suggestionFootprints, type PMJson, type SuggestionFootprint } from './suggestions';

/** How far a new suggestion's `createdAt` may be from the server's clock. */
export const SUGGESTION_CLOCK_TOLERANCE_MS = 5 * 60_000;

/** A body read for the suggest-only rule: its "all rejected" form (normalised JSON) and its suggestions. */
export interface SuggestionView {
  rejected: string;
  footprints: Map<string, SuggestionFootprint>;
}

/** Reads a body (ProseMirror JSON, as y-tiptap reads it from the Y.XmlFragment) for `suggestOnlyProblem`. */
export function suggestionView(doc: PMJson): SuggestionView {
  return { rejected: normalisedJson(rejectAll(doc)), footprints: suggestionFootprints(doc) };
}

/**
 * The footprints of a whole body from those of its parts (top-level blocks, in document
 * order): the same map `suggestionFootprints` gives for the whole, without reading it again.
 * An id met in several parts keeps its first attributes and is consistent only when every
 * part agrees with them. The parts' maps are not changed.
 */
export function mergeFootprints(parts: Iterable<Map<string, SuggestionFootprint>>): Map<string, SuggestionFootprint> {
  const found = new Map<string, SuggestionFootprint>();
  for (const part of parts) {
    for (const [id, p] of part) {
      const f = found.get(id);
      if (!f) {
        found.set(id, { ...p, blocks: [...p.blocks] });
        continue;
      }
      const a = f.attrs;
      const b = p.attrs;
      f.consistent &&= p.consistent && a.authorId === b.authorId && a.authorName === b.authorName && a.createdAt === b.createdAt;
      f.inserted += p.inserted;
      f.deleted += p.deleted;
      f.blocks.push(...p.blocks);
    }
  }
  return found;
}

/**
 * A string that is equal for two bodies exactly when they are the same text: keys sorted,
 * unset (null) attributes and empty content left out, neighbouring text with the same marks
 * joined (as the schema would). Cheaper than the canonical form (no schema pass): anything
 * the schema does not know still shows as a difference, and a difference is all the rule needs.
 */
export function normalisedJson(doc: PMJson): string {
  return JSON.stringify(normalise(doc));
}

function normalise(node: PMJson): unknown {
  const out: Record<string, unknown> = { type: node.type };
  if (node.text !== undefined) out.text = node.text;
  const attrs = sortedWithoutNulls(node.attrs);
  if (attrs) out.attrs = attrs;
  if (node.marks?.length) out.marks = node.marks.map((m) => ({ type: m.type, attrs: sortedWithoutNulls(m.attrs) ?? null }));
  if (node.content?.length) {
    const content: Record<string, unknown>[] = [];
    for (const child of node.content) {
      const c = normalise(child) as Record<string, unknown>;
      const prev = content[content.length - 1];
      if (prev && prev.text !== undefined && c.text !== undefined && JSON.stringify(prev.marks) === JSON.stringify(c.marks)) {
        prev.text = `${prev.text as string}${c.text as string}`;
      } else if (c.text !== '') content.push(c);
    }
    if (content.length) out.content = content;
  }
  return out;
}

function sortedWithoutNulls(value: Record<string, unknown> | undefined): Record<string, unknown> | null {
  if (!value) return null;
  const keys = Object.keys(value)
    .filter((k) => value[k] !== null && value[k] !== undefined)
    .sort();
  if (!keys.length) return null;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = value[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) ? sortedWithoutNulls(v as Record<string, unknown>) : v;
  }
  return out;
}

/**
 * The suggest-only rule (issue 21): an edit from someone who may only suggest is acceptable
 * when, with every suggestion rejected, the text is exactly what it was, and every suggestion
 * it adds or grows is theirs: their user id and name, and (for a new one) a time within
 * SUGGESTION_CLOCK_TOLERANCE_MS of `now`. Other people's suggestions may only shrink (be
 * rejected in part or whole), never change author or time. Returns why not, or null.
 */
export function suggestOnlyProblem(before: SuggestionView, after: SuggestionView, user: { id: string; name: string }, now: number): string | null {
  if (after.rejected !== before.rejected) return 'changes the text outside suggestions';
  for (const [id, f] of after.footprints) {
    if (!id || !f.consistent) return 'carries a malformed suggestion';
    const was = before.footprints.get(id);
    const sameAttrs =
      was !== undefined && was.attrs.authorId === f.attrs.authorId && was.attrs.authorName === f.attrs.authorName && was.attrs.createdAt === f.attrs.createdAt;
    if (was && !sameAttrs) return 'changes the author or time of a suggestion';
    const onlyShrank =
      was !== undefined && isSubsequence(f.inserted, was.inserted) && isSubsequence(f.deleted, was.deleted) && f.blocks.length <= was.blocks.length;
    if (onlyShrank) continue;
    if (f.attrs.authorId !== user.id || f.attrs.authorName !== user.name) return 'writes a suggestion in someone else’s name';
    if (!was && Math.abs(Date.parse(f.attrs.createdAt) - now) > SUGGESTION_CLOCK_TOLERANCE_MS) return 'dates a new suggestion away from now';
  }
  return null;
}
