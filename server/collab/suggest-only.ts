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
  private readonly checker = new SuggestionChecker();

  constructor(
    private readonly doc: LiveDocument,
    private readonly ctx: ModuleContext,
  ) {}

  beforeApply(update: Uint8Array, _shape: UpdateShape, from: Editor): boolean {
    if (!from.suggestOnly) return true;
    const started = performance.now();
    const problem = this.checker.problem(this.doc.ydoc, this.doc.queued(), update, from.user, Date.now());
    this.lastCheckMs = performance.now() - started;
    if (problem === null) return true;
    this.ctx.log.warn('refused an update from a suggest-only connection', { doc: this.doc.id, user: from.user.id, problem });
    this.ctx.counters.refusal('not_a_suggestion');
    this.doc.module(Refusals)?.onDropped(update, from);
    return false;
  }

  onDestroy(): void {
    this.checker.destroy();
  }
}

/**
 * Judges suggest-only updates for one document. It keeps a replica (the document plus what is
 * queued) and the view of its text, brought level before each check by the difference from
 * the document (not a copy of it), and the view after an accepted update is the view before
 * the next one. A refused update leaves the replica behind it: it is dropped and built anew.
 */
export class SuggestionChecker {
  private replica: Y.Doc | null = null;
  private view: SuggestionView | null = null;
  private changed = false;

  /**
   * Why `update` from `user`'s suggest-only connection is not a suggestion, or null, given
   * the document `doc` and `queued` (accepted, not yet applied). Throws (malformed) when it
   * does not apply at all.
   */
  problem(doc: Y.Doc, queued: readonly Uint8Array[], update: Uint8Array, user: { id: string; name: string }, now: number): string | null {
    const replica = this.level(doc, queued);
    if (this.changed || !this.view) this.view = viewOf(replica);
    this.changed = false;
    const before = this.view;
    if (!before) return null; // the text is already beyond the schema: the rule cannot judge, and refusing would lock everyone out
    let after: SuggestionView | null;
    try {
      Y.applyUpdate(replica, update);
      after = viewOf(replica);
    } catch (err) {
      this.destroy();
      throw err;
    }
    const problem = after ? suggestOnlyProblem(before, after, user, now) : 'writes content the editor does not support';
    if (problem === null) {
      this.view = after;
      this.changed = false;
    } else this.destroy();
    return problem;
  }

  destroy(): void {
    this.replica?.destroy();
    this.replica = null;
    this.view = null;
  }

  /** The replica, level with the document and the queue; `changed` when anything came in. */
  private level(doc: Y.Doc, queued: readonly Uint8Array[]): Y.Doc {
    let replica = this.replica;
    if (!replica) {
      replica = this.replica = new Y.Doc({ gc: false });
      replica.on('update', () => (this.changed = true));
      Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    } else Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(replica)));
    for (const q of queued) Y.applyUpdate(replica, q);
    return replica;
  }
}

function viewOf(ydoc: Y.Doc): SuggestionView | null {
  try {
    return suggestionView(yXmlFragmentToProsemirrorJSON(ydoc.getXmlFragment('default')) as PMJson);
  } catch {
    return null;
  }
}
