import { AppError } from '@/server/errors';
import type { ProseMirrorNode } from '@/server/export/statement-data';
import type { MessageRef } from '@/lib/i18n/format';
import { sentence } from '@/lib/i18n/sentence';

/** What an import can report it changed or left out: the keys of the `importNotes` messages. */
export type ImportNote =
  | 'deepNesting'
  | 'itemOutsideList'
  | 'word'
  | 'headingsFlattened'
  | 'tableLosses'
  | 'linksAsText'
  | 'imagesLeftOut'
  | 'imagesLeftOutNamed'
  | 'supSub'
  | 'codeBlocks'
  | 'horizontalRules'
  | 'inlineCode';

type Mark = { type: string; attrs?: Record<string, unknown> };
export type BlockType = 'paragraph' | 'heading' | 'bulletList' | 'orderedList' | 'listItem' | 'blockquote' | 'table' | 'tableRow' | 'tableHeader' | 'tableCell';
const CELLS: ReadonlySet<string> = new Set(['tableHeader', 'tableCell']);

/** Nesting deeper than this is flattened into the level above (and reported). */
const MAX_DEPTH = 24;

/**
 * The largest document an import may make. A 100-page declaration is about 300,000
 * characters in about 5,000 nodes (blocks, text runs, line breaks); these are 6 and 10 times
 * that. Nodes are the cap that matters: every later load of the document and every client
 * that opens it builds one Yjs item per node on its main thread (about 10 µs each measured,
 * so 50,000 nodes cost well under a second), while characters in long runs cost little.
 */
export const DOCUMENT_LIMITS = { characters: 2_000_000, nodes: 50_000 } as const;
const tooLarge = () => sentence('commandErrors.import.documentTooLarge', { characters: DOCUMENT_LIMITS.characters, nodes: DOCUMENT_LIMITS.nodes });

/**
 * Builds a ProseMirror document of the editor's schema from a stream of open/close/text
 * events, which both importers (Markdown tokens, DOCX via mammoth's HTML) produce. It
 * keeps what the editor supports and collects a sentence for everything it had to change
 * or leave out, so the user is told instead of content vanishing silently. It stops with a
 * 413 as soon as the document passes DOCUMENT_LIMITS.
 */
export class ContentBuilder {
  private readonly root: ProseMirrorNode = { type: 'doc', content: [] };
  private readonly stack: { node: ProseMirrorNode; implicit: boolean }[] = [{ node: this.root, implicit: false }];
  private readonly marks: Mark[] = [];
  private readonly notes = new Map<string, MessageRef>();
  private characters = 0;
  private nodes = 0;

  /**
   * Reports something the import changed or left out (each note once): a message of the
   * `importNotes` catalogue namespace, worded in the reader's language by the route.
   */
  warn(key: ImportNote, values?: Record<string, string>): void {
    const ref: MessageRef = values ? { key: `importNotes.${key}`, values } : { key: `importNotes.${key}` };
    this.notes.set(JSON.stringify(ref), ref);
  }

