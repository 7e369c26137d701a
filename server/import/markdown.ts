import MarkdownIt from 'markdown-it';
import type { StateBlock, StateCore, StateInline, Token } from 'markdown-it';
import { isSafeHref } from '@/lib/editor/links';
import { AppError } from '@/server/errors';
import { ContentBuilder } from './builder';
import { sentence } from '@/lib/i18n/sentence';

/**
 * What markdown-it may spend on one file. Some inputs cost far more than their size: 9 MB of
 * `*a` makes millions of tokens (gigabytes), 9 MB of `[` rescans link labels for seconds.
 * Counted while parsing, so a hostile file stops early, long before the document caps of
 * ContentBuilder would see it. A 100-page declaration (~300,000 characters) uses a small part of each.
 */
export const MARKDOWN_LIMITS = {
  /** Characters in one paragraph or heading (a page is about 3,000). */
  blockChars: 100_000,
  /** Blocks (paragraphs, headings, list items, quotes…) the parser starts. */
  blocks: 200_000,
  /** Steps of the inline parser (about one per token or markup character, link label scans included). */
  inlineSteps: 1_000_000,
  /**
   * Cells of one table, counted by its pipes before markdown-it builds its tokens (three per
   * cell, all at once: 9 MB of `|a` would be millions). Each cell is at least three nodes of
   * the document, so DOCUMENT_LIMITS.nodes would refuse more than this anyway.
   */
  tableCells: 20_000,
} as const;

const TOO_MUCH_MARKUP = sentence('commandErrors.import.tooMuchMarkup');

// Raw HTML stays text (never markup). Tables (GFM pipes) become the editor's tables.
const md = new MarkdownIt('default', { html: false, linkify: false, typographer: false });
type Counters = { blocks: number; inlineSteps: number };
const longParagraph = () => sentence('commandErrors.import.longParagraph', { max: MARKDOWN_LIMITS.blockChars });
md.block.ruler.before('code', 'communique_block_cap', (state: StateBlock, startLine: number) => {
  if (++(state.env as Counters).blocks > MARKDOWN_LIMITS.blocks) throw new AppError('too_large', TOO_MUCH_MARKUP);
  // One line past the limit is refused before the block rules scan it (a reference definition scans to its end).
  if (state.eMarks[startLine]! - state.bMarks[startLine]! > MARKDOWN_LIMITS.blockChars) throw new AppError('too_large', longParagraph());
  return false; // counts only: the real rules parse the block
});
const tooManyCells = () => sentence('commandErrors.import.tooManyCells', { max: MARKDOWN_LIMITS.tableCells });
md.block.ruler.before('table', 'communique_table_cap', (state: StateBlock, startLine: number, endLine: number) => {
  // Only where a table starts (its second line is a delimiter row): count its pipes up to the blank line that ends it.
  const line = (n: number) => state.src.slice(state.bMarks[n]! + state.tShift[n]!, state.eMarks[n]!);
  if (startLine + 1 >= endLine || !/^[\s|:-]*-[\s|:-]*$/.test(line(startLine + 1))) return false;
  let cells = 0;
  for (let n = startLine; n < endLine && !state.isEmpty(n); n++) {
    const text = line(n);
    for (let i = text.indexOf('|'); i >= 0; i = text.indexOf('|', i + 1)) cells++;
    if (cells > MARKDOWN_LIMITS.tableCells) throw new AppError('too_large', tooManyCells());
  }
  return false; // counts only: the real rule parses the table
});
md.core.ruler.before('inline', 'communique_paragraph_cap', (state: StateCore) => {
  for (const token of state.tokens)
    if (token.type === 'inline' && token.content.length > MARKDOWN_LIMITS.blockChars) throw new AppError('too_large', longParagraph());
});
md.inline.ruler.before('text', 'communique_inline_cap', (state: StateInline) => {
  if (++(state.env as Counters).inlineSteps > MARKDOWN_LIMITS.inlineSteps) throw new AppError('too_large', TOO_MUCH_MARKUP);
  return false;
});

