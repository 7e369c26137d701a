import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocument } from '@/tests/factories/documents';
import { startServer, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

type ErrorBody = { error: { code: string; message: string } };
type DocBody = {
  id: string;
  title: string;
  kind: string;
  language: string;
  state: string;
  dateline: unknown;
  abilities: Record<string, boolean>;
  createdAt: string;
  updatedAt: string;
  embargoUntil: null;
};

describe('documents REST', () => {
  let server: TestServer;
  let drafter: string;
  let viewer: string;

  beforeAll(async () => {
    server = await startServer();
    [drafter, viewer] = await Promise.all([signIn(server.url, 'drafter@example.org'), signIn(server.url, 'viewer@example.org')]);
  });
  afterAll(async () => server?.stop());

  it('sign-in with a wrong password gives no session', async () => {
    await expect(signIn(server.url, 'drafter@example.org', 'wrong')).rejects.toThrow(/sign-in as drafter@example.org failed/);
  });

  it('signed out, every route answers 401 with an error body', async () => {
    for (const [method, path] of [
      ['GET', '/api/documents'],
      ['POST', '/api/documents'],
      ['GET', '/api/documents/x'],
      ['PATCH', '/api/documents/x'],
    ] as const) {
      const res = await api<ErrorBody>(server.url, null, method, path, method === 'GET' ? undefined : {});
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
    }
  });

  it('a drafter creates, reads, lists and renames a draft', async () => {
    const created = await api<DocBody>(server.url, drafter, 'POST', '/api/documents', {
      title: '  Birgə bəyannamə — İstanbul  ',
      kind: 'declaration',
      language: 'AZ',
      dateline: { place: 'İstanbul', date: '2022-01-11' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      title: 'Birgə bəyannamə — İstanbul',
      kind: 'declaration',
      language: 'az',
      state: 'draft',
      dateline: { place: 'İstanbul', date: '2022-01-11' },
      embargoUntil: null,
      abilities: { read: true, edit: true, update: true },
    });
    expect(created.body.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);

    const got = await api<DocBody>(server.url, viewer, 'GET', `/api/documents/${created.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body.abilities).toMatchObject({ read: true, edit: false, update: false, submit: false });

    const list = await api<DocBody[]>(server.url, viewer, 'GET', '/api/documents');
    expect(list.body.map((d) => d.id)).toContain(created.body.id);

    const patched = await api<DocBody>(server.url, drafter, 'PATCH', `/api/documents/${created.body.id}`, { title: 'Qoşma bəyannamə', dateline: null });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ title: 'Qoşma bəyannamə', dateline: null, language: 'az' });
  });

  it('answers errors in the contract’s order: 404, 403, 400, 422', async () => {
    const id = await createDocument(server.url, drafter);
    const unknown = await api<ErrorBody>(server.url, drafter, 'PATCH', '/api/documents/no-such-document', '{not json');
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'not_found']);

    // A viewer with a malformed body is refused for their role first.
    const viewerPatch = await api<ErrorBody>(server.url, viewer, 'PATCH', `/api/documents/${id}`, '{not json');
    expect([viewerPatch.status, viewerPatch.body.error.code]).toEqual([403, 'forbidden']);
    const viewerCreate = await api<ErrorBody>(server.url, viewer, 'POST', '/api/documents', { title: 'x', kind: 'statement', language: 'en' });
    expect(viewerCreate.status).toBe(403);

    const notJson = await api<ErrorBody>(server.url, drafter, 'POST', '/api/documents', '{not json');
    expect([notJson.status, notJson.body.error.code]).toEqual([400, 'bad_request']);
    const wrongType = await api<ErrorBody>(server.url, drafter, 'POST', '/api/documents', { title: 5, kind: 'statement', language: 'en' });
    expect(wrongType.status).toBe(400);
    const missing = await api<ErrorBody>(server.url, drafter, 'POST', '/api/documents', { title: 'No kind' });
    expect(missing.status).toBe(400);
    const unknownField = await api<ErrorBody>(server.url, drafter, 'PATCH', `/api/documents/${id}`, { state: 'published' });
    expect(unknownField.status).toBe(400);

    const badKind = await api<ErrorBody>(server.url, drafter, 'POST', '/api/documents', { title: 'x', kind: 'memo', language: 'en' });
    expect([badKind.status, badKind.body.error.code]).toEqual([422, 'unprocessable']);
    const badLanguage = await api<ErrorBody>(server.url, drafter, 'POST', '/api/documents', { title: 'x', kind: 'speech', language: 'not a tag!' });
    expect(badLanguage.status).toBe(422);
    const badDate = await api<ErrorBody>(server.url, drafter, 'PATCH', `/api/documents/${id}`, { dateline: { place: 'Bakı', date: '2022-02-30' } });
    expect(badDate.status).toBe(422);
    const blankTitle = await api<ErrorBody>(server.url, drafter, 'PATCH', `/api/documents/${id}`, { title: '   ' });
    expect(blankTitle.status).toBe(422);
    for (const res of [badKind, badLanguage, badDate, blankTitle]) expect(res.body.error.message.length).toBeGreaterThan(10);
  });

  it('health reports storage without a session and reveals nothing else', async () => {
    const res = await api(server.url, null, 'GET', '/api/health');
    expect(res).toEqual({ status: 200, body: { status: 'ok', storage: 'ok', pubsub: 'off' } });
  });

  it('pages send signed-out visitors to sign in', async () => {
    const res = await fetch(`${server.url}/documents`, { redirect: 'manual' });
    expect([302, 303, 307, 308]).toContain(res.status);
    expect(res.headers.get('location')).toMatch(/\/signin/);
  });

  it('a changed role counts at the next request, without signing in again', async () => {
    const publisher = await signIn(server.url, 'publisher@example.org');
    const db = new Database(path.join(server.dataDir, 'communique.db'));
    try {
      db.prepare("UPDATE users SET role = 'viewer' WHERE email = 'publisher@example.org'").run();
      const demoted = await api<ErrorBody>(server.url, publisher, 'POST', '/api/documents', { title: 'x', kind: 'statement', language: 'en' });
      expect(demoted.status).toBe(403);
      db.prepare("UPDATE users SET active = 0 WHERE email = 'publisher@example.org'").run();
      const deactivated = await api<ErrorBody>(server.url, publisher, 'GET', '/api/documents');
      expect(deactivated.status).toBe(401);
    } finally {
      db.prepare("UPDATE users SET role = 'publisher', active = 1 WHERE email = 'publisher@example.org'").run();
      db.close();
    }
    const restored = await api(server.url, publisher, 'POST', '/api/documents', { title: 'x', kind: 'statement', language: 'en' });
    expect(restored.status).toBe(201);
  });
});
