import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocument, documentIn, moveTo } from '@/tests/factories/documents';
import { connectClient, roundTrip, waitSynced, type CollabClient } from '@/tests/helpers/collab';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';
import { shownHtml } from '@/tests/helpers/shown';

type ErrorBody = { error: { code: string; message: string } };
type Doc = { id: string; state: string; approvals: { count: number; quorum: number }; abilities: Record<string, boolean>; embargoUntil: string | null };
type Audit = { seq: number; action: string; versionId: string | null; contentHash: string | null; prevHash: string; hash: string; actor: { name: string } };

const ROOT = path.resolve(__dirname, '..', '..');

describe('sign-off workflow', () => {
  let server: TestServer;
  const cookies: Record<string, string> = {};
  const clients: CollabClient[] = [];
  const as = (role: string) => cookies[role]!;
  const transition = (role: string, id: string, body: unknown) => api<Doc & ErrorBody>(server.url, as(role), 'POST', `/api/documents/${id}/transitions`, body);
  const client = (id: string, role: string) => {
    const c = connectClient(server.url, id, as(role));
    clients.push(c);
    return c;
  };
  /** Writes a paragraph and waits until a second client has it (so it is committed). */
  async function write(id: string, text: string) {
    const a = client(id, 'drafter');
    const b = client(id, 'reviewer');
    await Promise.all([waitSynced(a), waitSynced(b)]);
    a.appendParagraph(text);
    await waitFor(() => b.text().includes(text), `“${text}” to be relayed`);
    a.destroy();
    b.destroy();
  }
  async function textOf(id: string): Promise<string> {
    const c = client(id, 'viewer');
    await waitSynced(c);
    const text = c.text();
    c.destroy();
    return text;
  }

  beforeAll(async () => {
    server = await startServer();
    for (const role of ['admin', 'drafter', 'reviewer', 'approver', 'publisher', 'viewer']) cookies[role] = await signIn(server.url, `${role}@example.org`);
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.stop();
  });

  it('drafter → reviewer (changes) → drafter → approver → publisher, bound to the exact text, embargo hides then shows', async () => {
    const id = await createDocument(server.url, as('drafter'), { title: 'Bəyanat', language: 'az' });
    await write(id, 'Birinci variant.');

    // Editing stops for everyone the moment it is submitted: the socket closes with 4205.
    const live = client(id, 'drafter');
    await waitSynced(live);
    const closed = new Promise<number>((resolve) => live.provider.on('connection-close', (e: CloseEvent | null) => resolve(e?.code ?? 0)));
    const submitted = await transition('drafter', id, { action: 'submit' });
    expect(submitted.status).toBe(200);
    expect(submitted.body.state).toBe('in_review');
    expect(await closed).toBe(4205);

    // A write after submission is dropped by the server.
    await waitFor(() => live.provider.synced && live.provider.wsconnected, 'the client to reconnect read-only');
    live.appendParagraph('late keystrokes after submission');
    await roundTrip(live); // the server has handled (and dropped) it
    expect(await textOf(id)).not.toContain('late keystrokes');
    live.destroy();

    const noComment = await transition('reviewer', id, { action: 'request_changes' });
    expect(noComment.status).toBe(400);
    expect((await transition('viewer', id, { action: 'request_changes', comment: 'x' })).status).toBe(403);
    const changes = await transition('reviewer', id, { action: 'request_changes', comment: 'Paraqraf 2 yenidən yazılsın.' });
    expect(changes.body.state).toBe('draft');

    await write(id, 'İkinci variant — düzəldilib.');
    expect((await transition('drafter', id, { action: 'submit' })).body.state).toBe('in_review');
    expect((await transition('publisher', id, { action: 'publish' })).status).toBe(409);
    const approved = await transition('approver', id, { action: 'approve' });
    expect(approved.status).toBe(200);
    expect(approved.body.state).toBe('approved');

    expect((await transition('publisher', id, { action: 'publish', embargoUntil: 'tomorrow morning' })).status).toBe(422);
    const embargo = new Date(Date.now() + 2500);
    const published = await transition('publisher', id, { action: 'publish', embargoUntil: embargo.toISOString() });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ state: 'published', embargoUntil: embargo.toISOString() });

    // Before the embargo: nothing of it without sign-in.
    expect((await fetch(`${server.url}/newsroom/${id}`)).status).toBe(404);
    expect(await (await fetch(`${server.url}/newsroom/feed.xml`)).text()).not.toContain('Bəyanat');
    await waitFor(async () => (await fetch(`${server.url}/newsroom/${id}`)).status === 200, 'the embargo to pass', 10_000);
    const page = await (await fetch(`${server.url}/newsroom/${id}`)).text();
    expect(page).toContain('İkinci variant — düzəldilib.');
    expect(await (await fetch(`${server.url}/newsroom/feed.xml`)).text()).toContain('<title>Bəyanat</title>');

    // The approval and the release are bound to the submitted version and its hash.
    const audit = (await api<Audit[]>(server.url, as('viewer'), 'GET', `/api/documents/${id}/audit`)).body;
    expect(audit.map((e) => e.action)).toEqual(['submit', 'request_changes', 'submit', 'approve', 'publish']);
    const [, , secondSubmit, approve, publish] = audit;
    expect(approve!.versionId).toBe(secondSubmit!.versionId);
    expect(publish!.versionId).toBe(secondSubmit!.versionId);
    expect(approve!.contentHash).toBe(secondSubmit!.contentHash);
    expect(publish!.contentHash).toBe(secondSubmit!.contentHash);
    const expectedJson =
      '{"content":[{"content":[{"text":"Birinci variant.","type":"text"}],"type":"paragraph"},{"content":[{"text":"İkinci variant — düzəldilib.","type":"text"}],"type":"paragraph"}],"type":"doc"}';
    expect(publish!.contentHash).toBe(createHash('sha256').update(expectedJson).digest('hex'));
    expect(audit[0]!.actor.name).toBe('Daniyar Seitkali');

    // Reopened after release: the released copy stays on the newsroom, marked superseded.
    expect((await transition('approver', id, { action: 'reopen', comment: 'x' })).status).toBe(403);
    expect((await transition('admin', id, { action: 'reopen', comment: 'Figures to correct.' })).body.state).toBe('draft');
    await write(id, 'A correction in progress.');
    const superseded = await (await fetch(`${server.url}/newsroom/${id}`)).text();
    // The note is in the text's language (issue 22): the Azerbaijani "superseded" label.
    expect(superseded).toContain('Yenilənir: bu mətn yenidən işlənir.');
    expect(superseded).toContain('İkinci variant — düzəldilib.');
    expect(superseded).not.toContain('A correction in progress.');
  });

  it('four eyes: nobody approves what they submitted', async () => {
    const id = await documentIn(server.url, cookies, 'in_review', { submitter: 'approver' });
    const own = await transition('approver', id, { action: 'approve' });
    expect(own.status).toBe(403);
    expect(own.body.error.message).toMatch(/someone else/);
    expect((await transition('admin', id, { action: 'approve' })).body.state).toBe('approved');
  });

  it('a declaration needs two approvals of the same text', async () => {
    const id = await documentIn(server.url, cookies, 'in_review', { kind: 'declaration', paragraphs: ['Joint declaration text.'] });
    const first = await transition('approver', id, { action: 'approve' });
    expect(first.body).toMatchObject({ state: 'in_review', approvals: { count: 1, quorum: 2 } });
    expect((await transition('approver', id, { action: 'approve' })).status).toBe(409);
    const second = await transition('admin', id, { action: 'approve' });
    expect(second.body).toMatchObject({ state: 'approved', approvals: { count: 2, quorum: 2 } });
  });

  it('reopening needs a reason and brings the document back to draft; earlier approvals no longer count', async () => {
    const id = await documentIn(server.url, cookies, 'approved');
    expect((await transition('approver', id, { action: 'reopen' })).status).toBe(400);
    const reopened = await transition('approver', id, { action: 'reopen', comment: 'Figures changed.' });
    expect(reopened.body).toMatchObject({ state: 'draft', approvals: { count: 0 } });
    await moveTo(server.url, cookies, id, 'in_review');
    const doc = (await api<Doc>(server.url, as('drafter'), 'GET', `/api/documents/${id}`)).body;
    expect(doc.approvals.count).toBe(0);
    expect((await transition('drafter', id, { action: 'withdraw' })).body.state).toBe('draft');
  });

  it('archive hides a document from lists and unarchive restores it to where it was', async () => {
    const id = await documentIn(server.url, cookies, 'in_review');
    expect((await transition('drafter', id, { action: 'archive' })).status).toBe(403);
    expect((await transition('admin', id, { action: 'archive' })).body.state).toBe('archived');
    const list = (await api<Doc[]>(server.url, as('admin'), 'GET', '/api/documents')).body;
    expect(list.map((d) => d.id)).not.toContain(id);
    expect((await transition('admin', id, { action: 'unarchive' })).body.state).toBe('in_review');
  });

  it('the content cannot be changed over the socket outside draft, by anyone', async () => {
    const id = await documentIn(server.url, cookies, 'in_review', { paragraphs: ['Submitted words.'] });
    const admin = client(id, 'admin');
    await waitSynced(admin);
    admin.appendParagraph('admin edit in review');
    await roundTrip(admin); // the server has handled (and dropped) it
    expect(await textOf(id)).toBe('Submitted words.');
  });

  it('a changed audit row makes audit:verify fail and name the row', async () => {
    const ok = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: server.dataDir },
    });
    expect(ok.stdout).toMatch(/audit log OK: \d+ entries, head [0-9a-f]{64}/);

    const db = new Database(path.join(server.dataDir, 'communique.db'));
    expect(() => db.prepare("UPDATE audit_log SET action = 'approve' WHERE seq = 2").run()).toThrow(/append-only/);
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare('UPDATE audit_log SET detail = \'{"comment":"rewritten"}\' WHERE seq = 2').run();
    db.close();
    const broken = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: server.dataDir },
    }).catch((e: { code: number; stderr: string }) => e);
    expect((broken as { code: number }).code).toBe(1);
    expect((broken as { stderr: string }).stderr).toMatch(/BROKEN at entry 2/);
  });
});

