import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createDocument } from '@/tests/factories/documents';
import { startBalancer, type Balancer } from '@/tests/helpers/balancer';
import { connectClient, roundTrip, waitSynced, type CollabClient } from '@/tests/helpers/collab';
import { haveRedisServer, startOwnRedis, type OwnRedis } from '@/tests/helpers/redis-server';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { freshDatabase, freshRedisPrefix, inCI, probePostgres, probeRedis, REDIS_TEST_URL, type FreshDatabase } from '@/tests/helpers/services';
import { servicesSuite } from '@/tests/helpers/services-suite';
import { api, signIn } from '@/tests/helpers/session';

const SECRET = 'scale-out-suite-secret-0123456789abcdef';
const [postgres, redis] = await Promise.all([probePostgres(), probeRedis()]);
const redisServer = haveRedisServer ? null : 'redis-server is not installed (the Redis restart test starts its own)';

type Health = { status: string; storage: string; pubsub: string };

/** A process of the cluster: same database, same secret, same relay. */
function startProcess(database: FreshDatabase, redisUrl: string, prefix: string): Promise<TestServer> {
  return startServer({ env: { DATABASE_URL: database.url, NEXTAUTH_SECRET: SECRET, REDIS_URL: redisUrl, REDIS_PREFIX: prefix } });
}

/** Resolves with the close code of the client's next disconnection. */
function nextClose(client: CollabClient): Promise<number> {
  return new Promise((resolve) => client.provider.once('connection-close', (e: CloseEvent | null) => resolve(e?.code ?? 0)));
}

/** The paragraphs of a document as its whole update log in PostgreSQL has them. */
async function storedParagraphs(url: string, id: string): Promise<string[]> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const { rows } = await db.query<{ data: Buffer }>('SELECT data FROM document_updates WHERE document_id = $1 ORDER BY seq', [id]);
    const ydoc = new Y.Doc();
    for (const row of rows) Y.applyUpdate(ydoc, new Uint8Array(row.data));
    return ydoc
      .getXmlFragment('default')
      .toArray()
      .map((node) =>
        node instanceof Y.XmlElement
          ? node
              .toArray()
              .map((t) => (t instanceof Y.XmlText ? t.toString() : ''))
              .join('')
          : '',
      );
  } finally {
    await db.end();
  }
}

