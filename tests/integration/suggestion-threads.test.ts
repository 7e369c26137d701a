import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CommentView, SuggestionThreadView, ThreadList } from '@/lib/comments/threads';
import { createDocument, moveTo, transition } from '@/tests/factories/documents';
import { connectClient, waitSynced, type CollabClient } from '@/tests/helpers/collab';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

type Role = 'admin' | 'drafter' | 'reviewer' | 'approver' | 'viewer';
interface Person {
  id: string;
  name: string;
  email: string;
}
interface AuditRow {
  action: string;
  detail: { thread?: string; suggestion?: string; decision?: string };
}

/**
 * Issue 21, "where it can carry a reply thread": a suggestion's reply thread through the REST
 * API. Who may read the document's comments may read and reply; the first reply makes the
 * thread; accepting or rejecting the suggestion resolves it, kept with its comments and
 * audited; a user who cannot see the document gets 404. Real server, real y-websocket clients
 * writing suggestions as the README describes.
 */
describe('reply threads on suggestions', () => {
  let server: TestServer;
  const cookies: Partial<Record<Role, string>> = {};
  const people: Partial<Record<Role, Person>> = {};
  const clients: CollabClient[] = [];
  const call = <T>(role: Role, method: string, path: string, body?: unknown) => api<T>(server.url, cookies[role]!, method, path, body);
  const threadsOf = async (role: Role, id: string) => (await call<ThreadList>(role, 'GET', `/api/documents/${id}/threads`)).body;
  const replyOn = (role: Role, id: string, sid: string, body: unknown) =>
    call<CommentView & { error?: { code: string } }>(role, 'POST', `/api/documents/${id}/suggestions/${encodeURIComponent(sid)}/comments`, body);
  const auditOf = async (id: string) => {
    const body = (await call<AuditRow[] | { entries: AuditRow[] }>('admin', 'GET', `/api/documents/${id}/audit`)).body;
    return Array.isArray(body) ? body : body.entries;
  };

  /** A one-paragraph document in `state`, and a reviewer's suggestion in it: `insert` put after `at` characters. */
  async function suggested(text: string, state: 'draft' | 'in_review', at: number, insert: string): Promise<{ id: string; sid: string }> {
    const id = await createDocument(server.url, cookies.drafter!, { language: 'az' });
    const writer = connectClient(server.url, id, cookies.drafter!);
    clients.push(writer);
    await waitSynced(writer);
    writer.appendParagraph(text);
    await waitFor(async () => (await call<{ suggestions: unknown[] }>('drafter', 'GET', `/api/documents/${id}/suggestions`)).status === 200, 'the document');
    await waitFor(async () => (await plainText(id)) === text, 'the paragraph to be stored');
    writer.destroy();
    if (state === 'in_review') await moveTo(server.url, cookies, id, 'in_review');
    const reviewer = connectClient(server.url, id, cookies.reviewer!, undefined, new Y.Doc(), state === 'draft' ? { suggest: '1' } : undefined);
    clients.push(reviewer);
    await waitSynced(reviewer);
    const sid = `s-${Math.random().toString(36).slice(2, 10)}`;
    const attrs = { id: sid, authorId: people.reviewer!.id, authorName: people.reviewer!.name, createdAt: new Date().toISOString() };
    const paragraph = reviewer.ydoc.getXmlFragment('default').get(0) as Y.XmlElement;
    (paragraph.get(0) as Y.XmlText).insert(at, insert, { suggestionInsert: attrs });
    await waitFor(
      async () =>
        (await call<{ suggestions: { id: string }[] }>('drafter', 'GET', `/api/documents/${id}/suggestions`)).body.suggestions.some((s) => s.id === sid),
      'the suggestion to be stored',
    );
    reviewer.destroy();
    return { id, sid };
  }
  async function plainText(id: string): Promise<string> {
    const reader = connectClient(server.url, id, cookies.viewer!);
    clients.push(reader);
    await waitSynced(reader);
    const text = reader.text();
    reader.destroy();
    return text;
  }
  const onlyThread = (list: ThreadList): SuggestionThreadView => {
    expect(list.suggestionThreads).toHaveLength(1);
    return list.suggestionThreads[0]!;
  };

  beforeAll(async () => {
    server = await startServer();
    for (const role of ['admin', 'drafter', 'reviewer', 'approver', 'viewer'] as const) cookies[role] = await signIn(server.url, `${role}@example.org`);
    const list = await call<Person[] | { people: Person[] }>('admin', 'GET', '/api/users');
    const all = Array.isArray(list.body) ? list.body : list.body.people;
    for (const role of ['drafter', 'reviewer', 'approver'] as const) people[role] = all.find((p) => p.email === `${role}@example.org`)!;
  });

  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.stop();
  });

  it('in review, the drafter and the reviewer reply on a suggestion; rejecting it resolves its thread, kept, audited and listed as rejected', async () => {
    const { id, sid } = await suggested('Qardaş xalqlarımızın birliyi əbədidir.', 'in_review', 'Qardaş '.length, 'türk ');
    expect(await threadsOf('drafter', id)).toEqual({ threads: [], suggestionThreads: [] });

    // The contract's order: 404 no such suggestion, 403 a viewer (may read, not comment), 400 a malformed body, 400 an empty one.
    expect((await replyOn('drafter', id, 'no-such-suggestion', { body: 'Niyə?' })).status).toBe(404);
    expect((await replyOn('viewer', id, sid, { body: 'Niyə?' })).status).toBe(403);
    expect((await replyOn('drafter', id, sid, { text: 'Niyə?' })).status).toBe(400);
    expect((await replyOn('drafter', id, sid, { body: '   ' })).status).toBe(400);

    const asked = await replyOn('drafter', id, sid, { body: 'Niyə “türk”? Bəyanat bütün üzvlər üçündür.' });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ author: { id: people.drafter!.id }, body: 'Niyə “türk”? Bəyanat bütün üzvlər üçündür.' });
    const answered = await replyOn('reviewer', id, sid, { body: 'Təşkilatın adı belədir; saxlayaq.', mentions: [people.drafter!.id] });
    expect(answered.status).toBe(201);

    // Everyone who may read the document's comments reads it, the viewer too; the passage threads are untouched.
    const seen = await threadsOf('viewer', id);
    expect(seen.threads).toEqual([]);
    const thread = onlyThread(seen);
    expect(thread).toMatchObject({ suggestionId: sid, quote: 'türk ', resolved: false, resolvedBy: null, decision: null });
    expect(thread.comments.map((c) => [c.author.id, c.body])).toEqual([
      [people.drafter!.id, 'Niyə “türk”? Bəyanat bütün üzvlər üçündür.'],
      [people.reviewer!.id, 'Təşkilatın adı belədir; saxlayaq.'],
    ]);
    // It is resolved by deciding on its suggestion, not by hand, nor replied to as a passage thread.
    expect((await call('drafter', 'PATCH', `/api/documents/${id}/threads/${thread.id}`, { resolved: true })).status).toBe(409);
    expect((await call('drafter', 'POST', `/api/documents/${id}/threads/${thread.id}/comments`, { body: 'x' })).status).toBe(409);

    // Rejecting the suggestion (in review, by its reviewer) resolves its thread, comments kept.
    const rejected = await call('reviewer', 'POST', `/api/documents/${id}/suggestions/${sid}`, { decision: 'reject' });
    expect(rejected.status).toBe(200);
    const after = onlyThread(await threadsOf('drafter', id));
    expect(after).toMatchObject({ id: thread.id, resolved: true, resolvedBy: { id: people.reviewer!.id }, decision: 'reject' });
    expect(after.comments).toHaveLength(2);
    const entry = (await auditOf(id)).find((e) => e.action === 'resolve_thread');
    expect(entry?.detail).toEqual({ thread: thread.id, suggestion: sid, decision: 'reject' });
    // The suggestion is gone: no more replies; approval is not held back by its thread.
    expect((await replyOn('drafter', id, sid, { body: 'Gec qaldım.' })).status).toBe(404);
    expect((await transition(server.url, cookies, 'approver', id, { action: 'approve' })).status).toBe(200);
  });

  it('in draft, accepting the suggestion resolves its thread with the decision in the audit log and in the thread list', async () => {
    const { id, sid } = await suggested('Sammit Bakıda keçiriləcək.', 'draft', 'Sammit '.length, 'növbəti ');
    expect((await replyOn('reviewer', id, sid, { body: 'Tarixi də yazaq?' })).status).toBe(201);
    expect((await replyOn('drafter', id, sid, { body: 'Yox, ayrıca bəyan edilir.' })).status).toBe(201);
    const accepted = await call('drafter', 'POST', `/api/documents/${id}/suggestions/${sid}`, { decision: 'accept' });
    expect(accepted.status).toBe(200);
    expect(await plainText(id)).toBe('Sammit növbəti Bakıda keçiriləcək.');
    const thread = onlyThread(await threadsOf('reviewer', id));
    expect(thread).toMatchObject({ suggestionId: sid, resolved: true, resolvedBy: { id: people.drafter!.id }, decision: 'accept' });
    expect(thread.comments.map((c) => c.body)).toEqual(['Tarixi də yazaq?', 'Yox, ayrıca bəyan edilir.']);
    const audit = await auditOf(id);
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['suggestions_accepted', 'resolve_thread']));
    expect(audit.find((e) => e.action === 'resolve_thread')!.detail).toEqual({ thread: thread.id, suggestion: sid, decision: 'accept' });
  });

  it('a user who cannot see the document gets 404 for its suggestions’ threads, reading or replying', async () => {
    const { id, sid } = await suggested('Gizli layihə mətni.', 'draft', 'Gizli '.length, 'ilkin ');
    expect((await replyOn('reviewer', id, sid, { body: 'Bu sözü saxlayaq?' })).status).toBe(201);
    expect((await call('drafter', 'PUT', `/api/documents/${id}/access`, { restricted: true, members: ['reviewer@example.org'] })).status).toBe(200);
    for (const role of ['viewer', 'approver'] as const) {
      expect((await call(role, 'GET', `/api/documents/${id}/threads`)).status).toBe(404);
      const refused = await replyOn(role, id, sid, { body: 'Mən də!' });
      expect(refused.status).toBe(404);
      expect(JSON.stringify(refused.body)).not.toContain('Gizli');
    }
    // A member still reads and replies.
    expect((await replyOn('reviewer', id, sid, { body: 'Hələ buradayam.' })).status).toBe(201);
    expect(onlyThread(await threadsOf('drafter', id)).comments).toHaveLength(2);
    expect((await replyOn('drafter', id, sid, {})).status).toBe(400);
  });
});
