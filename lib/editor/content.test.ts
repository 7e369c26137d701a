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
