import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MESSAGE } from '@/lib/collab/protocol';
import type { ThreadList, ThreadView } from '@/lib/comments/threads';
import { createDocument } from '@/tests/factories/documents';
import { connectClient, roundTrip, waitSynced, type CollabClient } from '@/tests/helpers/collab';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { freshDatabase, freshRedisPrefix, probePostgres, probeRedis, REDIS_TEST_URL, type FreshDatabase } from '@/tests/helpers/services';
import { servicesSuite } from '@/tests/helpers/services-suite';
import { api, signIn } from '@/tests/helpers/session';

const SECRET = 'threads-scale-out-secret-0123456789abcdef';
const [postgres, redis] = await Promise.all([probePostgres(), probeRedis()]);

servicesSuite('comment threads on several processes (PostgreSQL + Redis)', [postgres, redis], () => {
  let database: FreshDatabase;
  const prefix = freshRedisPrefix();
  let a: TestServer;
  let b: TestServer;
  const cookies: Record<string, string> = {};
  const clients: CollabClient[] = [];

  beforeAll(async () => {
    database = await freshDatabase('cq_threads');
    const env = { DATABASE_URL: database.url, NEXTAUTH_SECRET: SECRET, REDIS_URL: REDIS_TEST_URL, REDIS_PREFIX: prefix };
    a = await startServer({ env });
    b = await startServer({ env });
    for (const role of ['drafter', 'reviewer']) cookies[role] = await signIn(a.url, `${role}@example.org`);
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await Promise.all([a, b].map((s) => s?.stop()));
    await database?.drop();
  });

  it('delivers [101] to a subscribed socket on another process when a thread is made, answered or resolved on one', async () => {
    const id = await createDocument(a.url, cookies.drafter!);
    const writer = connectClient(b.url, id, cookies.drafter!);
    clients.push(writer);
    await waitSynced(writer);
    writer.appendParagraph('Written on process B, commented on process A.');

    const ws = new WebSocket(`${b.url.replace(/^http/, 'ws')}/collab/${id}`, { headers: { Cookie: cookies.reviewer! } });
    const types: number[] = [];
    ws.on('message', (data: Buffer) => types.push(decoding.readVarUint(decoding.createDecoder(new Uint8Array(data)))));
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    try {
      ws.send(Uint8Array.of(MESSAGE.threads));
      await roundTrip(ws);
      const count = () => types.filter((t) => t === MESSAGE.threads).length;

      // The paragraph is in the log before A reads it: A anchors on what B's client wrote.
      let made: { status: number; body: ThreadView } = { status: 0, body: null as unknown as ThreadView };
      await waitFor(async () => {
        made = await api<ThreadView>(a.url, cookies.reviewer!, 'POST', `/api/documents/${id}/threads`, {
          anchor: { exact: 'commented on process A' },
          body: 'From A.',
        });
        return made.status === 201;
      }, 'the thread to be made on A');
      await waitFor(() => count() >= 1, 'the [101] from A to reach the socket on B', 1000);
      const before = count();
      await api(a.url, cookies.drafter!, 'POST', `/api/documents/${id}/threads/${made.body.id}/comments`, { body: 'Answered on A.' });
      await waitFor(() => count() > before, 'the reply’s [101] on B', 1000);
      const resolved = count();
      await api(a.url, cookies.reviewer!, 'PATCH', `/api/documents/${id}/threads/${made.body.id}`, { resolved: true });
      await waitFor(() => count() > resolved, 'the resolve’s [101] on B', 1000);

      // B answers the same threads, anchored on its live copy.
      const onB = (await api<ThreadList>(b.url, cookies.drafter!, 'GET', `/api/documents/${id}/threads`)).body.threads;
      expect(onB).toHaveLength(1);
      expect(onB[0]).toMatchObject({
        quote: 'commented on process A',
        resolved: true,
        onDeletedText: false,
        comments: [{ body: 'From A.' }, { body: 'Answered on A.' }],
      });
    } finally {
      ws.close();
    }
  });
});
