import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createDocument } from '@/tests/factories/documents';
import { connectClient, waitSynced, type CollabClient } from '@/tests/helpers/collab';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { freshDatabase, freshRedisPrefix, probePostgres, probeRedis, REDIS_TEST_URL, type FreshDatabase } from '@/tests/helpers/services';
import { servicesSuite } from '@/tests/helpers/services-suite';
import { signIn } from '@/tests/helpers/session';

const TOKEN = 'metrics-token-for-the-test-0123456789';

/** GET /metrics with `authorization`; the status and the text. */
async function scrape(server: TestServer, authorization?: string): Promise<{ status: number; text: string; type: string | null }> {
  const res = await fetch(`${server.url}/metrics`, { headers: authorization ? { Authorization: authorization } : {} });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
}

/** The value of one sample line (`name{labels} value`), or null when absent. */
function sample(text: string, series: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : null;
}

describe('metrics: off unless METRICS_TOKEN is set, and then only with the token', () => {
  let server: TestServer;
  afterAll(() => server?.stop());

  it('without METRICS_TOKEN, /metrics is a 404 like any unknown path; /livez and /readyz answer', async () => {
    server = await startServer();
    const metrics = await scrape(server, `Bearer ${TOKEN}`);
    const unknown = await fetch(`${server.url}/no-such-page-here`);
    expect(metrics.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(metrics.text).not.toContain('communique_');

    const live = await fetch(`${server.url}/livez`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', process: 'ok', storage: 'ok', pubsub: 'off', renderer: 'ok' });
  });
});

describe('metrics with METRICS_TOKEN', () => {
  let server: TestServer;
  let drafter: string;
  let viewer: string;
  const clients: CollabClient[] = [];

  beforeAll(async () => {
    server = await startServer({ env: { METRICS_TOKEN: TOKEN, MAX_MESSAGE_BYTES: String(64 * 1024) } });
    [drafter, viewer] = await Promise.all([signIn(server.url, 'drafter@example.org'), signIn(server.url, 'viewer@example.org')]);
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.stop();
  });

  it('refuses a missing or wrong token with 401 and an error body, and serves Prometheus text with the right one', async () => {
    for (const auth of [undefined, 'Bearer wrong-token-0123456789', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`]) {
      const res = await scrape(server, auth);
      expect(res.status, String(auth)).toBe(401);
      expect(JSON.parse(res.text).error.code).toBe('unauthenticated');
    }
    const ok = await scrape(server, `Bearer ${TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.type).toContain('text/plain');
    expect(ok.text).toContain('# TYPE communique_collab_commit_duration_seconds histogram');
    expect(ok.text).toContain('# TYPE communique_http_requests_total counter');
    expect(ok.text).toContain('process_cpu_seconds_total');
  });

  it('counts connections, loaded documents, messages by type, commits, refusals, HTTP by route template and sign-in failures — and no ids', async () => {
    const docId = await createDocument(server.url, drafter);
    const writer = connectClient(server.url, docId, drafter);
    const reader = connectClient(server.url, docId, viewer);
    clients.push(writer, reader);
    await Promise.all([waitSynced(writer), waitSynced(reader)]);
    for (let i = 0; i < 5; i++) writer.appendParagraph(`Paraqraf ${i}`);
    reader.appendParagraph('A viewer’s words, which the server drops.');
    await waitFor(() => reader.text().includes('Paraqraf 4'), 'the paragraphs at the reader');

    // A frame that is not the protocol: closed as malformed, and counted.
    const raw = new WebSocket(`${server.url.replace('http', 'ws')}/collab/${docId}`, { headers: { Cookie: drafter } });
    await new Promise((r) => raw.once('open', r));
    raw.send(new Uint8Array([77, 1, 2]));
    await new Promise((r) => raw.once('close', r));
    // A frame over MAX_MESSAGE_BYTES: closed with 1009, and counted.
    const big = new WebSocket(`${server.url.replace('http', 'ws')}/collab/${docId}`, { headers: { Cookie: drafter } });
    big.on('error', () => {});
    await new Promise((r) => big.once('open', r));
    big.send(new Uint8Array(65 * 1024));
    expect(await new Promise((r) => big.once('close', r))).toBe(1009);

    // Two failed sign-ins, and requests on a route with an id.
    for (let i = 0; i < 2; i++) await expect(signIn(server.url, 'drafter@example.org', 'not-the-password')).rejects.toThrow();
    const read = await fetch(`${server.url}/api/documents/${docId}`, { headers: { Cookie: drafter } });
    expect(read.status).toBe(200);
    await read.text();

    let text = '';
    await waitFor(async () => {
      text = (await scrape(server, `Bearer ${TOKEN}`)).text;
      return (
        (sample(text, 'communique_collab_updates_refused_total{reason="read_only"}') ?? 0) >= 1 &&
        sample(text, 'communique_http_requests_total{route="/api/documents/[id]",method="GET",status="200"}') === 1
      );
    }, 'the viewer’s update counted as refused, and the read of the document');
    expect(sample(text, 'communique_collab_connections')).toBe(2);
    expect(sample(text, 'communique_collab_documents_loaded')).toBe(1);
    expect(sample(text, 'communique_collab_messages_received_total{type="sync_step1"}')).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'communique_collab_messages_received_total{type="update"}')).toBeGreaterThanOrEqual(5);
    expect(sample(text, 'communique_collab_messages_received_total{type="awareness"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'communique_collab_updates_committed_total')).toBeGreaterThanOrEqual(5);
    expect(sample(text, 'communique_collab_commit_duration_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'communique_collab_updates_refused_total{reason="malformed"}')).toBe(1);
    expect(sample(text, 'communique_collab_updates_refused_total{reason="too_large"}')).toBe(1);
    expect(sample(text, 'communique_collab_updates_refused_total{reason="refused_copy"}')).toBe(0);
    expect(sample(text, 'communique_sign_in_failures_total')).toBe(2);
    expect(sample(text, 'communique_sign_in_throttled_total')).toBe(0);
    expect(sample(text, 'communique_http_requests_total{route="/api/documents/[id]",method="GET",status="200"}')).toBe(1);
    expect(sample(text, 'communique_http_requests_total{route="/api/documents",method="POST",status="201"}')).toBe(1);
    // No document id and no user id anywhere: route templates, types and reasons only.
    expect(text).not.toContain(docId);
    const { body: me } = await fetch(`${server.url}/api/auth/session`, { headers: { Cookie: drafter } }).then(async (r) => ({
      body: (await r.json()) as { user?: { id?: string } },
    }));
    if (me.user?.id) expect(text).not.toContain(me.user.id);
    expect(text).not.toMatch(/route="\/api\/documents\/[A-Za-z0-9_-]{8,}/);
  });

  it('counts a sign-in the throttle refused apart from the failures before it', async () => {
    const before = (await scrape(server, `Bearer ${TOKEN}`)).text;
    const failures = sample(before, 'communique_sign_in_failures_total')!;
    // Five failures on one account, then the sixth attempt is refused before its password is checked.
    for (let i = 0; i < 6; i++) await expect(signIn(server.url, 'nobody-here@example.org', 'guess')).rejects.toThrow();
    const after = (await scrape(server, `Bearer ${TOKEN}`)).text;
    expect(sample(after, 'communique_sign_in_failures_total')).toBe(failures + 5);
    expect(sample(after, 'communique_sign_in_throttled_total')).toBe(1);
  });

  it('counts exports by format with their duration', async () => {
    const docId = await createDocument(server.url, drafter);
    const res = await fetch(`${server.url}/api/documents/${docId}/export.docx`, { headers: { Cookie: drafter } });
    await res.arrayBuffer();
    const text = (await scrape(server, `Bearer ${TOKEN}`)).text;
    const outcome = res.status === 200 ? 'ok' : 'failed';
    expect(res.status).toBe(200);
    expect(sample(text, `communique_exports_total{format="docx",outcome="${outcome}"}`)).toBe(1);
    expect(sample(text, 'communique_export_duration_seconds_count{format="docx"}')).toBe(1);
  });
});

/** The JSON log lines a server wrote with message `msg`. */
function logLines(server: TestServer, msg: string): Record<string, unknown>[] {
  return server
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => l.msg === msg);
}

describe('request and socket logs', () => {
  let server: TestServer;
  const clients: CollabClient[] = [];
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.stop();
  });

  it('log every request and socket with its request id, user id and document id, as JSON lines', async () => {
    server = await startServer({ env: { LOG_LEVEL: 'info' } });
    const drafter = await signIn(server.url, 'drafter@example.org');
    const docId = await createDocument(server.url, drafter);
    // A client's own X-Request-Id is not taken without TRUST_PROXY: the server makes one.
    const res = await fetch(`${server.url}/api/documents/${docId}`, { headers: { Cookie: drafter, 'X-Request-Id': 'forged' } });
    await res.text();
    const requestId = res.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    let line: Record<string, unknown> | undefined;
    await waitFor(() => (line = logLines(server, 'request').find((l) => l.requestId === requestId)) !== undefined, 'the request’s log line');
    expect(line).toMatchObject({ level: 'info', method: 'GET', route: '/api/documents/[id]', status: 200, doc: docId });
    expect(line!.user).toEqual(expect.any(String));
    const user = line!.user;

    const client = connectClient(server.url, docId, drafter);
    clients.push(client);
    await waitSynced(client);
    client.destroy();
    await waitFor(() => logLines(server, 'socket closed').some((l) => l.doc === docId), 'the socket’s closing line');
    const opened = logLines(server, 'socket opened').find((l) => l.doc === docId)!;
    const closed = logLines(server, 'socket closed').find((l) => l.doc === docId)!;
    expect(opened).toMatchObject({ user, doc: docId, writable: true, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(closed).toMatchObject({ user, doc: docId, requestId: opened.requestId });
  });
});

const [postgres, redis] = await Promise.all([probePostgres(), probeRedis()]);

servicesSuite('metrics and readiness of two processes on PostgreSQL and Redis', [postgres, redis], () => {
  const SECRET = 'operations-suite-secret-0123456789abcdef';
  let database: FreshDatabase;
  const servers: TestServer[] = [];
  const clients: CollabClient[] = [];
  afterAll(async () => {
    for (const c of clients) c.destroy();
    for (const s of servers) await s.stop();
    await database?.drop();
  });

  it('measures the lag of updates relayed from the other process, and /readyz names the relay', async () => {
    database = await freshDatabase('cq_ops');
    const env = { DATABASE_URL: database.url, NEXTAUTH_SECRET: SECRET, REDIS_URL: REDIS_TEST_URL, REDIS_PREFIX: freshRedisPrefix(), METRICS_TOKEN: TOKEN };
    const [a, b] = await Promise.all([startServer({ env }), startServer({ env })]);
    servers.push(a!, b!);
    const ready = await fetch(`${b!.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', storage: 'ok', pubsub: 'ok', renderer: 'ok' });

    const drafter = await signIn(a!.url, 'drafter@example.org');
    const docId = await createDocument(a!.url, drafter);
    const writer = connectClient(a!.url, docId, drafter);
    const reader = connectClient(b!.url, docId, await signIn(b!.url, 'viewer@example.org'));
    clients.push(writer, reader);
    await Promise.all([waitSynced(writer), waitSynced(reader)]);
    for (let i = 0; i < 5; i++) writer.appendParagraph(`Relayed ${i}`);
    await waitFor(() => reader.text().includes('Relayed 4'), 'the paragraphs at the other process');

    const atB = (await scrape(b!, `Bearer ${TOKEN}`)).text;
    expect(sample(atB, 'communique_collab_relay_lag_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(sample(atB, 'communique_collab_updates_committed_total')).toBe(0);
    const atA = (await scrape(a!, `Bearer ${TOKEN}`)).text;
    expect(sample(atA, 'communique_collab_updates_committed_total')).toBeGreaterThanOrEqual(5);
    expect(sample(atA, 'communique_collab_relay_lag_seconds_count')).toBe(0);
  });
});