servicesSuite('scale-out: several processes on PostgreSQL and Redis', [postgres, redis], () => {
  let database: FreshDatabase;
  const prefix = freshRedisPrefix();
  let a: TestServer;
  let b: TestServer;
  const extra: TestServer[] = [];
  const clients: CollabClient[] = [];
  const cookies: Record<string, string> = {};

  const client = (server: { url: string }, id: string, role: string) => {
    const c = connectClient(server.url, id, cookies[role]!);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    database = await freshDatabase('cq_scale');
    // Together, on an empty database: the migrations and the demo users happen once.
    [a, b] = await Promise.all([startProcess(database, REDIS_TEST_URL, prefix), startProcess(database, REDIS_TEST_URL, prefix)]);
    for (const role of ['admin', 'drafter', 'reviewer', 'viewer']) cookies[role] = await signIn(role === 'viewer' ? b.url : a.url, `${role}@example.org`);
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await Promise.all([a, b, ...extra].map((s) => s?.stop()));
    await database?.drop();
  });

  it('converges two clients on two processes, with presence, and a third process loads what both wrote', async () => {
    const health = await api<Health>(a.url, null, 'GET', '/api/health');
    expect(health).toEqual({ status: 200, body: { status: 'ok', storage: 'ok', pubsub: 'ok' } });
    const id = await createDocument(a.url, cookies.drafter!);
    const onA = client(a, id, 'drafter');
    const onB = client(b, id, 'reviewer');
    await Promise.all([waitSynced(onA), waitSynced(onB)]);
    onA.appendParagraph('Written on process A');
    onB.appendParagraph('Written on process B');
    onA.provider.awareness.setLocalStateField('cursor', { anchor: 1 });
    for (const [who, c] of [
      ['A', onA],
      ['B', onB],
    ] as const) {
      await waitFor(
        () => c.text().includes('Written on process A') && c.text().includes('Written on process B'),
        `the client on ${who} to have both paragraphs`,
      );
    }
    expect(onA.text()).toBe(onB.text());
    // B writes nothing more, so only the relay can bring this (B has no gap to notice).
    onA.appendParagraph('Relayed to B');
    await waitFor(() => onB.text().endsWith('Relayed to B'), 'the relay to bring A’s next paragraph to B');
    await waitFor(() => onB.provider.awareness.getStates().get(onA.ydoc.clientID)?.cursor !== undefined, 'A’s presence to reach B');
    expect(onB.provider.awareness.getStates().get(onA.ydoc.clientID)?.user).toMatchObject({ name: 'Daniyar Seitkali' });

    const c = await startProcess(database, REDIS_TEST_URL, prefix);
    extra.push(c);
    const onC = client(c, id, 'viewer');
    await waitSynced(onC);
    expect(onC.text()).toBe(onA.text());
  });

  it('closes sockets on another process (4205) when a transition, a role change or an access change happens on one; a submitted draft is read-only there', async () => {
    const id = await createDocument(a.url, cookies.drafter!);
    const writer = client(b, id, 'drafter');
    await waitSynced(writer);
    writer.appendParagraph('Final text');
    const reader = client(a, id, 'viewer');
    await waitFor(() => reader.text() === 'Final text', 'the text to reach A');

    const closed = nextClose(writer);
    const submitted = await api<{ state: string }>(a.url, cookies.drafter!, 'POST', `/api/documents/${id}/transitions`, { action: 'submit' });
    expect(submitted.body.state).toBe('in_review');
    expect(await closed).toBe(4205);
    // Judged again on B: read-only now. A write is dropped, never stored or relayed.
    await waitFor(() => writer.provider.wsconnected && writer.provider.synced, 'the writer to reconnect to B');
    writer.appendParagraph('Typed after the submission');
    await roundTrip(writer);
    const fresh = client(a, id, 'viewer');
    await waitSynced(fresh);
    expect(fresh.text()).toBe('Final text');
    const versions = await api<{ reason: string; contentHash: string }[]>(a.url, cookies.drafter!, 'GET', `/api/documents/${id}/versions`);
    expect(versions.body.some((v) => v.reason === 'submit')).toBe(true);

    // A role change made through A closes that person's sockets on B too.
    const draft = await createDocument(a.url, cookies.drafter!);
    const reviewerOnB = client(b, draft, 'reviewer');
    await waitSynced(reviewerOnB);
    const users = await api<{ id: string; email: string }[]>(a.url, cookies.admin!, 'GET', '/api/users');
    const reviewer = users.body.find((u) => u.email === 'reviewer@example.org')!;
    const reviewerClosed = nextClose(reviewerOnB);
    expect((await api(a.url, cookies.admin!, 'PATCH', `/api/users/${reviewer.id}`, { role: 'viewer' })).status).toBe(200);
    expect(await reviewerClosed).toBe(4205);
    expect((await api(a.url, cookies.admin!, 'PATCH', `/api/users/${reviewer.id}`, { role: 'reviewer' })).status).toBe(200);

    // So does an access change: restricted to its creator, the document closes for the reviewer on B.
    await waitFor(() => reviewerOnB.provider.wsconnected && reviewerOnB.provider.synced, 'the reviewer to reconnect to B');
    const accessClosed = nextClose(reviewerOnB);
    const access = await api(a.url, cookies.drafter!, 'PUT', `/api/documents/${draft}/access`, { restricted: true, members: ['drafter@example.org'] });
    expect(access.status).toBe(200);
    expect(await accessClosed).toBe(4205);
  });

  it('submits on one process exactly the text that is stored while a client on another keeps typing', async () => {
    const id = await createDocument(a.url, cookies.drafter!);
    const typist = client(b, id, 'drafter');
    const reader = client(a, id, 'viewer');
    await Promise.all([waitSynced(typist), waitSynced(reader)]);
    const closed = nextClose(typist);
    let stopped = false;
    void closed.then(() => (stopped = true));
    const typing = (async () => {
      for (let i = 1; i <= 400 && !stopped; i++) {
        typist.appendParagraph(`line ${i}`);
        await new Promise((r) => setTimeout(r, 4));
      }
    })();
    await waitFor(() => reader.text().includes('line 20'), 'the typing to reach A');
    const submitted = await api<{ state: string }>(a.url, cookies.drafter!, 'POST', `/api/documents/${id}/transitions`, { action: 'submit' });
    expect(submitted.status, `${JSON.stringify(submitted.body)}\n${a.output().slice(-4000)}`).toBe(200);
    expect(await closed).toBe(4205);
    await typing;

    const versions = await api<{ id: string; reason: string }[]>(a.url, cookies.drafter!, 'GET', `/api/documents/${id}/versions`);
    const version = versions.body.find((v) => v.reason === 'submit')!;
    const detail = await api<{ content: { content: { content?: { text: string }[] }[] } }>(
      a.url,
      cookies.drafter!,
      'GET',
      `/api/documents/${id}/versions/${version.id}`,
    );
    const submittedText = detail.body.content.content.map((p) => (p.content ?? []).map((t) => t.text).join(''));
    // Everything in the log is in the submitted version, and nothing was stored after it.
    expect(await storedParagraphs(database.url, id)).toEqual(submittedText);
    expect(submittedText.length).toBeGreaterThanOrEqual(20);
  });

  it('refuses, on every process, a client whose edits one process refused (B had the document open already)', async () => {
    const id = await createDocument(a.url, cookies.drafter!);
    const keeper = client(b, id, 'drafter'); // B loads the document before anything is refused
    const writerOnA = client(a, id, 'drafter');
    await Promise.all([waitSynced(keeper), waitSynced(writerOnA)]);
    keeper.appendParagraph('Kept.');
    const viewerOnA = client(a, id, 'viewer');
    await waitFor(async () => (await waitSynced(viewerOnA), viewerOnA.text() === 'Kept.'), 'the viewer on A to have the text');
    viewerOnA.appendParagraph('REFUSED: a viewer’s words.');
    await roundTrip(viewerOnA); // A has handled, and refused, the viewer's update
    const refusedId = viewerOnA.ydoc.clientID;
    const copy = Y.encodeStateAsUpdate(viewerOnA.ydoc);
    viewerOnA.destroy();
    // Relay messages from one process arrive in order: once B has A's next paragraph, it has
    // heard of the refusal that came before it.
    writerOnA.appendParagraph('After the refusal.');
    await waitFor(() => keeper.text().endsWith('After the refusal.'), 'A’s next paragraph at B');

    // The refused client replays its copy on B, over a writable connection.
    const ydoc = new Y.Doc();
    ydoc.clientID = refusedId;
    Y.applyUpdate(ydoc, copy);
    const replay = connectClient(b.url, id, cookies.drafter!, undefined, ydoc);
    clients.push(replay);
    expect(await nextClose(replay)).toBe(4410);
    replay.destroy();
    expect(await storedParagraphs(database.url, id)).toEqual(['Kept.', 'After the refusal.']);
  });

  it('loses nothing acknowledged when a process is killed (-9) while clients type; its clients carry on on another', async () => {
    const id = await createDocument(a.url, cookies.drafter!);
    const balancer: Balancer = await startBalancer([a.port, b.port]); // everything to A while it lives
    try {
      const typist = client(balancer, id, 'drafter'); // lives on: reconnects through the balancer
      const crashed = client(balancer, id, 'drafter'); // gone with A: only what was acknowledged remains
      const watcher = client(b, id, 'reviewer');
      await Promise.all([waitSynced(typist), waitSynced(crashed), waitSynced(watcher)]);
      expect(balancer.routed[0]).toBe(2);

      const typed: string[] = [];
      let seenAtKill: string[] = [];
      for (let i = 1; i <= 40; i++) {
        typist.appendParagraph(`typist ${i}`);
        crashed.appendParagraph(`crashed ${i}`);
        typed.push(`typist ${i}`);
        if (i === 20) {
          await waitFor(() => watcher.text().includes('crashed 10'), 'B to have seen some of A’s commits');
          await a.kill9();
          seenAtKill = watcher.text().split('\n').filter(Boolean);
          crashed.destroy();
        }
        await new Promise((r) => setTimeout(r, 5)); // pace the typing, so it spans the kill
      }
      expect(seenAtKill.length).toBeGreaterThan(0);
      await waitFor(() => typed.every((t) => watcher.text().includes(t)), 'every paragraph of the typist to reach B through its new connection', 20_000);
      expect(balancer.routed[1]).toBeGreaterThan(0);

      // A process that loads from PostgreSQL has every paragraph anyone saw, and the typist's.
      const later = await startProcess(database, REDIS_TEST_URL, prefix);
      extra.push(later);
      const reader = client(later, id, 'viewer');
      await waitSynced(reader);
      const stored = reader.text().split('\n');
      for (const p of [...seenAtKill, ...typed]) expect(stored).toContain(p);
      expect(new Set(stored).size).toBe(stored.length); // nothing applied twice
    } finally {
      await balancer.close();
    }
  });
});

