import { describe, expect, it } from 'vitest';
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { canonicalContentJson } from '@/lib/editor/content';
import { writeSpeech } from '@/tests/bench/lib/speech';
import { contentInTurns, contentOf } from './content';

describe('a body’s content, in event-loop turns', () => {
  it('is what contentOf gives for the same text: the same JSON, hash and Yjs state', async () => {
    const ydoc = new Y.Doc();
    writeSpeech(ydoc, 3);
    const whole = contentOf(ydoc, 7);
    const inTurns = await contentInTurns(ydoc, 7);
    expect(inTurns.contentJson).toBe(whole.contentJson);
    expect(inTurns.contentHash).toBe(whole.contentHash);
    expect(Buffer.from(inTurns.ystate).equals(Buffer.from(whole.ystate))).toBe(true);
    expect(inTurns.uptoSeq).toBe(7);
    // And what every other program computes for the body (lib/editor/content.ts).
    expect(whole.contentJson).toBe(canonicalContentJson(yXmlFragmentToProsemirrorJSON(ydoc.getXmlFragment('default'))));
  });

  it('reads the text as it was when asked, whatever changes while it works', async () => {
    const ydoc = new Y.Doc();
    writeSpeech(ydoc, 1);
    const before = contentOf(ydoc, 1);
    const pending = contentInTurns(ydoc, 1);
    ydoc.getXmlFragment('default').insert(0, [new Y.XmlElement('paragraph')]);
    const content = await pending;
    expect(content.contentHash).toBe(before.contentHash);
    expect(Buffer.from(content.ystate).equals(Buffer.from(before.ystate))).toBe(true);
  });

  it('lets the event loop serve others between its steps (a socket’s message, a timer)', async () => {
    const ydoc = new Y.Doc();
    writeSpeech(ydoc, 2);
    let others = 0;
    const pending = contentInTurns(ydoc, 1);
    setImmediate(() => others++);
    setImmediate(() => setImmediate(() => others++));
    await pending;
    expect(others).toBe(2);
  });
});
