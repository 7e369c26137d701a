import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDocument } from '@/tests/factories/documents';
import { connectClient, roundTrip, waitSynced, type CollabClient } from '@/tests/helpers/collab';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { freshDatabase, freshRedisPrefix, probePostgres, probeRedis, REDIS_TEST_URL, type FreshDatabase } from '@/tests/helpers/services';
import { servicesSuite } from '@/tests/helpers/services-suite';
import { api, signIn } from '@/tests/helpers/session';
import { rawUpgrade } from '@/tests/helpers/upgrade';

const SECRET = 'delete-scale-out-secret-0123456789abcdef';
const METRICS_TOKEN = 'delete-scale-out-metrics-0123456789abcdef';
const [postgres, redis] = await Promise.all([probePostgres(), probeRedis()]);

/** How many documents a process holds in memory, from its /metrics. */
async function documentsLoaded(server: TestServer): Promise<number> {
  const res = await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
  const line = (await res.text()).split('\n').find((l) => l.startsWith('communique_collab_documents_loaded '));
  if (!line) throw new Error('no communique_collab_documents_loaded in /metrics');
  return Number(line.split(' ')[1]);
}

/** Issue 22: a draft deleted through one process while another holds it open. */
servicesSuite('deleting a draft another process holds open (PostgreSQL and Redis)', [postgres, redis], () => {
  let database: FreshDatabase;
  let a: TestServer;
  let b: TestServer;
  const clients: CollabClient[] = [];

  beforeAll(async () => {
    database = await freshDatabase('cq_delete');
    const env = { DATABASE_URL: database.url, NEXTAUTH_SECRET: SECRET, REDIS_URL: REDIS_TEST_URL, REDIS_PREFIX: freshRedisPrefix(), METRICS_TOKEN };
    [a, b] = await Promise.all([startServer({ env }), startServer({ env })]);
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await Promise.all([a, b].map((s) => s?.stop()));
    await database?.drop();
  });

  it('the other process closes its sockets with 4205, drops its copy at once and never writes to the deleted draft', async () => {
    const onA = await signIn(a.url, 'drafter@example.org');
    const onB = await signIn(b.url, 'drafter@example.org');
    const id = await createDocument(a.url, onA, { title: 'Test draft held open elsewhere' });
    const client = connectClient(b.url, id, onB);
    clients.push(client);
    await waitSynced(client);
    client.appendParagraph('typed on B before the deletion');
    await roundTrip(client);
    expect(await documentsLoaded(b)).toBe(1);
    const closes: number[] = [];
    client.provider.on('connection-close', (e: CloseEvent | null) => closes.push(e?.code ?? 0));

    const res = await fetch(`${a.url}/api/documents/${id}`, { method: 'DELETE', headers: { Cookie: onA } });
    expect(res.status).toBe(204);

    // 4205 is the code the editor understands: it asks the REST API why, hears 404, and stops.
    await waitFor(() => closes[0] === 4205, 'the socket on B to close with 4205');
    expect((await api(b.url, onB, 'GET', `/api/documents/${id}`)).status).toBe(404);
    client.provider.disconnect();
    expect((await rawUpgrade(b, `/collab/${id}`, { Cookie: onB, Origin: b.url })).status).toBe(404);
    // B lets go of its copy now, well before a transition's freeze would have run out (15 s).
    await waitFor(async () => (await documentsLoaded(b)) === 0, 'B to drop its copy of the deleted draft', 5_000);
    expect(await documentsLoaded(a)).toBe(0);
    for (const server of [a, b]) expect(server.output()).not.toMatch(/eviction failed|a relay message could not be handled/);
  });
});
