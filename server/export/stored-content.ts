import * as Y from 'yjs';
import { contentOf } from '@/server/collab/content';
import { openSnapshot } from '@/server/collab/snapshot-seal';

/** A document's stored Yjs state as it crosses to a render worker: plain bytes, nothing live. */
export interface StoredState {
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
  /** The last log position the state includes. */
  uptoSeq: number;
}

/** What an export needs of a text: its canonical ProseMirror JSON, that JSON's SHA-256 and its log position. */
export interface ExportContent {
  uptoSeq: number;
  contentJson: string;
  contentHash: string;
}

/**
 * The content of a document from its stored state (newest snapshot plus the log after it),
 * computed exactly as the collaboration server computes it (`contentOf`: the one editor
 * schema, RFC 8785 JSON, SHA-256), so the hash matches the one approvals and versions carry.
 * Runs in a render worker: building a Y.Doc and serialising a 30-page body took 100–240 ms
 * of the server's event loop per export when it ran there.
 */
export function contentOfStoredState(stored: StoredState): ExportContent {
  const ydoc = new Y.Doc({ gc: false });
  try {
    Y.transact(ydoc, () => {
      if (stored.snapshot) Y.applyUpdate(ydoc, openSnapshot(stored.snapshot).state);
      for (const update of stored.updates) Y.applyUpdate(ydoc, update);
    });
    const { contentJson, contentHash } = contentOf(ydoc, stored.uptoSeq);
    return { uptoSeq: stored.uptoSeq, contentJson, contentHash };
  } finally {
    ydoc.destroy();
  }
}
