import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocument } from '@/tests/factories/documents';
import { startServer, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

/**
 * Changes the newest audit entry's detail in the running server's database, as someone who
 * can write the database would (the append-only triggers set aside), leaving its hash as it
 * was; returns its number.
 */
async function tamperNewest(server: TestServer): Promise<number> {
  const detail = JSON.stringify({ comment: 'changed behind the app’s back' });
  if (server.databaseUrl) {
    const client = new pg.Client({ connectionString: server.databaseUrl });
    await client.connect();
    try {
      await client.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
      const { rows } = await client.query<{ seq: string }>('UPDATE audit_log SET detail = $1 WHERE seq = (SELECT max(seq) FROM audit_log) RETURNING seq', [
        detail,
      ]);
      await client.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
      return Number(rows[0]!.seq);
    } finally {
      await client.end();
    }
  }
  const db = new Database(path.join(server.dataDir, 'communique.db'));
  try {
    db.exec('DROP TRIGGER IF EXISTS audit_log_no_update');
    const { seq } = db.prepare('SELECT max(seq) AS seq FROM audit_log').get() as { seq: number };
    db.prepare('UPDATE audit_log SET detail = ? WHERE seq = ?').run(detail, seq);
    return seq;
  } finally {
    db.close();
  }
}

/** Issue 22: the Activity panel on the editor page reads newest first, in words people use. */
describe('the Activity panel', () => {
  let server: TestServer;
  let drafter: string;
  let reviewer: string;

  beforeAll(async () => {
    server = await startServer();
    drafter = await signIn(server.url, 'drafter@example.org');
    reviewer = await signIn(server.url, 'reviewer@example.org');
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('lists what happened newest first, without hashes or audit jargon', async () => {
    const id = await createDocument(server.url, drafter);
    expect((await api(server.url, drafter, 'POST', `/api/documents/${id}/transitions`, { action: 'submit' })).status).toBe(200);
    expect(
      (await api(server.url, reviewer, 'POST', `/api/documents/${id}/transitions`, { action: 'request_changes', comment: 'Shorten the second paragraph.' }))
        .status,
    ).toBe(200);
    const html = await (await fetch(`${server.url}/documents/${id}`, { headers: { Cookie: drafter } })).text();
    const panel = /<ol class="activity"[^>]*>([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
    const lines = [...panel.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '').replace(/&quot;|&#x27;/g, ''));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Rustam Karimov requested changes.*Shorten the second paragraph\./);
    expect(lines[1]).toMatch(/^Daniyar Seitkali submitted it for review/);
    expect(panel).not.toMatch(/text [0-9a-f]{12}/);
    expect(html).not.toContain('Audit chain');
    expect(html).toContain('Sign-off record verified');
  });

  it('shows the newest dozen lines and folds the rest under "N earlier entries", every line kept', async () => {
    const id = await createDocument(server.url, drafter);
    for (let i = 0; i < 15; i++) {
      const res = await api(server.url, drafter, 'PUT', `/api/documents/${id}/access`, { restricted: i % 2 === 0, members: [] });
      expect(res.status).toBe(200);
    }
    const html = await (await fetch(`${server.url}/documents/${id}`, { headers: { Cookie: drafter } })).text();
    const lists = [...html.matchAll(/<ol class="activity"[^>]*>([\s\S]*?)<\/ol>/g)].map((m) => [...m[1]!.matchAll(/<li>/g)].length);
    expect(lists).toEqual([12, 3]);
    expect(html).toMatch(/<details class="activity-earlier"><summary>3 earlier entries<\/summary>/);
    // In Russian, with its plural.
    const ru = await (await fetch(`${server.url}/documents/${id}`, { headers: { Cookie: `${drafter}; NEXT_LOCALE=ru` } })).text();
    expect(ru).toContain('<summary>Ещё 3 записи</summary>');
  });

  it('says the record does not verify when an entry written since its last look was changed in the database, naming it to admins only', async () => {
    const own = await startServer();
    try {
      const admin = await signIn(own.url, 'admin@example.org');
      const author = await signIn(own.url, 'drafter@example.org');
      const id = await createDocument(own.url, author);
      const page = async (cookie: string) => (await fetch(`${own.url}/documents/${id}`, { headers: { Cookie: cookie } })).text();
      expect(await page(admin)).toContain('Sign-off record verified');
      expect((await api(own.url, author, 'POST', `/api/documents/${id}/transitions`, { action: 'submit' })).status).toBe(200);
      const seq = await tamperNewest(own);

      const seen = await page(admin);
      expect(seen).not.toContain('Sign-off record verified');
      expect(seen).toContain('The sign-off record does not verify');
      expect(seen).toContain(`entry ${seq}: its content does not match its hash`);
      const told = await page(author);
      expect(told).toContain('The sign-off record does not verify');
      expect(told).not.toContain(`entry ${seq}:`);
      expect(own.output()).toContain('the audit chain is broken');
    } finally {
      await own.stop();
    }
  });
});