const BLOCKS: Record<string, 'paragraph' | 'bulletList' | 'orderedList' | 'listItem' | 'blockquote'> = {
  paragraph: 'paragraph',
  bullet_list: 'bulletList',
  ordered_list: 'orderedList',
  list_item: 'listItem',
  blockquote: 'blockquote',
};
const MARKS: Record<string, string> = { strong: 'bold', em: 'italic', s: 'strike' };
/** A column's alignment as markdown-it writes it on each cell (`style="text-align:right"`). */
const CELL_ALIGN: Record<string, string> = { 'text-align:left': 'left', 'text-align:center': 'center', 'text-align:right': 'right' };

/**
 * Markdown → the editor's ProseMirror JSON: headings (levels 4–6 become 3), paragraphs,
 * bold, italic, strikethrough, links, bullet and numbered lists, quotes, line breaks and
 * tables (the header row as header cells, a column's alignment on its cells' paragraphs).
 * Code is kept as plain text, images and rules are left out; each is reported. Parsing is
 * held to MARKDOWN_LIMITS (413 past them).
 */
export function markdownToContent(source: string): ReturnType<ContentBuilder['finish']> {
  const b = new ContentBuilder();
  const counters: Counters = { blocks: 0, inlineSteps: 0 };
  for (const token of md.parse(source, counters)) {
    const [name, phase] = splitType(token.type);
    if (token.type === 'heading_open') {
      const level = Number(token.tag.slice(1));
      if (level > 3) b.warn('headingsFlattened');
      b.open('heading', { level: Math.min(level, 3) });
    } else if (token.type === 'heading_close') b.close('heading');
    else if (name in BLOCKS && phase === 'open') b.open(BLOCKS[name]!, name === 'ordered_list' ? { start: Number(token.attrGet('start') ?? 1) } : undefined);
    else if (name in BLOCKS && phase === 'close') b.close(BLOCKS[name]!);
    else if (token.type === 'table_open') b.open('table');
    else if (token.type === 'table_close') b.close('table');
    else if (token.type === 'tr_open') b.open('tableRow');
    else if (token.type === 'tr_close') b.close('tableRow');
    else if ((name === 'th' || name === 'td') && phase === 'open') {
      // A cell of the header row is a header cell; the column's alignment goes on the cell's paragraph.
      b.open(name === 'th' ? 'tableHeader' : 'tableCell');
      const align = CELL_ALIGN[String(token.attrGet('style') ?? '')];
      b.open('paragraph', align && align !== 'left' ? { textAlign: align } : undefined);
    } else if ((name === 'th' || name === 'td') && phase === 'close') b.close(name === 'th' ? 'tableHeader' : 'tableCell');
    else if (token.type === 'inline') inline(b, token.children ?? []);
    else if (token.type === 'fence' || token.type === 'code_block') {
      b.warn('codeBlocks');
      for (const line of token.content.replace(/\n$/, '').split('\n')) {
        b.open('paragraph');
        b.text(line);
        b.close('paragraph');
      }
    } else if (token.type === 'hr') b.warn('horizontalRules');
  }
  return b.finish();
}

function inline(b: ContentBuilder, tokens: readonly Token[]): void {
  for (const t of tokens) {
    const [name, phase] = splitType(t.type);
    if (t.type === 'text') b.text(t.content);
    else if (t.type === 'softbreak') b.text(' ');
    else if (t.type === 'hardbreak') b.hardBreak();
    else if (t.type === 'code_inline') {
      b.warn('inlineCode');
      b.text(t.content);
    } else if (t.type === 'image') b.warn(t.content ? 'imagesLeftOutNamed' : 'imagesLeftOut', t.content ? { name: t.content } : undefined);
    else if (name === 'link' && phase === 'open') {
      const href = String(t.attrGet('href') ?? '');
      if (isSafeHref(href)) b.pushMark({ type: 'link', attrs: { href } });
      else b.warn('linksAsText');
    } else if (name === 'link' && phase === 'close') b.popMark('link');
    else if (name in MARKS && phase === 'open') b.pushMark({ type: MARKS[name]! });
    else if (name in MARKS && phase === 'close') b.popMark(MARKS[name]!);
  }
}

function splitType(type: string): [string, 'open' | 'close' | null] {
  if (type.endsWith('_open')) return [type.slice(0, -5), 'open'];
  if (type.endsWith('_close')) return [type.slice(0, -6), 'close'];
  return [type, null];
}
