import * as Y from 'yjs';
import { MAX_CONTEXT_CHARS, MAX_QUOTE_CHARS, type AnchorInput } from '@/lib/comments/threads';

/**
 * Where a comment thread sits in the text: two Yjs relative positions in the document's
 * `default` fragment, kept with the thread and never written into the Y.Doc (nothing here
 * changes the content or its hash, so it works in locked states). The start associates with
 * the passage's first character and the end with its last, so typing before or after the
 * passage leaves it alone, typing inside it widens it, and when the passage is deleted both
 * ends land on the same place (the thread is then "on deleted text"). Yjs follows `redone`
 * items, so undoing the deletion brings the passage back under the anchor.
 *
 * The text a selector is matched against is the body's plain text: text blocks (paragraph,
 * heading, code block, at any depth in lists and quotes) joined by "\n", a hard break read
 * as "\n" too.
 */

/** Elements whose children are text (everything else is a container or a leaf). */
const TEXTBLOCKS: ReadonlySet<string> = new Set(['paragraph', 'heading', 'codeBlock']);
const HARD_BREAK = 'hardBreak';

/** A run of the plain text that lives in one Y.XmlText, from `start` for `length` characters. */
interface Segment {
  text: Y.XmlText;
  start: number;
  length: number;
}

/** The body's plain text and where each of its runs lives. */
export interface PlainText {
  text: string;
  segments: Segment[];
  /** The run of each Y.XmlText that has characters. */
  byText: Map<Y.XmlText, Segment>;
}

/** Why an anchor could not be placed: each a 422 with its sentence (see threads.ts). */
export type AnchorProblem = 'not_found' | 'ambiguous' | 'too_long' | 'position_mismatch';

export class AnchorError extends Error {
  constructor(readonly problem: AnchorProblem) {
    super(`anchor: ${problem}`);
    this.name = 'AnchorError';
  }
}

/** An anchor as stored: Y.encodeRelativePosition of its two ends, and the text it covered. */
export interface PlacedAnchor {
  start: Uint8Array;
  end: Uint8Array;
  quote: string;
}

/** Reads the plain text of the Y.XmlFragment `default` (see above). */
export function plainTextOf(ydoc: Y.Doc): PlainText {
  const out: PlainText = { text: '', segments: [], byText: new Map() };
  let blocks = 0;
  const inline = (block: Y.XmlElement) => {
    for (const child of block.toArray()) {
      if (child instanceof Y.XmlText) {
        const run = textOf(child);
        if (run.length) {
          const segment = { text: child, start: out.text.length, length: run.length };
          out.segments.push(segment);
          out.byText.set(child, segment);
        }
        out.text += run;
      } else if (child instanceof Y.XmlElement && child.nodeName === HARD_BREAK) out.text += '\n';
    }
  };
  const walk = (parent: Y.XmlFragment | Y.XmlElement) => {
    for (const child of parent.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      if (TEXTBLOCKS.has(child.nodeName) || child.toArray().some((c) => c instanceof Y.XmlText)) {
        if (blocks++ > 0) out.text += '\n';
        inline(child);
      } else walk(child);
    }
  };
  walk(ydoc.getXmlFragment('default'));
  return out;
}

/** The characters of a Y.XmlText without its formatting (an embed counts as one character, as Yjs counts it). */
function textOf(text: Y.XmlText): string {
  let s = '';
  for (const op of text.toDelta() as { insert: unknown }[]) s += typeof op.insert === 'string' ? op.insert : '\uFFFC';
  return s;
}

/**
 * Places an anchor for a new thread: the editor's exact positions when it sent them (the
 * text between them must read `exact`), else the one occurrence of `exact` that `prefix`
 * and `suffix` pick (W3C text-quote selector). Throws AnchorError when there is none, or
 * more than one.
 */
export function placeAnchor(ydoc: Y.Doc, input: AnchorInput): PlacedAnchor {
  if (input.exact.length > MAX_QUOTE_CHARS || (input.prefix?.length ?? 0) > MAX_CONTEXT_CHARS || (input.suffix?.length ?? 0) > MAX_CONTEXT_CHARS)
    throw new AnchorError('too_long');
  const plain = plainTextOf(ydoc);
  if (input.position) {
    const range = rangeOf(ydoc, plain, decode(input.position.start), decode(input.position.end));
    if (!range) throw new AnchorError('not_found');
    if (squash(plain.text.slice(range.from, range.to)) !== squash(input.exact)) throw new AnchorError('position_mismatch');
    return encodeRange(plain, range.from, range.to);
  }
  const found = occurrences(plain.text, input);
  if (found.length === 0) throw new AnchorError('not_found');
  if (found.length > 1) throw new AnchorError('ambiguous');
  const from = found[0]!;
  return encodeRange(plain, from, from + input.exact.length);
}

/** Where `exact` occurs with `prefix` right before it and `suffix` right after (each when given). */
function occurrences(text: string, { exact, prefix, suffix }: AnchorInput): number[] {
  const found: number[] = [];
  if (!exact) return found;
  for (let at = text.indexOf(exact); at !== -1; at = text.indexOf(exact, at + 1)) {
    if (prefix && !text.slice(0, at).endsWith(prefix)) continue;
    if (suffix && !text.slice(at + exact.length).startsWith(suffix)) continue;
    found.push(at);
  }
  return found;
}

/** Whitespace runs as one space, ends trimmed: how the editor's selection and ours may differ (a hard break, block ends). */
function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function decode(base64: string): Y.RelativePosition | null {
  try {
    const bytes = Buffer.from(base64, 'base64');
    return bytes.length ? Y.decodeRelativePosition(new Uint8Array(bytes)) : null;
  } catch {
    return null;
  }
}

