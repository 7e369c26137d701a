import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentIn, moveTo, transition as walk, type RoleCookies } from '@/tests/factories/documents';
import { unzip } from '@/tests/helpers/files';
import { pdfText } from '@/tests/helpers/pdf';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';
import { shownHtml } from '@/tests/helpers/shown';

type ErrorBody = { error: { code: string; message: string } };
type Doc = { id: string; state: string; embargoUntil: string | null; abilities: Record<string, boolean> };
type Audit = { action: string; detail: Record<string, unknown> };

/**
 * Scheduled releases (issue 19): an embargo or a due date in the past is refused; before
 * the embargo passes a publisher moves it, releases now or pulls the release back, each
 * audited; after it passes, none of them (the text is out). The newsroom and its feed are
 * read, signed out, before and after each step.
 */
describe('scheduled release', () => {
  let server: TestServer;
  const cookies: RoleCookies = {};
  const as = (role: keyof RoleCookies) => cookies[role]!;
  const transition = (role: keyof RoleCookies, id: string, body: object) => walk<Doc & ErrorBody>(server.url, cookies, role, id, body);
  const inNewsroom = async (id: string) => (await fetch(`${server.url}/newsroom/${id}`)).status === 200;
  const inFeed = async (title: string) => (await (await fetch(`${server.url}/newsroom/feed.xml`)).text()).includes(`<title>${title}</title>`);
  const audit = async (id: string) => (await api<Audit[]>(server.url, as('viewer'), 'GET', `/api/documents/${id}/audit`)).body;
  const view = async (id: string) => (await api<Doc>(server.url, as('publisher'), 'GET', `/api/documents/${id}`)).body;
  const editorPage = (id: string) => shownHtml(`${server.url}/documents/${id}`, as('publisher'));
  /** An approved document with a title of its own, ready to publish. */
  const approved = async (title: string) => {
    const id = await documentIn(server.url, cookies, 'approved', { title, paragraphs: [`${title}: the text.`] });
    return id;
  };
  /** What the PDF and the Word file print (the Word file's body XML), as the publisher exports them. */
  const exported = async (id: string) => {
    const get = async (ext: string) =>
      Buffer.from(await (await fetch(`${server.url}/api/documents/${id}/export.${ext}`, { headers: { cookie: as('publisher') } })).arrayBuffer());
    return {
      pdf: await pdfText(await get('pdf')),
      docx: unzip(await get('docx'))
        .get('word/document.xml')!
        .toString('utf8'),
    };
  };
  const ahead = (ms: number) => new Date(Date.now() + ms).toISOString();

  beforeAll(async () => {
    server = await startServer();
    for (const role of ['admin', 'drafter', 'reviewer', 'approver', 'publisher', 'viewer'] as const)
      cookies[role] = await signIn(server.url, `${role}@example.org`);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('refuses an embargo or a due date in the past with 422 and a sentence', async () => {
    const id = await approved('Past embargo');
    const past = await transition('publisher', id, { action: 'publish', embargoUntil: new Date(Date.now() - 60_000).toISOString() });
    expect(past.status).toBe(422);
    expect(past.body.error).toMatchObject({ code: 'unprocessable', message: expect.stringMatching(/already passed.*future/) });
    expect((await view(id)).state).toBe('approved');
    expect(await inNewsroom(id)).toBe(false);

    const draft = await documentIn(server.url, cookies, 'draft', { title: 'Past due', paragraphs: ['Due yesterday.'] });
    const due = await transition('drafter', draft, { action: 'submit', dueDate: '2022-01-11' });
    expect(due.status).toBe(422);
    expect(due.body.error).toMatchObject({ code: 'unprocessable', message: expect.stringMatching(/2022-01-11 has already passed/) });
    expect((await view(draft)).state).toBe('draft');
  });

  it('a publisher moves the embargo: hidden before the new time, released after, audited; then the release can no longer change (409)', async () => {
    const id = await approved('Moved release');
    await moveTo(server.url, cookies, id, 'published', { embargoUntil: new Date(Date.now() + 3_600_000) });
    expect((await view(id)).abilities).toMatchObject({ reschedule: true, release_now: true, unschedule: true });
    expect((await transition('approver', id, { action: 'reschedule', embargoUntil: ahead(60_000) })).status).toBe(403);
    const pastMove = await transition('publisher', id, { action: 'reschedule', embargoUntil: new Date(Date.now() - 1000).toISOString() });
    expect(pastMove.status).toBe(422);

    const soon = ahead(2500);
    const moved = await transition('publisher', id, { action: 'reschedule', embargoUntil: soon });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ state: 'published', embargoUntil: soon });
    const scheduled = await editorPage(id);
    expect(scheduled).toContain('embargoed until');
    // The workflow bar offers the three changes, from the server's abilities.
    for (const label of ['Move the embargo', 'Release now', 'Pull back to approved']) expect(scheduled).toContain(`>${label}</button>`);
    expect(await inNewsroom(id)).toBe(false);
    expect(await inFeed('Moved release')).toBe(false);

    await waitFor(() => inNewsroom(id), 'the moved embargo to pass', 10_000);
    expect(await inFeed('Moved release')).toBe(true);
    // Released: no page shows an embargo line any more.
    expect((await view(id)).embargoUntil).toBeNull();
    const out = await editorPage(id);
    expect(out).not.toContain('embargoed until');
    for (const label of ['Move the embargo', 'Release now', 'Pull back to approved']) expect(out).not.toContain(`>${label}</button>`);
    for (const action of ['reschedule', 'release_now', 'unschedule'] as const) {
      const late = await transition('publisher', id, action === 'reschedule' ? { action, embargoUntil: ahead(60_000) } : { action });
      expect(late.status, action).toBe(409);
      expect(late.body.error.message).toMatch(/already out/);
    }
    expect(await inNewsroom(id)).toBe(true);
    const entries = (await audit(id)).filter((e) => e.action === 'reschedule');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.detail).toMatchObject({ from: 'published', to: 'published', embargoUntil: soon });
  });

  it('a publisher releases now: the newsroom and feed show it at once, audited, and the PDF and DOCX lose their embargo line', async () => {
    const id = await approved('Early release');
    await moveTo(server.url, cookies, id, 'published', { embargoUntil: new Date(Date.now() + 3_600_000) });
    expect(await inNewsroom(id)).toBe(false);
    expect(await inFeed('Early release')).toBe(false);
    const before = await exported(id);
    expect(before.pdf).toContain('EMBARGOED UNTIL');
    expect(before.docx).toContain('EMBARGOED UNTIL');
    const released = await transition('publisher', id, { action: 'release_now' });
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ state: 'published', embargoUntil: null });
    expect(await inNewsroom(id)).toBe(true);
    expect(await inFeed('Early release')).toBe(true);
    expect((await audit(id)).map((e) => e.action)).toContain('release_now');
    // Released: neither export prints an embargo line.
    const after = await exported(id);
    expect(after.pdf).not.toContain('EMBARGOED');
    expect(after.docx).not.toContain('EMBARGOED');
    expect((await transition('publisher', id, { action: 'release_now' })).status).toBe(409);
  });

  it('a publisher pulls the release back to approved: the newsroom and feed never show it, audited, and it can be published again', async () => {
    const id = await approved('Pulled release');
    await moveTo(server.url, cookies, id, 'published', { embargoUntil: new Date(Date.now() + 2500) });
    expect((await transition('viewer', id, { action: 'unschedule' })).status).toBe(403);
    const pulled = await transition('publisher', id, { action: 'unschedule' });
    expect(pulled.status).toBe(200);
    expect(pulled.body).toMatchObject({ state: 'approved', embargoUntil: null });
    expect(await editorPage(id)).not.toContain('embargoed until');
    // Past the old embargo, still nothing public.
    const oldEmbargo = Date.now() + 3000;
    await waitFor(() => Date.now() > oldEmbargo, 'the old embargo to pass', 10_000);
    expect(await inNewsroom(id)).toBe(false);
    expect(await inFeed('Pulled release')).toBe(false);
    expect((await audit(id)).filter((e) => e.action === 'unschedule')[0]?.detail).toMatchObject({ from: 'published', to: 'approved' });

    expect((await transition('publisher', id, { action: 'publish' })).status).toBe(200);
    expect(await inNewsroom(id)).toBe(true);
  });

  it('after a reopen the draft shows no embargo', async () => {
    const id = await approved('Reopened release');
    await moveTo(server.url, cookies, id, 'published', { embargoUntil: new Date(Date.now() + 3_600_000) });
    expect((await view(id)).embargoUntil).not.toBeNull();
    expect((await transition('admin', id, { action: 'reopen', comment: 'One figure is wrong.' })).status).toBe(200);
    expect((await view(id)).embargoUntil).toBeNull();
    expect(await editorPage(id)).not.toContain('embargoed until');
  });

  // The race is made with SQLite's write lock, held from this process: the server's
  // transition waits for it inside its write, as it would behind another writer.
  it.runIf(process.env.TEST_STORAGE !== 'postgres')(
    'a pull-back in flight when the embargo passes is refused at commit, and the text stays released',
    async () => {
      const id = await approved('Raced release');
      const embargo = Date.now() + 2500;
      await moveTo(server.url, cookies, id, 'published', { embargoUntil: new Date(embargo) });
      const db = new Database(path.join(server.dataDir, 'communique.db'));
      db.exec('BEGIN IMMEDIATE');
      let pullBack: Promise<{ status: number; body: Doc & ErrorBody }>;
      try {
        expect(Date.now()).toBeLessThan(embargo - 1000);
        pullBack = transition('publisher', id, { action: 'unschedule' });
        // The server is inside the pull-back's write, waiting for the lock, when it stops answering.
        await waitFor(
          async () =>
            await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(300) }).then(
              () => false,
              () => true,
            ),
          'the pull-back to wait for the write lock',
          1500,
        );
        expect(Date.now()).toBeLessThan(embargo);
        await waitFor(() => Date.now() > embargo + 50, 'the embargo to pass while the pull-back waits', 5000);
      } finally {
        db.exec('ROLLBACK');
        db.close();
      }
      const refused = await pullBack;
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toMatch(/already out/);
      expect(await inNewsroom(id)).toBe(true);
      expect(await inFeed('Raced release')).toBe(true);
      expect((await audit(id)).map((e) => e.action)).not.toContain('unschedule');
    },
  );
});
