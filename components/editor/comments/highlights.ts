import { Extension, type Editor } from '@tiptap/core';
import { Plugin, PluginKey, TextSelection, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { absolutePositionToRelativePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { textQuote } from '@/lib/comments/panel';
import type { AnchorInput } from '@/lib/comments/threads';

/** A thread as the highlights need it: its id and its anchor (base64 Yjs relative positions). */
export interface AnchoredThread {
  id: string;
  anchor: { start: string; end: string };
  /** The passage's words when the thread was made (to find it again after someone else's undo). */
  quote?: string;
}

interface Anchor {
  id: string;
  start: Y.RelativePosition;
  end: Y.RelativePosition;
  quote: string | null;
}

interface HighlightState {
  anchors: Anchor[];
  /** The thread open in the panel, drawn stronger. */
  active: string | null;
  decorations: DecorationSet;
}

/** What a transaction may tell the plugin: a new list of threads to draw, or the open one. */
interface HighlightMeta {
  threads?: readonly AnchoredThread[];
  active?: string | null;
}

export const threadHighlightsKey = new PluginKey<HighlightState>('threadHighlights');

export interface ThreadHighlightsOptions {
  /** Called with a thread's id when its highlight is clicked. */
  onOpen: (threadId: string) => void;
}

/**
 * Comment threads' passages, drawn as decorations (never marks: nothing of a thread is in the
 * text, so its content and hash stay as they are, in every state). Each thread's anchor is a
 * pair of Yjs relative positions; they are turned into ProseMirror positions through the
 * collaboration binding's mapping whenever the text arrives from Yjs (a colleague's edit, an
 * undo), and carried along by ProseMirror's own mapping for local typing in between, which
 * moves them the way the server's anchors move in Yjs (server/comments/anchor.ts: the start
 * holds on to the passage's first character and the end to its last, so typing before or
 * after the passage stays outside it and typing inside widens it). A passage whose two ends meet (deleted) is not drawn; undoing the deletion
 * brings back the Yjs items and with them the highlight. Clicking a highlight opens its
 * thread: the innermost one when passages overlap.
 */
export const ThreadHighlights = Extension.create<ThreadHighlightsOptions>({
  name: 'threadHighlights',

  addOptions() {
    return { onOpen: () => undefined };
  },

  addProseMirrorPlugins() {
    const options = this.options;
    return [
      new Plugin<HighlightState>({
        key: threadHighlightsKey,
        state: {
          init: () => ({ anchors: [], active: null, decorations: DecorationSet.empty }),
          apply(tr, previous, _old, state) {
            const meta = tr.getMeta(threadHighlightsKey) as HighlightMeta | undefined;
            const fromYjs = (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true;
            if (!meta && !fromYjs) return tr.docChanged ? { ...previous, decorations: previous.decorations.map(tr.mapping, tr.doc) } : previous;
            const anchors = meta?.threads ? meta.threads.flatMap(decodeAnchor) : previous.anchors;
            const active = meta && 'active' in meta ? (meta.active ?? null) : previous.active;
            return { anchors, active, decorations: draw(state, anchors, active) };
          },
        },
        props: {
          decorations: (state) => threadHighlightsKey.getState(state)?.decorations ?? DecorationSet.empty,
          handleClick: (view, pos) => {
            const found = threadAt(view.state, pos);
            if (found) options.onOpen(found);
            return false; // the caret goes where the click was, as usual
          },
        },
      }),
    ];
  },
});

/** Tells the editor which threads to highlight (the open ones), and which one is open in the panel. */
export function showThreads(editor: Editor, threads: readonly AnchoredThread[], active: string | null): void {
  if (editor.isDestroyed) return;
  editor.view.dispatch(editor.state.tr.setMeta(threadHighlightsKey, { threads, active } satisfies HighlightMeta));
}

/** Where a thread's passage is now in the editor, or null when it is gone (or not yet known). */
export function threadRange(state: EditorState, thread: AnchoredThread): { from: number; to: number } | null {
  const anchor = decodeAnchor(thread)[0];
  return anchor ? rangeOf(state, anchor) : null;
}

/**
 * The anchor of the editor's selection, as the API takes it: the text-quote selector (blocks
 * joined by "\n") and the exact Yjs relative positions of its two ends. Null when nothing
 * (or only white space) is selected, or the editor is not bound to its Y.Doc yet.
 */
export function selectionAnchor(state: EditorState): AnchorInput | null {
  const { from, to, empty } = state.selection;
  if (empty) return null;
  const y = bindingOf(state);
  if (!y) return null;
  const doc = state.doc;
  const exact = doc.textBetween(from, to, '\n', '\n');
  if (!exact.trim()) return null;
  const start = absolutePositionToRelativePosition(from, y.type, y.mapping) as Y.RelativePosition;
  const end = absolutePositionToRelativePosition(to, y.type, y.mapping) as Y.RelativePosition;
  const before = doc.textBetween(Math.max(0, from - 200), from, '\n', '\n');
  const after = doc.textBetween(to, Math.min(doc.content.size, to + 200), '\n', '\n');
  return { ...textQuote(before, exact, after), position: { start: toBase64(Y.encodeRelativePosition(start)), end: toBase64(Y.encodeRelativePosition(end)) } };
}

/** Whether the editor's text is bound to its Y.Doc yet (before that, no anchor can be placed). */
export function textIsBound(state: EditorState): boolean {
  return (bindingOf(state)?.mapping.size ?? 0) > 0;
}

/** Scrolls the editor to a thread's passage; false when the passage is not in the text now. */
export function scrollToThread(editor: Editor, thread: AnchoredThread): boolean {
  const range = threadRange(editor.state, thread);
  if (!range) return false;
  showInText(editor, range);
  return true;
}

/**
 * Scrolls the editor to a range of its text (a thread's passage, a suggestion's words or
 * proposed break) and, with `select`, puts the selection on it; with `focus` too, the focus
 * goes to the text so the selection shows (an editable text only: a read-only one takes no
 * focus and keeps the selection unseen). The range is taken to the nearest places a text
 * selection can be (a proposed break is a block's edge).
 */
export function showInText(editor: Editor, range: { from: number; to: number }, options: { select?: boolean; focus?: boolean } = {}): void {
  const { state, view } = editor;
  const at = (pos: number) => state.doc.resolve(Math.max(0, Math.min(pos, state.doc.content.size)));
  const selection = TextSelection.between(at(range.from), at(range.to));
  if (options.select) {
    view.dispatch(state.tr.setSelection(selection));
    if (options.focus) view.focus(); // ProseMirror's focus does not scroll; the line below does, smoothly
  }
  const { node } = view.domAtPos(selection.from);
  const element = node instanceof HTMLElement ? node : node.parentElement;
  element?.scrollIntoView({ block: 'center', behavior: 'smooth' });
}

function draw(state: EditorState, anchors: readonly Anchor[], active: string | null): DecorationSet {
  const decorations: Decoration[] = [];
  for (const anchor of anchors) {
    const range = rangeOf(state, anchor);
    if (!range) continue;
    const attrs = { class: anchor.id === active ? 'thread-highlight is-active' : 'thread-highlight', 'data-thread': anchor.id };
    decorations.push(Decoration.inline(range.from, range.to, attrs, { inclusiveStart: false, inclusiveEnd: false, threadId: anchor.id }));
  }
  return DecorationSet.create(state.doc, decorations);
}

/** The innermost highlighted thread at `pos`, if any. */
function threadAt(state: EditorState, pos: number): string | null {
  const set = threadHighlightsKey.getState(state)?.decorations;
  if (!set) return null;
  const here = set.find(pos, pos).filter((d) => d.from <= pos && pos <= d.to);
  here.sort((a, b) => a.to - a.from - (b.to - b.from));
  const id = here[0]?.spec.threadId;
  return typeof id === 'string' ? id : null;
}

interface Binding {
  doc: Y.Doc;
  type: Y.XmlFragment;
  // biome-ignore lint/suspicious/noExplicitAny: y-tiptap types its mapping as Map<any, any> (Yjs types to ProseMirror nodes)
  mapping: Map<any, any>;
}

function bindingOf(state: EditorState): Binding | null {
  const y = ySyncPluginKey.getState(state) as { doc?: Y.Doc; type?: Y.XmlFragment; binding?: { mapping: Binding['mapping'] } } | undefined;
  if (!y?.doc || !y.type || !y.binding) return null;
  return { doc: y.doc, type: y.type, mapping: y.binding.mapping };
}

function rangeOf(state: EditorState, anchor: Anchor): { from: number; to: number } | null {
  const y = bindingOf(state);
  if (!y || y.mapping.size === 0) return null;
  const from = absolutePosition(y, anchor.start);
  const to = absolutePosition(y, anchor.end);
  if (from === null || to === null || to > state.doc.content.size) return null;
  if (to <= from) return restoredBefore(state, from, anchor.quote);
  return { from, to };
}

/**
 * Yjs follows a passage brought back by an undo through `Item.redone`, which only the Y.Doc
 * that undid it holds; in everyone else's copy the anchor stays collapsed, right after the
 * restored words. So a collapsed anchor with its quote just before it is the passage back.
 */
function restoredBefore(state: EditorState, at: number, quote: string | null): { from: number; to: number } | null {
  if (!quote || at - quote.length < 0) return null;
  return state.doc.textBetween(at - quote.length, at, '\n', '\n') === quote ? { from: at - quote.length, to: at } : null;
}

/**
 * A Yjs relative position as a ProseMirror position, through the binding's mapping (Yjs
 * elements → ProseMirror nodes). This is y-tiptap's `relativePositionToAbsolutePosition`
 * without its guard for positions after a drag-and-drop of blocks, which answers null for
 * any position in the first two places of the document: a passage at the very start of the
 * text would never be drawn. Null when the position's element is not in the text.
 */
function absolutePosition(y: Binding, relative: Y.RelativePosition): number | null {
  const decoded = Y.createAbsolutePositionFromRelativePosition(relative, y.doc);
  if (!decoded || (decoded.type !== y.type && !(decoded.type._item && Y.isParentOf(y.type, decoded.type._item)))) return null;
  let type: Y.AbstractType<unknown> = decoded.type;
  let pos = 0;
  const sizeOf = (child: Y.AbstractType<unknown>): number | null => {
    if (child instanceof Y.XmlText) return child.length;
    const node = y.mapping.get(child) as { nodeSize: number } | undefined;
    return node ? node.nodeSize : null;
  };
  if (type instanceof Y.XmlText) {
    pos = decoded.index;
  } else if (type._item === null || !type._item.deleted) {
    let item = type._start;
    for (let i = 0; i < type._length && i < decoded.index && item !== null; item = item.right) {
      if (item.deleted) continue;
      i++;
      const size = sizeOf((item.content as Y.ContentType).type);
      if (size === null) return null;
      pos += size;
    }
    pos += 1; // out of the element's start
  }
  while (type !== y.type && type._item !== null) {
    const parent = type._item.parent as Y.AbstractType<unknown>;
    if (parent._item === null || !parent._item.deleted) {
      pos += 1; // the parent's start tag
      for (let item = parent._start; item !== null; item = item.right) {
        const child = (item.content as Y.ContentType).type;
        if (child === type) break;
        if (item.deleted) continue;
        const size = sizeOf(child);
        if (size === null) return null;
        pos += size;
      }
    }
    type = parent;
  }
  return pos - 1; // the fragment itself has no start tag
}

function decodeAnchor(thread: AnchoredThread): Anchor[] {
  try {
    return [
      {
        id: thread.id,
        start: Y.decodeRelativePosition(fromBase64(thread.anchor.start)),
        end: Y.decodeRelativePosition(fromBase64(thread.anchor.end)),
        quote: thread.quote ?? null,
      },
    ];
  } catch {
    return []; // an anchor this editor cannot read is listed in the panel, just not drawn
  }
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
