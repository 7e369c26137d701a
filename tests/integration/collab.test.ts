import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocument } from '@/tests/factories/documents';
import { connectClient, roundTrip, waitSynced, type CollabClient } from '@/tests/helpers/collab';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { signIn } from '@/tests/helpers/session';
import { rawUpgrade } from '@/tests/helpers/upgrade';

describe('collaboration server', () => {
  let server: TestServer;
  let drafter: string;
  let reviewer: string;
  let viewer: string;
  const clients: CollabClient[] = [];
  const client = (docId: string, cookie: string | null, origin?: string) => {
    const c = connectClient(server.url, docId, cookie, origin);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    server = await startServer();
    [drafter, reviewer, viewer] = await Promise.all([
      signIn(server.url, 'drafter@example.org'),
      signIn(server.url, 'reviewer@example.org'),
      signIn(server.url, 'viewer@example.org'),
    ]);
  });

  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.stop();
  });

  it('two clients of one document converge', async () => {
    const docId = await createDocument(server.url, drafter);
    const a = client(docId, drafter);
    const b = client(docId, reviewer);
    await Promise.all([waitSynced(a), waitSynced(b)]);
    a.appendParagraph('Ulduzlu göy üzü — from A');
    b.appendParagraph('Қазақстан Республикасы — from B');
    await waitFor(() => a.text().includes('from B') && b.text().includes('from A'), 'both edits on both clients');
    expect(a.text()).toBe(b.text());
  });

  it("a viewer's update never reaches the document", async () => {
    const docId = await createDocument(server.url, drafter);
    const writer = client(docId, drafter);
    const reader = client(docId, viewer);
    await Promise.all([waitSynced(writer), waitSynced(reader)]);
    writer.appendParagraph('written by the drafter');
    await waitFor(() => reader.text().includes('written by the drafter'), 'the viewer to receive the drafter’s text');
    reader.appendParagraph('forged by the viewer');
    writer.appendParagraph('second line by the drafter');
    await waitFor(() => reader.text().includes('second line'), 'the viewer to keep receiving');
    const fresh = client(docId, reviewer);
    await waitSynced(fresh);
    await waitFor(() => fresh.text().includes('second line'), 'a fresh client to load the text');
    expect(fresh.text()).not.toContain('forged by the viewer');
    expect(writer.text()).not.toContain('forged by the viewer');
  });

  it('refuses signed-out, cross-origin and unknown-document upgrades before sending any content', async () => {
    const docId = await createDocument(server.url, drafter);
    const writer = client(docId, drafter);
    await waitSynced(writer);
    writer.appendParagraph('SECRET-EMBARGOED-TEXT');
    await waitFor(async () => (await rawUpgrade(server, `/collab/${docId}`, { Cookie: drafter })).status === 101, 'an allowed upgrade');

    const signedOut = await rawUpgrade(server, `/collab/${docId}`, {});
    expect(signedOut.status).toBe(401);
    const foreign = await rawUpgrade(server, `/collab/${docId}`, { Cookie: drafter, Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    const unknown = await rawUpgrade(server, '/collab/00000000-0000-0000-0000-000000000000', { Cookie: drafter });
    expect(unknown.status).toBe(404);
    const sameOrigin = await rawUpgrade(server, `/collab/${docId}`, { Cookie: drafter, Origin: server.url, Host: `127.0.0.1:${server.port}` });
    expect(sameOrigin.status).toBe(101);
    for (const refused of [signedOut, foreign, unknown]) {
      expect(JSON.parse(refused.body)).toHaveProperty('error.code');
      expect(refused.body).not.toContain('SECRET');
    }

    // The real provider, signed out, never receives a byte of the document either.
    const intruder = client(docId, null);
    await waitFor(() => intruder.provider.wsUnsuccessfulReconnects > 0, 'the signed-out connection to be refused');
    expect(intruder.provider.synced).toBe(false);
    expect(intruder.text()).toBe('');
  });

  it('a presence state may not impersonate another user or exceed the limits', async () => {
    const docId = await createDocument(server.url, drafter);
    const a = client(docId, drafter);
    const b = client(docId, reviewer);
    await Promise.all([waitSynced(a), waitSynced(b)]);
    a.provider.awareness.setLocalStateField('user', { name: 'The Secretary-General', color: '#1d4ed8' });
    await waitFor(() => b.provider.awareness.getStates().has(a.ydoc.clientID), 'A’s presence at B');
    const seen = b.provider.awareness.getStates().get(a.ydoc.clientID) as { user: { name: string } };
    expect(seen.user.name).toBe('Daniyar Seitkali');

    let deep: unknown = 'x';
    for (let i = 0; i < 40; i++) deep = { deep };
    a.provider.awareness.setLocalStateField('nested', deep);
    a.provider.awareness.setLocalStateField('user', { name: 'after deep', color: '#1d4ed8' });
    const held = await roundTrip(a); // the server has handled both, and answers with what it holds
    expect(held.get(a.ydoc.clientID)).not.toHaveProperty('nested');
    const after = b.provider.awareness.getStates().get(a.ydoc.clientID) as { nested?: unknown };
    expect(after.nested).toBeUndefined();
  });

  it("a connection may not set presence for another client's id", async () => {
    const docId = await createDocument(server.url, drafter);
    const a = client(docId, drafter);
    const b = client(docId, drafter);
    await Promise.all([waitSynced(a), waitSynced(b)]);
    a.provider.awareness.setLocalStateField('user', { name: 'A', color: '#1d4ed8' });
    await waitFor(() => b.provider.awareness.getStates().has(a.ydoc.clientID), 'A’s presence at B');

    // The reviewer, on a raw socket, claims A's client id with a higher clock.
    const intruder = new WebSocket(`${server.url.replace('http', 'ws')}/collab/${docId}`, { headers: { Cookie: reviewer } });
    await new Promise((resolve, reject) => intruder.once('open', resolve).once('error', reject));
    const forged = encoding.createEncoder();
    encoding.writeVarUint(forged, 1); // awareness message
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, a.ydoc.clientID);
    encoding.writeVarUint(inner, 10_000);
    encoding.writeVarString(inner, JSON.stringify({ user: { name: 'forged', color: '#000000' }, forged: true }));
    encoding.writeVarUint8Array(forged, encoding.toUint8Array(inner));
    intruder.send(encoding.toUint8Array(forged));
    // A marker sent after the forged message proves it was processed; the answer says what the server holds.
    const held = await roundTrip(intruder);
    expect(held.get(a.ydoc.clientID)).not.toHaveProperty('forged');
    const seen = b.provider.awareness.getStates().get(a.ydoc.clientID) as { forged?: boolean; user: { name: string } };
    expect(seen.forged).toBeUndefined();
    expect(seen.user.name).toBe('Daniyar Seitkali');
    intruder.close();
  });
});
