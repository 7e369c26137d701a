'use client';

import type { Editor } from '@tiptap/react';
import { useEffect } from 'react';
import type { WebsocketProvider } from 'y-websocket';

/** y-protocols message types a colleague's work arrives in: text (sync) and carets (awareness). */
const REMOTE_MESSAGES = [0, 1] as const;

type MessageHandler = WebsocketProvider['messageHandlers'][number];

/**
 * A colleague's change or caret can arrive between a key that moves this person's caret
 * (End, Home, an arrow) and the browser's `selectionchange` event for it. ProseMirror then
 * redraws from the selection it read last and puts the caret back: the key is lost, and the
 * next letters land where the caret was. (prosemirror-view guards against this for mouse
 * drags only.) So before the provider applies anything from the server, ProseMirror is told
 * that the selection may have changed, and reads it first.
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
    return () => REMOTE_MESSAGES.forEach((type, i) => (handlers[type] = originals[i]!));
  }, [editor, provider]);
}

/** ProseMirror reads the DOM selection when the document says it changed; nothing happens when it did not. */
function readSelection(editor: Editor): void {
  if (editor.isDestroyed || !editor.isInitialized) return; // no view yet, or no more
  const view = editor.view;
  if (view.composing || !view.hasFocus()) return;
  view.dom.ownerDocument.dispatchEvent(new Event('selectionchange'));
}
