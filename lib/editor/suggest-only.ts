import { canonicalContentJson } from './content';
import { isSubsequence, rejectAll, suggestionFootprints, type PMJson, type SuggestionFootprint } from './suggestions';

/** How far a new suggestion's `createdAt` may be from the server's clock. */
export const SUGGESTION_CLOCK_TOLERANCE_MS = 5 * 60_000;

/** A body read for the suggest-only rule: its "all rejected" canonical form and its suggestions. */
export interface SuggestionView {
  rejected: string;
  footprints: Map<string, SuggestionFootprint>;
}

/** Reads a body (ProseMirror JSON) for `suggestOnlyProblem`; throws on content the schema refuses. */
export function suggestionView(doc: PMJson): SuggestionView {
  return { rejected: canonicalContentJson(rejectAll(doc)), footprints: suggestionFootprints(doc) };
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
