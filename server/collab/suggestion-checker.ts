import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { mergeFootprints, normalisedJson, suggestOnlyProblem, type SuggestionView } from '@/lib/editor/suggest-only';
import { parseBlockSuggestion, rejectAll, suggestionFootprints, type PMJson, type SuggestionFootprint } from '@/lib/editor/suggestions';

/** A top-level child of the body's fragment. */
type Block = Y.XmlElement | Y.XmlText | Y.XmlHook;

/** What the rule needs of one top-level block, read once and kept until the block changes. */
interface BlockInfo {
  /** The block as y-tiptap reads it, or null when it cannot be read (beyond the schema). */
  json: PMJson | null;
  /** Carries a proposed break: with every suggestion rejected it merges into the block before. */
  split: boolean;
  /** Its suggestions, as `suggestionFootprints` finds them in this block alone. */
  footprints: Map<string, SuggestionFootprint>;
}

/** More doc updates than this waiting for the next check: the replica is dropped and built anew then. */
const MAX_PENDING = 1000;

/**
 * Judges suggest-only updates for one document (the rule is `suggestOnlyProblem`,
 * lib/editor/suggest-only.ts), at the cost of the top-level blocks an update touches rather
 * than the whole document. It keeps a replica (the document plus what is queued), brought
 * level by the document's own updates since the last check, and, per top-level block, what
 * the rule needs of it (BlockInfo). An update is applied to the replica; the blocks it
 * touched (a deep observer) and the blocks it added or removed make a window, widened over
 * proposed breaks on either edge (a rejected break merges a block into the one before, so a
 * window must neither start nor be followed by one). "All rejected" is compared on the window
 * only: outside it the blocks are the same objects, unchanged, and project to the same JSON.
 * Suggestions are compared over the whole document, merged from the blocks' kept footprints
 * (an id may span blocks, and a malformed one anywhere refuses, as before). A refused update
 * leaves the replica behind it: it is dropped and built anew at the next check.
 */
export class SuggestionChecker {
  private replica: Y.Doc | null = null;
  private source: Y.Doc | null = null;
  private readonly pending: Uint8Array[] = [];
  private readonly blocks = new Map<Block, BlockInfo>();
  /** Top-level blocks changed since they were last read. */
  private readonly touched = new Set<Block>();
  private readonly onSourceUpdate = (update: Uint8Array) => {
    if (this.pending.length >= MAX_PENDING) this.destroy();
    else this.pending.push(update);
  };

  /**
   * Why `update` from `user`'s suggest-only connection is not a suggestion, or null, given
   * the document `doc` and `queued` (accepted, not yet applied). Throws (malformed) when it
   * does not apply at all.
   */
  problem(doc: Y.Doc, queued: readonly Uint8Array[], update: Uint8Array, user: { id: string; name: string }, now: number): string | null {
    const replica = this.level(doc, queued);
    const fragment = replica.getXmlFragment('default');
    const before = fragment.toArray();
    const beforeInfos = before.map((b) => this.info(b));
    // The text is already beyond the schema: the rule cannot judge, and refusing would lock everyone out.
    if (beforeInfos.some((i) => i.json === null)) return null;
    this.touched.clear();
    try {
      Y.applyUpdate(replica, update);
    } catch (err) {
      this.destroy();
      throw err;
    }
    const after = fragment.toArray();
    const [start, endBefore, endAfter] = this.window(before, after, beforeInfos);
    const afterInfos = after.map((b, i) => (i >= start && i < endAfter ? readBlock(b) : beforeInfos[i < start ? i : i - after.length + before.length]!));
    let problem: string | null;
    if (afterInfos.some((i) => i.json === null)) problem = 'writes content the editor does not support';
    else {
      const view = (infos: BlockInfo[], end: number): SuggestionView => ({
        rejected: normalisedJson(rejectAll({ type: 'doc', content: infos.slice(start, end).map((i) => i.json!) })),
        footprints: mergeFootprints(infos.map((i) => i.footprints)),
      });
      problem = suggestOnlyProblem(view(beforeInfos, endBefore), view(afterInfos, endAfter), user, now);
    }
    if (problem !== null) {
      this.destroy();
      return problem;
    }
    for (let i = start; i < endBefore; i++) this.blocks.delete(before[i]!);
    for (let i = start; i < endAfter; i++) this.blocks.set(after[i]!, afterInfos[i]!);
    this.touched.clear();
    return null;
  }

