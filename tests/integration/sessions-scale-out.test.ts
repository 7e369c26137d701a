import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDocument } from '@/tests/factories/documents';
import { connectClient, waitSynced, type CollabClient } from '@/tests/helpers/collab';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { freshDatabase, freshRedisPrefix, probePostgres, probeRedis, REDIS_TEST_URL, type FreshDatabase } from '@/tests/helpers/services';
import { servicesSuite } from '@/tests/helpers/services-suite';
import { api, signIn } from '@/tests/helpers/session';
import { rawUpgrade } from '@/tests/helpers/upgrade';

const SECRET = 'sessions-scale-out-secret-0123456789abcdef';
const [postgres, redis] = await Promise.all([probePostgres(), probeRedis()]);

/** One password sign-in; returns its status. */
async function attempt(server: TestServer, email: string, password: string): Promise<number> {
  const csrf = await fetch(`${server.url}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${server.url}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Cookie: csrf.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; '),
    },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true' }),
  });
  await res.arrayBuffer();
  return res.status;
}

servicesSuite('sign-in throttling and ended sessions across processes (PostgreSQL and Redis)', [postgres, redis], () => {
  let database: FreshDatabase;
  let a: TestServer;
  let b: TestServer;
  const clients: CollabClient[] = [];

  beforeAll(async () => {
    database = await freshDatabase('cq_sessions');
    const env = { DATABASE_URL: database.url, NEXTAUTH_SECRET: SECRET, REDIS_URL: REDIS_TEST_URL, REDIS_PREFIX: freshRedisPrefix() };
    [a, b] = await Promise.all([startServer({ env }), startServer({ env })]);
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await Promise.all([a, b].map((s) => s?.stop()));
    await database?.drop();
  });

  it('failed sign-ins on one process count on the other: five split between two processes, and the sixth is refused on both', async () => {
    for (let i = 0; i < 5; i++) expect(await attempt(i % 2 ? a : b, 'reviewer@example.org', `wrong guess ${i}`)).toBe(401);
    expect(await attempt(a, 'reviewer@example.org', 'communique')).toBe(429);
    expect(await attempt(b, 'reviewer@example.org', 'communique')).toBe(429);
  });

  it('a session ended through one process is refused by the other, and its socket there closes', async () => {
    const onA = await signIn(a.url, 'drafter@example.org');
    const onB = await signIn(b.url, 'drafter@example.org');
    const id = await createDocument(b.url, onB);
    const client = connectClient(b.url, id, onB);
    clients.push(client);
    await waitSynced(client);
    const closes: number[] = [];
    client.provider.on('connection-close', (e: CloseEvent | null) => closes.push(e?.code ?? 0));

    expect((await api(a.url, onA, 'POST', '/api/me/sign-out-everywhere')).status).toBe(200);
    await waitFor(() => closes[0] === 4205, 'the socket on B to close with 4205');
    await waitFor(() => closes.length >= 2, 'its reconnect to be refused', 15_000);
    expect(client.provider.wsconnected).toBe(false);
    client.provider.disconnect();
    expect((await api(b.url, onB, 'GET', '/api/documents')).status).toBe(401);
    expect((await rawUpgrade(b, `/collab/${id}`, { Cookie: onB })).status).toBe(401);
  });
});
