import { Node as PMNode } from '@tiptap/pm/model';
import { EditorState, TextSelection } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';
import { canonicalContentJson, editorSchema } from './content';
import { deleteKey, splitHere } from './suggesting';
import { acceptAll, listSuggestions, rejectAll, type PMJson } from './suggestions';

const me = { id: 'u-rustam', name: 'Rustam Karimov' };
const t = (text: string): PMJson => ({ type: 'text', text });
const p = (text: string): PMJson => ({ type: 'paragraph', content: text ? [t(text)] : [] });
const li = (...content: PMJson[]): PMJson => ({ type: 'listItem', content });
const list = (...items: PMJson[]): PMJson => ({ type: 'bulletList', content: items });
const doc = (...content: PMJson[]): PMJson => ({ type: 'doc', content });
const same = (a: unknown, b: PMJson) => expect(canonicalContentJson(a)).toBe(canonicalContentJson(b));

/** The editor's state with the cursor right after `marker`'s first occurrence (the marker is not in the text). */
function stateAt(body: PMJson, after: string): EditorState {
  const node = PMNode.fromJSON(editorSchema(), body);
  let at = -1;
  node.descendants((n, pos) => {
    if (at < 0 && n.isText && n.text?.includes(after)) at = pos + n.text.indexOf(after) + after.length;
  });
  if (at < 0) throw new Error(`no "${after}" in the text`);
  const state = EditorState.create({ doc: node });
  return state.apply(state.tr.setSelection(TextSelection.create(node, at)));
}

/** Runs one of the suggesting mode's keys on `state`; returns the body after it (or the refusal). */
function press(state: EditorState, key: (tr: ReturnType<EditorState['tr']['setMeta']>) => boolean | string): PMJson | string {
  const tr = state.tr;
  const result = key(tr);
  if (typeof result === 'string') return result;
  return tr.doc.toJSON() as PMJson;
}

describe('suggesting in a list', () => {
  const before = doc(list(li(p('Sülh')), li(p('Əməkdaşlıq və ticarət')), li(p('Enerji'))));

  it('Enter inside a list item proposes a new list item, which rejecting removes and accepting keeps', () => {
    const after = press(stateAt(before, 'Əməkdaşlıq'), (tr) => splitHere(tr, me));
    if (typeof after === 'string') throw new Error(after);
    // Four items: the second was split, its new neighbour carries the proposal on its paragraph.
    const items = after.content![0]!.content!;
    expect(items.map((i) => i.content!.map((c) => c.content?.[0]?.text ?? '').join('|'))).toEqual(['Sülh', 'Əməkdaşlıq', ' və ticarət', 'Enerji']);
    expect(items[2]!.content![0]!.attrs?.suggestion).toMatchObject({ type: 'split', authorId: me.id });
    same(rejectAll(after), before);
    same(acceptAll(after), doc(list(li(p('Sülh')), li(p('Əməkdaşlıq')), li(p(' və ticarət')), li(p('Enerji')))));
    expect(listSuggestions(after)).toMatchObject([{ type: 'insert', text: '\n', author: { id: me.id } }]);
  });

  it('Enter at the end of a list item proposes an empty new item; Backspace in it takes one’s own proposal back', () => {
    const split = press(stateAt(before, 'Enerji'), (tr) => splitHere(tr, me));
    if (typeof split === 'string') throw new Error(split);
    expect(split.content![0]!.content).toHaveLength(4);
    same(rejectAll(split), before);
    // The cursor is in the new item: Backspace there joins the items again (one's own proposal).
    const state = EditorState.create({ doc: PMNode.fromJSON(editorSchema(), split) });
    const endOfDoc = state.doc.content.size - 3; // inside the last, empty paragraph
    const inNew = state.apply(state.tr.setSelection(TextSelection.create(state.doc, endOfDoc)));
    const back = press(inNew, (tr) => deleteKey(tr, me, true));
    if (typeof back === 'string') throw new Error(back);
    same(back, before);
  });

  it('Backspace at the start of a list item proposes joining it onto the item before; Delete at an item’s end likewise', () => {
    const backspace = press(stateAt(before, 'Sülh'), (tr) => {
      // The cursor to the start of the second item's text.
      tr.setSelection(TextSelection.create(tr.doc, tr.selection.from + 4));
      return deleteKey(tr, me, true);
    });
    if (typeof backspace === 'string') throw new Error(backspace);
    expect(backspace.content![0]!.content![1]!.content![0]!.attrs?.suggestion).toMatchObject({ type: 'join', authorId: me.id });
    same(rejectAll(backspace), before);
    same(acceptAll(backspace), doc(list(li(p('SülhƏməkdaşlıq və ticarət')), li(p('Enerji')))));
    expect(listSuggestions(backspace)).toMatchObject([{ type: 'delete', text: '\n' }]);

    const del = press(stateAt(before, 'ticarət'), (tr) => deleteKey(tr, me, false));
    if (typeof del === 'string') throw new Error(del);
    same(rejectAll(del), before);
    same(acceptAll(del), doc(list(li(p('Sülh')), li(p('Əməkdaşlıq və ticarətEnerji')))));
  });

  it('a proposed item break keeps what follows in the item (a nested list) with the new item', () => {
    const nested = doc(list(li(p('Birinci bənd'), list(li(p('alt bənd')))), li(p('İkinci'))));
    const after = press(stateAt(nested, 'Birinci'), (tr) => splitHere(tr, me));
    if (typeof after === 'string') throw new Error(after);
    same(rejectAll(after), nested);
    same(acceptAll(after), doc(list(li(p('Birinci')), li(p(' bənd'), list(li(p('alt bənd')))), li(p('İkinci')))));
  });

  it('Backspace at the start of the first item has nothing to join and changes nothing', () => {
    const state = stateAt(before, 'Sülh');
    const atStart = state.apply(state.tr.setSelection(TextSelection.create(state.doc, 3)));
    const after = press(atStart, (tr) => deleteKey(tr, me, true));
    same(after, before);
  });
});
