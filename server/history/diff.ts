import * as Y from 'yjs';
import type { Attribution } from './attribution';
import { commonSubsequence, diffWords } from './word-diff';

export type SegmentOp = 'insert' | 'delete' | 'equal';

/** A run of text in one block: unchanged, inserted or deleted, with who did it. */
export interface Segment {
  op: SegmentOp;
  text: string;
  /** User ids: who wrote (insert) or who deleted (delete) the words that differ; empty for equal. */
  authors: string[];
}

/**
 * The table cell a block sits in (issue 22): its row and column, counted from 1 in its own
 * table (a merged cell counts as the columns it spans; the column is the cell's place in its
 * row), and whether it is a header cell. A block in a table nested in a cell names the innermost cell.
 */
export interface CellRef {
  row: number;
  column: number;
  header?: true;
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
  /** The table cell the block is in, if any: so the diff shows which cells changed. */
  cell?: CellRef;
  /**
   * The list item's marker, on the first block of each item only: its number in an ordered
   * list (counting from the list's start), `•` in a bullet list. Not compared: a list
   * renumbered by an item added above reads the same.
   */
  marker?: string;
  /** How deep the block's list is nested, from 1; only in a list. */
  depth?: number;
  segments: Segment[];
}

/** One change between two versions, in document order. */
export interface Change {
  op: 'insert' | 'delete';
  text: string;
  authors: string[];
  block: string;
  level?: number;
  /** The table cell the change is in, if any. */
  cell?: CellRef;
  /** True when the block itself was added or removed. */
  structural: boolean;
}

/** A block as the reader sees it, with the Yjs item id of each of its characters. */
interface TextBlock {
  block: string;
  level?: number;
  list?: string;
  quoted?: boolean;
  cell?: CellRef;
  marker?: string;
  depth?: number;
  /** Block type, level, list, quote and whether in a cell: blocks are compared word by word only when these agree. */
  shape: string;
  text: string;
  ids: Y.ID[];
}

/** One side of a comparison: its blocks and which characters are visible in it. */
interface Side {
  doc: Y.Doc;
  blocks: TextBlock[];
  visible: Set<string>;
}

/** The state of a document before anything was written: what its first version is compared with. */
export const EMPTY_STATE: Uint8Array = Y.encodeStateAsUpdate(new Y.Doc());

const CONTAINERS = new Set(['bulletList', 'orderedList', 'listItem', 'blockquote']);
const CELLS = new Set(['tableCell', 'tableHeader']);
const key = (id: Y.ID) => `${id.client}:${id.clock}`;

/**
 * Compares two states of one document by their text, not by their Yjs items: the blocks
 * are aligned, aligned blocks are compared word by word, and only then are the differing
 * words attributed to the people who wrote or deleted them. So text that was deleted and
 * inserted again (a restore, an import, a paste, retyping) shows no change where it reads
 * the same, and two states with the same content show none at all. Either state may be
 * the older one.
 */
export function diffBlocks(earlierState: Uint8Array, laterState: Uint8Array, attribution: Attribution): DiffBlock[] {
  const a = side(earlierState);
  const b = side(laterState);
  try {
    const blocks: DiffBlock[] = [];
    const who = new Blame(a, b, attribution);
    for (const step of alignBlocks(a.blocks, b.blocks)) {
      if (step.a && step.b) blocks.push(compareBlock(step.a, step.b, who));
      else if (step.b) blocks.push(whole(step.b, 'added', { op: 'insert', text: step.b.text, authors: who.inserted(step.b.ids, []) }));
      else if (step.a) blocks.push(whole(step.a, 'removed', { op: 'delete', text: step.a.text, authors: who.deleted(step.a.ids, []) }));
    }
    return blocks.filter((bl) => bl.segments.length > 0 || bl.status !== 'same');
  } finally {
    a.doc.destroy();
    b.doc.destroy();
  }
}

/** Only what changed, as the REST API reports it: inserted and deleted runs in document order. */
export function diffStates(earlierState: Uint8Array, laterState: Uint8Array, attribution: Attribution): Change[] {
  const changes: Change[] = [];
  for (const b of diffBlocks(earlierState, laterState, attribution)) {
    for (const s of b.segments) {
      if (s.op === 'equal') continue;
      changes.push({
        op: s.op,
        text: s.text,
        authors: s.authors,
        block: b.block,
        ...(b.level ? { level: b.level } : {}),
        ...(b.cell ? { cell: b.cell } : {}),
        structural: b.status !== 'same',
      });
    }
  }
  return changes;
}

/** Who wrote an inserted run, who deleted a deleted one, learnt from the items that differ. */
class Blame {
  constructor(
    private readonly a: Side,
    private readonly b: Side,
    private readonly attribution: Attribution,
  ) {}

  /** Characters of the later text that the earlier text did not show: who wrote them (or, comparing backwards, who deleted them). */
  inserted(ids: readonly Y.ID[], replaced: readonly Y.ID[]): string[] {
    return this.blame(ids, this.a, replaced, this.b);
  }

