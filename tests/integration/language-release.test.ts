import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGE_REASONS } from '@/lib/policies/reasons';
import { documentIn, moveTo, transition } from '@/tests/factories/documents';
import { writeBody } from '@/tests/helpers/content';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

type ErrorBody = { error: { code: string; message: string } };
type Doc = { id: string; state: string; publishedAt: string | null; embargoUntil: string | null; abilities: Record<string, boolean> };
type Audit = { action: string; versionId: string | null; contentHash: string | null; detail: Record<string, unknown> };

const ROLES = ['viewer', 'drafter', 'reviewer', 'approver', 'publisher', 'admin'] as const;

describe('publish_group: every language released at one instant, never one before the others (issue 23)', () => {
  let server: TestServer;
  const cookies: Record<string, string> = {};
  const as = (role: string) => cookies[role]!;
  const doc = async (role: string, id: string) => (await api<Doc>(server.url, as(role), 'GET', `/api/documents/${id}`)).body;
  const newsroom = (id: string) => fetch(`${server.url}/newsroom/${id}`);
  const feed = async () => (await fetch(`${server.url}/newsroom/feed.xml`)).text();
  const paragraph = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

  beforeAll(async () => {
    server = await startServer();
    for (const role of ROLES) cookies[role] = await signIn(server.url, `${role}@example.org`);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('refuses while a version is unapproved or stale (naming them), then releases all three at one embargo; the newsroom and feed show none before and all after', async () => {
    const master = await documentIn(server.url, cookies, 'draft', { title: 'Bəyannamə', language: 'az', paragraphs: ['Dövlət başçıları Bakıda toplaşdılar.'] });
    const add = async (language: string, title: string) => {
      const res = await api<Doc>(server.url, as('drafter'), 'POST', `/api/documents/${master}/languages`, { language, startFrom: 'copy', title });
      expect(res.status).toBe(201);
      return res.body.id;
    };
    const kk = await add('kk', 'Декларация');
    const ky = await add('ky', 'Декларация (кыргызча)');
    // Restricted to its people: before release, nobody else sees any language of it.
    expect(
      (
        await api(server.url, as('drafter'), 'PUT', `/api/documents/${master}/access`, {
          restricted: true,
          members: ['approver@example.org', 'publisher@example.org'],
        })
      ).status,
    ).toBe(200);
    const listed = (await api<{ id: string }[]>(server.url, as('viewer'), 'GET', '/api/documents')).body.map((d) => d.id);
    for (const id of [master, kk, ky]) expect(listed).not.toContain(id);

    await writeBody(server.url, kk, as('drafter'), paragraph('Мемлекет басшылары Бакуда жиналды.'));
    await moveTo(server.url, cookies, kk, 'approved');
    // The master changes after the Kazakh version was approved: it is now stale.
    await writeBody(server.url, master, as('drafter'), paragraph('Yeni bənd.'));
    await moveTo(server.url, cookies, master, 'approved');

    // Only from the master, and only a publisher.
    const onMember = await transition<ErrorBody>(server.url, cookies, 'publisher', kk, { action: 'publish_group' });
    expect([onMember.status, onMember.body.error.message]).toEqual([409, LANGUAGE_REASONS.notGroupMaster]);
    expect((await doc('publisher', kk)).abilities.publish_group).toBe(false);
    expect((await doc('publisher', master)).abilities.publish_group).toBe(true);
    expect((await transition(server.url, cookies, 'approver', master, { action: 'publish_group' })).status).toBe(403);

    const held = await transition<ErrorBody>(server.url, cookies, 'publisher', master, { action: 'publish_group' });
    expect(held.status).toBe(409);
    expect(held.body.error.message).toBe(
      'The language versions cannot be published together yet: Kazakh (“Декларация”) is not aligned with the master’s current text; Kyrgyz (“Декларация (кыргызча)”) is draft, not approved.',
    );
    // Nothing moved: the refusal is all or nothing.
    expect((await doc('publisher', master)).state).toBe('approved');
    expect((await doc('publisher', kk)).state).toBe('approved');

    // The Kazakh version is reopened, worked in, aligned, approved again; the Kyrgyz one aligned and approved.
    expect((await transition(server.url, cookies, 'approver', kk, { action: 'reopen', comment: 'The master has a new paragraph.' })).status).toBe(200);
    await writeBody(server.url, kk, as('drafter'), paragraph('Жаңа тармақ.'));
    for (const id of [kk, ky]) {
      expect((await api(server.url, as('drafter'), 'POST', `/api/documents/${id}/aligned`, { masterVersionId: 'current' })).status).toBe(200);
      await moveTo(server.url, cookies, id, 'approved');
    }

    const embargoUntil = new Date(Date.now() + 8000);
    const released = await transition<Doc>(server.url, cookies, 'publisher', master, { action: 'publish_group', embargoUntil: embargoUntil.toISOString() });
    expect([released.status, released.body.state]).toEqual([200, 'published']);
    const docs = await Promise.all([master, kk, ky].map((id) => doc('publisher', id)));
    expect(docs.map((d) => d.state)).toEqual(['published', 'published', 'published']);
    expect(new Set(docs.map((d) => d.publishedAt)).size).toBe(1);
    expect(docs.map((d) => d.embargoUntil)).toEqual(Array(3).fill(embargoUntil.toISOString()));
    for (const id of [master, kk, ky]) {
      const entries = (await api<Audit[]>(server.url, as('admin'), 'GET', `/api/documents/${id}/audit`)).body.filter((e) => e.action === 'publish_group');
      expect(entries).toEqual([expect.objectContaining({ detail: expect.objectContaining({ masterId: master, embargoUntil: embargoUntil.toISOString() }) })]);
      expect(entries[0]!.contentHash).toMatch(/^[0-9a-f]{64}$/);
    }

    // Before the embargo: no language anywhere public.
    for (const id of [master, kk, ky]) expect((await newsroom(id)).status).toBe(404);
    const before = await feed();
    for (const id of [master, kk, ky]) expect(before).not.toContain(id);

    // After it: every language, each page linking the others with hreflang; one feed entry per language.
    await waitFor(async () => (await newsroom(master)).status === 200, 'the release after its embargo', 20_000);
    for (const id of [kk, ky]) expect((await newsroom(id)).status).toBe(200);
    const page = await (await newsroom(master)).text();
    expect(page).toContain(`href="/newsroom/${kk}" hrefLang="kk" lang="kk"`);
    expect(page).toContain(`href="/newsroom/${ky}" hrefLang="ky" lang="ky"`);
    const kkPage = await (await newsroom(kk)).text();
    expect(kkPage).toContain(`href="/newsroom/${master}" hrefLang="az" lang="az"`);
    const after = await feed();
    for (const [id, lang] of [
      [master, 'az'],
      [kk, 'kk'],
      [ky, 'ky'],
    ] as const) {
      expect(after).toMatch(new RegExp(`<entry xml:lang="${lang}">[\\s\\S]*?${id}[\\s\\S]*?</entry>`));
    }
    // The Kazakh entry links the Azerbaijani and Kyrgyz ones by hreflang.
    const kkEntry = after.split('<entry').find((e) => e.startsWith(' xml:lang="kk"'))!;
    expect(kkEntry).toContain(`<link rel="alternate" hreflang="az" href="${server.url}/newsroom/${master}"/>`);
    expect(kkEntry).toContain(`<link rel="alternate" hreflang="ky" href="${server.url}/newsroom/${ky}"/>`);
  });
});