  destroy(): void {
    this.source?.off('update', this.onSourceUpdate);
    this.source = null;
    this.replica?.destroy();
    this.replica = null;
    this.pending.length = 0;
    this.blocks.clear();
    this.touched.clear();
  }

  /**
   * The window of blocks an update changed: `[start, endBefore)` of `before` became
   * `[start, endAfter)` of `after`; the blocks before `start` and from the ends on are the same
   * objects, untouched. Widened so that neither its first block (before or after) nor the block
   * after it carries a proposed break.
   */
  private window(before: Block[], after: Block[], beforeInfos: BlockInfo[]): [number, number, number] {
    const same = (i: number, j: number) => before[i] === after[j] && !this.touched.has(before[i]!);
    const shorter = Math.min(before.length, after.length);
    let start = 0;
    while (start < shorter && same(start, start)) start++;
    let tail = 0;
    while (tail < shorter - start && same(before.length - 1 - tail, after.length - 1 - tail)) tail++;
    while (tail > 0 && beforeInfos[before.length - tail]!.split) tail--;
    const splitAt = (blocks: Block[], i: number, infos?: BlockInfo[]) => i < blocks.length - tail && (infos ? infos[i]! : this.infoOrRead(blocks[i]!)).split;
    while (start > 0 && (splitAt(before, start, beforeInfos) || splitAt(after, start))) start--;
    return [start, before.length - tail, after.length - tail];
  }

  /** A block's kept info, read now if it has none or changed since. */
  private info(block: Block): BlockInfo {
    let info = this.touched.has(block) ? undefined : this.blocks.get(block);
    if (!info) {
      info = readBlock(block);
      this.blocks.set(block, info);
      this.touched.delete(block);
    }
    return info;
  }

  /** Like `info`, without keeping it (a block of the text after a trial update). */
  private infoOrRead(block: Block): BlockInfo {
    return (this.touched.has(block) ? undefined : this.blocks.get(block)) ?? readBlock(block);
  }

  /** The replica, level with the document and the queue; blocks the document changed since are marked touched. */
  private level(doc: Y.Doc, queued: readonly Uint8Array[]): Y.Doc {
    let replica = this.replica;
    if (!replica || this.source !== doc) {
      this.destroy();
      replica = this.replica = new Y.Doc({ gc: false });
      Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
      const fragment = replica.getXmlFragment('default');
      fragment.observeDeep((events) => {
        for (const event of events) {
          const block = topLevel(event.target, fragment);
          if (block) this.touched.add(block);
        }
      });
      this.source = doc;
      doc.on('update', this.onSourceUpdate);
    } else {
      Y.transact(replica, () => {
        for (const u of this.pending) Y.applyUpdate(replica!, u);
      });
      this.pending.length = 0;
    }
    for (const q of queued) Y.applyUpdate(replica, q);
    if (this.blocks.size > 64 && this.blocks.size > 2 * replica.getXmlFragment('default').length) this.prune(replica);
    return replica;
  }

  /** Forgets the info of blocks that are no longer in the document. */
  private prune(replica: Y.Doc): void {
    const live = new Set(replica.getXmlFragment('default').toArray());
    for (const block of this.blocks.keys()) if (!live.has(block)) this.blocks.delete(block);
  }
}

/** The child of `fragment` that holds `type` (null for the fragment itself). */
function topLevel(type: Y.YEvent<Y.XmlElement | Y.XmlText | Y.XmlFragment>['target'], fragment: Y.XmlFragment): Block | null {
  let t: { parent: unknown } | null = type;
  while (t && t.parent !== fragment) t = t.parent as { parent: unknown } | null;
  return t as Block | null;
}

/**
 * One top-level block read exactly as y-tiptap reads it in the whole fragment (its converter
 * asks the fragment only for its children, so it is handed a fragment of one).
 */
function readBlock(block: Block): BlockInfo {
  let json: PMJson | null;
  try {
    json = (yXmlFragmentToProsemirrorJSON({ toArray: () => [block] } as unknown as Y.XmlFragment) as { content: PMJson[] }).content[0]!;
  } catch {
    json = null;
  }
  if (json === null) return { json, split: false, footprints: new Map() };
  return {
    json,
    split: parseBlockSuggestion(json.attrs?.suggestion)?.type === 'split',
    footprints: suggestionFootprints({ type: 'doc', content: [json] }),
  };
}