  /** Characters of the earlier text that the later text does not show: who deleted them (or, comparing backwards, who wrote them). */
  deleted(ids: readonly Y.ID[], replacement: readonly Y.ID[]): string[] {
    return this.blame(ids, this.b, replacement, this.a);
  }

  /**
   * The people behind the characters of `ids` that `other` does not show. When there are
   * none (a letter deleted inside a word leaves the rest of the word as it was), the
   * people behind the other half of the change answer for it.
   */
  private blame(ids: readonly Y.ID[], other: Side, counterpart: readonly Y.ID[], own: Side): string[] {
    const people = this.people(ids, other);
    return people.length > 0 ? people : this.people(counterpart, own);
  }

  private people(ids: readonly Y.ID[], other: Side): string[] {
    const found = new Set<string>();
    for (const id of ids) {
      if (other.visible.has(key(id))) continue;
      // The other side knew the item and no longer shows it: it was deleted in between. Otherwise it was written in between.
      const known = id.clock < Y.getState(other.doc.store, id.client);
      const user = known ? this.attribution.deleter(id) : this.attribution.author(id);
      if (user) found.add(user);
    }
    return [...found];
  }
}

function whole(block: TextBlock, status: 'added' | 'removed', segment: Segment): DiffBlock {
  return { ...describe(block), status, segments: segment.text ? [segment] : [] };
}

function describe(block: TextBlock): Omit<DiffBlock, 'status' | 'segments'> {
  const { block: name, level, list, quoted, cell, marker, depth } = block;
  return {
    block: name,
    ...(level ? { level } : {}),
    ...(list ? { list } : {}),
    ...(quoted ? { quoted } : {}),
    ...(cell ? { cell } : {}),
    ...(marker ? { marker } : {}),
    ...(depth ? { depth } : {}),
  };
}

/** Two blocks of the same kind, word by word: unchanged runs, and each change as its deletion then its insertion. */
function compareBlock(a: TextBlock, b: TextBlock, who: Blame): DiffBlock {
  const segments: Segment[] = [];
  for (const hunk of diffWords(a.text, b.text)) {
    if (hunk.op === 'equal') {
      segments.push({ op: 'equal', text: b.text.slice(...hunk.b), authors: [] });
      continue;
    }
    const gone = a.ids.slice(...hunk.a);
    const added = b.ids.slice(...hunk.b);
    if (gone.length > 0) segments.push({ op: 'delete', text: a.text.slice(...hunk.a), authors: who.deleted(gone, added) });
    if (added.length > 0) segments.push({ op: 'insert', text: b.text.slice(...hunk.b), authors: who.inserted(added, gone) });
  }
  return { ...describe(b), status: 'same', segments };
}

type Step = { a?: TextBlock; b?: TextBlock };

/**
 * Aligns the blocks of two texts: identical blocks first (longest common subsequence), then,
 * between two such anchors, blocks of the same kind that share enough words are paired and
 * compared word by word; the rest were added or removed.
 */
function alignBlocks(a: TextBlock[], b: TextBlock[]): Step[] {
  const anchors = commonSubsequence(a, b, (x, y) => x.shape === y.shape && x.text === y.text);
  const steps: Step[] = [];
  let i = 0;
  let j = 0;
  for (const [ai, bj] of [...anchors, [a.length, b.length] as [number, number]]) {
    steps.push(...pairGap(a.slice(i, ai), b.slice(j, bj)));
    if (ai < a.length) steps.push({ a: a[ai]!, b: b[bj]! });
    i = ai + 1;
    j = bj + 1;
  }
  return steps;
}

/** Below this share of common words two blocks are one removed and one added, not one edited. */
const MIN_SIMILARITY = 0.3;

function similarity(a: TextBlock, b: TextBlock): number {
  if (a.shape !== b.shape) return 0;
  const wa = new Set(a.text.toLowerCase().split(/\s+/u).filter(Boolean));
  const wb = new Set(b.text.toLowerCase().split(/\s+/u).filter(Boolean));
  if (wa.size === 0 && wb.size === 0) return 1;
  let common = 0;
  for (const w of wa) if (wb.has(w)) common++;
  return (2 * common) / (wa.size + wb.size);
}

/** Pairs the blocks between two anchors so that the paired blocks share the most words, in order. */
function pairGap(a: TextBlock[], b: TextBlock[]): Step[] {
  const n = a.length;
  const m = b.length;
  const w = m + 1;
  const best = new Float64Array((n + 1) * w);
  const sim = (i: number, j: number) => {
    const s = n * m <= 10_000 ? similarity(a[i]!, b[j]!) : a[i]!.shape === b[j]!.shape && i === j ? 1 : 0;
    return s >= MIN_SIMILARITY ? s : -1;
  };
  const sims = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) sims[i * m + j] = sim(i, j);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const s = sims[i * m + j]!;
      best[i * w + j] = Math.max(best[(i + 1) * w + j]!, best[i * w + j + 1]!, s > 0 ? s + best[(i + 1) * w + j + 1]! : 0);
    }
  }
  const steps: Step[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    const s = i < n && j < m ? sims[i * m + j]! : -1;
    if (s > 0 && best[i * w + j] === s + best[(i + 1) * w + j + 1]!) steps.push({ a: a[i++]!, b: b[j++]! });
    else if (j < m && (i === n || best[i * w + j] === best[i * w + j + 1])) steps.push({ b: b[j++]! });
    else steps.push({ a: a[i++]! });
  }
  return steps;
}

