import { createHash } from 'node:crypto';
import { Node as PMNode } from '@tiptap/pm/model';
import { updateYFragment, yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { editorSchema, normalisedContent } from '@/lib/editor/content';
import { canonicalJson } from '@/lib/text/canonical-json';
import { withoutUnsafeLinks, type LinkedNode } from '@/lib/editor/links';
import { AppError } from '@/server/errors';
import { sentence } from '@/lib/i18n/sentence';
import { nextTurn } from './next-turn';

/** The body at one point: its Yjs state, its ProseMirror JSON (canonical) and that JSON's SHA-256. */
export interface DocumentContent {
  ystate: Uint8Array;
  uptoSeq: number;
  contentJson: string;
  contentHash: string;
}

/**
 * Reads the body (the XmlFragment `default`) as ProseMirror JSON, validated and normalised
 * through the one editor schema, and hashes its RFC 8785 form. The same text always gives
 * the same hash, whoever computes it.
 */
export function contentOf(ydoc: Y.Doc, uptoSeq: number): DocumentContent {
  const { raw, ystate } = readBody(ydoc);
  return sealed(ystate, uptoSeq, canonicalOf(normalisedOf(raw)));
}

/**
 * `contentOf` for work that can wait (automatic versions): the body and its Yjs state are read
 * at once, as `contentOf` reads them, and the passes over that body (the schema, the canonical
 * JSON, the hash) each run in an event-loop turn of their own, so that the sockets of every other
 * document are served between them. In one go a 100-page body held the event loop for 45–80 ms
 * (more on the process's first), when a long document left memory (docs/PERFORMANCE.md, session 19).
 * The same steps as `contentOf`, so the same text gives the same hash.
 */
export async function contentInTurns(ydoc: Y.Doc, uptoSeq: number): Promise<DocumentContent> {
  const { raw, ystate } = readBody(ydoc);
  await nextTurn();
  const normalised = normalisedOf(raw);
  await nextTurn();
  const contentJson = canonicalOf(normalised);
  await nextTurn();
  return sealed(ystate, uptoSeq, contentJson);
}

/** The body as ProseMirror JSON and the Yjs state it came from, read together. */
function readBody(ydoc: Y.Doc): { raw: unknown; ystate: Uint8Array } {
  return { raw: yXmlFragmentToProsemirrorJSON(ydoc.getXmlFragment('default')), ystate: Y.encodeStateAsUpdate(ydoc) };
}

/** The steps of `canonicalContentJson`, each refusing a body the schema cannot hold with the same error. */
function normalisedOf(raw: unknown): unknown {
  return unsupportedIfThrows(() => normalisedContent(raw));
}

function canonicalOf(normalised: unknown): string {
  return unsupportedIfThrows(() => canonicalJson(normalised));
}

function unsupportedIfThrows<T>(step: () => T): T {
  try {
    return step();
  } catch (cause) {
    throw new AppError('unprocessable', sentence('commandErrors.documents.unsupportedContent'), { cause });
  }
}

function sealed(ystate: Uint8Array, uptoSeq: number, contentJson: string): DocumentContent {
  return { ystate, uptoSeq, contentJson, contentHash: createHash('sha256').update(contentJson).digest('hex') };
}

/** The content of a stored Yjs state (a version). */
export function contentOfState(ystate: Uint8Array, uptoSeq: number): DocumentContent {
  const ydoc = new Y.Doc({ gc: false });
  try {
    Y.applyUpdate(ydoc, ystate);
    return contentOf(ydoc, uptoSeq);
  } finally {
    ydoc.destroy();
  }
}

/**
 * The Yjs update that turns `current` (a document's state) into the body `contentJson`,
 * as the editor would: y-prosemirror's minimal fragment update, so unchanged paragraphs
 * keep their items (and their authors) and the diff shows only what the restore changed.
 * Links that are not http, https or mailto (an old version may hold one) are not restored.
 */
export function restoreUpdate(current: Y.Doc, contentJson: string): Uint8Array {
  const node = PMNode.fromJSON(editorSchema(), withoutUnsafeLinks(JSON.parse(contentJson) as LinkedNode));
  const before = Y.encodeStateVector(current);
  current.transact(() => {
    updateYFragment(current, current.getXmlFragment('default'), node, { mapping: new Map(), isOMark: new Map() });
  });
  return Y.encodeStateAsUpdate(current, before);
}
