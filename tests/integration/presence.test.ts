import type * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocument } from '@/tests/factories/documents';
import { connectClient, waitSynced, type CollabClient } from '@/tests/helpers/collab';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { signIn } from '@/tests/helpers/session';
import { PRESENCE_INTERVAL_MS } from '@/server/collab/presence-pacer';

/**
 * Presence (carets) is coalesced by the server: while someone types, relays are at least
 * PRESENCE_INTERVAL_MS apart and carry the latest state. These tests hold it to what editors
 * rely on: the latest caret always arrives, a caret never arrives before the text typed
 * before it, and a quiet document's presence still gets through (arrivals and leavings).
 */
describe('presence relay', () => {
  let server: TestServer;
  let drafter: string;
  let reviewer: string;
  const clients: CollabClient[] = [];
  const client = (docId: string, cookie: string) => {
    const c = connectClient(server.url, docId, cookie);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    server = await startServer();
    [drafter, reviewer] = await Promise.all([signIn(server.url, 'drafter@example.org'), signIn(server.url, 'reviewer@example.org')]);
  });

  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.stop();
  });

  it('a typist’s carets reach a reader coalesced, the last one always, and never ahead of the text typed before them', async () => {
    const docId = await createDocument(server.url, drafter);
    const writer = client(docId, drafter);
    const reader = client(docId, reviewer);
    await Promise.all([waitSynced(writer), waitSynced(reader)]);
    writer.appendParagraph('');
    await waitFor(() => reader.ydoc.getXmlFragment('default').length > 0, 'the paragraph at the reader');
    const text = (writer.ydoc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const readerLength = () => reader.text().length;

    // Every presence message the reader applies for the writer: what the caret says was typed
    // before it, and how much text the reader had then.
    const seen: { typed: number; readerHad: number }[] = [];
    reader.provider.awareness.on('update', ({ added, updated }: { added: number[]; updated: number[] }) => {
      if (!added.includes(writer.ydoc.clientID) && !updated.includes(writer.ydoc.clientID)) return;
      const state = reader.provider.awareness.getStates().get(writer.ydoc.clientID) as { typed?: number } | undefined;
      if (typeof state?.typed === 'number') seen.push({ typed: state.typed, readerHad: readerLength() });
    });

    const KEYSTROKES = 40;
    const started = performance.now();
    for (let n = 1; n <= KEYSTROKES; n++) {
      text.insert(text.length, 'ə');
      writer.provider.awareness.setLocalStateField('typed', n); // the caret after each keystroke, as TipTap sends it
      await new Promise((r) => setTimeout(r, 5));
    }
    await waitFor(() => seen.at(-1)?.typed === KEYSTROKES, 'the last caret at the reader');
    const elapsed = performance.now() - started;

    expect(reader.text()).toBe('ə'.repeat(KEYSTROKES));
    for (const { typed, readerHad } of seen) expect(readerHad).toBeGreaterThanOrEqual(typed);
    // One relay per keystroke would be 40. Coalesced: at most one per interval (plus the first).
    expect(seen.length).toBeLessThanOrEqual(Math.ceil(elapsed / PRESENCE_INTERVAL_MS) + 2);
    expect(seen.length).toBeLessThan(KEYSTROKES);
  });

  it('in a quiet document, someone arriving, moving and leaving is seen by the others', async () => {
    const docId = await createDocument(server.url, drafter);
    const reader = client(docId, reviewer);
    await waitSynced(reader);
    const other = client(docId, drafter);
    await waitSynced(other);
    other.provider.awareness.setLocalStateField('cursor', { anchor: 1, head: 1 });
    const state = () => reader.provider.awareness.getStates().get(other.ydoc.clientID) as { cursor?: { anchor: number } } | undefined;
    await waitFor(() => state()?.cursor?.anchor === 1, 'the arrival and first caret at the reader');
    other.provider.awareness.setLocalStateField('cursor', { anchor: 7, head: 7 });
    await waitFor(() => state()?.cursor?.anchor === 7, 'the moved caret at the reader');
    other.destroy();
    await waitFor(() => state() === undefined, 'the leaving at the reader');
  });
});
