import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { ThreadList, ThreadView } from '@/lib/comments/threads';
import { locateAnchor, plainTextOf } from '@/server/comments/anchor';
import { documentIn, type RoleCookies } from '@/tests/factories/documents';
import { connectClient, waitSynced, type CollabClient } from '@/tests/helpers/collab';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));

/** The Y.XmlText of the body's paragraph `n` in a client's copy. */
function paragraphText(client: CollabClient, n: number): Y.XmlText {
  const paragraph = client.ydoc.getXmlFragment('default').get(n) as Y.XmlElement;
  return paragraph.get(0) as Y.XmlText;
}

/** The text a thread's anchor covers in a client's copy (what its editor would highlight), or null. */
function highlighted(client: CollabClient, thread: ThreadView): string | null {
  const range = locateAnchor(client.ydoc, bytes(thread.anchor.start), bytes(thread.anchor.end));
  return range ? plainTextOf(client.ydoc).text.slice(range.from, range.to) : null;
}

describe('comment anchors follow the text edited by real y-websocket clients (issue 20)', () => {
  let server: TestServer;
  const cookies: RoleCookies = {};
  const clients: CollabClient[] = [];

  beforeAll(async () => {
    server = await startServer();
    for (const role of ['drafter', 'reviewer', 'approver', 'admin', 'publisher'] as const) cookies[role] = await signIn(server.url, `${role}@example.org`);
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.stop();
  });

  const client = (id: string, role: keyof RoleCookies) => {
    const c = connectClient(server.url, id, cookies[role]!);
    clients.push(c);
    return c;
  };
  const list = async (id: string) => (await api<ThreadList>(server.url, cookies.reviewer!, 'GET', `/api/documents/${id}/threads`)).body.threads;

  it('keeps the anchor on its passage through typing before and inside it; deleted → on deleted text with its quote; an undo brings it back for everyone', async () => {
    const id = await documentIn(server.url, cookies, 'draft', {
      paragraphs: ['Opening words.', 'The parties agreed to meet again in Baku.', 'Closing words.'],
    });
    const writer = client(id, 'drafter');
    const reader = client(id, 'reviewer');
    await Promise.all([waitSynced(writer), waitSynced(reader)]);

    const made = await api<ThreadView>(server.url, cookies.reviewer!, 'POST', `/api/documents/${id}/threads`, {
      anchor: { exact: 'agreed to meet' },
      body: 'Which date?',
    });
    expect(made.status).toBe(201);
    expect(highlighted(reader, made.body)).toBe('agreed to meet');

    // Typing before the passage, and inside it, by another client.
    const text = paragraphText(writer, 1);
    text.insert(0, 'Today, ');
    text.insert('Today, The parties agreed'.length, ' firmly');
    await waitFor(() => reader.text().includes('agreed firmly to meet'), 'the edits to reach the reader');
    const [afterTyping] = await list(id);
    expect(afterTyping).toMatchObject({ quote: 'agreed to meet', onDeletedText: false });
    expect(highlighted(reader, afterTyping!)).toBe('agreed firmly to meet');
    expect(highlighted(writer, afterTyping!)).toBe('agreed firmly to meet');

    // Deleting the passage, with an undo manager as the editor has one.
    const undo = new Y.UndoManager(writer.ydoc.getXmlFragment('default'));
    const start = text.toString().indexOf('agreed');
    text.delete(start, 'agreed firmly to meet'.length);
    await waitFor(() => !reader.text().includes('agreed'), 'the deletion to reach the reader');
    const [deleted] = await list(id);
    expect(deleted).toMatchObject({ quote: 'agreed to meet', onDeletedText: true, comments: [{ body: 'Which date?' }] });
    expect(highlighted(reader, deleted!)).toBeNull();

    // Undo: the text comes back as new items; the server finds the passage where it was.
    undo.undo();
    await waitFor(() => reader.text().includes('agreed firmly to meet'), 'the undo to reach the reader');
    expect(highlighted(writer, made.body)).toBe('agreed firmly to meet'); // the undoing client follows `redone` itself
    const [restored] = await list(id);
    expect(restored).toMatchObject({ onDeletedText: false });
    expect(highlighted(reader, restored!)).toBe('agreed firmly to meet');
  });

  it('changes neither the text nor its content hash in review, whatever is done to the threads', async () => {
    const id = await documentIn(server.url, cookies, 'in_review', { paragraphs: ['A text in review.', 'Its second sentence.'] });
    const reader = client(id, 'approver');
    await waitSynced(reader);
    const stateBefore = Y.encodeStateVector(reader.ydoc);
    type Version = { reason: string; contentHash: string };
    const versions = async () => (await api<Version[]>(server.url, cookies.approver!, 'GET', `/api/documents/${id}/versions`)).body;
    const submitted = (await versions()).find((v) => v.reason === 'submit')!;

    const t = (
      await api<ThreadView>(server.url, cookies.reviewer!, 'POST', `/api/documents/${id}/threads`, { anchor: { exact: 'second sentence' }, body: 'Hm.' })
    ).body;
    await api(server.url, cookies.drafter!, 'POST', `/api/documents/${id}/threads/${t.id}/comments`, { body: 'Fine.' });
    await api(server.url, cookies.reviewer!, 'PATCH', `/api/documents/${id}/comments/${t.comments[0]!.id}`, { body: 'Hm!' });
    await api(server.url, cookies.reviewer!, 'PATCH', `/api/documents/${id}/threads/${t.id}`, { resolved: true });

    // The approval checks the live text against the submitted hash, and records it.
    const approved = await api<{ state: string }>(server.url, cookies.approver!, 'POST', `/api/documents/${id}/transitions`, { action: 'approve' });
    expect(approved.status).toBe(200);
    expect((await versions()).at(-1)!.contentHash).toBe(submitted.contentHash);
    expect(Y.encodeStateVector(reader.ydoc)).toEqual(stateBefore);
  });
});