describe('who must act', () => {
  let server: TestServer;
  const cookies: Record<string, string> = {};
  const as = (role: string) => cookies[role]!;
  type Waiting = { document: { id: string }; reason: string; due: string | null }[];
  type Notes = { id: number; documentId: string; action: string; actor: string; comment: string | null; read: boolean }[];

  beforeAll(async () => {
    server = await startServer();
    for (const role of ['admin', 'drafter', 'reviewer', 'approver', 'publisher', 'viewer']) cookies[role] = await signIn(server.url, `${role}@example.org`);
  });
  afterAll(async () => server?.stop());

  it('named reviewers, "waiting for me" and notifications follow the document', async () => {
    const id = await createDocument(server.url, as('drafter'));
    const waiting = async (role: string) => (await api<Waiting>(server.url, as(role), 'GET', '/api/me/waiting')).body.filter((w) => w.document.id === id);
    const notes = async (role: string) => (await api<Notes>(server.url, as(role), 'GET', '/api/notifications')).body.filter((n) => n.documentId === id);

    const badName = await api(server.url, as('drafter'), 'POST', `/api/documents/${id}/transitions`, { action: 'submit', assignees: ['viewer@example.org'] });
    expect(badName.status).toBe(422);
    // A due date in the past is refused (issue 19): a week ahead, written as the server reads it.
    const due = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const submitted = await api(server.url, as('drafter'), 'POST', `/api/documents/${id}/transitions`, {
      action: 'submit',
      assignees: ['approver@example.org'],
      dueDate: due,
    });
    expect(submitted.status).toBe(200);
    expect(await waiting('approver')).toEqual([expect.objectContaining({ reason: 'approve', due })]);
    expect(await waiting('reviewer')).toEqual([]); // not named
    expect((await notes('approver')).map((n) => n.action)).toEqual(['submit']);
    expect(await notes('reviewer')).toEqual([]);

    await api(server.url, as('approver'), 'POST', `/api/documents/${id}/transitions`, { action: 'request_changes', comment: 'Tighten the second paragraph.' });
    expect(await waiting('approver')).toEqual([]);
    expect(await waiting('drafter')).toEqual([expect.objectContaining({ reason: 'revise' })]);
    const drafterNotes = await notes('drafter');
    expect(drafterNotes[0]).toMatchObject({ action: 'request_changes', actor: 'Aigerim Bekova', comment: 'Tighten the second paragraph.', read: false });

    await moveTo(server.url, cookies, id, 'approved');
    expect(await waiting('publisher')).toEqual([expect.objectContaining({ reason: 'publish' })]);
    expect((await notes('publisher')).map((n) => n.action)).toEqual(['approve']);

    expect((await api(server.url, as('drafter'), 'POST', '/api/notifications/read', { upTo: drafterNotes[0]!.id })).status).toBe(200);
    expect((await notes('drafter')).every((n) => n.read || n.id > drafterNotes[0]!.id)).toBe(true);
  });

  it('a submission without names reaches everyone who may review or approve it, admins too; the approval everyone who may publish it', async () => {
    const id = await createDocument(server.url, as('drafter'));
    const actions = async (role: string) =>
      (await api<Notes>(server.url, as(role), 'GET', '/api/notifications')).body.filter((n) => n.documentId === id).map((n) => n.action);

    expect((await api(server.url, as('drafter'), 'POST', `/api/documents/${id}/transitions`, { action: 'submit' })).status).toBe(200);
    // The admin may approve it, so the admin is told it awaits approval (before, only reviewers and approvers were).
    expect(await actions('admin')).toEqual(['submit']);
    expect(await actions('approver')).toEqual(['submit']);
    expect(await actions('reviewer')).toEqual(['submit']);
    expect(await actions('publisher')).toEqual([]);
    expect(await actions('viewer')).toEqual([]);

    expect((await api(server.url, as('approver'), 'POST', `/api/documents/${id}/transitions`, { action: 'approve' })).status).toBe(200);
    expect(await actions('publisher')).toEqual(['approve']);
    expect(await actions('admin')).toEqual(['approve', 'submit']);
    expect(await actions('drafter')).toEqual(['approve']);
    expect(await actions('reviewer')).toEqual(['submit']);
  });

  it('the audit chain’s state is on every reader’s document page, its head only on an admin’s', async () => {
    const id = await createDocument(server.url, as('drafter'));
    const page = (role: string) => shownHtml(`${server.url}/documents/${id}`, as(role));
    const [admin, drafter, viewer] = await Promise.all([page('admin'), page('drafter'), page('viewer')]);
    for (const html of [admin, drafter, viewer]) expect(html).toContain('Sign-off record verified: nothing in it has been changed.');
    expect(admin).toMatch(/Audit head <code title="[0-9a-f]{64}" translate="no">/);
    expect(drafter).not.toContain('Audit head');
    expect(viewer).not.toContain('Audit head');
  });
});
