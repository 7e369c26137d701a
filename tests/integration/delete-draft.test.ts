import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocument, moveTo, type RoleCookies } from '@/tests/factories/documents';
import { connectClient, waitSynced, type CollabClient } from '@/tests/helpers/collab';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';
import { rawUpgrade } from '@/tests/helpers/upgrade';

type Refusal = { error: { code: string; message: string } };

/** Issue 22: `DELETE /api/documents/<id>` for a draft never submitted; everything else is archived. */
describe('deleting a draft', () => {
  let server: TestServer;
  const cookies: RoleCookies = {};
  const clients: CollabClient[] = [];

  beforeAll(async () => {
    server = await startServer();
    for (const role of ['admin', 'drafter', 'reviewer', 'approver', 'publisher', 'viewer'] as const)
      cookies[role] = await signIn(server.url, `${role}@example.org`);
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.stop();
  });

  const del = (role: keyof RoleCookies, id: string) => api<Refusal>(server.url, cookies[role]!, 'DELETE', `/api/documents/${id}`);

  it('lets the creator delete a test draft: its sockets close, it is gone everywhere, and the audit log keeps the deletion', async () => {
    const id = await createDocument(server.url, cookies.drafter!, { title: 'Test draft, please ignore' });
    const client = connectClient(server.url, id, cookies.drafter!);
    clients.push(client);
    await waitSynced(client);
    client.appendParagraph('typed before the deletion');
    const closes: number[] = [];
    client.provider.on('connection-close', (e: CloseEvent | null) => closes.push(e?.code ?? 0));

    // 403 before anything: someone else (not an admin) may not, whatever their role.
    const other = await del('publisher', id);
    expect(other.status).toBe(403);
    expect(other.body.error.message).toBe('Only the person who created this draft or an admin can delete it.');
    expect((await del('viewer', id)).status).toBe(403);

    const res = await fetch(`${server.url}/api/documents/${id}`, { method: 'DELETE', headers: { Cookie: cookies.drafter! } });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    await waitFor(() => closes.includes(4205), 'the open editor to close with 4205');
    client.provider.disconnect();

    expect((await api(server.url, cookies.drafter!, 'GET', `/api/documents/${id}`)).status).toBe(404);
    const list = await api<{ id: string }[]>(server.url, cookies.admin!, 'GET', '/api/documents');
    expect(list.body.map((d) => d.id)).not.toContain(id);
    expect((await rawUpgrade(server, `/collab/${id}`, { Cookie: cookies.drafter!, Origin: server.url })).status).toBe(404);
    expect((await del('drafter', id)).status).toBe(404);

    if (process.env.TEST_STORAGE !== 'postgres') {
      const db = new Database(path.join(server.dataDir, 'communique.db'), { readonly: true });
      try {
        expect(db.prepare('SELECT count(*) AS n FROM document_updates WHERE document_id = ?').get(id)).toEqual({ n: 0 });
        expect(db.prepare('SELECT count(*) AS n FROM document_snapshots WHERE document_id = ?').get(id)).toEqual({ n: 0 });
        const entry = db.prepare("SELECT action, detail FROM audit_log WHERE document_id = ? AND action = 'document.delete'").get(id) as { detail: string };
        expect(JSON.parse(entry.detail)).toMatchObject({ title: 'Test draft, please ignore' });
      } finally {
        db.close();
      }
    }
    // The server lived through it: no eviction wrote to the deleted document.
    expect(server.output()).not.toMatch(/eviction failed/);
  });

  it('lets an admin delete anyone’s draft never submitted', async () => {
    const id = await createDocument(server.url, cookies.drafter!);
    expect((await del('admin', id)).status).toBe(204);
    expect((await api(server.url, cookies.drafter!, 'GET', `/api/documents/${id}`)).status).toBe(404);
  });

  it('answers 409 once the draft was submitted, even after it came back to draft; a restricted draft is 404 to outsiders', async () => {
    const id = await createDocument(server.url, cookies.drafter!);
    await moveTo(server.url, cookies, id, 'in_review');
    const inReview = await del('drafter', id);
    expect(inReview.status).toBe(409);
    expect((await api(server.url, cookies.drafter!, 'POST', `/api/documents/${id}/transitions`, { action: 'withdraw' })).status).toBe(200);
    const back = await del('drafter', id);
    expect(back.status).toBe(409);
    expect(back.body.error).toEqual({
      code: 'conflict',
      message: 'This draft was submitted for review once, so its record is kept: archive it instead of deleting it.',
    });
    expect((await api(server.url, cookies.drafter!, 'GET', `/api/documents/${id}`)).status).toBe(200);

    const hidden = await createDocument(server.url, cookies.drafter!);
    expect(
      (await api(server.url, cookies.drafter!, 'PUT', `/api/documents/${hidden}/access`, { restricted: true, members: ['drafter@example.org'] })).status,
    ).toBe(200);
    expect((await del('publisher', hidden)).status).toBe(404);
    expect((await del('drafter', 'no-such-document')).status).toBe(404);
  });

  it('offers “delete” in the abilities only for a draft never submitted, to its creator or an admin', async () => {
    const id = await createDocument(server.url, cookies.drafter!);
    const abilities = async (role: keyof RoleCookies) =>
      (await api<{ abilities: Record<string, boolean> }>(server.url, cookies[role]!, 'GET', `/api/documents/${id}`)).body.abilities.delete;
    expect(await abilities('drafter')).toBe(true);
    expect(await abilities('admin')).toBe(true);
    expect(await abilities('publisher')).toBe(false);
  });
});