  open(type: BlockType, attrs?: Record<string, unknown>): void {
    this.closeImplicit();
    if (type === 'tableRow' || CELLS.has(type)) {
      // A row belongs in a table and a cell in a row: a damaged file gets the missing ones, implicitly.
      if (CELLS.has(this.top().type)) this.stack.pop();
      if (type !== 'tableRow' && this.top().type !== 'tableRow') this.implicit('tableRow');
      else if (type === 'tableRow' && this.top().type === 'tableRow') this.stack.pop();
    }
    if (type === 'tableRow' && this.top().type !== 'table') this.implicit('table');
    if (this.stack.length > MAX_DEPTH) {
      this.warn('deepNesting');
      this.stack.push({ node: this.top(), implicit: true }); // an alias: its close pops nothing real
      return;
    }
    let parent = this.top();
    if (type !== 'listItem' && type !== 'tableRow' && !CELLS.has(type)) {
      // A block cannot sit in a paragraph or heading (close it) nor directly in a list (wrap it in an item).
      if (parent.type === 'paragraph' || parent.type === 'heading') {
        this.stack.pop();
        parent = this.top();
      }
      // Nor directly in a table or a row (give it a cell).
      if (parent.type === 'table' || parent.type === 'tableRow') {
        if (parent.type === 'table') this.implicit('tableRow');
        this.implicit('tableCell');
        parent = this.top();
      }
      if (parent.type === 'bulletList' || parent.type === 'orderedList') {
        this.count(1, 0);
        const item: ProseMirrorNode = { type: 'listItem', content: [] };
        parent.content!.push(item);
        this.stack.push({ node: item, implicit: true });
      }
    }
    this.count(1, 0);
    let node: ProseMirrorNode = { type, content: [], ...(attrs ? { attrs } : {}) };
    if (type === 'listItem' && parent.type !== 'bulletList' && parent.type !== 'orderedList') {
      // A list item outside a list (a damaged file): its text is kept as a quote.
      node = { type: 'blockquote', content: [] };
      this.warn('itemOutsideList');
    }
    this.top().content!.push(node);
    this.stack.push({ node, implicit: false });
  }

  close(type: string): void {
    this.closeImplicit();
    for (let i = this.stack.length - 1; i > 0; i--) {
      if (this.stack[i]!.node.type === type || (type === 'listItem' && this.stack[i]!.node.type === 'blockquote')) {
        this.stack.length = i;
        return;
      }
    }
  }

  pushMark(mark: Mark): void {
    this.marks.push(mark);
  }

  popMark(type: string): void {
    const at = this.marks.map((m) => m.type).lastIndexOf(type);
    if (at >= 0) this.marks.splice(at, 1);
  }

  text(value: string): void {
    if (!value) return;
    this.count(1, value.length);
    const block = this.textBlock();
    const marks = this.marks.filter((m, i, all) => all.findIndex((o) => o.type === m.type) === i);
    block.content!.push({ type: 'text', text: value, ...(marks.length ? { marks: marks.map((m) => ({ ...m })) } : {}) });
  }

  hardBreak(): void {
    this.count(1, 0);
    this.textBlock().content!.push({ type: 'hardBreak' });
  }

  /** Opens a node the file left out (a row around a cell, a cell around text in a row): closed with whatever closes its parent. */
  private implicit(type: 'table' | 'tableRow' | 'tableCell'): void {
    this.count(1, 0);
    const node: ProseMirrorNode = { type, content: [] };
    this.top().content!.push(node);
    this.stack.push({ node, implicit: true });
  }

  /** The document, cleaned: empty paragraphs and list items removed, at least one paragraph. */
  finish(): { doc: ProseMirrorNode; warnings: MessageRef[]; firstHeading: string | null } {
    const clean = (node: ProseMirrorNode): ProseMirrorNode => {
      if (!node.content) return node;
      // Empty paragraphs (an image-only paragraph, blank lines) carry nothing: leave them out.
      let content = node.content.map(clean).filter((c) => !(c.type === 'paragraph' && !c.content?.length));
      if (node.type === 'bulletList' || node.type === 'orderedList') content = content.filter((c) => c.content && c.content.length > 0);
      if (node.type === 'listItem' || node.type === 'blockquote') {
        if (content.length === 0 || content[0]!.type !== 'paragraph') content = [{ type: 'paragraph', content: [] }, ...content];
      }
      // A cell holds at least one paragraph (an empty cell stays, as a cell with an empty paragraph).
      if (CELLS.has(node.type) && content.length === 0) content = [{ type: 'paragraph' }];
      if (node.type === 'tableRow') content = content.filter((c) => CELLS.has(c.type));
      if (node.type === 'table')
        content = squareRows(
          content.filter((c) => c.type === 'tableRow' && c.content!.length > 0),
          (cells) => this.count(cells * 2, 0),
        );
      content = content.filter((c) => c.type !== 'table' || c.content!.length > 0);
      if (node.type === 'doc' && content.length === 0) content = [{ type: 'paragraph', content: [] }];
      const out: ProseMirrorNode = { ...node, content };
      if (content.length === 0 && (node.type === 'paragraph' || node.type === 'heading')) delete out.content;
      if (node.type === 'paragraph' && out.attrs && content.length === 0) delete out.attrs;
      return out;
    };
    const doc = clean(this.root);
    const heading = doc.content?.find((n) => n.type === 'heading');
    const headingText =
      heading?.content
        ?.map((c) => c.text ?? '')
        .join('')
        .trim() || null;
    return { doc, warnings: [...this.notes.values()], firstHeading: headingText };
  }

