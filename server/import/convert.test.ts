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

  it('leaves the first heading out of the body when it becomes the title, and only then', async () => {
    const markdown = new TextEncoder().encode('Intro.\n\n# Bəyanat\n\nMətn.\n\n## Bölmə\n');
    const asTitle = await convertFile('markdown', markdown, { headingIsTitle: true });
    expect(asTitle.firstHeading).toBe('Bəyanat');
    const blocks = (json: string) =>
      (JSON.parse(json) as { content: { type: string; content?: { text: string }[] }[] }).content.map((n) => `${n.type}:${n.content?.[0]?.text ?? ''}`);
    expect(blocks(asTitle.contentJson)).toEqual(['paragraph:Intro.', 'paragraph:Mətn.', 'heading:Bölmə']);
    expect(contentOfState(asTitle.intoEmpty, 1).contentJson).toBe(asTitle.contentJson);
    const kept = await convertFile('markdown', markdown);
    expect(blocks(kept.contentJson)).toEqual(['paragraph:Intro.', 'heading:Bəyanat', 'paragraph:Mətn.', 'heading:Bölmə']);
    // A file that is only its heading keeps an empty paragraph.
    const only = await convertFile('markdown', new TextEncoder().encode('# Only a title\n'), { headingIsTitle: true });
    expect(JSON.parse(only.contentJson)).toEqual({ type: 'doc', content: [{ type: 'paragraph' }] });
    // A heading longer than a title may be is cut for the title and kept whole in the body.
    const long = await convertFile('markdown', new TextEncoder().encode(`# ${'Ə'.repeat(301)}\n\nMətn.\n`), { headingIsTitle: true });
    expect(blocks(long.contentJson)[0]).toBe(`heading:${'Ə'.repeat(301)}`);
  });
});
