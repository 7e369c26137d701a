import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentIn } from '@/tests/factories/documents';
import { connectClient, roundTrip, waitSynced } from '@/tests/helpers/collab';
import { startServer, type TestServer, waitFor } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';
import { rawUpgrade } from '@/tests/helpers/upgrade';

const ROLES = ['viewer', 'drafter', 'reviewer', 'admin'] as const;

/**
 * The master's column of the side-by-side view (issue 23) follows the master through a
 * socket opened with `?read=1`: judged by the master's own access, and never writable,
 * even for a user who may edit the master.
 */
describe('the side-by-side view’s read-only socket to the master (issue 23)', () => {
  let server: TestServer;
  const cookies: Record<string, string> = {};
  let master: string;
  let kk: string;

  beforeAll(async () => {
    server = await startServer();
    for (const role of ROLES) cookies[role] = await signIn(server.url, `${role}@example.org`);
    master = await documentIn(server.url, cookies, 'draft', {
      title: 'Sammit bəyannaməsi',
      language: 'az',
      paragraphs: ['Türk Dövlətləri Təşkilatının dövlət başçıları Bakıda toplaşdılar.'],
    });
    const made = await api<{ id: string }>(server.url, cookies.drafter!, 'POST', `/api/documents/${master}/languages`, { language: 'kk', startFrom: 'copy' });
    expect(made.status).toBe(201);
    kk = made.body.id;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('a drafter who may edit the master writes nothing through a ?read=1 socket, and still sees the master live', async () => {
    const reader = connectClient(server.url, master, cookies.drafter!, undefined, undefined, { read: '1' });
    const writer = connectClient(server.url, master, cookies.drafter!);
    const witness = connectClient(server.url, master, cookies.reviewer!);
    try {
      await Promise.all([waitSynced(reader), waitSynced(writer), waitSynced(witness)]);
      reader.appendParagraph('Oxu sütunundan yazılmış mətn.');
      await roundTrip(reader);
      // The witness's socket has heard everything the server relayed before its own marker.
      writer.appendParagraph('İqlim dəyişikliyi barədə yeni bənd.');
      await waitFor(() => witness.text().includes('İqlim dəyişikliyi barədə yeni bənd.'), 'the writer’s paragraph to reach the witness');
      await waitFor(() => reader.text().includes('İqlim dəyişikliyi barədə yeni bənd.'), 'the master to reach the read-only socket live');
      expect(witness.text()).not.toContain('Oxu sütunundan');
      const fresh = connectClient(server.url, master, cookies.admin!);
      try {
        await waitSynced(fresh);
        expect(fresh.text()).toContain('İqlim dəyişikliyi barədə yeni bənd.');
        expect(fresh.text()).not.toContain('Oxu sütunundan');
      } finally {
        fresh.destroy();
      }
    } finally {
      reader.destroy();
      writer.destroy();
      witness.destroy();
    }
  });

  it('a restricted master’s read-only socket and the view are refused (404) to those who are not its members', async () => {
    const restricted = await api(server.url, cookies.drafter!, 'PUT', `/api/documents/${master}/access`, {
      restricted: true,
      members: ['reviewer@example.org'],
    });
    expect(restricted.status).toBe(200);
    const upgrade = (role: string) => rawUpgrade(server, `/collab/${master}?read=1`, { Cookie: cookies[role]! });
    expect((await upgrade('viewer')).status).toBe(404);
    expect((await upgrade('reviewer')).status).toBe(101);
    expect((await rawUpgrade(server, `/collab/${master}?read=1`, {})).status).toBe(401);
    const page = async (role: string) =>
      (await fetch(`${server.url}/documents/${kk}/side-by-side`, { headers: { Cookie: cookies[role]! }, redirect: 'manual' })).status;
    expect(await page('viewer')).toBe(404);
    expect(await page('reviewer')).toBe(200);
  });
});
