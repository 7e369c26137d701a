import { describe, expect, it } from 'vitest';
import { canonicalContentJson } from './content';

const paragraph = (text: string, attrs?: Record<string, unknown>) => ({ type: 'paragraph', ...(attrs ? { attrs } : {}), content: [{ type: 'text', text }] });

describe('canonical content', () => {
  it('leaves unset attributes out, so a text hashes the same before and after the editor gained alignment', () => {
    const before = { type: 'doc', content: [paragraph('Birinci variant.')] };
    expect(canonicalContentJson(before)).toBe('{"content":[{"content":[{"text":"Birinci variant.","type":"text"}],"type":"paragraph"}],"type":"doc"}');
    expect(canonicalContentJson({ type: 'doc', content: [paragraph('Birinci variant.', { textAlign: null })] })).toBe(canonicalContentJson(before));
  });

  it('keeps the attributes that are set: a centred paragraph is a different text from a plain one', () => {
    const centred = canonicalContentJson({ type: 'doc', content: [paragraph('Bəyanat', { textAlign: 'center' })] });
    expect(centred).toContain('"attrs":{"textAlign":"center"}');
    expect(canonicalContentJson({ type: 'doc', content: [{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Ə' }] }] })).toContain(
      '"attrs":{"level":2}',
    );
  });

  it('refuses what the editor cannot hold', () => {
    expect(() => canonicalContentJson({ type: 'doc', content: [{ type: 'codeBlock', content: [{ type: 'text', text: 'x' }] }] })).toThrow();
    expect(() => canonicalContentJson({ type: 'doc', content: [{ type: 'text', text: 'bare text in a doc' }] }, { strict: true })).toThrow();
    // a live document that nobody has typed in yet is empty, and still has a text to hash
    expect(canonicalContentJson({ type: 'doc' })).toBe('{"type":"doc"}');
  });
});

describe('tables in the canonical body (issue 22)', () => {
  const cell = (type: string, text: string, attrs?: Record<string, unknown>) => ({
    type,
    ...(attrs ? { attrs } : {}),
    content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
  });
  const doc = (colwidth: unknown = null) => ({
    type: 'doc',
    content: [
      {
        type: 'table',
        content: [
          { type: 'tableRow', content: [cell('tableHeader', 'Ölkə', { colspan: 1, rowspan: 1, colwidth }), cell('tableHeader', 'Paytaxt')] },
          { type: 'tableRow', content: [cell('tableCell', 'Қазақстан'), cell('tableCell', 'Астана')] },
        ],
      },
    ],
  });

  it('keeps TipTap’s node names and the cells’ spans; an unset column width is left out', () => {
    const json = canonicalContentJson(doc(), { strict: true });
    const parsed = JSON.parse(json);
    expect(parsed.content[0].type).toBe('table');
    expect(parsed.content[0].content.map((r: { type: string }) => r.type)).toEqual(['tableRow', 'tableRow']);
    expect(parsed.content[0].content[0].content[0]).toEqual({
      type: 'tableHeader',
      attrs: { colspan: 1, rowspan: 1 },
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Ölkə' }] }],
    });
    expect(parsed.content[0].content[1].content[0].type).toBe('tableCell');
    // the same table whether or not the writer spelled out the defaults
    expect(json).toBe(canonicalContentJson(doc(undefined)));
  });

  it('a merged cell is a different text from two cells', () => {
    const merged = { type: 'doc', content: [{ type: 'table', content: [{ type: 'tableRow', content: [cell('tableCell', 'A', { colspan: 2 })] }] }] };
    expect(canonicalContentJson(merged)).toContain('"colspan":2');
    expect(canonicalContentJson(merged)).not.toBe(
      canonicalContentJson({ ...merged, content: [{ type: 'table', content: [{ type: 'tableRow', content: [cell('tableCell', 'A')] }] }] }),
    );
  });

  it('refuses a row outside a table and a cell with no paragraph (strict, as imports are checked)', () => {
    expect(() => canonicalContentJson({ type: 'doc', content: [{ type: 'tableRow', content: [cell('tableCell', 'x')] }] }, { strict: true })).toThrow();
    expect(() =>
      canonicalContentJson(
        {
          type: 'doc',
          content: [{ type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableCell', content: [{ type: 'text', text: 'x' }] }] }] }],
        },
        { strict: true },
      ),
    ).toThrow();
  });
});
