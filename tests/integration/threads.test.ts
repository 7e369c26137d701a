import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MESSAGE } from '@/lib/collab/protocol';
import type { CommentView, ThreadList, ThreadView } from '@/lib/comments/threads';
import { documentIn, moveTo, transition, type RoleCookies } from '@/tests/factories/documents';
import { connectClient, roundTrip, waitSynced } from '@/tests/helpers/collab';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

type ErrorBody = { error: { code: string; message: string } };
type Doc = { id: string; state: string; openThreads: number; abilities: Record<string, boolean> };
type Audit = { action: string; actor: { id: string } | null; detail: Record<string, unknown> };
type Note = { documentId: string; action: string; href: string | null; comment: string | null };
type Person = { id: string; name: string; email: string };

const ROLES = ['viewer', 'drafter', 'reviewer', 'approver', 'publisher', 'admin'] as const;
type Role = (typeof ROLES)[number];

/** A raw websocket on a document (no y-websocket client): sees every message the server sends it. */
async function rawSocket(url: string, id: string, cookie: string): Promise<{ ws: WebSocket; types: number[] }> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/collab/${id}`, { headers: { Cookie: cookie } });
  const types: number[] = [];
  ws.on('message', (data: Buffer) => types.push(decoding.readVarUint(decoding.createDecoder(new Uint8Array(data)))));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, types };
}

describe('comment threads over REST (issue 20)', () => {
  let server: TestServer;
  const cookies: RoleCookies = {};
  const ids: Partial<Record<Role, string>> = {};
  const as = (role: Role) => cookies[role]!;
  const call = <T>(role: Role, method: string, path: string, body?: unknown) => api<T & ErrorBody>(server.url, as(role), method, path, body);
  const threads = async (role: Role, id: string) => (await call<ThreadList>(role, 'GET', `/api/documents/${id}/threads`)).body.threads;
  const post = (role: Role, id: string, body: unknown) => call<ThreadView>(role, 'POST', `/api/documents/${id}/threads`, body);
  const paragraphs = ['The ministers met in Astana on Monday.', 'They agreed to meet again in Baku.', 'The ministers thanked the hosts.'];

  beforeAll(async () => {
    server = await startServer();
    for (const role of ROLES) cookies[role] = await signIn(server.url, `${role}@example.org`);
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** The ids of the demo users, from the people route of a document everybody sees. */
  async function userIds(docId: string): Promise<void> {
    const people = (await call<Person[]>('admin', 'GET', `/api/documents/${docId}/people`)).body;
    for (const role of ROLES) ids[role] = people.find((p) => p.email === `${role}@example.org`)!.id;
  }

  it('lets every role but viewers comment in every state but archived, and everyone who sees it read the threads', async () => {
    for (const state of ['draft', 'in_review', 'approved', 'published'] as const) {
      const id = await documentIn(server.url, cookies, state, { paragraphs });
      for (const role of ROLES) {
        const res = await post(role, id, { anchor: { exact: 'met in Astana' }, body: `${role} on ${state}` });
        if (role === 'viewer') {
          expect(res.status, `${role} in ${state}`).toBe(403);
          expect(res.body.error.message).toBe('Your role (Viewer) does not allow you to comment on documents.');
        } else expect(res.status, `${role} in ${state}`).toBe(201);
      }
      const seen = await threads('viewer', id);
      expect(seen).toHaveLength(5);
      expect(seen[0]).toMatchObject({ quote: 'met in Astana', resolved: false, onDeletedText: false, comments: [{ body: `drafter on ${state}` }] });
      expect((await call<Doc>('viewer', 'GET', `/api/documents/${id}`)).body).toMatchObject({ openThreads: 5, abilities: { comment: false } });
      expect((await call<Doc>('drafter', 'GET', `/api/documents/${id}`)).body.abilities.comment).toBe(true);
      expect((await call<Doc[]>('viewer', 'GET', '/api/documents')).body.find((d) => d.id === id)?.openThreads).toBe(5);
    }
    const archived = await documentIn(server.url, cookies, 'draft', { paragraphs });
    const made = await post('drafter', archived, { anchor: { exact: 'Baku' }, body: 'before archiving' });
    expect((await transition(server.url, cookies, 'admin', archived, { action: 'archive' })).status).toBe(200);
    const refused = await post('admin', archived, { anchor: { exact: 'Baku' }, body: 'after' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe('You cannot comment on a document that is archived.');
    const reply = await call('drafter', 'POST', `/api/documents/${archived}/threads/${made.body.id}/comments`, { body: 'x' });
    expect(reply.status).toBe(409);
    expect((await call('drafter', 'PATCH', `/api/documents/${archived}/threads/${made.body.id}`, { resolved: true })).status).toBe(409);
    expect(await threads('drafter', archived)).toHaveLength(1);
  });

  it('answers in the contract’s order: 401, 404, 403, 400, 422, 409', async () => {
    const id = await documentIn(server.url, cookies, 'draft', { paragraphs });
    const good = { anchor: { exact: 'Baku' }, body: 'A comment.' };
    expect((await api(server.url, null, 'POST', `/api/documents/${id}/threads`, good)).status).toBe(401);
    expect((await api(server.url, null, 'GET', `/api/documents/${id}/threads`)).status).toBe(401);
    expect((await post('drafter', 'no-such-document', good)).status).toBe(404);
    expect((await post('viewer', id, { anchor: 5 })).status).toBe(403); // 403 before 400
    expect((await post('drafter', id, { anchor: { exact: 'Baku' } })).status).toBe(400);
    expect((await post('drafter', id, { anchor: { exact: 'Baku' }, body: 'x', extra: 1 })).status).toBe(400);
    expect((await api(server.url, as('drafter'), 'POST', `/api/documents/${id}/threads`, '{not json')).status).toBe(400);
    const empty = await post('drafter', id, { anchor: { exact: 'Baku' }, body: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toBe('Write a comment before sending it.');
    const long = await post('drafter', id, { anchor: { exact: 'Baku' }, body: 'x'.repeat(10_001) });
    expect(long.status).toBe(422);
    expect(long.body.error.message).toContain('at most 10,000 characters');
    expect((await post('drafter', id, { anchor: { exact: 'Baku' }, body: 'x'.repeat(10_000) })).status).toBe(201);
    const missing = await post('drafter', id, { anchor: { exact: 'Tashkent' }, body: 'x' });
    expect(missing.status).toBe(422);
    expect(missing.body.error.message).toContain('not in the document');
    const ambiguous = await post('drafter', id, { anchor: { exact: 'The ministers' }, body: 'x' });
    expect(ambiguous.status).toBe(422);
    expect(ambiguous.body.error.message).toContain('more than once');
    // The prefix or the suffix picks one; the second paragraph follows a block break ("\n").
    const picked = await post('drafter', id, { anchor: { exact: 'The ministers', suffix: ' thanked' }, body: 'the second one' });
    expect(picked.status).toBe(201);
    expect(picked.body.quote).toBe('The ministers');
    expect((await post('drafter', id, { anchor: { exact: 'The ministers', prefix: 'Baku.\n' }, body: 'x' })).status).toBe(201);
    // A thread or comment of another document does not exist here.
    const other = await documentIn(server.url, cookies, 'draft', { paragraphs });
    expect((await call('drafter', 'PATCH', `/api/documents/${other}/threads/${picked.body.id}`, { resolved: true })).status).toBe(404);
    expect((await call('drafter', 'DELETE', `/api/documents/${other}/comments/${picked.body.comments[0]!.id}`)).status).toBe(404);
    expect((await call('drafter', 'PATCH', `/api/documents/${id}/threads/${picked.body.id}`, { resolved: 'yes' })).status).toBe(400);
  });

  it('lets authors edit and delete their comments, admins delete any, and a thread goes with its last comment', async () => {
    const id = await documentIn(server.url, cookies, 'in_review', { paragraphs });
    const thread = (await post('reviewer', id, { anchor: { exact: 'Baku' }, body: 'Should this be Bakı?' })).body;
    const first = thread.comments[0]!;
    expect(first.abilities).toEqual({ edit: true, delete: true });
    const reply = await call<CommentView>('drafter', 'POST', `/api/documents/${id}/threads/${thread.id}/comments`, { body: 'No: English text.' });
    expect(reply.status).toBe(201);
    const forbidden = await call('drafter', 'PATCH', `/api/documents/${id}/comments/${first.id}`, { body: 'changed' });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.message).toBe('Only its author can edit a comment.');
    expect((await call('drafter', 'DELETE', `/api/documents/${id}/comments/${first.id}`)).status).toBe(403);
    const edited = await call<CommentView>('reviewer', 'PATCH', `/api/documents/${id}/comments/${first.id}`, { body: 'Should this be Bakı? (edited)' });
    expect(edited.status).toBe(200);
    expect(edited.body.editedAt).not.toBeNull();
    expect((await call('reviewer', 'PATCH', `/api/documents/${id}/comments/${first.id}`, { body: '' })).status).toBe(400);
    // Seen by someone else: no rights on the reviewer's comment, the text as edited.
    const seen = (await threads('drafter', id))[0]!;
    expect(seen.comments.map((c) => [c.body, c.abilities])).toEqual([
      ['Should this be Bakı? (edited)', { edit: false, delete: false }],
      ['No: English text.', { edit: true, delete: true }],
    ]);
    // The nested path names the same comment, and 404s in the wrong thread.
    expect((await call('admin', 'DELETE', `/api/documents/${id}/threads/not-this-one/comments/${first.id}`)).status).toBe(404);
    const byAdmin = await call<{ threadDeleted: boolean }>('admin', 'DELETE', `/api/documents/${id}/threads/${thread.id}/comments/${first.id}`);
    expect(byAdmin).toMatchObject({ status: 200, body: { threadDeleted: false } });
    const last = await call<{ threadDeleted: boolean }>('drafter', 'DELETE', `/api/documents/${id}/comments/${reply.body.id}`);
    expect(last).toMatchObject({ status: 200, body: { threadDeleted: true } });
    expect(await threads('drafter', id)).toEqual([]);
    expect((await call('drafter', 'DELETE', `/api/documents/${id}/comments/${reply.body.id}`)).status).toBe(404);
  });

  it('refuses approval while a thread is open (409 with the number), audits resolve and reopen, and leaves the content hash alone', async () => {
    const id = await documentIn(server.url, cookies, 'in_review', { paragraphs });
    type Version = { reason: string; contentHash: string };
    const submitted = (await call<Version[]>('approver', 'GET', `/api/documents/${id}/versions`)).body.find((v) => v.reason === 'submit')!;
    const one = (await post('reviewer', id, { anchor: { exact: 'Astana' }, body: 'Date?' })).body;
    const two = (await post('reviewer', id, { anchor: { exact: 'Baku' }, body: 'Date?' })).body;
    await call('drafter', 'POST', `/api/documents/${id}/threads/${one.id}/comments`, { body: 'Monday is right.' });

    const before = (await call<Doc>('approver', 'GET', `/api/documents/${id}`)).body;
    expect(before).toMatchObject({ openThreads: 2, abilities: { approve: false } });
    const refused = await transition<ErrorBody>(server.url, cookies, 'approver', id, { action: 'approve' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe('2 comment threads are still open on this document. Resolve them, or send the text back, before approving.');

    const resolved = await call<ThreadView>('approver', 'PATCH', `/api/documents/${id}/threads/${one.id}`, { resolved: true });
    expect(resolved.body).toMatchObject({ resolved: true, resolvedBy: { id: expect.any(String) } });
    await call('approver', 'PATCH', `/api/documents/${id}/threads/${two.id}`, { resolved: true });
    await call('reviewer', 'PATCH', `/api/documents/${id}/threads/${two.id}`, { resolved: false });
    const stillOne = await transition<ErrorBody>(server.url, cookies, 'approver', id, { action: 'approve' });
    expect(stillOne.body.error.message).toContain('1 comment thread is still open');
    await call('reviewer', 'PATCH', `/api/documents/${id}/threads/${two.id}`, { resolved: true });
    expect((await call<Doc>('approver', 'GET', `/api/documents/${id}`)).body).toMatchObject({ openThreads: 0, abilities: { approve: true } });

    const audit = (await call<Audit[]>('admin', 'GET', `/api/documents/${id}/audit`)).body.filter((e) => e.action.endsWith('_thread'));
    expect(audit.map((e) => [e.action, e.detail.thread])).toEqual([
      ['resolve_thread', one.id],
      ['resolve_thread', two.id],
      ['reopen_thread', two.id],
      ['resolve_thread', two.id],
    ]);
    // Thread activity changed nothing of the text: the approvals bind to the submitted hash.
    await moveTo(server.url, cookies, id, 'approved');
    const versions = (await call<Version[]>('approver', 'GET', `/api/documents/${id}/versions`)).body;
    expect(versions.at(-1)!.contentHash).toBe(submitted.contentHash);
  });

  it('keeps a restricted document’s threads from non-members everywhere: threads, counts, people, mentions, notifications', async () => {
    const id = await documentIn(server.url, cookies, 'draft', { paragraphs });
    await userIds(id);
    const access = await call('drafter', 'PUT', `/api/documents/${id}/access`, { restricted: true, members: ['reviewer@example.org'] });
    expect(access.status).toBe(200);
    const thread = (await post('reviewer', id, { anchor: { exact: 'Baku' }, body: 'Members only.' })).body;
    for (const role of ['viewer', 'approver', 'publisher'] as const) {
      expect((await call(role, 'GET', `/api/documents/${id}/threads`)).status).toBe(404);
      expect((await post(role, id, { anchor: { exact: 'Baku' }, body: 'x' })).status).toBe(404);
      expect((await call(role, 'PATCH', `/api/documents/${id}/threads/${thread.id}`, { resolved: true })).status).toBe(404);
      expect((await call(role, 'POST', `/api/documents/${id}/threads/${thread.id}/comments`, { body: 'x' })).status).toBe(404);
      expect((await call(role, 'DELETE', `/api/documents/${id}/comments/${thread.comments[0]!.id}`)).status).toBe(404);
      expect((await call(role, 'GET', `/api/documents/${id}/people?q=a`)).status).toBe(404);
      const list = (await call<Doc[]>(role, 'GET', '/api/documents')).body;
      expect(list.some((d) => d.id === id)).toBe(false);
    }
    // Members see it and its count; completion lists only people who can see it.
    expect((await call<Doc>('reviewer', 'GET', `/api/documents/${id}`)).body.openThreads).toBe(1);
    const people = (await call<Person[]>('reviewer', 'GET', `/api/documents/${id}/people`)).body.map((p) => p.email).sort();
    expect(people).toEqual(['admin@example.org', 'drafter@example.org', 'reviewer@example.org']);
    // Mentioning someone who cannot see it: 422, the same words as for nobody at all.
    const outsider = await call('reviewer', 'POST', `/api/documents/${id}/threads/${thread.id}/comments`, { body: '@Viewer', mentions: [ids.viewer] });
    const nobody = await call('reviewer', 'POST', `/api/documents/${id}/threads/${thread.id}/comments`, { body: '@Nobody', mentions: ['no-such-user'] });
    expect(outsider.status).toBe(422);
    expect(nobody.status).toBe(422);
    expect(outsider.body.error.message).toBe(nobody.body.error.message);
    // A notification of a document that later becomes restricted is not shown to those who lost it.
    const open = await documentIn(server.url, cookies, 'draft', { paragraphs });
    await post('drafter', open, { anchor: { exact: 'Baku' }, body: '@Viewer look', mentions: [ids.viewer] });
    const notes = async () => (await call<Note[]>('viewer', 'GET', '/api/notifications')).body.filter((n) => n.documentId === open);
    expect(await notes()).toHaveLength(1);
    await call('drafter', 'PUT', `/api/documents/${open}/access`, { restricted: true, members: [] });
    expect(await notes()).toEqual([]);
  });

  it('notifies mentioned people with a link to the thread, and completes names of people who can see the document', async () => {
    const id = await documentIn(server.url, cookies, 'in_review', { paragraphs });
    await userIds(id);
    const found = (await call<Person[]>('reviewer', 'GET', `/api/documents/${id}/people?q=appr`)).body;
    expect(found.map((p) => p.email)).toEqual(['approver@example.org']);
    expect(Object.keys(found[0]!).sort()).toEqual(['email', 'id', 'name']);
    const thread = await post('reviewer', id, {
      anchor: { exact: 'thanked the hosts' },
      body: `@${found[0]!.name} please look`,
      mentions: [ids.approver, ids.reviewer],
    });
    expect(thread.status).toBe(201);
    await call('reviewer', 'POST', `/api/documents/${id}/threads/${thread.body.id}/comments`, { body: '@Publisher too', mentions: [ids.publisher] });
    const note = (await call<Note[]>('approver', 'GET', '/api/notifications')).body.find((n) => n.documentId === id && n.action === 'mention');
    expect(note).toMatchObject({ href: `/documents/${id}?thread=${thread.body.id}`, comment: `@${found[0]!.name} please look` });
    expect((await call<Note[]>('publisher', 'GET', '/api/notifications')).body.some((n) => n.action === 'mention' && n.documentId === id)).toBe(true);
    // Nobody is told of their own mention.
    expect((await call<Note[]>('reviewer', 'GET', '/api/notifications')).body.some((n) => n.action === 'mention' && n.documentId === id)).toBe(false);
    const page = await (await fetch(`${server.url}/notifications`, { headers: { Cookie: as('approver') } })).text();
    expect(page).toContain(`/documents/${id}?thread=${thread.body.id}`);
    expect(page).toContain('mentioned you in a comment on');
  });

  it('tells sockets that asked ([101]) when a thread changes, and never a client that did not ask', async () => {
    const id = await documentIn(server.url, cookies, 'in_review', { paragraphs });
    const subscribed = await rawSocket(server.url, id, as('drafter'));
    const plain = await rawSocket(server.url, id, as('viewer'));
    const standard = connectClient(server.url, id, as('reviewer'));
    const standardTypes: number[] = [];
    try {
      await waitSynced(standard);
      (standard.provider.ws as unknown as WebSocket).on('message', (data: Buffer) =>
        standardTypes.push(decoding.readVarUint(decoding.createDecoder(new Uint8Array(data)))),
      );
      subscribed.ws.send(Uint8Array.of(MESSAGE.threads));
      await roundTrip(subscribed.ws); // the subscription is handled
      const count = () => subscribed.types.filter((t) => t === MESSAGE.threads).length;

      const made = await post('reviewer', id, { anchor: { exact: 'Baku' }, body: 'Live?' });
      expect(made.status).toBe(201);
      await waitFor(() => count() === 1, 'the [101] of the new thread', 1000);
      await call('drafter', 'POST', `/api/documents/${id}/threads/${made.body.id}/comments`, { body: 'Yes.' });
      await waitFor(() => count() === 2, 'the [101] of the reply', 1000);
      await call('approver', 'PATCH', `/api/documents/${id}/threads/${made.body.id}`, { resolved: true });
      await waitFor(() => count() === 3, 'the [101] of the resolve', 1000);

      // The others' sockets have received everything sent before their marker's answer: no [101].
      await roundTrip(plain.ws);
      await roundTrip(standard);
      expect(plain.types).not.toContain(MESSAGE.threads);
      expect(standardTypes).not.toContain(MESSAGE.threads);
      expect(standard.provider.wsconnected).toBe(true);
    } finally {
      subscribed.ws.close();
      plain.ws.close();
      standard.destroy();
    }
  });

  it('refuses a flood of comments or mentions from one person with 429, storing nothing, while others still comment', async () => {
    const id = await documentIn(server.url, cookies, 'in_review', { paragraphs });
    await userIds(id);
    const made = await post('admin', id, { anchor: { exact: 'Astana' }, body: 'One.' });
    expect(made.status).toBe(201);
    const reply = (role: Role, body: string, mentions?: string[]) =>
      call<CommentView>(role, 'POST', `/api/documents/${id}/threads/${made.body.id}/comments`, { body, ...(mentions ? { mentions } : {}) });
    // 30 a minute: the admin commented a few times in the tests above, within this minute or not.
    let accepted = 1;
    let refused: Awaited<ReturnType<typeof reply>> | null = null;
    for (let i = 2; i <= 31 && !refused; i++) {
      const answer = await reply('admin', `Comment ${i}.`);
      if (answer.status === 201) accepted++;
      else refused = answer;
    }
    expect(accepted).toBeGreaterThanOrEqual(25);
    expect(refused?.status).toBe(429);
    expect(refused?.body.error.code).toBe('too_many_requests');
    expect(refused?.body.error.message).toMatch(/Wait \d+ seconds/);
    // One allowance, whichever route takes the comment: a new thread is a comment too.
    expect((await post('admin', id, { anchor: { exact: 'Astana' }, body: 'A new thread instead.' })).status).toBe(429);
    expect((await reply('drafter', 'Someone else still may.')).status).toBe(201);
    const stored = (await threads('admin', id)).find((t) => t.id === made.body.id)!;
    expect(stored.comments).toHaveLength(accepted + 1);
    expect(stored.comments.map((c) => c.body)).not.toContain(`Comment ${accepted + 1}.`);

    // Mentions count per person notified: 20 comments that each notify 5 colleagues, then no more mentions.
    const others = ROLES.filter((r) => r !== 'publisher').map((r) => ids[r]!);
    for (let i = 1; i <= 20; i++) expect((await reply('publisher', `Look ${i}.`, others)).status).toBe(201);
    const flooded = await reply('publisher', 'Look 21.', others);
    expect(flooded.status).toBe(429);
    expect(flooded.body.error.message).toMatch(/without mentions/);
    const notes = (await call<Note[]>('drafter', 'GET', '/api/notifications')).body.filter((n) => n.documentId === id && n.action === 'mention');
    expect(notes.map((n) => n.comment)).not.toContain('Look 21.');
    expect((await reply('publisher', 'Look 21, without mentions.')).status).toBe(201);
  });
});
