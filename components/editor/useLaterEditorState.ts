'use client';

import type { Editor } from '@tiptap/react';
import { startTransition, useEffect, useRef, useState } from 'react';

/**
 * What the toolbar, the table tools, the comment bubble and the review panels read from the
 * editor (is the caret in bold text, in a table, is there a selection, which suggestions are
 * open), read after the keystroke's frame is painted instead of inside the keystroke.
 *
 * TipTap's `useEditorState` runs every selector inside each transaction and re-renders a
 * component whose answer moved synchronously, before the browser may paint the letter
 * (useSyncExternalStore updates always take React's sync lane). At 60 pages that was about
 * 5 ms of a keystroke (docs/PERFORMANCE.md, issue 26). Here every reader of one editor is
 * asked once per frame at most, after the paint, and React renders what moved as a
 * transition. A button that lights up a frame after the key is not something a person sees;
 * a letter that appears a frame late is.
 */
export function useLaterEditorState<T>(
  editor: Editor | null,
  select: (editor: Editor) => T,
  /** What the selector reads besides the editor (asked again at once when one changes). */
  inputs: readonly unknown[] = [],
  same: (a: T, b: T) => boolean = sameFacts,
): T | null {
  const selectRef = useRef(select);
  selectRef.current = select;
  const sameRef = useRef(same);
  sameRef.current = same;
  const [value, setValue] = useState<T | null>(() => (editor && !editor.isDestroyed ? select(editor) : null));
  const current = useRef(value);

  useEffect(() => {
    if (!editor) {
      current.current = null;
      setValue(null);
      return;
    }
    const read = (later: boolean) => {
      if (editor.isDestroyed) return;
      const next = selectRef.current(editor);
      const prev = current.current;
      if (prev === next || (prev !== null && next !== null && sameRef.current(prev, next))) return;
      current.current = next;
      if (later) startTransition(() => setValue(next));
      else setValue(next);
    };
    read(false); // the editor, or what the selector reads, moved since the last render
    return readers(editor).add(() => read(true));
  }, [editor, ...inputs]);

  return value;
}

interface Readers {
  add(read: () => void): () => void;
}

const byEditor = new WeakMap<Editor, Readers>();

/**
 * The readers of one editor, asked together once per frame: after a transaction, at the next
 * animation frame a task is queued, so they run after that frame's paint. A hidden page has
 * no frames: a timer stands in.
 */
function readers(editor: Editor): Readers {
  let found = byEditor.get(editor);
  if (found) return found;
  const all = new Set<() => void>();
  let queued = false;
  const run = () => {
    queued = false;
    for (const read of all) read();
  };
  const afterPaint = () => setTimeout(run, 0);
  const onTransaction = () => {
    if (queued) return;
    queued = true;
    if (document.visibilityState === 'hidden') setTimeout(run, 0);
    else requestAnimationFrame(afterPaint);
  };
  found = {
    add(read) {
      if (all.size === 0) editor.on('transaction', onTransaction);
      all.add(read);
      return () => {
        all.delete(read);
        if (all.size === 0) editor.off('transaction', onTransaction);
      };
    },
  };
  byEditor.set(editor, found);
  return found;
}

/** Equal plain values: primitives, arrays and plain objects compared by their contents (what selectors return). */
function sameFacts(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => sameFacts(item, other[i]));
  }
  if (Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.hasOwn(b, k) && sameFacts((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
