import { describe, expect, it } from 'vitest';
import { blockKeys, markBlocks } from './aligned-blocks';

const p = (text: string, bold = false) => ({
  type: 'paragraph',
  content: [{ type: 'text', text, ...(bold ? { marks: [{ type: 'bold' }] } : {}) }],
});
const doc = (...content: object[]) => ({ type: 'doc', content });

describe('the master’s blocks against the text a translation was aligned with', () => {
  it('marks a paragraph added to the master since alignment, wherever it is', () => {
    const aligned = ['A', 'B', 'C'];
    expect(markBlocks(aligned, ['A', 'B', 'C'])).toEqual({ marks: ['same', 'same', 'same'], removed: 0 });
    expect(markBlocks(aligned, ['A', 'X', 'B', 'C']).marks).toEqual(['same', 'added', 'same', 'same']);
    expect(markBlocks(aligned, ['X', 'A', 'B', 'C', 'Y']).marks).toEqual(['added', 'same', 'same', 'same', 'added']);
    expect(markBlocks([], ['X']).marks).toEqual(['added']);
  });

  it('tells a changed paragraph from an added one, and counts those removed', () => {
    expect(markBlocks(['A', 'B', 'C'], ['A', 'B2', 'C'])).toEqual({ marks: ['same', 'changed', 'same'], removed: 0 });
    expect(markBlocks(['A', 'B', 'C'], ['A', 'B2', 'N', 'C'])).toEqual({ marks: ['same', 'changed', 'added', 'same'], removed: 0 });
    expect(markBlocks(['A', 'B', 'C', 'D'], ['A', 'D'])).toEqual({ marks: ['same', 'same'], removed: 2 });
    expect(markBlocks(['A', 'B', 'C'], ['C', 'A', 'B'])).toEqual({ marks: ['added', 'same', 'same'], removed: 1 });
  });

  it('compares blocks in their canonical form: the same words in bold are a change', () => {
    const aligned = blockKeys(doc(p('Türk Dövlətləri Təşkilatı'), p('Bakı, 2026')));
    expect(markBlocks(aligned, blockKeys(doc(p('Türk Dövlətləri Təşkilatı'), p('Bakı, 2026')))).marks).toEqual(['same', 'same']);
    expect(markBlocks(aligned, blockKeys(doc(p('Türk Dövlətləri Təşkilatı', true), p('Bakı, 2026')))).marks).toEqual(['changed', 'same']);
    expect(blockKeys(doc())).toEqual([]);
  });
});
