import { describe, expect, it } from 'vitest';
import { contentOfState } from '@/server/collab/content';
import { convertFile } from './convert';

describe('convertFile', () => {
  it('builds the update that writes exactly the converted body into an empty document', async () => {
    const markdown = '# Bəyanat\n\nQazaxıstan, Özbəkistan və **Türkiyə** nümayəndə heyətləri.\n\n- birinci\n- ikinci\n';
    const converted = await convertFile('markdown', new TextEncoder().encode(markdown));
    expect(converted.intoEmpty.byteLength).toBeGreaterThan(0);
    expect(contentOfState(converted.intoEmpty, 1).contentJson).toBe(converted.contentJson);
  });
});