servicesSuite('scale-out: Redis restarted mid-session', [postgres, inCI ? null : redisServer], () => {
  let database: FreshDatabase;
  let ownRedis: OwnRedis;
  let a: TestServer;
  let b: TestServer;
  const extra: TestServer[] = [];
  const clients: CollabClient[] = [];
  const prefix = freshRedisPrefix();

  beforeAll(async () => {
    if (!haveRedisServer) throw new Error('redis-server is missing and CI is set: install it (apt-get install redis-server).');
    database = await freshDatabase('cq_redis');
    ownRedis = await startOwnRedis();
    [a, b] = await Promise.all([startProcess(database, ownRedis.url, prefix), startProcess(database, ownRedis.url, prefix)]);
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await Promise.all([a, b, ...extra].map((s) => s?.stop()));
    await ownRedis?.stop();
    await database?.drop();
  });

  it('keeps serving each process’s clients while Redis is down, says so on /api/health, and catches up and judges sockets again when it is back', async () => {
    const drafter = await signIn(a.url, 'drafter@example.org');
    const id = await createDocument(a.url, drafter);
    const onA = connectClient(a.url, id, drafter);
    const onB = connectClient(b.url, id, await signIn(b.url, 'reviewer@example.org'));
    clients.push(onA, onB);
    await Promise.all([waitSynced(onA), waitSynced(onB)]);
    onA.appendParagraph('before the outage');
    await waitFor(() => onB.text() === 'before the outage', 'B to see A’s paragraph');

    await ownRedis.kill();
    for (const server of [a, b]) {
      await waitFor(async () => (await api<Health>(server.url, null, 'GET', '/api/health')).body.pubsub === 'down', 'health to report pub/sub down');
    }
    const down = await api<Health>(a.url, null, 'GET', '/api/health');
    expect(down).toEqual({ status: 503, body: { status: 'unavailable', storage: 'ok', pubsub: 'down' } });

    // Each process still serves its own clients (stored before relayed, as always).
    const localOnA = connectClient(a.url, id, drafter);
    clients.push(localOnA);
    onA.appendParagraph('during the outage, on A');
    onB.appendParagraph('during the outage, on B');
    await waitFor(() => localOnA.text().includes('during the outage, on A'), 'A to relay to its own clients');
    await waitFor(() => onB.text().includes('during the outage, on B'), 'B to take its client’s paragraph');
    // A role change made through A: its request to close the reviewer's sockets on B is lost.
    const admin = await signIn(a.url, 'admin@example.org');
    const users = await api<{ id: string; email: string }[]>(a.url, admin, 'GET', '/api/users');
    const reviewer = users.body.find((u) => u.email === 'reviewer@example.org')!;
    expect((await api(a.url, admin, 'PATCH', `/api/users/${reviewer.id}`, { role: 'viewer' })).status).toBe(200);
    const rejudged = nextClose(onB);

    await ownRedis.restart();
    for (const server of [a, b]) {
      await waitFor(async () => (await api<Health>(server.url, null, 'GET', '/api/health')).status === 200, 'health to recover', 20_000);
    }
    const all = ['before the outage', 'during the outage, on A', 'during the outage, on B'];
    for (const [who, c] of [
      ['A', onA],
      ['B', onB],
    ] as const) {
      await waitFor(() => all.every((p) => c.text().includes(p)), `the client on ${who} to catch up`, 20_000);
    }
    expect(onA.text()).toBe(onB.text());
    // B judged its sockets again once Redis was back: the reviewer, a viewer now, was closed.
    expect(await rejudged).toBe(4205);
    // And the relay works again.
    onA.appendParagraph('after the outage');
    await waitFor(() => onB.text().includes('after the outage'), 'the relay to work again');
  });

  it('starts a process while Redis is down, and connects it to the others once Redis is up', async () => {
    await ownRedis.kill();
    const late = await startProcess(database, ownRedis.url, prefix);
    extra.push(late);
    expect((await api<Health>(late.url, null, 'GET', '/api/health')).body).toMatchObject({ storage: 'ok', pubsub: 'down' });
    await ownRedis.restart();
    for (const server of [a, b, late]) {
      await waitFor(async () => (await api<Health>(server.url, null, 'GET', '/api/health')).status === 200, 'health to recover', 20_000);
    }
    const drafter = await signIn(late.url, 'drafter@example.org');
    const id = await createDocument(late.url, drafter);
    const onLate = connectClient(late.url, id, drafter);
    const onA = connectClient(a.url, id, drafter);
    clients.push(onLate, onA);
    await Promise.all([waitSynced(onLate), waitSynced(onA)]);
    onLate.appendParagraph('from the late process');
    await waitFor(() => onA.text() === 'from the late process', 'the late process’s edit to be relayed to A');
  });
});
