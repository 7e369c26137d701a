import * as Y from 'yjs';
import { isVisible } from '@tiptap/y-tiptap';
import type { Attribution } from './attribution';

export type SegmentOp = 'insert' | 'delete' | 'equal';

/** A run of text in one block: unchanged, inserted or deleted, with who did it. */
export interface Segment {
  op: SegmentOp;
  text: string;
  /** User ids: who inserted (insert) or who deleted (delete); empty for equal. */
  authors: string[];
}

/** A block of the compared document (paragraph, heading, …) with its text runs. */
export interface DiffBlock {
  block: string;
  level?: number;
  /** Whether the block itself was added or removed (a paragraph that became a heading shows as one removed and one added). */
  status: 'same' | 'added' | 'removed';
  /** The list the block sits in, if any (bulletList, orderedList) and whether it is quoted. */
  list?: string;
  quoted?: boolean;
  segments: Segment[];
}

/** One change between two versions, in document order. */
export interface Change {
  op: 'insert' | 'delete';
  text: string;
  authors: string[];
  block: string;
  level?: number;
  /** True when the block itself was added or removed. */
  structural: boolean;
}

interface Delta {
  insert: string | object;
  attributes?: { ychange?: { type: 'added' | 'removed'; id: Y.ID } };
}

/**
 * Compares two states of one document. `later` must contain every item of `earlier` (the
 * server keeps deleted content: gc is off), so the earlier state is a snapshot over the
 * same items. Walks the body in document order and returns every block with its text runs
 * — unchanged, inserted (by whom) and deleted (by whom) — and blocks added or removed.
 */
export function diffBlocks(earlierState: Uint8Array, laterState: Uint8Array, attribution: Attribution): DiffBlock[] {
  const earlierDoc = new Y.Doc({ gc: false });
  const laterDoc = new Y.Doc({ gc: false });
  try {
    Y.applyUpdate(earlierDoc, earlierState);
    Y.applyUpdate(laterDoc, laterState);
    const blocks: DiffBlock[] = [];
    const before = Y.snapshot(earlierDoc);
    const after = Y.snapshot(laterDoc);
    // One transaction for the whole walk: Yjs splits the items a snapshot cuts through once
    // per transaction, instead of once per paragraph (which made long documents quadratic).
    laterDoc.transact(() =>
      walk(laterDoc.getXmlFragment('default'), { before, after, attribution, blocks, current: null, removedBy: undefined, addedBy: undefined }),
    );
    return blocks.filter((b) => b.segments.length > 0 || b.status !== 'same');
  } finally {
    earlierDoc.destroy();
    laterDoc.destroy();
  }
}

/** Only what changed, as the REST API reports it: inserted and deleted runs in document order. */
export function diffStates(earlierState: Uint8Array, laterState: Uint8Array, attribution: Attribution): Change[] {
  const changes: Change[] = [];
  for (const b of diffBlocks(earlierState, laterState, attribution)) {
    for (const s of b.segments) {
      if (s.op === 'equal') continue;
      changes.push({ op: s.op, text: s.text, authors: s.authors, block: b.block, ...(b.level ? { level: b.level } : {}), structural: b.status !== 'same' });
    }
  }
  return changes;
}

const CONTAINERS = new Set(['bulletList', 'orderedList', 'listItem', 'blockquote']);

interface WalkContext {
  before: Y.Snapshot;
  after: Y.Snapshot;
  attribution: Attribution;
  blocks: DiffBlock[];
  current: DiffBlock | null;
  list?: string;
  quoted?: boolean;
  /** Set inside a block that was removed: everything in it was deleted by that user (or null: unknown). */
  removedBy: string | null | undefined;
  /** Set inside a block that was added. */
  addedBy: string | null | undefined;
}

function walk(parent: Y.XmlFragment | Y.XmlElement, ctx: WalkContext): void {
  for (let item = parent._start; item !== null; item = item.right) {
    if (!(item.content instanceof Y.ContentType)) continue;
    const node = item.content.type;
    const wasThere = isVisible(item, ctx.before);
    const isThere = isVisible(item, ctx.after);
    if (!wasThere && !isThere) continue;
    if (node instanceof Y.XmlElement) {
      const removedBy = ctx.removedBy !== undefined ? ctx.removedBy : wasThere && !isThere ? ctx.attribution.deleter(item.id) : undefined;
      const addedBy = ctx.addedBy !== undefined ? ctx.addedBy : !wasThere && isThere ? ctx.attribution.author(item.id) : undefined;
      if (CONTAINERS.has(node.nodeName)) {
        const list = node.nodeName === 'bulletList' || node.nodeName === 'orderedList' ? node.nodeName : ctx.list;
        walk(node, { ...ctx, list, quoted: ctx.quoted || node.nodeName === 'blockquote', removedBy, addedBy });
        continue;
      }
      const block: DiffBlock = {
        block: node.nodeName,
        ...(node.nodeName === 'heading' ? { level: Number(node.getAttribute('level') ?? 1) } : {}),
        status: removedBy !== undefined ? 'removed' : addedBy !== undefined ? 'added' : 'same',
        ...(ctx.list ? { list: ctx.list } : {}),
        ...(ctx.quoted ? { quoted: true } : {}),
        segments: [],
      };
      ctx.blocks.push(block);
      walk(node, { ...ctx, current: block, removedBy, addedBy });
    } else if (node instanceof Y.XmlText && ctx.current) {
      text(node, ctx, ctx.current);
    }
  }
}

function push(block: DiffBlock, segment: Segment): void {
  const last = block.segments.at(-1);
  if (last && last.op === segment.op && last.authors.join() === segment.authors.join()) last.text += segment.text;
  else if (segment.text) block.segments.push(segment);
}

function text(node: Y.XmlText, ctx: WalkContext, block: DiffBlock): void {
  if (ctx.removedBy !== undefined) {
    // The whole block is gone: its text as it was, deleted by whoever removed the block.
    for (const d of node.toDelta(ctx.before) as Delta[]) {
      if (typeof d.insert === 'string') push(block, { op: 'delete', text: d.insert, authors: ctx.removedBy ? [ctx.removedBy] : [] });
    }
    return;
  }
  const deltas = node.toDelta(ctx.after, ctx.before, (type: 'added' | 'removed', id: Y.ID) => ({ type, id, user: `${id.client}:${id.clock}` })) as Delta[];
  for (const d of deltas) {
    if (typeof d.insert !== 'string') continue;
    const change = d.attributes?.ychange;
    if (!change) {
      push(block, { op: 'equal', text: d.insert, authors: [] });
    } else if (change.type === 'added') {
      const who = ctx.addedBy ?? ctx.attribution.author(change.id);
      push(block, { op: 'insert', text: d.insert, authors: who ? [who] : [] });
    } else {
      const who = ctx.attribution.deleter(change.id);
      push(block, { op: 'delete', text: d.insert, authors: who ? [who] : [] });
    }
  }
}
