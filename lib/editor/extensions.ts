import type { AnyExtension } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import TextAlign from '@tiptap/extension-text-align';

/**
 * The one list of editor extensions: the browser, the server, import and export all build
 * their schema from it, so what can be typed is exactly what can be stored and exported.
 * Code, code blocks and horizontal rules are off: official statements do not use them and
 * every format we export would have to carry them. Undo/redo is off because the
 * collaboration extension brings its own, which undoes only your own changes.
 */
export function documentExtensions(): AnyExtension[] {
  return [
    StarterKit.configure({
      undoRedo: false,
      code: false,
      codeBlock: false,
      horizontalRule: false,
      heading: { levels: [1, 2, 3] },
      link: { openOnClick: false, autolink: true, protocols: ['http', 'https', 'mailto'] },
    }),
    // Alignment is stored on paragraphs and headings as attrs.textAlign; both exports read it.
    TextAlign.configure({ types: ['heading', 'paragraph'], alignments: ['left', 'center', 'right', 'justify'] }),
  ];
}