/** The relative positions of plain-text range [from, to): the start on its first character, the end on its last. */
function encodeRange(plain: PlainText, from: number, to: number): PlacedAnchor {
  const first = plain.segments.find((s) => s.start + s.length > from && s.start < to);
  const last = plain.segments.filter((s) => s.start < to && s.start + s.length > from).at(-1);
  if (!first || !last) throw new AnchorError('not_found'); // only separators: nothing to hold on to
  const startIndex = Math.max(0, from - first.start);
  const endIndex = Math.min(last.length, to - last.start);
  return {
    start: Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(first.text, startIndex, 0)),
    end: Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(last.text, endIndex, -1)),
    quote: plain.text.slice(from, to),
  };
}

/** A relative position as a plain-text offset now; null when its text is gone (its block deleted). */
function offsetOf(ydoc: Y.Doc, plain: PlainText, rpos: Y.RelativePosition | null): number | null {
  if (!rpos) return null;
  let abs: Y.AbsolutePosition | null;
  try {
    abs = Y.createAbsolutePositionFromRelativePosition(rpos, ydoc);
  } catch {
    return null; // bytes that decode but name nothing in this document
  }
  if (!abs) return null;
  const segment = abs.type instanceof Y.XmlText ? plain.byText.get(abs.type) : undefined;
  // No run: the text or its block was deleted, or all of its characters were.
  return segment ? segment.start + Math.min(abs.index, segment.length) : null;
}

/** Both ends of positions as a plain-text range now; null when they do not hold a passage. */
function rangeOf(ydoc: Y.Doc, plain: PlainText, start: Y.RelativePosition | null, end: Y.RelativePosition | null): { from: number; to: number } | null {
  const from = offsetOf(ydoc, plain, start);
  const to = offsetOf(ydoc, plain, end);
  if (from === null || to === null || to <= from) return null;
  return { from, to };
}

/** Where a stored anchor is now: its range, and fresh positions when it had to be found again (see locateAnchor). */
export interface LocatedAnchor {
  from: number;
  to: number;
  /** Set when the stored positions no longer hold the passage but its text was found where they met. */
  moved?: PlacedAnchor;
}

/**
 * Where a stored anchor is now: its plain-text range, or null when the passage was deleted
 * (the thread is "on deleted text").
 *
 * Undoing a deletion re-inserts the text as copies of the deleted items. The undoing
 * client's Y.Doc links each original to its copy (`redone`) and its positions follow, but
 * that link is local: it is not in the update, so this copy (like every other client) sees
 * the originals still deleted. It finds the copies itself (copyOf) and then answers fresh
 * positions (`moved`), so that every client can highlight the passage again.
 */
export function locateAnchor(ydoc: Y.Doc, start: Uint8Array, end: Uint8Array, plain: PlainText = plainTextOf(ydoc)): LocatedAnchor | null {
  let moved = false;
  const at = (bytes: Uint8Array): number | null => {
    let rpos: Y.RelativePosition;
    try {
      rpos = Y.decodeRelativePosition(bytes);
    } catch {
      return null;
    }
    if (rpos.item) {
      const live = liveCharacter(ydoc, rpos.item);
      if (live && (live.client !== rpos.item.client || live.clock !== rpos.item.clock)) {
        moved = true;
        rpos = Y.createRelativePositionFromJSON({ item: live, assoc: rpos.assoc });
      }
    }
    return offsetOf(ydoc, plain, rpos);
  };
  const from = at(start);
  const to = at(end);
  if (from === null || to === null || to <= from) return null;
  return moved ? { from, to, moved: encodeRange(plain, from, to) } : { from, to };
}

/** How many undo/redo rounds a position is followed through. */
const MAX_COPIES = 20;

/**
 * The character `id` names, or the copy an undo elsewhere made of it when it is deleted
 * here: the copy was inserted right before the deleted original, with it as right origin
 * and the same characters. Null when it is deleted and no copy exists.
 */
function liveCharacter(ydoc: Y.Doc, id: Y.ID): Y.ID | null {
  let target = id;
  for (let hops = 0; hops < MAX_COPIES; hops++) {
    let item: Y.Item;
    try {
      item = Y.getItem(ydoc.store, target) as Y.Item;
    } catch {
      return null; // not in this copy (yet)
    }
    if (!(item instanceof Y.Item)) return null;
    if (!item.deleted) return target;
    const copy = copyOf(item, target);
    if (!copy) return null;
    target = copy;
  }
  return null;
}

/** The id of the character in an undo's copy of deleted `item` that stands for `target`. */
function copyOf(item: Y.Item, target: Y.ID): Y.ID | null {
  const original = textOfItem(item);
  if (original === null) return null;
  for (let candidate = item.left; candidate !== null; candidate = candidate.left) {
    const origin = candidate.rightOrigin;
    if (!origin || origin.client !== target.client) {
      if (!candidate.deleted) break; // copies sit right before the original, after nothing live
      continue;
    }
    const offset = target.clock - origin.clock;
    const copied = textOfItem(candidate);
    if (offset < 0 || copied === null || offset >= copied.length) continue;
    // The copy holds the original's characters from its right origin on: the same one here.
    if (copied[offset] !== original[target.clock - item.id.clock]) continue;
    return Y.createID(candidate.id.client, candidate.id.clock + offset);
  }
  return null;
}

/** The characters of a text item (deleted or not), or null for anything else. */
function textOfItem(item: Y.Item): string | null {
  return item.content instanceof Y.ContentString ? item.content.str : null;
}
