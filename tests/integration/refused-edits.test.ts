import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createDocument, moveTo } from '@/tests/factories/documents';
import { connectClient, waitSynced, type CollabClient } from '@/tests/helpers/collab';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

/**
 * "The server never applies an update from a connection that was read-only when the update
 * arrived, even if it is replayed later from another connection by the same client."
 */
describe('refused edits stay refused', () => {
  let server: TestServer;
  const cookies: Record<string, string> = {};
  const clients: CollabClient[] = [];
  const client = (id: string, role: string, ydoc?: Y.Doc) => {
    const c = connectClient(server.url, id, cookies[role]!, undefined, ydoc);
    clients.push(c);
    return c;
  };
  const transition = (role: string, id: string, body: unknown) =>
    api<{ state: string }>(server.url, cookies[role]!, 'POST', `/api/documents/${id}/transitions`, body);
  async function textOf(id: string): Promise<string> {
    const c = client(id, 'viewer');
    await waitSynced(c);
    const text = c.text();
    c.destroy();
    return text;
  }
  function refusedRows(id: string): { client_id: number; user_id: string }[] {
    const db = new Database(path.join(server.dataDir, 'communique.db'), { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT client_id, user_id FROM refused_clients WHERE document_id = ?').all(id) as { client_id: number; user_id: string }[];
    } finally {
      db.close();
    }
  }
  /** Waits until a replaying copy is closed with 4410 (its update refused), and returns the close codes seen. */
  async function replayRefused(id: string, copy: Uint8Array, clientId: number): Promise<number[]> {
    const ydoc = new Y.Doc();
    ydoc.clientID = clientId; // the refused client, replaying from a new connection
    Y.applyUpdate(ydoc, copy);
    const replay = client(id, 'drafter', ydoc);
    const codes: number[] = [];
    replay.provider.on('connection-close', (event: CloseEvent | null) => {
      if (event) codes.push(event.code);
    });
    await waitFor(() => codes.includes(4410), 'the replayed update to be refused (close 4410)');
    replay.destroy();
    return codes;
  }

  beforeAll(async () => {
    server = await startServer();
    for (const role of ['drafter', 'reviewer', 'viewer']) cookies[role] = await signIn(server.url, `${role}@example.org`);
  });

  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.stop();
  });

  it('an update sent while the document was in review is refused when replayed over a new connection, also after a restart', async () => {
    const id = await createDocument(server.url, cookies.drafter!);
    const typist = client(id, 'drafter');
    const colleague = client(id, 'reviewer');
    await Promise.all([waitSynced(typist), waitSynced(colleague)]);
    typist.appendParagraph('Delivered before the submission.');
    await waitFor(() => colleague.text().includes('Delivered before the submission.'), 'the first words to be relayed');

    // The document is submitted: the typist's socket is closed (4205) and reconnects read-only.
    const closes: number[] = [];
    typist.provider.on('connection-close', (event: CloseEvent | null) => event && closes.push(event.code));
    await moveTo(server.url, cookies, id, 'in_review');
    await waitFor(() => closes.includes(4205), 'the 4205 close');
    await waitSynced(typist);
    expect(typist.provider.wsconnected).toBe(true);
    typist.appendParagraph('REFUSED words typed in review.');
    await waitFor(() => refusedRows(id).some((r) => r.client_id === typist.ydoc.clientID), 'the refusal to be recorded');
    expect(refusedRows(id)).toEqual([{ client_id: typist.ydoc.clientID, user_id: expect.any(String) }]);
    const copy = Y.encodeStateAsUpdate(typist.ydoc);
    const refusedId = typist.ydoc.clientID;
    typist.destroy();

    // Back to draft: the same Y client, over a new (writable) connection, replays the copy.
    expect((await transition('reviewer', id, { action: 'request_changes', comment: 'One more paragraph.' })).body.state).toBe('draft');
    await replayRefused(id, copy, refusedId);
    expect(await textOf(id)).toBe('Delivered before the submission.');

    // Anyone with a fresh Y.Doc can still write: the document itself is fine.
    const fresh = client(id, 'drafter');
    await waitSynced(fresh);
    fresh.appendParagraph('A new copy writes normally.');
    const reader = client(id, 'viewer');
    await waitFor(async () => (await waitSynced(reader), reader.text().includes('A new copy writes normally.')), 'a fresh copy’s words to arrive');
    fresh.destroy();
    reader.destroy();

    // After a restart the refusal still holds (it is stored, not only in memory).
    await server.stop();
    server = await startServer({ dataDir: server.dataDir });
    for (const role of ['drafter', 'reviewer', 'viewer']) cookies[role] = await signIn(server.url, `${role}@example.org`);
    await replayRefused(id, copy, refusedId);
    expect(await textOf(id)).toBe('Delivered before the submission.\nA new copy writes normally.');
    expect(server.output()).toContain('refused an update carrying edits refused earlier');
  });

  it('a deletion sent while read-only (no structs of its own) is refused when the same client sends it again once writable', async () => {
    const id = await createDocument(server.url, cookies.drafter!);
    const writer = client(id, 'drafter');
    await waitSynced(writer);
    writer.appendParagraph('Keep this sentence.');
    const deleter = client(id, 'drafter');
    await waitFor(async () => (await waitSynced(deleter), deleter.text() === 'Keep this sentence.'), 'the sentence to arrive');
    writer.destroy();
    const closes: number[] = [];
    deleter.provider.on('connection-close', (event: CloseEvent | null) => event && closes.push(event.code));
    await moveTo(server.url, cookies, id, 'in_review');
    await waitFor(() => closes.includes(4205), 'the 4205 close');
    await waitSynced(deleter);

    const paragraph = deleter.ydoc.getXmlFragment('default').get(0) as Y.XmlElement;
    (paragraph.get(0) as Y.XmlText).delete(0, 5); // "Keep ": a delete set, no struct
    await waitFor(() => refusedRows(id).some((r) => r.client_id === deleter.ydoc.clientID), 'the refusal to be recorded');

    // Back to draft: the same provider reconnects, now writable, and resends its deletion.
    expect((await transition('reviewer', id, { action: 'request_changes', comment: 'Go on.' })).body.state).toBe('draft');
    await waitFor(() => closes.includes(4410), 'the resent deletion to be refused (close 4410)');
    deleter.destroy();
    expect(await textOf(id)).toBe('Keep this sentence.');
  });

  it('a writer who echoes the presence of a refused client (as every y-websocket client does) still writes', async () => {
    const id = await createDocument(server.url, cookies.drafter!);
    const viewer = client(id, 'viewer');
    await waitSynced(viewer);
    viewer.appendParagraph('A viewer cannot write this.');
    await waitFor(() => refusedRows(id).some((r) => r.client_id === viewer.ydoc.clientID), 'the viewer’s refusal to be recorded');
    viewer.provider.awareness.setLocalStateField('mark', 'still here');

    const writer = client(id, 'drafter');
    await waitSynced(writer);
    // The writer has the refused viewer's presence, and so has sent it back to the server.
    await waitFor(() => writer.provider.awareness.getStates().get(viewer.ydoc.clientID)?.mark === 'still here', 'the viewer’s presence at the writer');
    writer.appendParagraph('The writer’s words.');
    await waitFor(() => viewer.text().includes('The writer’s words.'), 'the writer’s words to be relayed');
    expect(await textOf(id)).toBe('The writer’s words.');
  });

  it('a read-only client that only syncs (its delete set included) is not refused', async () => {
    const id = await createDocument(server.url, cookies.drafter!);
    const writer = client(id, 'drafter');
    await waitSynced(writer);
    writer.appendParagraph('Some words, some deleted.');
    ((writer.ydoc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText).delete(10, 15);
    const viewer = client(id, 'viewer');
    await waitFor(async () => (await waitSynced(viewer), viewer.text() === 'Some words'), 'the text to arrive');
    // The viewer reconnects: its sync step 2 carries the document's deletions, which are no edit.
    viewer.provider.disconnect();
    viewer.provider.connect();
    await waitSynced(viewer);
    // Its sync step 2 left before it was synced; a presence change sent now arrives after it.
    viewer.provider.awareness.setLocalStateField('mark', 'one');
    viewer.provider.awareness.setLocalStateField('mark', 'after the reconnect');
    await waitFor(() => writer.provider.awareness.getStates().get(viewer.ydoc.clientID)?.mark === 'after the reconnect', 'the viewer’s presence to be relayed');
    expect(refusedRows(id)).toEqual([]);
    writer.appendParagraph('Relayed after the viewer synced.');
    await waitFor(() => viewer.text().includes('Relayed after the viewer synced.'), 'a later edit to reach the viewer');
  });
});
