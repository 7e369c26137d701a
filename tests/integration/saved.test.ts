import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MESSAGE } from '@/lib/collab/protocol';
import { createDocument } from '@/tests/factories/documents';
import { connectClient, waitSynced, type CollabClient } from '@/tests/helpers/collab';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { signIn } from '@/tests/helpers/session';

/** Records every "stored" message a client gets; `ask` opts in as the editor does. */
function listen(client: CollabClient): { heard: { clientId: number; clock: number }[]; ask(): void } {
  const heard: { clientId: number; clock: number }[] = [];
  client.provider.messageHandlers[MESSAGE.stored] = (_encoder, decoder: decoding.Decoder) => {
    heard.push({ clientId: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder) });
  };
  return {
    heard,
    ask() {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE.stored);
      encoding.writeVarUint(encoder, client.ydoc.clientID);
      client.provider.ws!.send(encoding.toUint8Array(encoder));
    },
  };
}

const localClock = (c: CollabClient) => Y.getState(c.ydoc.store, c.ydoc.clientID);

/**
 * "Saved" in the editor is the server's word: after a batch of a client's updates is in
 * the log, the server tells that client (if it asked) up to which clock its work is stored.
 */
describe('the server says what of a client’s work is stored', () => {
  let server: TestServer;
  let drafter: string;
  let viewer: string;
  const clients: CollabClient[] = [];
  const client = (docId: string, cookie: string) => {
    const c = connectClient(server.url, docId, cookie);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    server = await startServer();
    [drafter, viewer] = await Promise.all([signIn(server.url, 'drafter@example.org'), signIn(server.url, 'viewer@example.org')]);
  });

  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.stop();
  });

  it('acknowledges stored work only to those who ask, and what it acknowledges survives kill -9', async () => {
    const docId = await createDocument(server.url, drafter);
    const writer = client(docId, drafter);
    const bystander = client(docId, drafter);
    await Promise.all([waitSynced(writer), waitSynced(bystander)]);
    const asked = listen(writer);
    const unasked = listen(bystander);
    asked.ask();
    await waitFor(() => asked.heard.length === 1, 'the answer to the opt-in');
    expect(asked.heard[0]).toEqual({ clientId: writer.ydoc.clientID, clock: 0 });

    for (let i = 0; i < 20; i++) writer.appendParagraph(`Paraqraf ${i}: Qazaxıstan, Özbəkistan, Қырғызстан.`);
    const target = localClock(writer);
    expect(target).toBeGreaterThan(0);
    await waitFor(() => asked.heard.at(-1)?.clock === target, 'the acknowledgement of every paragraph');
    // Acknowledgements only ever grow.
    const clocks = asked.heard.map((h) => h.clock);
    expect(clocks).toEqual([...clocks].sort((a, b) => a - b));
    // The bystander got the text but never an acknowledgement: it did not ask.
    await waitFor(() => bystander.text().includes('Paraqraf 19'), 'the text at the bystander');
    expect(unasked.heard).toEqual([]);

    // What was acknowledged is in the log: it survives the process dying at once.
    const dataDir = server.dataDir;
    for (const c of clients.splice(0)) c.destroy();
    await server.kill9();
    server = await startServer({ dataDir });
    drafter = await signIn(server.url, 'drafter@example.org');
    viewer = await signIn(server.url, 'viewer@example.org');
    const reader = client(docId, viewer);
    await waitSynced(reader);
    expect(reader.text().split('\n')).toHaveLength(20);
    expect(reader.text()).toContain('Paraqraf 19: Qazaxıstan, Özbəkistan, Қырғызстан.');
  });

  it('never acknowledges an update the server dropped (a read-only connection)', async () => {
    const docId = await createDocument(server.url, drafter);
    const reader = client(docId, viewer);
    const writer = client(docId, drafter);
    await Promise.all([waitSynced(reader), waitSynced(writer)]);
    const readerAcks = listen(reader);
    const writerAcks = listen(writer);
    readerAcks.ask();
    writerAcks.ask();
    await waitFor(() => readerAcks.heard.length === 1 && writerAcks.heard.length === 1, 'the answers to the opt-ins');

    reader.appendParagraph('A viewer’s words, which the server drops.');
    writer.appendParagraph('A drafter’s words, which it keeps.');
    await waitFor(() => writerAcks.heard.at(-1)?.clock === localClock(writer), 'the drafter’s acknowledgement');
    await waitFor(() => reader.text().includes('A drafter’s words'), 'the drafter’s words at the viewer');
    // The viewer's own words stay unacknowledged: its editor would never say "Saved".
    expect(readerAcks.heard.every((h) => h.clock === 0)).toBe(true);
    expect(localClock(reader)).toBeGreaterThan(0);
  });
});
