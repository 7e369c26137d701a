import { Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';

/** The class the editor's style sheet renders always (components/editor/editor.css). */
export const CARET_BLOCK_CLASS = 'has-caret';

const key = new PluginKey<DecorationSet>('caretBlock');

/**
 * The top-level blocks the selection touches are always rendered: they carry `has-caret`, and
 * editor.css exempts them from `content-visibility: auto`.
 *
 * Blocks out of view are not rendered (`content-visibility: auto`, docs/PERFORMANCE.md,
 * session 16), and Chromium decides which are in view only at its next frame. A block made by
 * a key (Enter, a paste) is therefore not rendered until then, and a letter typed before that
 * frame was put where Chromium could place a caret: at the end of the block before. A fast
 * typist's first letter after Enter went to the end of the previous paragraph, two times in
 * eight in a quick sequence (tests/e2e/editing.test.ts). The class is set in the same
 * transaction that makes the block, so the block is rendered from its first frame.
 */
export const CaretBlockRendered = Extension.create({
  name: 'caretBlockRendered',
  addProseMirrorPlugins() {
    return [
      new Plugin<DecorationSet>({
        key,
        state: {
          init: (_, state) => decorate(state, DecorationSet.empty),
          apply: (tr, old, _prev, state) => (tr.docChanged || tr.selectionSet ? decorate(state, old) : old),
        },
        props: { decorations: (state) => key.getState(state) },
      }),
    ];
  },
});

/** One node decoration per top-level block at the selection's two ends; the old set when they are the same blocks. */
function decorate(state: EditorState, old: DecorationSet): DecorationSet {
  const { doc, selection } = state;
  const ranges: [number, number][] = [];
  for (const pos of [selection.from, selection.to]) {
    const block = topLevelBlockAt(doc, pos);
    if (block && !ranges.some(([from]) => from === block[0])) ranges.push(block);
  }
  const current = old.find();
  if (current.length === ranges.length && current.every((d, i) => d.from === ranges[i]![0] && d.to === ranges[i]![1])) return old;
  return DecorationSet.create(
    doc,
    ranges.map(([from, to]) => Decoration.node(from, to, { class: CARET_BLOCK_CLASS })),
  );
}

/** The [start, end) of the top-level block holding `pos` (or, between two blocks, the one after it), from its resolved path: no walk over the blocks before it. */
function topLevelBlockAt(doc: PMNode, pos: number): [number, number] | null {
  const $pos = doc.resolve(pos);
  if ($pos.depth >= 1) return [$pos.before(1), $pos.after(1)];
  const after = $pos.nodeAfter;
  if (after) return [pos, pos + after.nodeSize];
  const before = $pos.nodeBefore;
  return before ? [pos - before.nodeSize, pos] : null;
}
