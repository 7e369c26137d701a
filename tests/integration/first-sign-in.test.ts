import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocument } from '@/tests/factories/documents';
import { startServer, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';
import { rawUpgrade } from '@/tests/helpers/upgrade';

type Person = { id: string; email: string };
type Refusal = { error: { code: string; message: string } };

/** Issue 22: a password an admin set or reset must be replaced before anything else, and the server holds to it. */
describe('first sign-in with a password an admin set', () => {
  let server: TestServer;
  let admin: string;
  let documentId: string;

  beforeAll(async () => {
    server = await startServer();
    admin = await signIn(server.url, 'admin@example.org');
    documentId = await createDocument(server.url, admin);
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** Every door but choosing a password and signing out answers 403 password_change_required. */
  async function heldAtTheDoor(cookie: string): Promise<void> {
    for (const [method, path, body] of [
      ['GET', '/api/documents', undefined],
      ['POST', '/api/documents', { title: 'Sneaked in', kind: 'statement', language: 'en' }],
      ['GET', `/api/documents/${documentId}`, undefined],
      ['GET', '/api/notifications', undefined],
    ] as const) {
      const res = await api<Refusal>(server.url, cookie, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code).toBe('password_change_required');
      expect(res.body.error.message).toMatch(/new password/);
    }
    expect((await rawUpgrade(server, `/collab/${documentId}`, { Cookie: cookie })).status).toBe(403);
    // The page redirects to the change page.
    const page = await fetch(`${server.url}/documents`, { headers: { Cookie: cookie }, redirect: 'manual' });
    expect([303, 307, 308]).toContain(page.status);
    expect(page.headers.get('location')).toContain('/choose-password');
  }

  async function free(cookie: string): Promise<void> {
    expect((await api(server.url, cookie, 'GET', '/api/documents')).status).toBe(200);
    expect((await rawUpgrade(server, `/collab/${documentId}`, { Cookie: cookie })).status).toBe(101);
    const page = await fetch(`${server.url}/choose-password`, { headers: { Cookie: cookie }, redirect: 'manual' });
    expect(page.headers.get('location')).toContain('/documents');
  }

  it('a new person with a temporary password can do nothing but choose a new one, then everything their role allows', async () => {
    const created = await api<{ person: Person; temporaryPassword: string }>(server.url, admin, 'POST', '/api/users', {
      email: 'nigar@example.org',
      name: 'Nigar Məmmədova',
      role: 'admin',
    });
    expect(created.status).toBe(201);
    const nigar = await signIn(server.url, 'nigar@example.org', created.body.temporaryPassword);
    await heldAtTheDoor(nigar);
    const page = await fetch(`${server.url}/choose-password`, { headers: { Cookie: nigar } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Choose a new password');

    // A wrong or weak attempt changes nothing.
    expect((await api(server.url, nigar, 'PUT', '/api/me/password', { current: 'not it at all', next: 'a-new-long-password' })).status).toBe(422);
    await heldAtTheDoor(nigar);
    const changed = await fetch(`${server.url}/api/me/password`, {
      method: 'PUT',
      headers: { Cookie: nigar, 'Content-Type': 'application/json' },
      body: JSON.stringify({ current: created.body.temporaryPassword, next: 'mountain-river-bread' }),
    });
    expect(changed.status).toBe(200);
    // The same session goes on, with its reissued cookie.
    const [pair] = changed.headers.getSetCookie()[0]!.split(';');
    const again = nigar.replace(/next-auth\.session-token=[^;]+/, pair!);
    await free(again);
    await free(await signIn(server.url, 'nigar@example.org', 'mountain-river-bread'));
  });

  it('a password an admin chose at invitation must be replaced too', async () => {
    const created = await api(server.url, admin, 'POST', '/api/users', {
      email: 'aliya@example.org',
      name: 'Aliya',
      role: 'drafter',
      password: 'chosen-by-the-admin',
    });
    expect(created.status).toBe(201);
    await heldAtTheDoor(await signIn(server.url, 'aliya@example.org', 'chosen-by-the-admin'));
  });

  it('after an admin’s reset the person is held again until they choose a new password; sign-out still works', async () => {
    const people = (await api<Person[]>(server.url, admin, 'GET', '/api/users')).body;
    const drafter = people.find((p) => p.email === 'drafter@example.org')!;
    // A demo user is never forced.
    await free(await signIn(server.url, 'drafter@example.org'));
    const reset = await api<{ temporaryPassword: string }>(server.url, admin, 'POST', `/api/users/${drafter.id}/password`);
    expect(reset.status).toBe(200);
    const held = await signIn(server.url, 'drafter@example.org', reset.body.temporaryPassword);
    await heldAtTheDoor(held);
    expect((await api(server.url, held, 'POST', '/api/me/sign-out-everywhere')).status).toBe(200);
    expect((await api(server.url, held, 'GET', '/api/documents')).status).toBe(401);
  });
});
