import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { plainTextOfNode, type JsonNode } from '@/lib/text/plain-text';
import type { LiveDocument } from './live-document';
import type { CollabModule, ModuleContext } from './modules';

/** How long the text must stay still after a commit before its body is indexed again. */
export const SEARCH_SETTLE_MS = 2000;

/**
 * Search indexing of the current text: once writing has stopped and stayed stopped for
 * SEARCH_SETTLE_MS, the body as committed here is indexed (storage.indexDocumentText), and
 * once more when the document leaves memory with text not indexed yet. Never on a
 * keystroke: a commit only marks the body as changed and pushes the timer back. (Versions
 * index their own body in storage; comment threads will be indexed by their own module.)
 */
export class SearchIndexing implements CollabModule {
  private changed = false;
  /** Set by a commit, cleared when writing stops: the timer's end does nothing meanwhile. */
  private writing = false;
  /**
   * Runs SEARCH_SETTLE_MS after writing last stopped. Made once and restarted (`refresh`) at
   * each stop after that: a keystroke costs no new timer and no clearTimeout.
   */
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly doc: LiveDocument,
    private readonly ctx: ModuleContext,
  ) {}

  afterCommit(): void {
    this.changed = true;
    this.writing = true;
  }

  onSettled(): void {
    this.writing = false;
    if (!this.changed) return;
    if (this.timer) this.timer.refresh();
    else {
      this.timer = setTimeout(this.quiet, SEARCH_SETTLE_MS);
      this.timer.unref();
    }
  }

  /** SEARCH_SETTLE_MS since writing stopped, unless it started again (the next stop restarts the timer). */
  private readonly quiet = (): void => {
    if (!this.writing) void this.index();
  };

  async onEvict(): Promise<void> {
    await this.index();
  }

  onDestroy(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async index(): Promise<void> {
    if (!this.changed || this.doc.failed) return;
    this.changed = false;
    try {
      const body = yXmlFragmentToProsemirrorJSON(this.doc.ydoc.getXmlFragment('default')) as JsonNode;
      await this.ctx.storage.indexDocumentText(this.doc.id, [{ field: 'body', text: plainTextOfNode(body) }]);
    } catch (err) {
      this.changed = true;
      this.ctx.log.error('search indexing failed (the text is safe)', { doc: this.doc.id, err });
    }
  }
}
