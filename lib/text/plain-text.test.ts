import { describe, expect, it } from 'vitest';
import { plainTextOf } from './plain-text';

describe('plainTextOf', () => {
  it('reads each block of a body as a line, marks left out', () => {
    const body = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Bəyanat' }] },
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Qazaxıstan ' },
            { type: 'text', marks: [{ type: 'bold' }], text: 'və' },
            { type: 'hardBreak' },
            { type: 'text', text: 'Azərbaycan' },
          ],
        },
        { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'bir' }] }] }] },
        { type: 'paragraph' },
      ],
    };
    expect(plainTextOf(JSON.stringify(body))).toBe('Bəyanat\nQazaxıstan və\nAzərbaycan\nbir');
  });
});
