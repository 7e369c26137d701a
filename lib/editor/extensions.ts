import type { AnyExtension } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { Table, TableCell, TableHeader, TableRow } from '@tiptap/extension-table';
import TextAlign from '@tiptap/extension-text-align';
import { isSafeHref } from './links';
import { SuggestionBlocks, SuggestionDelete, SuggestionInsert } from './suggestion-marks';

/**
 * The one list of editor extensions: the browser, the server, import and export all build
 * their schema from it, so what can be typed is exactly what can be stored and exported.
 * Code, code blocks and horizontal rules are off: official statements do not use them and
 * every format we export would have to carry them. Undo/redo is off because the
 * collaboration extension brings its own, which undoes only your own changes.
 * Tables (issue 22) use TipTap's own node names, `table`, `tableRow`, `tableHeader` and
 * `tableCell` (the contract): a header row is a row of `tableHeader` cells; merged cells
 * carry `colspan`/`rowspan`. Columns are not resizable: widths are not stored (`colwidth`
 * stays unset), so every export shares the page's width out the same way.
 */
export function documentExtensions(): AnyExtension[] {
  return [
    StarterKit.configure({
      undoRedo: false,
      code: false,
      codeBlock: false,
      horizontalRule: false,
      heading: { levels: [1, 2, 3] },
      // Only http, https and mailto links (lib/editor/links.ts): the server refuses any other,
      // so the editor must never make one, whether typed, pasted or found by autolink.
      link: { openOnClick: false, autolink: true, protocols: ['http', 'https', 'mailto'], isAllowedUri: (url) => isSafeHref(url) },
    }),
    // Alignment is stored on paragraphs and headings as attrs.textAlign; both exports read it.
    TextAlign.configure({ types: ['heading', 'paragraph'], alignments: ['left', 'center', 'right', 'justify'] }),
    Table.configure({ resizable: false, allowTableNodeSelection: false, HTMLAttributes: { class: 'doc-table' } }),
    TableRow,
    TableHeader,
    TableCell,
    // Suggestions (issue 21): proposed insertions and deletions as marks, proposed paragraph
    // breaks and joins as a block attribute; see suggestions.ts.
    SuggestionInsert,
    SuggestionDelete,
    SuggestionBlocks,
  ];
}
