import type { Editor } from './connection';
import type { LiveDocument } from './live-document';
import type { CollabModule, ModuleContext } from './modules';
import { Refusals } from './refusals';
import { SuggestionChecker } from './suggestion-checker';
import type { UpdateShape } from './update-trial';

export { SuggestionChecker };

/**
 * The suggest-only rule at `beforeApply` (issue 21; lib/editor/suggest-only.ts): an update
 * from a suggest-only connection (a reviewer or approver in review, or a client that asked
 * with `?suggest=1`) is tried on a replica of the document (what is applied and what is queued;
 * suggestion-checker.ts, which reads only the top-level blocks the update touches), and kept only when, with every suggestion rejected, the text is unchanged and
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
