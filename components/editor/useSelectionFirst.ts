'use client';

import type { Editor } from '@tiptap/react';
import { useEffect } from 'react';
import type { WebsocketProvider } from 'y-websocket';

/** y-protocols message types a colleague's work arrives in: text (sync) and carets (awareness). */
const REMOTE_MESSAGES = [0, 1] as const;

type MessageHandler = WebsocketProvider['messageHandlers'][number];

/**
 * The browser moves the caret for keys like End, Home and the arrows, and tells ProseMirror
 * only at its next `selectionchange` event. Two things can come before that event:
 * - a colleague's change or caret: ProseMirror redraws from the selection it read last and
 *   puts the caret back (prosemirror-view guards against this for mouse drags only);
 * - the next key, when the page is busy: Enter or a letter then lands at the old caret.
 * So before the provider applies anything from the server, and before ProseMirror handles a
 * key, ProseMirror is told that the selection may have changed, and reads it first.
 */
export function useSelectionFirst(editor: Editor | null, provider: WebsocketProvider): void {
  useEffect(() => {
    if (!editor) return;
    const handlers = provider.messageHandlers;
    const originals = REMOTE_MESSAGES.map((type) => handlers[type]);
    REMOTE_MESSAGES.forEach((type, i) => {
      const original = originals[i];
      if (!original) return;
      handlers[type] = (...args: Parameters<MessageHandler>) => {
        try {
          readSelection(editor);
        } catch {
          // never at the cost of the message: it is applied whatever happened here
        }
        original(...args);
      };
    });
    // A key handled by ProseMirror (Enter, Backspace, a letter) right after one that moved the
    // caret natively can come before that move's selectionchange event (Chrome runs input
    // first when the page is busy): ProseMirror would then split or delete at the old caret.
    // Its own keydown handler runs after this one, on the same element, so it sees the caret.
    const beforeKey = (event: KeyboardEvent) => {
      if (event.isComposing || event.keyCode === 229) return;
      try {
        readSelection(editor);
      } catch {
        // the key is handled whatever happened here
      }
    };
    let dom: HTMLElement | null = null;
    const listen = () => {
      editor.off('create', listen);
      dom = editor.view.dom;
      dom.addEventListener('keydown', beforeKey, true);
    };
    if (editor.isInitialized) listen();
    else editor.on('create', listen);
    return () => {
      REMOTE_MESSAGES.forEach((type, i) => (handlers[type] = originals[i]!));
      editor.off('create', listen);
      dom?.removeEventListener('keydown', beforeKey, true);
    };
  }, [editor, provider]);
}

/** ProseMirror reads the DOM selection when the document says it changed; nothing happens when it did not. */
function readSelection(editor: Editor): void {
  if (editor.isDestroyed || !editor.isInitialized) return; // no view yet, or no more
  const view = editor.view;
  if (view.composing || !view.hasFocus()) return;
  view.dom.ownerDocument.dispatchEvent(new Event('selectionchange'));
}
