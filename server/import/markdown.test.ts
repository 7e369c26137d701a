import { describe, expect, it } from 'vitest';
import { DOCUMENT_LIMITS } from './builder';
import { MARKDOWN_LIMITS, markdownToContent } from './markdown';
import { validatedContentJson } from './validate';
import { sentence } from '@/lib/i18n/sentence';

const text = (t: string, ...marks: string[]) => ({ type: 'text', text: t, ...(marks.length ? { marks: marks.map((type) => ({ type })) } : {}) });
const p = (...content: object[]) => ({ type: 'paragraph', content });

describe('Markdown import', () => {
  it('keeps nested lists, hard breaks and quotes with lists inside, valid for the editor schema', () => {
    const { doc, warnings } = markdownToContent('- one\n  - inner **b**\n- two  \n  next line\n\n> quoted\n>\n> - in a quote\n');
    expect(doc.content).toEqual([
      {
        type: 'bulletList',
        content: [
          {
            type: 'listItem',
            content: [p(text('one')), { type: 'bulletList', content: [{ type: 'listItem', content: [p(text('inner '), text('b', 'bold'))] }] }],
          },
          { type: 'listItem', content: [p(text('two'), { type: 'hardBreak' }, text('next line'))] },
        ],
      },
      { type: 'blockquote', content: [p(text('quoted')), { type: 'bulletList', content: [{ type: 'listItem', content: [p(text('in a quote'))] }] }] },
    ]);
    expect(warnings).toEqual([]);
    expect(() => validatedContentJson(doc)).not.toThrow();
  });

  it('reports what it changes: deep headings, inline code, unsafe links, rules, images', () => {
    const { doc, warnings } = markdownToContent('#### Deep\n\nuse `code` and [x](ftp://example.org/f)\n\n---\n\n![a](b.png)\n');
    expect(doc.content).toEqual([{ type: 'heading', attrs: { level: 3 }, content: [text('Deep')] }, p(text('use '), text('code'), text(' and '), text('x'))]);
    expect(warnings.map((note) => sentence(note.key, note.values))).toEqual([
      'Headings below level 3 became level-3 headings.',
      'Inline code was kept as plain text.',
      'Links that are not http, https or mailto were kept as plain text.',
      'Horizontal rules were left out.',
      'Images were left out (“a”).',
    ]);
  });

  it('keeps raw HTML as text, so nothing is dropped silently', () => {
    const { doc } = markdownToContent('<b>x</b>\n');
    expect(JSON.stringify(doc)).toContain('<b>x</b>');
  });

  it('turns a pipe table into a table: header cells, marks and the columns’ alignment kept (issue 22)', () => {
    const { doc, warnings } = markdownToContent('| Ölkə | Paytaxt |\n|---|--:|\n| **Azərbaycan** | Bakı |\n| Қазақстан | Астана |\n');
    const cell = (type: string, align: string | null, ...content: object[]) => ({
      type,
      content: [{ type: 'paragraph', ...(align ? { attrs: { textAlign: align } } : {}), content }],
    });
    expect(doc.content).toEqual([
      {
        type: 'table',
        content: [
          { type: 'tableRow', content: [cell('tableHeader', null, text('Ölkə')), cell('tableHeader', 'right', text('Paytaxt'))] },
          { type: 'tableRow', content: [cell('tableCell', null, text('Azərbaycan', 'bold')), cell('tableCell', 'right', text('Bakı'))] },
          { type: 'tableRow', content: [cell('tableCell', null, text('Қазақстан')), cell('tableCell', 'right', text('Астана'))] },
        ],
      },
    ]);
    expect(warnings).toEqual([]);
    expect(JSON.stringify(doc)).not.toContain('|');
    expect(() => validatedContentJson(doc)).not.toThrow();
  });

  it('a short row gets empty cells, so every row has the table’s width; an empty cell stays a cell', () => {
    const { doc } = markdownToContent('| a | b | c |\n|---|---|---|\n| 1 |\n| | 2 | 3 |\n');
    const rows = doc.content![0]!.content!;
    expect(rows.map((r) => r.content!.length)).toEqual([3, 3, 3]);
    expect(rows[2]!.content![0]).toEqual({ type: 'tableCell', content: [{ type: 'paragraph' }] });
    expect(() => validatedContentJson(doc)).not.toThrow();
  });

  it('an empty file still gives a valid document', () => {
    const { doc } = markdownToContent('');
    expect(doc).toEqual({ type: 'doc', content: [{ type: 'paragraph', content: [] }] });
    expect(() => validatedContentJson(doc)).not.toThrow();
  });
});

describe('Markdown import limits', () => {
  const code = (run: () => unknown) => {
    try {
      run();
      return 'none';
    } catch (err) {
      return (err as { code?: string }).code ?? String(err);
    }
  };

  it('refuses a table of more cells than MARKDOWN_LIMITS.tableCells (413) before markdown-it builds its tokens', () => {
    const row = `|${'a|'.repeat(100)}`;
    const rows = Math.ceil(MARKDOWN_LIMITS.tableCells / 100) + 2;
    const source = [row, `|${'-|'.repeat(100)}`, ...Array.from({ length: rows }, () => row)].join('\n');
    const started = performance.now();
    expect(code(() => markdownToContent(source))).toBe('too_large');
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(() => markdownToContent(source)).toThrow(/more than 20,000 cells/);
    // The same table a little smaller is imported.
    const fits = [row, `|${'-|'.repeat(100)}`, ...Array.from({ length: 10 }, () => row)].join('\n');
    expect(markdownToContent(fits).doc.content![0]!.type).toBe('table');
  });

  it('refuses a paragraph past MARKDOWN_LIMITS.blockChars (413) without parsing its inline markup', () => {
    expect(code(() => markdownToContent('['.repeat(MARKDOWN_LIMITS.blockChars + 1)))).toBe('too_large');
  });

  it('refuses markup that would make millions of tokens (413), even in short paragraphs', () => {
    expect(code(() => markdownToContent(`${'*a'.repeat(40)}\n\n`.repeat(Math.ceil(MARKDOWN_LIMITS.inlineSteps / 80) + 10)))).toBe('too_large');
  });

  it('refuses a document past DOCUMENT_LIMITS (413): too many nodes, or too many characters', () => {
    expect(code(() => markdownToContent('a\n\n'.repeat(DOCUMENT_LIMITS.nodes)))).toBe('too_large');
    expect(code(() => markdownToContent(`${'a'.repeat(50_000)}\n\n`.repeat(DOCUMENT_LIMITS.characters / 50_000 + 1)))).toBe('too_large');
  });

  it('a long but ordinary file stays within every limit', () => {
    const page = `## Section\n\n${'The delegations reaffirmed their commitment to the Charter. '.repeat(8)}\n\n- one **item**\n- another\n\n`;
    const { doc } = markdownToContent(page.repeat(1_000));
    expect(doc.content!.length).toBeGreaterThan(2_000);
  });
});
