import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocument } from '@/tests/factories/documents';
import { connectClient, waitSynced, type CollabClient } from '@/tests/helpers/collab';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';
import { rawUpgrade } from '@/tests/helpers/upgrade';

const PASSWORD = 'tulip-harbour-ledger';
/** The password the admin gives; each person replaces it with PASSWORD at their first sign-in. */
const GIVEN = 'given-by-the-admin-7';
const SESSION = 'next-auth.session-token';
const SECRET = 'sessions-test-secret-0123456789abcdef';

/** The value of one cookie in a Cookie header. */
function cookieValue(cookie: string, name: string): string | undefined {
  return cookie
    .split('; ')
    .find((c) => c.startsWith(`${name}=`))
    ?.slice(name.length + 1);
}

/** A Cookie header with one cookie's value replaced by what a Set-Cookie header gave. */
function withSetCookies(cookie: string, setCookies: string[]): string {
  const jar = new Map(cookie.split('; ').map((c) => [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)] as const));
  for (const c of setCookies) {
    const pair = c.split(';')[0]!;
    jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

describe('sessions that end', () => {
  let server: TestServer;
  let admin: string;
  const clients: CollabClient[] = [];
  let people = 0;

  beforeAll(async () => {
    server = await startServer({ env: { NEXTAUTH_SECRET: SECRET } });
    admin = await signIn(server.url, 'admin@example.org');
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.stop();
  });

  /** A new drafter (by the admin) who chose their own password, signed in twice: `other` stands for another device. */
  async function person(): Promise<{ id: string; email: string; here: string; other: string; documentId: string }> {
    const email = `person${++people}@example.org`;
    const created = await api<{ person: { id: string } }>(server.url, admin, 'POST', '/api/users', {
      email,
      name: `Person ${people}`,
      role: 'drafter',
      password: GIVEN,
    });
    expect(created.status).toBe(201);
    const first = await signIn(server.url, email, GIVEN);
    expect((await api(server.url, first, 'PUT', '/api/me/password', { current: GIVEN, next: PASSWORD })).status).toBe(200);
    const here = await signIn(server.url, email, PASSWORD);
    const other = await signIn(server.url, email, PASSWORD);
    return { id: created.body.person.id, email, here, other, documentId: await createDocument(server.url, here) };
  }

  /** A live socket with that cookie, and the close codes it sees. */
  async function liveSocket(cookie: string, documentId: string): Promise<{ client: CollabClient; closes: number[] }> {
    const client = connectClient(server.url, documentId, cookie);
    clients.push(client);
    await waitSynced(client);
    const closes: number[] = [];
    client.provider.on('connection-close', (e: CloseEvent | null) => closes.push(e?.code ?? 0));
    return { client, closes };
  }

  /** The socket closed with 4205, came back to be judged again, and was refused. */
  async function closedAndRefused(socket: { client: CollabClient; closes: number[] }): Promise<void> {
    await waitFor(() => socket.closes[0] === 4205, 'the socket to close with 4205');
    // Each refused reconnect ends in another close; it never gets back in.
    await waitFor(() => socket.closes.length >= 2, 'a refused reconnect', 15_000);
    expect(socket.client.provider.wsconnected).toBe(false);
    socket.client.provider.disconnect();
  }

  async function ended(cookie: string, documentId: string): Promise<void> {
    expect((await api(server.url, cookie, 'GET', '/api/documents')).status).toBe(401);
    expect((await rawUpgrade(server, `/collab/${documentId}`, { Cookie: cookie })).status).toBe(401);
  }

  async function standing(cookie: string, documentId: string): Promise<void> {
    expect((await api(server.url, cookie, 'GET', '/api/documents')).status).toBe(200);
    expect((await rawUpgrade(server, `/collab/${documentId}`, { Cookie: cookie })).status).toBe(101);
  }

  it('a password change ends every other session and closes its sockets; the session that changed it stays signed in', async () => {
    const p = await person();
    const socket = await liveSocket(p.other, p.documentId);
    const copyOfHere = p.here;

    const res = await fetch(`${server.url}/api/me/password`, {
      method: 'PUT',
      headers: { Cookie: p.here, 'Content-Type': 'application/json' },
      body: JSON.stringify({ current: PASSWORD, next: 'another-tulip-harbour' }),
    });
    expect(res.status).toBe(200);
    const here = withSetCookies(p.here, res.headers.getSetCookie());
    expect(cookieValue(here, SESSION)).not.toBe(cookieValue(copyOfHere, SESSION));

    await ended(p.other, p.documentId);
    await ended(copyOfHere, p.documentId);
    await closedAndRefused(socket);
    await standing(here, p.documentId);
  });

  it('an admin’s password reset ends every session of that person and closes their sockets', async () => {
    const p = await person();
    const socket = await liveSocket(p.here, p.documentId);
    expect((await api(server.url, admin, 'POST', `/api/users/${p.id}/password`)).status).toBe(200);
    await ended(p.here, p.documentId);
    await ended(p.other, p.documentId);
    await closedAndRefused(socket);
    await standing(admin, p.documentId);
  });

  it('“sign out everywhere” ends every session of the person, the one that asked too, and closes their sockets', async () => {
    const p = await person();
    const socket = await liveSocket(p.other, p.documentId);
    expect((await api(server.url, p.here, 'POST', '/api/me/sign-out-everywhere')).status).toBe(200);
    await ended(p.here, p.documentId);
    await ended(p.other, p.documentId);
    await closedAndRefused(socket);
    // Signing in again works, at the new epoch.
    await standing(await signIn(server.url, p.email, PASSWORD), p.documentId);
  });

  it('signing out ends that session on the server: a copy of its cookie is refused and its sockets close, while other sessions go on', async () => {
    const p = await person();
    const socket = await liveSocket(p.here, p.documentId);
    const { csrfToken } = (await (await fetch(`${server.url}/api/auth/csrf`, { headers: { Cookie: p.here } })).json()) as { csrfToken: string };
    const res = await fetch(`${server.url}/api/auth/signout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: p.here, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken, json: 'true' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().some((c) => c.startsWith(`${SESSION}=;`))).toBe(true);

    await ended(p.here, p.documentId); // the copy kept from before the sign-out
    await closedAndRefused(socket);
    await standing(p.other, p.documentId);
  });

  it('deactivating an account ends its sessions, and reactivating it does not bring them back', async () => {
    const p = await person();
    const socket = await liveSocket(p.here, p.documentId);
    expect((await api(server.url, admin, 'PATCH', `/api/users/${p.id}`, { active: false })).status).toBe(200);
    await closedAndRefused(socket);
    expect((await api(server.url, admin, 'PATCH', `/api/users/${p.id}`, { active: true })).status).toBe(200);
    await ended(p.here, p.documentId);
    await ended(p.other, p.documentId);
  });

  it('a validly signed token without a session id and epoch (as issued before sessions could end) is refused', async () => {
    const p = await person();
    const secret = SECRET;
    const old = await encode({ token: { sub: p.id, email: p.email, name: 'Person' }, secret, maxAge: 3600 });
    await ended(`${SESSION}=${old}`, p.documentId);
    // The same, with the session id and epoch the sign-in gives, stands: only those differ
    // (epoch 1: the person replaced the password the admin gave them once).
    const current = await encode({ token: { sub: p.id, email: p.email, name: 'Person', sid: 'a-session', epoch: 1 }, secret, maxAge: 3600 });
    await standing(`${SESSION}=${current}`, p.documentId);
  });
});