  /** Counts every node added (implicit list items and paragraphs too) and the characters of text. */
  private count(nodes: number, characters: number): void {
    this.nodes += nodes;
    this.characters += characters;
    if (this.nodes > DOCUMENT_LIMITS.nodes || this.characters > DOCUMENT_LIMITS.characters) throw new AppError('too_large', tooLarge());
  }

  private top(): ProseMirrorNode {
    return this.stack[this.stack.length - 1]!.node;
  }

  /** The paragraph or heading that text goes into, opening an implicit paragraph when needed. */
  private textBlock(): ProseMirrorNode {
    const top = this.top();
    if (top.type === 'paragraph' || top.type === 'heading') return top;
    if (top.type === 'table') this.implicit('tableRow');
    if (this.top().type === 'tableRow') this.implicit('tableCell');
    if (top.type === 'bulletList' || top.type === 'orderedList') {
      this.count(1, 0);
      const item: ProseMirrorNode = { type: 'listItem', content: [] };
      top.content!.push(item);
      this.stack.push({ node: item, implicit: true });
    }
    this.count(1, 0);
    const paragraph: ProseMirrorNode = { type: 'paragraph', content: [] };
    this.top().content!.push(paragraph);
    this.stack.push({ node: paragraph, implicit: true });
    return paragraph;
  }

  private closeImplicit(): void {
    while (this.stack.length > 1 && this.stack[this.stack.length - 1]!.implicit) this.stack.pop();
  }
}

const span = (cell: ProseMirrorNode, name: 'colspan' | 'rowspan'): number => {
  const value = cell.attrs?.[name];
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : 1;
};

/** Spans larger than this are cut to it (a Word table has at most 63 columns). */
const MAX_SPAN = 64;

/**
 * The rows of a table made rectangular, as the editor keeps them: each row padded with empty
 * cells to the width of the widest (counting merged cells by their spans, and the rows a
 * cell above reaches down into), and no cell reaching below the last row. Markdown tables
 * with a short row and Word tables with uneven rows give such tables; every export then
 * lays out the same grid.
 */
function squareRows(rows: ProseMirrorNode[], count: (cells: number) => void): ProseMirrorNode[] {
  const covered: number[] = []; // per row: columns taken by cells from rows above
  const widths: number[] = [];
  rows.forEach((row, r) => {
    let width = covered[r] ?? 0;
    for (const cell of row.content!) {
      const colspan = Math.min(span(cell, 'colspan'), MAX_SPAN);
      const rowspan = Math.min(span(cell, 'rowspan'), rows.length - r);
      if (cell.attrs && (cell.attrs.rowspan !== undefined || cell.attrs.colspan !== undefined)) cell.attrs = { ...cell.attrs, colspan, rowspan };
      width += colspan;
      for (let below = r + 1; below < r + rowspan; below++) covered[below] = (covered[below] ?? 0) + colspan;
    }
    widths.push(width);
  });
  const width = widths.reduce((a, b) => Math.max(a, b), 0);
  count(widths.reduce((sum, w) => sum + (width - w), 0)); // the padding cells (and their paragraphs) count like any other
  return rows.map((row, r) => {
    const missing = width - widths[r]!;
    if (missing <= 0) return row;
    const type = row.content!.every((c) => c.type === 'tableHeader') ? 'tableHeader' : 'tableCell';
    return { ...row, content: [...row.content!, ...Array.from({ length: missing }, () => ({ type, content: [{ type: 'paragraph' }] }))] };
  });
}
