import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDocument } from '@/tests/factories/documents';
import { connectClient, waitSynced } from '@/tests/helpers/collab';
import { serverArgs, startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { freshDatabase, probePostgres, type FreshDatabase } from '@/tests/helpers/services';
import { servicesSuite } from '@/tests/helpers/services-suite';
import { api, signIn } from '@/tests/helpers/session';

const SECRET = 'postgres-suite-secret-0123456789abcdef';
const postgres = await probePostgres();

servicesSuite('one process on PostgreSQL', [postgres], () => {
  let database: FreshDatabase;
  let server: TestServer;

  beforeAll(async () => {
    database = await freshDatabase('cq_single');
    server = await startServer({ env: { DATABASE_URL: database.url, NEXTAUTH_SECRET: SECRET } });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('refuses to start on PostgreSQL without NEXTAUTH_SECRET, saying why', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: database.url, PORT: '0', HOST: '127.0.0.1' };
    delete env.NEXTAUTH_SECRET;
    const run = spawnSync(process.execPath, serverArgs(), { env, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/NEXTAUTH_SECRET: required when DATABASE_URL is set/);
  });

  it('seeds the demo users into PostgreSQL and serves a document with durable edits', async () => {
    const cookie = await signIn(server.url, 'drafter@example.org');
    const id = await createDocument(server.url, cookie);
    const writer = connectClient(server.url, id, cookie);
    await waitSynced(writer);
    writer.appendParagraph('Stored in PostgreSQL');
    const reader = connectClient(server.url, id, await signIn(server.url, 'viewer@example.org'));
    try {
      await waitFor(() => reader.text() === 'Stored in PostgreSQL', 'the viewer to see the edit');
    } finally {
      writer.destroy();
      reader.destroy();
    }
    // A restarted process loads the document from the database.
    await server.stop();
    server = await startServer({ env: { DATABASE_URL: database.url, NEXTAUTH_SECRET: SECRET } });
    const again = connectClient(server.url, id, await signIn(server.url, 'drafter@example.org'));
    try {
      await waitSynced(again);
      expect(again.text()).toBe('Stored in PostgreSQL');
    } finally {
      again.destroy();
    }
  });

  it('reports storage ok and pub/sub off on /api/health, then 503 naming storage when the database is gone', async () => {
    const ok = await api<{ status: string; storage: string; pubsub: string }>(server.url, null, 'GET', '/api/health');
    expect(ok).toEqual({ status: 200, body: { status: 'ok', storage: 'ok', pubsub: 'off' } });
    await database.drop(); // the test's own database: its connections are ended with it
    const down = await api<{ status: string; storage: string }>(server.url, null, 'GET', '/api/health');
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'unavailable', storage: 'down' });
  });
});
