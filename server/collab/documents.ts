import type { Logger } from '@/server/log';
import { loadDocument } from './document-loader';
import type { LiveDocument } from './live-document';
import type { ModuleContext, ModuleFactory } from './modules';

/**
 * The documents open in this process: each loaded once however many connections ask at the
 * same time, and evicted (`onEvict`: version, snapshot) once nobody is connected. A document
 * being evicted is not loaded again until its last writes are done.
 */
export class DocumentRegistry {
  private readonly docs = new Map<string, LiveDocument>();
  private readonly loading = new Map<string, Promise<LiveDocument>>();
  private readonly evicting = new Map<string, Promise<void>>();

  constructor(
    private readonly context: (documentId: string) => Omit<ModuleContext, 'loaded'>,
    private readonly modules: readonly ModuleFactory[],
    private readonly log: Logger,
    /** Called once a document is loaded, before any connection is handed to it. */
    private readonly loaded: (doc: LiveDocument) => Promise<void>,
  ) {}

  /** The live document, loading it once however many connections ask at the same time. */
  async open(id: string): Promise<LiveDocument> {
    const pendingEviction = this.evicting.get(id);
    if (pendingEviction) await pendingEviction;
    const live = this.docs.get(id);
    if (live) return live;
    let loading = this.loading.get(id);
    if (!loading) {
      loading = loadDocument(id, this.context(id), this.modules, (doc) => this.idle(doc))
        .then(async (doc) => {
          this.docs.set(id, doc);
          await this.loaded(doc);
          return doc;
        })
        .finally(() => this.loading.delete(id));
      this.loading.set(id, loading);
    }
    return loading;
  }

  /** The document if it is open in this process. */
  get(id: string): LiveDocument | undefined {
    return this.docs.get(id);
  }

  /** Whether `doc` is the instance in memory (not one that left, or is leaving). */
  isCurrent(doc: LiveDocument): boolean {
    return this.docs.get(doc.id) === doc;
  }

  /** Every open document. */
  all(): IterableIterator<LiveDocument> {
    return this.docs.values();
  }

  get size(): number {
    return this.docs.size;
  }

  /** Whether documents are still open or being evicted (shutdown waits for none). */
  get busy(): boolean {
    return this.docs.size > 0 || this.evicting.size > 0;
  }

  /** Nobody is connected: the document leaves memory after its modules' last writes. */
  private idle(doc: LiveDocument): void {
    if (this.docs.get(doc.id) !== doc) return;
    this.docs.delete(doc.id);
    const eviction = doc
      .evict()
      .catch((err) => this.log.error('eviction failed', { doc: doc.id, err }))
      .finally(() => this.evicting.delete(doc.id));
    this.evicting.set(doc.id, eviction);
  }
}
