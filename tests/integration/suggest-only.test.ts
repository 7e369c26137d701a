import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
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

/**
 * Issue 21, "the server enforces it": an update from a suggest-only connection (a reviewer
 * in review, or a client that asked with ?suggest=1) is kept only when, with every
 * suggestion rejected, the text is what it was, and every new suggestion is its user's, dated
 * now. Real server, real y-websocket clients writing the marks as the README describes.
 */
describe('suggest-only connections', () => {
  let server: TestServer;
  const cookies: Partial<Record<Role, string>> = {};
  const people: Partial<Record<Role, Person>> = {};
  const clients: CollabClient[] = [];
  const client = (id: string, role: Role, params?: Record<string, string>) => {
    const c = connectClient(server.url, id, cookies[role]!, undefined, new Y.Doc(), params);
    clients.push(c);
    return c;
  };
  const attrs = (role: Role, extra: Partial<Record<string, string>> = {}) => ({
    id: `s-${Math.random().toString(36).slice(2, 10)}`,
    authorId: people[role]!.id,
    authorName: people[role]!.name,
    createdAt: new Date().toISOString(),
    ...extra,
  });
  const firstText = (c: CollabClient) => (c.ydoc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;

  function refusedClientIds(id: string): number[] {
    const db = new Database(path.join(server.dataDir, 'communique.db'), { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT client_id FROM refused_clients WHERE document_id = ?').all(id) as { client_id: number }[]).map((r) => r.client_id);
    } finally {
      db.close();
    }
  }
  /** The text as a fresh reader sees it, with the marks (Yjs deltas per paragraph). */
  async function deltasOf(id: string): Promise<unknown[]> {
    const reader = client(id, 'viewer');
    await waitSynced(reader);
    const out = reader.ydoc
      .getXmlFragment('default')
      .toArray()
      .map((p) => ((p as Y.XmlElement).get(0) as Y.XmlText | undefined)?.toDelta() ?? []);
    reader.destroy();
    return out;
  }
  async function plainTextOf(id: string): Promise<string> {
    const reader = client(id, 'viewer');
    await waitSynced(reader);
    const text = reader.text();
    reader.destroy();
    return text;
  }
  /** A document with one paragraph, moved to `state`. */
  async function documentWith(text: string, state: 'draft' | 'in_review'): Promise<string> {
    const id = await createDocument(server.url, cookies.drafter!, { language: 'az' });
    const writer = client(id, 'drafter');
    await waitSynced(writer);
    writer.appendParagraph(text);
    await waitFor(async () => (await plainTextOf(id)) === text, 'the paragraph to be stored');
    writer.destroy();
    if (state === 'in_review') await moveTo(server.url, cookies, id, 'in_review');
    return id;
  }
  /** Connects as `role`, makes `edit` on its copy, and waits until the server refused it (its client id recorded). */
  async function expectRefused(id: string, role: Role, edit: (c: CollabClient) => void, params?: Record<string, string>): Promise<void> {
    const c = client(id, role, params);
    await waitSynced(c);
    edit(c);
    await waitFor(() => refusedClientIds(id).includes(c.ydoc.clientID), 'the update to be refused');
    c.destroy();
  }

  beforeAll(async () => {
    server = await startServer();
    for (const role of ['admin', 'drafter', 'reviewer', 'approver', 'viewer'] as const) cookies[role] = await signIn(server.url, `${role}@example.org`);
    const list = await api<Person[] | { people: Person[] }>(server.url, cookies.admin!, 'GET', '/api/users');
    const all = Array.isArray(list.body) ? list.body : list.body.people;
    for (const role of ['drafter', 'reviewer', 'approver'] as const) people[role] = all.find((p) => p.email === `${role}@example.org`)!;
  });

  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.stop();
  });

  it('in review, refuses a reviewer’s plain insertion, a forged author, a forged time and text outside the marks; keeps a real suggestion', async () => {
    const original = 'Azərbaycan Respublikası sülh istəyir.';
    const id = await documentWith(original, 'in_review');

    // A client that skips the mode: plain text, as an editor in Editing mode would write it.
    await expectRefused(id, 'reviewer', (c) => firstText(c).insert(0, 'Qəti: '));
    // A suggestion in the drafter's name, and one dated an hour ago.
    await expectRefused(id, 'reviewer', (c) => firstText(c).insert(0, 'Qəti: ', { suggestionInsert: { ...attrs('reviewer'), authorId: people.drafter!.id } }));
    await expectRefused(id, 'reviewer', (c) =>
      firstText(c).insert(0, 'Qəti: ', { suggestionInsert: attrs('reviewer', { createdAt: new Date(Date.now() - 3_600_000).toISOString() }) }),
    );
    // A real suggestion with, in the same update, a word typed outside any mark.
    await expectRefused(id, 'reviewer', (c) =>
      c.ydoc.transact(() => {
        firstText(c).insert(0, 'Qəti: ', { suggestionInsert: attrs('reviewer') });
        firstText(c).insert(firstText(c).length, ' Həmişə');
      }),
    );
    // A change of formatting is a change of the text too.
    await expectRefused(id, 'reviewer', (c) => firstText(c).format(0, 10, { bold: true }));
    expect(await plainTextOf(id)).toBe(original);
    expect(server.output()).toContain('changes the text outside suggestions');
    expect(server.output()).toContain('writes a suggestion in someone else’s name');
    expect(server.output()).toContain('dates a new suggestion away from now');

    // A real replacement: "sülh" struck, "davamlı sülh" proposed, by the reviewer, now.
    const reviewer = client(id, 'reviewer');
    await waitSynced(reviewer);
    const s = attrs('reviewer');
    reviewer.ydoc.transact(() => {
      const text = firstText(reviewer);
      const at = original.indexOf('sülh');
      text.format(at, 4, { suggestionDelete: s });
      text.insert(at + 4, 'davamlı sülh', { suggestionInsert: s });
    });
    const watcher = client(id, 'drafter');
    await waitFor(
      () => (watcher.provider.synced && JSON.stringify(firstText(watcher).toDelta()).includes('davamlı sülh')) || false,
      'the drafter to see the suggestion live',
    );
    expect(firstText(watcher).toDelta()).toEqual([
      { insert: 'Azərbaycan Respublikası ' },
      { insert: 'sülh', attributes: { suggestionDelete: s } },
      { insert: 'davamlı sülh', attributes: { suggestionInsert: s } },
      { insert: ' istəyir.' },
    ]);
    // The same reviewer goes on: their own suggestion grows; the approver rejects part of it by deleting.
    firstText(reviewer).insert(original.indexOf('sülh') + 4 + 'davamlı sülh'.length, ' və', { suggestionInsert: s });
    await waitFor(() => firstText(watcher).toString().includes('davamlı sülh və'), 'the suggestion to grow');
    expect(refusedClientIds(id)).not.toContain(reviewer.ydoc.clientID);
    const approver = client(id, 'approver');
    await waitSynced(approver);
    // The approver strikes part of the reviewer's proposal: removing proposed text rejects it, so the text with everything rejected is unchanged.
    firstText(approver).delete(original.indexOf('sülh') + 4, 'davamlı '.length);
    await waitFor(() => !firstText(watcher).toString().includes('davamlı'), 'the approver’s partial rejection to arrive');
    expect(refusedClientIds(id)).not.toContain(approver.ydoc.clientID);
    // …but growing someone else's suggestion is writing in their name.
    await expectRefused(id, 'approver', (c) => firstText(c).insert(original.indexOf('sülh') + 4, 'əbədi ', { suggestionInsert: s }));
    reviewer.destroy();
    approver.destroy();
    watcher.destroy();
  });

  it('a drafter in review stays read-only even when asking to suggest; in draft, ?suggest=1 makes a drafter’s connection suggest-only', async () => {
    const inReview = await documentWith('Mətn.', 'in_review');
    await expectRefused(inReview, 'drafter', (c) => firstText(c).insert(0, 'Yeni ', { suggestionInsert: attrs('drafter') }), { suggest: '1' });

    const draft = await documentWith('Layihə mətni.', 'draft');
    await expectRefused(draft, 'drafter', (c) => firstText(c).insert(0, 'Birbaşa '), { suggest: '1' });
    const suggester = client(draft, 'drafter', { suggest: '1' });
    await waitSynced(suggester);
    const s = attrs('drafter');
    firstText(suggester).insert(0, 'Təklif: ', { suggestionInsert: s });
    await waitFor(async () => JSON.stringify(await deltasOf(draft)).includes('Təklif: '), 'the drafter’s suggestion to be stored');
    expect(await deltasOf(draft)).toEqual([[{ insert: 'Təklif: ', attributes: { suggestionInsert: s } }, { insert: 'Layihə mətni.' }]]);
    // Without ?suggest=1 the same drafter writes directly.
    const writer = client(draft, 'drafter');
    await waitSynced(writer);
    firstText(writer).insert(firstText(writer).length, ' Son.');
    await waitFor(async () => (await plainTextOf(draft)).endsWith('Son.'), 'a direct edit in draft');
    suggester.destroy();
    writer.destroy();
    expect((await transition(server.url, cookies, 'drafter', draft, { action: 'submit' })).status).toBe(200);
  });
});
