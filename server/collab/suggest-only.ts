import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { suggestOnlyProblem, suggestionView, type SuggestionView } from '@/lib/editor/suggest-only';
import type { PMJson } from '@/lib/editor/suggestions';
import type { Editor } from './connection';
import type { LiveDocument } from './live-document';
import type { CollabModule, ModuleContext } from './modules';
import { Refusals } from './refusals';
import type { UpdateShape } from './update-trial';

/**
 * The suggest-only rule at `beforeApply` (issue 21; lib/editor/suggest-only.ts): an update
 * from a suggest-only connection (a reviewer or approver in review, or a client that asked
 * with `?suggest=1`) is tried on a scratch copy of the document (what is applied and what is
 * queued), and kept only when, with every suggestion rejected, the text is unchanged and
 * every suggestion it adds is its user's, dated now. Otherwise it is refused as a read-only
 * write is: never stored, never relayed, and its client ids refused from then on (refusals.ts),
 * so the client drops that copy (4410) at its next update. Other connections pass at the cost
 * of one property read.
 */
export class SuggestOnlyRule implements CollabModule {
  /** Time spent on the last check, in ms (for the bench and the log). */
  lastCheckMs = 0;

  constructor(
    private readonly doc: LiveDocument,
    private readonly ctx: ModuleContext,
  ) {}

  beforeApply(update: Uint8Array, _shape: UpdateShape, from: Editor): boolean {
    if (!from.suggestOnly) return true;
    const started = performance.now();
    const problem = this.problem(update, from);
    this.lastCheckMs = performance.now() - started;
    if (problem === null) return true;
    this.ctx.log.warn('refused an update from a suggest-only connection', { doc: this.doc.id, user: from.user.id, problem });
    this.ctx.counters.refusal('not_a_suggestion');
    this.doc.module(Refusals)?.onDropped(update, from);
    return false;
  }

  /** Why the update is not a suggestion, or null. Throws (malformed) when it does not apply at all. */
  private problem(update: Uint8Array, from: Editor): string | null {
    const scratch = new Y.Doc({ gc: false });
    try {
      Y.applyUpdate(scratch, Y.encodeStateAsUpdate(this.doc.ydoc));
      for (const queued of this.doc.queued()) Y.applyUpdate(scratch, queued);
      const before = viewOf(scratch);
      if (!before) return null; // the text is already beyond the schema: the rule cannot judge, and refusing would lock everyone out
      Y.applyUpdate(scratch, update);
      const after = viewOf(scratch);
      if (!after) return 'writes content the editor does not support';
      return suggestOnlyProblem(before, after, from.user, Date.now());
    } finally {
      scratch.destroy();
    }
  }
}

function viewOf(ydoc: Y.Doc): SuggestionView | null {
  try {
    return suggestionView(yXmlFragmentToProsemirrorJSON(ydoc.getXmlFragment('default')) as PMJson);
  } catch {
    return null;
  }
}
