/**
 * The floor of `npm run bench:editor`: TipTap StarterKit + Collaboration + y-websocket and
 * nothing else, on the same document and server as our editor. Bundled by the bench script
 * (esbuild) and served to Chromium through playwright's routing, never by the app.
 */
import Collaboration from '@tiptap/extension-collaboration';
import { Editor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

const params = new URLSearchParams(location.search);
const ydoc = new Y.Doc();
const provider = new WebsocketProvider(`${location.origin.replace(/^http/, 'ws')}/collab`, params.get('doc') ?? '', ydoc, { disableBc: true });
const editor = new Editor({
  element: document.getElementById('editor') as HTMLElement,
  extensions: [StarterKit.configure({ undoRedo: false }), Collaboration.configure({ document: ydoc })],
  editorProps: { attributes: { 'aria-label': 'Document text', role: 'textbox' } },
});
(window as unknown as { benchBare: unknown }).benchBare = { editor, provider };
