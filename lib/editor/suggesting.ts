import { Extension } from '@tiptap/core';
import type { Mark, Node as PMNode, ResolvedPos } from '@tiptap/pm/model';
import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';
import { canSplit } from '@tiptap/pm/transform';
import { DELETE_MARK, INSERT_MARK, SUGGESTION_LIST_ITEM_TYPES, parseBlockSuggestion, parseSuggestionAttrs, type SuggestionAttrs } from './suggestions';

/** Set on the transactions this mode makes, so that its filter lets them through. */
const SUGGESTING = 'communiqueSuggesting';
export const suggestingKey = new PluginKey('suggesting');

/** What the suggesting mode needs from the page: whether it is on, who types, where to say "no". */
export interface SuggestingOptions {
  isOn: () => boolean;
  author: () => { id: string; name: string };
  /** A change the mode cannot express was refused (never applied as a direct edit). */
  onRefused: (why: SuggestRefusal) => void;
}

/**
 * Why a change cannot be made as a suggestion: a key of the `SuggestRefusal` messages, worded
 * in the interface language by the page (components/CollaborativeEditor.tsx).
 */
export type SuggestRefusal = 'cannotSuggest' | 'pasteOneParagraph' | 'cutIsNotSuggestion' | 'othersBreak' | 'deleteSelectionFirst';

export const CANNOT_SUGGEST: SuggestRefusal = 'cannotSuggest';