/** Reads a stored state: its blocks in document order, and the ids of the characters it shows. */
function side(state: Uint8Array): Side {
  const doc = new Y.Doc({ gc: false });
  Y.applyUpdate(doc, state);
  const blocks: TextBlock[] = [];
  readBlocks(doc.getXmlFragment('default'), blocks, { depth: 0, quoted: false, pending: {} });
  const visible = new Set<string>();
  for (const block of blocks) for (const id of block.ids) visible.add(key(id));
  return { doc, blocks, visible };
}

/** The live child elements of a Yjs element, in order. */
function* elements(parent: Y.XmlFragment | Y.XmlElement): Generator<Y.XmlElement> {
  for (let item = parent._start; item !== null; item = item.right) {
    if (item.deleted || !(item.content instanceof Y.ContentType)) continue;
    const node = item.content.type;
    if (node instanceof Y.XmlElement) yield node;
  }
}

/** Where a block sits: in which list (and how deep), quoted, in which cell; `marker` waits for the first block of a list item. */
interface Place {
  list?: string;
  depth: number;
  quoted: boolean;
  cell?: CellRef;
  pending: { marker?: string };
}

function readBlocks(parent: Y.XmlFragment | Y.XmlElement, blocks: TextBlock[], place: Place): void {
  const listName = parent instanceof Y.XmlElement ? parent.nodeName : '';
  let number = listName === 'orderedList' ? Number((parent as Y.XmlElement).getAttribute('start') ?? 1) || 1 : 1;
  for (const node of elements(parent)) {
    if (node.nodeName === 'listItem' && (listName === 'orderedList' || listName === 'bulletList')) {
      readBlocks(node, blocks, { ...place, pending: { marker: listName === 'orderedList' ? `${number++}.` : '•' } });
      continue;
    }
    if (CONTAINERS.has(node.nodeName)) {
      const isList = node.nodeName === 'bulletList' || node.nodeName === 'orderedList';
      readBlocks(node, blocks, {
        ...place,
        ...(isList ? { list: node.nodeName, depth: place.depth + 1 } : {}),
        quoted: place.quoted || node.nodeName === 'blockquote',
      });
      continue;
    }
    if (node.nodeName === 'table') {
      // Each cell's blocks, row by row, named by their cell; a list or quote around the table does not reach into it.
      let row = 0;
      for (const tr of elements(node)) {
        if (tr.nodeName !== 'tableRow') continue;
        row++;
        let column = 1;
        for (const td of elements(tr)) {
          if (!CELLS.has(td.nodeName)) continue;
          const cell = { row, column, ...(td.nodeName === 'tableHeader' ? { header: true as const } : {}) };
          readBlocks(td, blocks, { depth: 0, quoted: false, cell, pending: {} });
          column += Math.max(1, Number(td.getAttribute('colspan') ?? 1) || 1);
        }
      }
      continue;
    }
    const { list, quoted, cell } = place;
    const level = node.nodeName === 'heading' ? Number(node.getAttribute('level') ?? 1) : undefined;
    const block: TextBlock = {
      block: node.nodeName,
      level,
      list,
      quoted,
      cell,
      ...(place.pending.marker ? { marker: place.pending.marker } : {}),
      ...(list ? { depth: place.depth } : {}),
      shape: `${node.nodeName}|${level ?? ''}|${list ?? ''}|${quoted}|${cell ? 'cell' : ''}`,
      text: '',
      ids: [],
    };
    delete place.pending.marker;
    readInline(node, block);
    blocks.push(block);
  }
}

/** The text of a block, character by character with the item that holds it; a line break reads as one. */
function readInline(parent: Y.XmlElement, block: TextBlock): void {
  for (let item = parent._start; item !== null; item = item.right) {
    if (item.deleted || !(item.content instanceof Y.ContentType)) continue;
    const node = item.content.type;
    if (node instanceof Y.XmlText) {
      for (let t = node._start; t !== null; t = t.right) {
        if (t.deleted || !(t.content instanceof Y.ContentString)) continue;
        const str = t.content.str;
        block.text += str;
        for (let k = 0; k < str.length; k++) block.ids.push(Y.createID(t.id.client, t.id.clock + k));
      }
    } else if (node instanceof Y.XmlElement && node.nodeName === 'hardBreak') {
      block.text += '\n';
      block.ids.push(item.id);
    }
  }
}
