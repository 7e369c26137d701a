import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocument } from '@/tests/factories/documents';
import { connectClient, roundTrip, waitSynced, type CollabClient } from '@/tests/helpers/collab';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

type Person = { id: string; email: string; role: string; active: boolean };

describe('people', () => {
  let server: TestServer;
  let admin: string;
  const clients: CollabClient[] = [];

  beforeAll(async () => {
    server = await startServer();
    admin = await signIn(server.url, 'admin@example.org');
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.stop();
  });

  it('an admin invites a person, who signs in with the temporary password and changes it', async () => {
    const created = await api<{ person: Person; temporaryPassword: string }>(server.url, admin, 'POST', '/api/users', {
      email: 'Gulnara@Example.org',
      name: 'Gulnara Ismayilova',
      role: 'reviewer',
    });
    expect(created.status).toBe(201);
    expect(created.body.person).toMatchObject({ email: 'gulnara@example.org', role: 'reviewer', active: true });
    expect(created.body.temporaryPassword).toMatch(/^[A-Za-z2-9]{16}$/);
    expect((await api(server.url, admin, 'POST', '/api/users', { email: 'gulnara@example.org', name: 'Again', role: 'viewer' })).status).toBe(409);

    const gulnara = await signIn(server.url, 'gulnara@example.org', created.body.temporaryPassword);
    expect((await api(server.url, gulnara, 'PUT', '/api/me/password', { current: 'wrong password', next: 'a-new-long-password' })).status).toBe(422);
    expect((await api(server.url, gulnara, 'PUT', '/api/me/password', { current: created.body.temporaryPassword, next: 'short' })).status).toBe(422);
    expect((await api(server.url, gulnara, 'PUT', '/api/me/password', { current: created.body.temporaryPassword, next: 'a-new-long-password' })).status).toBe(
      200,
    );
    await expect(signIn(server.url, 'gulnara@example.org', created.body.temporaryPassword)).rejects.toThrow();
    await signIn(server.url, 'gulnara@example.org', 'a-new-long-password');
  });

  it('without single sign-on configured, an invitation to sign in with it is refused with a sentence', async () => {
    const res = await api<{ error: { code: string; message: string } }>(server.url, admin, 'POST', '/api/users', {
      email: 'nobody.sso@example.org',
      name: 'Nobody',
      role: 'viewer',
      sso: true,
    });
    expect(res.status).toBe(422);
    expect(res.body.error).toEqual({ code: 'unprocessable', message: 'Single sign-on is not set up on this server: give the person a password instead.' });
    expect((await api(server.url, admin, 'POST', '/api/users', { email: 'n@example.org', name: 'N', role: 'viewer', sso: 'yes' })).status).toBe(400);
  });

  it('only admins manage people', async () => {
    const drafter = await signIn(server.url, 'drafter@example.org');
    expect((await api(server.url, drafter, 'GET', '/api/users')).status).toBe(403);
    expect((await api(server.url, drafter, 'POST', '/api/users', { email: 'x@example.org', name: 'X', role: 'admin' })).status).toBe(403);
    const people = (await api<Person[]>(server.url, admin, 'GET', '/api/users')).body;
    const me = people.find((p) => p.email === 'admin@example.org')!;
    expect((await api(server.url, admin, 'PATCH', `/api/users/${me.id}`, { role: 'viewer' })).status).toBe(422);
  });

  it('a role change closes the person’s open editor and the new role counts at once', async () => {
    const publisher = await signIn(server.url, 'publisher@example.org');
    const docId = await createDocument(server.url, publisher);
    const client = connectClient(server.url, docId, publisher);
    clients.push(client);
    await waitSynced(client);
    const closes: number[] = [];
    client.provider.on('connection-close', (e: CloseEvent | null) => closes.push(e?.code ?? 0));
    const id = (await api<Person[]>(server.url, admin, 'GET', '/api/users')).body.find((p) => p.email === 'publisher@example.org')!.id;

    expect((await api(server.url, admin, 'PATCH', `/api/users/${id}`, { role: 'viewer' })).status).toBe(200);
    await waitFor(() => closes.includes(4205), 'the publisher’s socket to close with 4205');
    // Reconnected as a viewer: their writes are dropped now.
    await waitFor(() => client.provider.synced && client.provider.wsconnected, 'the reconnect');
    client.appendParagraph('written after the demotion');
    await roundTrip(client); // the server has handled (and dropped) it
    const reader = connectClient(server.url, docId, admin);
    clients.push(reader);
    await waitSynced(reader);
    expect(reader.text()).not.toContain('after the demotion');

    expect((await api(server.url, admin, 'PATCH', `/api/users/${id}`, { active: false })).status).toBe(200);
    expect((await api(server.url, publisher, 'GET', '/api/documents')).status).toBe(401);
    await expect(signIn(server.url, 'publisher@example.org')).rejects.toThrow();

    const reset = await api<{ temporaryPassword: string }>(server.url, admin, 'POST', `/api/users/${id}/password`);
    await api(server.url, admin, 'PATCH', `/api/users/${id}`, { active: true, role: 'publisher' });
    await signIn(server.url, 'publisher@example.org', reset.body.temporaryPassword);
    await expect(signIn(server.url, 'publisher@example.org')).rejects.toThrow();
  });
});