const newId = () =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `s-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

/**
 * Suggesting mode (issue 21), as in Google Docs: typed text becomes a suggested insertion,
 * deleted text stays, struck through, as a suggested deletion, Enter proposes a paragraph
 * break and deleting one proposes a join (suggestions.ts); in a list, Enter proposes a new list
 * item and deleting across two items' edge proposes joining them. Text of one's own suggestion is
 * really deleted (it was never in the text). Anything else that would change the document
 * (formatting, a heading, a list) is refused with a sentence, never applied directly. Remote
 * changes (y-sync) and undo pass through: the server judges them (the suggest-only rule).
 */
export const Suggesting = Extension.create<SuggestingOptions>({
  name: 'suggesting',
  priority: 1000,
  addOptions() {
    return { isOn: () => false, author: () => ({ id: '', name: '' }), onRefused: () => {} };
  },
  addProseMirrorPlugins() {
    const options = this.options;
    const run = (
      state: EditorState,
      dispatch: (tr: Transaction) => void,
      make: (tr: Transaction, me: { id: string; name: string }) => boolean | SuggestRefusal,
    ) => {
      const tr = state.tr.setMeta(SUGGESTING, true);
      const result = make(tr, options.author());
      if (typeof result === 'string') options.onRefused(result);
      else if (result && tr.docChanged) dispatch(tr.scrollIntoView());
      else if (result) dispatch(tr);
      return true;
    };
    return [
      new Plugin({
        key: suggestingKey,
        filterTransaction(tr) {
          if (!options.isOn() || !tr.docChanged || tr.getMeta(SUGGESTING) || tr.getMeta('y-sync$')) return true;
          if (!tr.getMeta('appendedTransaction')) options.onRefused(CANNOT_SUGGEST);
          return false;
        },
        props: {
          handleTextInput(view, from, to, text) {
            if (!options.isOn()) return false;
            return run(view.state, view.dispatch, (tr, me) => replaceWith(tr, from, to, text, me));
          },
          handlePaste(view, _event, slice) {
            if (!options.isOn()) return false;
            const text = slice.content.textBetween(0, slice.content.size, '\n', ' ');
            return run(view.state, view.dispatch, (tr, me) =>
              text.includes('\n') ? 'pasteOneParagraph' : replaceWith(tr, view.state.selection.from, view.state.selection.to, text, me),
            );
          },
          handleDrop() {
            if (!options.isOn()) return false;
            options.onRefused(CANNOT_SUGGEST);
            return true;
          },
          handleKeyDown(view, event) {
            if (!options.isOn() || event.altKey || event.ctrlKey || event.metaKey) return false;
            const { state } = view;
            if (event.key === 'Backspace' || event.key === 'Delete') {
              return run(state, view.dispatch, (tr, me) => deleteKey(tr, me, event.key === 'Backspace'));
            }
            if (event.key === 'Enter' && !event.shiftKey) return run(state, view.dispatch, (tr, me) => splitHere(tr, me));
            return false;
          },
          handleDOMEvents: {
            cut(_view, event) {
              if (!options.isOn()) return false;
              event.preventDefault();
              options.onRefused('cutIsNotSuggestion');
              return true;
            },
          },
        },
      }),
    ];
  },
});

function mine(mark: Mark | undefined, me: { id: string }): SuggestionAttrs | null {
  const attrs = mark ? parseSuggestionAttrs(mark.attrs) : null;
  return attrs && attrs.authorId === me.id ? attrs : null;
}

/** The attributes to use at `pos`: those of one's own suggestion of this kind right before it (typing goes on), else new ones. */
function attrsAt(tr: Transaction, pos: number, markName: string, me: { id: string; name: string }, fresh?: SuggestionAttrs): SuggestionAttrs {
  const before = tr.doc.resolve(pos).nodeBefore;
  const own = before?.isText
    ? mine(
        before.marks.find((m) => m.type.name === markName),
        me,
      )
    : null;
  return own ?? fresh ?? { id: newId(), authorId: me.id, authorName: me.name, createdAt: new Date().toISOString() };
}

/** Suggests `text` in place of from..to: the old text struck (or removed if it was one's own suggestion), the new text after it. */
function replaceWith(tr: Transaction, from: number, to: number, text: string, me: { id: string; name: string }): boolean | SuggestRefusal {
  const schema = tr.doc.type.schema;
  let at = to;
  let shared: SuggestionAttrs | undefined;
  if (from < to) {
    const result = strike(tr, from, to, me);
    if (typeof result === 'string') return result;
    shared = result.attrs;
    at = tr.mapping.slice(tr.steps.length - result.steps).map(to);
  }
  if (!text) return true;
  const attrs = attrsAt(tr, at, INSERT_MARK, me, shared);
  const $at = tr.doc.resolve(at);
  if (!$at.parent.isTextblock) return CANNOT_SUGGEST;
  const kept = ($at.nodeBefore?.isText ? $at.nodeBefore.marks : $at.marks()).filter((m) => m.type.name !== INSERT_MARK && m.type.name !== DELETE_MARK);
  const marks = [...kept, schema.marks[INSERT_MARK]!.create(attrs)];
  tr.insert(at, schema.text(text, marks));
  tr.setSelection(TextSelection.create(tr.doc, at + text.length));
  return true;
}

/**
 * Marks from..to as a suggested deletion (one id): text of one's own suggested insertion is
 * removed; a paragraph boundary inside the range becomes a proposed join (or, when it was
 * one's own proposed break, is joined at once). Returns the attributes used and how many
 * steps it added, or a refusal.
 */
function strike(tr: Transaction, from: number, to: number, me: { id: string; name: string }): { attrs: SuggestionAttrs; steps: number } | SuggestRefusal {
  const schema = tr.doc.type.schema;
  const start = tr.steps.length;
  const attrs = attrsAt(tr, from, DELETE_MARK, me);
  const deleteMark = schema.marks[DELETE_MARK]!.create(attrs);
  const removals: [number, number][] = [];
  const joins: { at: number; depth: number }[] = [];
  let refusal: SuggestRefusal | null = null;
  tr.doc.nodesBetween(from, to, (node: PMNode, pos: number) => {
    if (node.isTextblock && pos > from && pos < to) {
      const s = parseBlockSuggestion(node.attrs.suggestion);
      const join = joinPoint(tr.doc, pos);
      if (s && s.authorId === me.id && s.type === 'split' && join) joins.push(join);
      else if (s) refusal = 'othersBreak';
      else if (join) tr.setNodeMarkup(pos, undefined, { ...node.attrs, suggestion: { type: 'join', ...attrs } });
      else refusal = CANNOT_SUGGEST;
    }
    if (!node.isText) return true;
    const a = Math.max(from, pos);
    const b = Math.min(to, pos + node.nodeSize);
    if (a >= b) return false;
    if (
      mine(
        node.marks.find((m) => m.type.name === INSERT_MARK),
        me,
      )
    )
      removals.push([a, b]);
    else if (!node.marks.some((m) => m.type.name === DELETE_MARK)) tr.addMark(a, b, deleteMark);
    return false;
  });
  if (refusal) return refusal;
  // From the end, so earlier positions stay put.
  const cuts = [...removals.map(([a, b]) => ({ at: a, run: () => tr.delete(a, b) })), ...joins.map(({ at, depth }) => ({ at, run: () => tr.join(at, depth) }))];
  for (const cut of cuts.sort((x, y) => y.at - x.at)) cut.run();
  return { attrs, steps: tr.steps.length - start };
}

/**
 * Where the textblock at `pos` would join what comes before it, or null when it cannot: onto
 * the textblock right before it (depth 1), or, as the first paragraph of a list item, onto the
 * last paragraph of the list item before (depth 2: the items join, then their paragraphs).
 */
function joinPoint(doc: PMNode, pos: number): { at: number; depth: number } | null {
  const $pos = doc.resolve(pos);
  if ($pos.nodeBefore?.isTextblock) return { at: pos, depth: 1 };
  const item = $pos.parent;
  if ($pos.index() !== 0 || !isListItem(item) || $pos.depth < 1) return null;
  const $item = doc.resolve($pos.before());
  const prev = $item.nodeBefore;
  return prev?.type === item.type && prev.lastChild?.isTextblock ? { at: $pos.before(), depth: 2 } : null;
}

const isListItem = (node: PMNode) => (SUGGESTION_LIST_ITEM_TYPES as readonly string[]).includes(node.type.name);

/**
 * The range a Backspace (Delete) at the start (end) of a textblock strikes to reach the
 * neighbouring text: the boundary with the textblock before (after), or with the list item
 * before (after) when the textblock starts (ends) one. Null when there is nothing to join.
 */
function edgeRange(doc: PMNode, $from: ResolvedPos, backward: boolean): [number, number] | null {
  const boundary = backward ? $from.before() : $from.after();
  const $b = doc.resolve(boundary);
  if ($b.nodeBefore?.isTextblock && $b.nodeAfter?.isTextblock) return [boundary - 1, boundary + 1];
  const item = $from.node(-1);
  if (!item || !isListItem(item)) return null;
  if (backward ? $from.index(-1) !== 0 : $from.index(-1) !== item.childCount - 1) return null;
  const itemEdge = backward ? $from.before(-1) : $from.after(-1);
  const $edge = doc.resolve(itemEdge);
  const other = backward ? $edge.nodeBefore : $edge.nodeAfter;
  if (other?.type !== item.type) return null;
  if (backward) return other.lastChild?.isTextblock ? [itemEdge - 2, $from.pos] : null;
  return other.firstChild?.isTextblock ? [$from.pos, itemEdge + 2] : null;
}

/** Backspace or Delete: strikes the selection, or the character before/after the cursor, or proposes a join at a paragraph's edge. */
export function deleteKey(tr: Transaction, me: { id: string; name: string }, backward: boolean): boolean | SuggestRefusal {
  const { from, to, empty, $from } = tr.selection;
  if (!empty) {
    const result = strike(tr, from, to, me);
    if (typeof result === 'string') return result;
    tr.setSelection(TextSelection.create(tr.doc, tr.mapping.map(backward ? from : to, backward ? -1 : 1)));
    return true;
  }
  if (!$from.parent.isTextblock) return CANNOT_SUGGEST;
  const atEdge = backward ? $from.parentOffset === 0 : $from.parentOffset === $from.parent.content.size;
  if (atEdge) {
    // The boundary with the paragraph (or list item) before (Backspace) or after (Delete).
    const range = edgeRange(tr.doc, $from, backward);
    if (!range) return true;
    const result = strike(tr, range[0], range[1], me);
    if (typeof result === 'string') return result;
    tr.setSelection(TextSelection.create(tr.doc, tr.mapping.map(backward ? range[0] : range[1])));
    return true;
  }
  const a = backward ? from - 1 : from;
  const result = strike(tr, a, a + 1, me);
  if (typeof result === 'string') return result;
  tr.setSelection(TextSelection.create(tr.doc, backward ? tr.mapping.map(a, -1) : tr.mapping.map(a + 1, 1)));
  return true;
}

/**
 * Enter: proposes a paragraph break at the cursor (the new paragraph carries the proposal); in
 * a list item, a new list item (the list shows a break inside an item as no new item at all).
 */
export function splitHere(tr: Transaction, me: { id: string; name: string }): boolean | SuggestRefusal {
  if (!tr.selection.empty) return 'deleteSelectionFirst';
  const { $from } = tr.selection;
  if (!$from.parent.isTextblock || !('suggestion' in $from.parent.attrs)) return CANNOT_SUGGEST;
  const attrs = attrsAt(tr, $from.pos, INSERT_MARK, me);
  const paragraph = { type: $from.parent.type, attrs: { ...$from.parent.attrs, suggestion: { type: 'split', ...attrs } } };
  const item = $from.depth > 1 ? $from.node(-1) : null;
  if (item && isListItem(item)) {
    if (!canSplit(tr.doc, $from.pos, 2, [{ type: item.type, attrs: item.attrs }, paragraph])) return CANNOT_SUGGEST;
    tr.split($from.pos, 2, [{ type: item.type, attrs: item.attrs }, paragraph]);
    tr.setSelection(TextSelection.create(tr.doc, $from.pos + 4));
    return true;
  }
  tr.split($from.pos, 1, [paragraph]);
  tr.setSelection(TextSelection.create(tr.doc, $from.pos + 2));
  return true;
}
