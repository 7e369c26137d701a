import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocument } from '@/tests/factories/documents';
import { connectClient, waitSynced, type CollabClient } from '@/tests/helpers/collab';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';
import { rawUpgrade } from '@/tests/helpers/upgrade';

type Access = { restricted: boolean; members: { email: string }[] };

async function upgradeStatus(server: TestServer, path: string, cookie: string): Promise<number> {
  return (await rawUpgrade(server, path, { Cookie: cookie })).status;
}

describe('restricted documents', () => {
  let server: TestServer;
  const cookies: Record<string, string> = {};
  const clients: CollabClient[] = [];

  beforeAll(async () => {
    server = await startServer();
    for (const role of ['admin', 'drafter', 'reviewer', 'approver', 'viewer']) cookies[role] = await signIn(server.url, `${role}@example.org`);
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.stop();
  });

  it('do not exist for anyone but their members and admins: list, REST, audit, socket', async () => {
    const id = await createDocument(server.url, cookies.drafter!, { title: 'Embargoed draft' });
    const denied = await api<Access>(server.url, cookies.reviewer!, 'PUT', `/api/documents/${id}/access`, { restricted: true, members: [] });
    expect(denied.status).toBe(403);
    const set = await api<Access>(server.url, cookies.drafter!, 'PUT', `/api/documents/${id}/access`, { restricted: true, members: ['approver@example.org'] });
    expect(set.status).toBe(200);
    expect(set.body.members.map((m) => m.email)).toEqual(['approver@example.org', 'drafter@example.org']);
    expect((await api(server.url, cookies.drafter!, 'PUT', `/api/documents/${id}/access`, { restricted: true, members: ['nobody@example.org'] })).status).toBe(
      422,
    );
    expect((await api(server.url, cookies.drafter!, 'PUT', `/api/documents/${id}/access`, { restricted: 'yes' })).status).toBe(400);

    for (const outsider of ['reviewer', 'viewer']) {
      const cookie = cookies[outsider]!;
      expect((await api(server.url, cookie, 'GET', `/api/documents/${id}`)).status, outsider).toBe(404);
      expect((await api(server.url, cookie, 'PATCH', `/api/documents/${id}`, { title: 'x' })).status).toBe(404);
      expect((await api(server.url, cookie, 'GET', `/api/documents/${id}/audit`)).status).toBe(404);
      expect((await api(server.url, cookie, 'POST', `/api/documents/${id}/transitions`, { action: 'submit' })).status).toBe(404);
      expect((await api(server.url, cookie, 'PUT', `/api/documents/${id}/access`, { restricted: false, members: [] })).status).toBe(404);
      const list = (await api<{ id: string }[]>(server.url, cookie, 'GET', '/api/documents')).body;
      expect(list.map((d) => d.id)).not.toContain(id);
      expect(await upgradeStatus(server, `/collab/${id}`, cookie)).toBe(404);
    }
    for (const insider of ['drafter', 'approver', 'admin']) {
      expect((await api(server.url, cookies[insider]!, 'GET', `/api/documents/${id}`)).status, insider).toBe(200);
      expect(await upgradeStatus(server, `/collab/${id}`, cookies[insider]!)).toBe(101);
    }
  });

  it('a member who is removed loses the open document at once', async () => {
    const id = await createDocument(server.url, cookies.drafter!);
    await api(server.url, cookies.drafter!, 'PUT', `/api/documents/${id}/access`, { restricted: true, members: ['reviewer@example.org'] });
    const reviewer = connectClient(server.url, id, cookies.reviewer!);
    clients.push(reviewer);
    await waitSynced(reviewer);
    const closes: number[] = [];
    reviewer.provider.on('connection-close', (e: CloseEvent | null) => closes.push(e?.code ?? 0));
    await api(server.url, cookies.drafter!, 'PUT', `/api/documents/${id}/access`, { restricted: true, members: [] });
    await waitFor(() => closes.includes(4205), 'the reviewer’s socket to close with 4205');
    expect(await upgradeStatus(server, `/collab/${id}`, cookies.reviewer!)).toBe(404);
    const audit = (await api<{ action: string }[]>(server.url, cookies.admin!, 'GET', `/api/documents/${id}/audit`)).body;
    expect(audit.map((e) => e.action)).toEqual(['access', 'access']);
  });
});
