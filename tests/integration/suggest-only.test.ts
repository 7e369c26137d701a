import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { undeliveredText } from '@/lib/editor/undelivered';
import { createDocument, moveTo, transition } from '@/tests/factories/documents';
import { connectClient, waitSynced, type CollabClient } from '@/tests/helpers/collab';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';
import { shownHtml } from '@/tests/helpers/shown';

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

  /** The client ids the server refused for this document, as its log says (whichever storage it runs on). */
  function refusedClientIds(id: string): number[] {
    const ids: number[] = [];
    for (const line of server.output().split('\n')) {
      if (!line.startsWith('{') || !line.includes('their client ids are refused')) continue;
      const entry = JSON.parse(line) as { doc?: string; clients?: number[] };
      if (entry.doc === id) ids.push(...(entry.clients ?? []));
    }
    return ids;
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
  it('lists suggestions in document order; approval waits for them (409 with the number); rejecting all in review gives back the submitted hash', async () => {
    const id = await createDocument(server.url, cookies.drafter!, { language: 'az' });
    const writer = client(id, 'drafter');
    await waitSynced(writer);
    writer.appendParagraph('Birinci abzas sülh haqqındadır.');
    writer.appendParagraph('İkinci abzas əməkdaşlıq haqqındadır.');
    await waitFor(async () => (await plainTextOf(id)).includes('əməkdaşlıq'), 'the text to be stored');
    writer.destroy();
    await moveTo(server.url, cookies, id, 'in_review');

    // The reviewer suggests a replacement, and a deletion across the paragraph break.
    const reviewer = client(id, 'reviewer');
    await waitSynced(reviewer);
    const replace = attrs('reviewer');
    const join = attrs('reviewer');
    reviewer.ydoc.transact(() => {
      const [p1, p2] = reviewer.ydoc.getXmlFragment('default').toArray() as Y.XmlElement[];
      const t1 = p1!.get(0) as Y.XmlText;
      const t2 = p2!.get(0) as Y.XmlText;
      t1.format(14, 4, { suggestionDelete: replace }); // "sülh"
      t1.insert(18, 'davamlı sülh', { suggestionInsert: replace });
      t1.format(t1.length - 1, 1, { suggestionDelete: join }); // the full stop…
      t2.format(0, 'İkinci abzas '.length, { suggestionDelete: join }); // …the break, and the next words
      p2!.setAttribute('suggestion', { type: 'join', ...join } as unknown as string);
    });
    const list = async () =>
      (
        await api<{ suggestions: { id: string; type: string; text: string; author: { id: string } }[] }>(
          server.url,
          cookies.drafter!,
          'GET',
          `/api/documents/${id}/suggestions`,
        )
      ).body.suggestions;
    await waitFor(async () => (await list()).length === 2, 'both suggestions to be stored');
    expect((await list()).map((s) => [s.id, s.type, s.text, s.author.id])).toEqual([
      [replace.id, 'replace', 'davamlı sülh', people.reviewer!.id],
      [join.id, 'delete', '.\nİkinci abzas ', people.reviewer!.id],
    ]);
    reviewer.destroy();

    const approve = await transition(server.url, cookies, 'approver', id, { action: 'approve' });
    expect(approve.status).toBe(409);
    expect((approve.body as unknown as { error: { message: string } }).error.message).toBe(
      '2 suggestions are still open on this document. Reject them, or send the text back so the drafter can decide, before approving.',
    );
    const view = await api<{ abilities: { approve: boolean } }>(server.url, cookies.approver!, 'GET', `/api/documents/${id}`);
    expect(view.body.abilities.approve).toBe(false);

    // The contract's order: 404 unknown suggestion, 403 a viewer, 400 a malformed body, 409 accepting in review.
    const post = (role: Role, path: string, body: unknown) =>
      api<{ error?: { code: string } }>(server.url, cookies[role]!, 'POST', `/api/documents/${id}/suggestions${path}`, body);
    expect((await post('drafter', '/nope', { decision: 'reject' })).status).toBe(404);
    expect((await post('viewer', `/${join.id}`, { decision: 'reject' })).status).toBe(403);
    expect((await post('drafter', `/${join.id}`, { decision: 'maybe' })).status).toBe(400);
    expect((await post('drafter', '', { decision: 'reject' })).status).toBe(400); // "all" must say so
    expect((await post('drafter', `/${join.id}`, { decision: 'accept' })).status).toBe(409);
    expect((await post('drafter', '', { decision: 'accept', all: true })).status).toBe(409);

    // Rejecting everything in review: the text is exactly the submitted one, and approval goes through.
    const rejected = await post('reviewer', '', { decision: 'reject', all: true });
    expect(rejected.status).toBe(200);
    expect(await list()).toEqual([]);
    expect(await plainTextOf(id)).toBe('Birinci abzas sülh haqqındadır.\nİkinci abzas əməkdaşlıq haqqındadır.');
    expect((await transition(server.url, cookies, 'approver', id, { action: 'approve' })).status).toBe(200);
    const audit = (
      await api<{ action: string; contentHash: string | null; actor: unknown; detail: { suggestions?: { id: string }[] } }[] | { entries: never[] }>(
        server.url,
        cookies.admin!,
        'GET',
        `/api/documents/${id}/audit`,
      )
    ).body;
    const entries = Array.isArray(audit) ? audit : audit.entries;
    const submitted = entries.find((e) => e.action === 'submit')!.contentHash;
    expect(submitted).toMatch(/^[0-9a-f]{64}$/);
    expect(entries.find((e) => e.action === 'approve')!.contentHash).toBe(submitted);
    expect(entries.find((e) => e.action === 'suggestions_rejected')!.detail.suggestions!.map((s) => s.id)).toEqual([replace.id, join.id]);
  });

  it('accepting in draft keeps the suggester as the author of the words: the diff attributes them to the reviewer, the audit names who accepted', async () => {
    const id = await documentWith('Sülh danışıqları davam edir.', 'draft');
    const version = await api<{ id: string }>(server.url, cookies.drafter!, 'POST', `/api/documents/${id}/versions`, { label: 'Before suggestions' });
    expect(version.status).toBe(201);
    const reviewer = client(id, 'reviewer', { suggest: '1' });
    await waitSynced(reviewer);
    const s = attrs('reviewer');
    firstText(reviewer).insert('Sülh '.length, 'yeni ', { suggestionInsert: s });
    await waitFor(async () => (await plainTextOf(id)).includes('yeni'), 'the suggestion to be stored');
    reviewer.destroy();

    const accepted = await api<{ decided: { id: string }[]; suggestions: unknown[] }>(
      server.url,
      cookies.drafter!,
      'POST',
      `/api/documents/${id}/suggestions/${s.id}`,
      {
        decision: 'accept',
      },
    );
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ decided: [{ id: s.id }], suggestions: [] });
    expect(await deltasOf(id)).toEqual([[{ insert: 'Sülh yeni danışıqları davam edir.' }]]);
    const diff = await api<{ changes: { op: string; text: string; authors: { id: string; name: string }[] }[] }>(
      server.url,
      cookies.drafter!,
      'GET',
      `/api/documents/${id}/diff?from=${version.body.id}&to=current`,
    );
    const inserted = diff.body.changes.filter((c) => c.op === 'insert');
    expect(inserted.map((c) => c.text.trim())).toEqual(['yeni']);
    expect(inserted[0]!.authors).toEqual([{ id: people.reviewer!.id, name: people.reviewer!.name }]);
    const audit = (
      await api<{ action: string; actor: unknown; detail: { suggestions?: { suggestedBy: string }[] } }[]>(
        server.url,
        cookies.admin!,
        'GET',
        `/api/documents/${id}/audit`,
      )
    ).body;
    const entry = audit.find((e) => e.action === 'suggestions_accepted')!;
    expect(JSON.stringify(entry.actor)).toContain(people.drafter!.name);
    expect(entry.detail.suggestions![0]!.suggestedBy).toBe(people.reviewer!.id);
  });
  it('a returning approver gets a "changed since you approved" link to the diff between the text they approved and the one submitted now', async () => {
    const id = await documentWith('Birinci mətn.', 'draft');
    await moveTo(server.url, cookies, id, 'approved');
    expect((await transition(server.url, cookies, 'approver', id, { action: 'reopen', comment: 'One more line.' })).status).toBe(200);
    const writer = client(id, 'drafter');
    await waitSynced(writer);
    writer.appendParagraph('İkinci mətn.');
    await waitFor(async () => (await plainTextOf(id)).includes('İkinci'), 'the new line to be stored');
    writer.destroy();
    await moveTo(server.url, cookies, id, 'in_review');
    const page = (role: Role) => shownHtml(`${server.url}/documents/${id}`, cookies[role]!);
    const html = await page('approver');
    const href = /data-testid="changed-since-approved" href="([^"]*)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
    expect(href).toMatch(new RegExp(`^/documents/${id}/history\\?from=[^&]+&to=[^&]+$`));
    expect(await page('reviewer')).not.toContain('Changed since you approved');
    const { from, to } = Object.fromEntries(new URL(href!, server.url).searchParams) as { from: string; to: string };
    const diff = await api<{ changes: { op: string; text: string }[] }>(
      server.url,
      cookies.approver!,
      'GET',
      `/api/documents/${id}/diff?from=${from}&to=${to}`,
    );
    expect(diff.body.changes.filter((c) => c.op === 'insert').map((c) => c.text.trim())).toEqual(['İkinci mətn.']);
  });

  it('four eyes: an approver whose suggestion the drafter accepted wrote that text, so may not approve the next round (someone else may)', async () => {
    const id = await documentWith('Sülh danışıqları davam edir.', 'in_review');
    const approver = client(id, 'approver');
    await waitSynced(approver);
    const s = attrs('approver');
    firstText(approver).insert('Sülh '.length, 'uzunmüddətli ', { suggestionInsert: s });
    await waitFor(async () => (await plainTextOf(id)).includes('uzunmüddətli'), 'the approver’s suggestion to be stored');
    approver.destroy();
    expect((await transition(server.url, cookies, 'reviewer', id, { action: 'request_changes', comment: 'Decide on the suggestion.' })).status).toBe(200);
    const accepted = await api(server.url, cookies.drafter!, 'POST', `/api/documents/${id}/suggestions/${s.id}`, { decision: 'accept' });
    expect(accepted.status).toBe(200);
    expect((await transition(server.url, cookies, 'drafter', id, { action: 'submit' })).status).toBe(200);

    const refused = await transition(server.url, cookies, 'approver', id, { action: 'approve' });
    expect(refused.status).toBe(403);
    expect((refused.body as unknown as { error: { message: string } }).error.message).toBe(
      'You edited this text in this review round, so someone else must approve it.',
    );
    const view = await api<{ abilities: { approve: boolean } }>(server.url, cookies.approver!, 'GET', `/api/documents/${id}`);
    expect(view.body.abilities.approve).toBe(false);
    // Someone who wrote none of this round's text may.
    expect((await transition(server.url, cookies, 'admin', id, { action: 'approve' })).status).toBe(200);
  });

  it('four eyes errs on the safe side: a suggestion the drafter rejected still counts its author as an editor of the next round', async () => {
    const id = await documentWith('Ticarət əlaqələri genişlənir.', 'in_review');
    const approver = client(id, 'approver');
    await waitSynced(approver);
    const s = attrs('approver');
    firstText(approver).insert(0, 'Sürətlə: ', { suggestionInsert: s });
    await waitFor(async () => (await plainTextOf(id)).includes('Sürətlə'), 'the approver’s suggestion to be stored');
    approver.destroy();
    expect((await transition(server.url, cookies, 'reviewer', id, { action: 'request_changes', comment: 'Decide on it.' })).status).toBe(200);
    expect((await api(server.url, cookies.drafter!, 'POST', `/api/documents/${id}/suggestions/${s.id}`, { decision: 'reject' })).status).toBe(200);
    expect(await plainTextOf(id)).toBe('Ticarət əlaqələri genişlənir.');
    expect((await transition(server.url, cookies, 'drafter', id, { action: 'submit' })).status).toBe(200);
    expect((await transition(server.url, cookies, 'approver', id, { action: 'approve' })).status).toBe(403);
  });

  it('a reviewer’s suggestion written offline in review, delivered after changes were requested, is kept as a suggestion and listed', async () => {
    const original = 'Mədəni mirasın qorunması vacibdir.';
    const id = await documentWith(original, 'in_review');
    const reviewer = client(id, 'reviewer');
    await waitSynced(reviewer);
    reviewer.provider.disconnect(); // offline: what it writes now waits in its Y.Doc
    const s = attrs('reviewer');
    firstText(reviewer).insert('Mədəni mirasın '.length, 'diqqətlə ', { suggestionInsert: s });
    expect((await transition(server.url, cookies, 'reviewer', id, { action: 'request_changes', comment: 'See my suggestion.' })).status).toBe(200);
    // Back online in draft: a reviewer may edit drafts, so the connection is an editor's and the queued update is kept as written, a suggestion.
    reviewer.provider.connect();
    const listed = async () =>
      (
        await api<{ suggestions: { id: string; type: string; text: string; author: { id: string } }[] }>(
          server.url,
          cookies.drafter!,
          'GET',
          `/api/documents/${id}/suggestions`,
        )
      ).body.suggestions;
    await waitFor(async () => (await listed()).length === 1, 'the offline suggestion to arrive');
    expect(await listed()).toMatchObject([{ id: s.id, type: 'insert', text: 'diqqətlə ', author: { id: people.reviewer!.id } }]);
    expect(refusedClientIds(id)).not.toContain(reviewer.ydoc.clientID);
    // Nothing is left undelivered: the server's state vector (a fresh sync) covers the reviewer's edit.
    const reader = client(id, 'viewer');
    await waitSynced(reader);
    expect(undeliveredText(reviewer.ydoc, Y.decodeStateVector(Y.encodeStateVector(reader.ydoc)))).toBe('');
    reader.destroy();
    reviewer.destroy();
  });

  it('a suggestion written offline in review and delivered after the text was approved is refused, and the client can show it as undelivered', async () => {
    const original = 'Gənclər siyasəti prioritetdir.';
    const id = await documentWith(original, 'in_review');
    const reviewer = client(id, 'reviewer');
    await waitSynced(reviewer);
    reviewer.provider.disconnect();
    const s = attrs('reviewer');
    firstText(reviewer).insert(0, 'Yeni ', { suggestionInsert: s });
    // The document moves on without it: approved (nothing was open on the server).
    await moveTo(server.url, cookies, id, 'approved');
    reviewer.provider.connect();
    // Read-only now: the queued update is refused (never stored or relayed) and its client id recorded.
    await waitFor(() => refusedClientIds(id).includes(reviewer.ydoc.clientID), 'the stale suggestion to be refused');
    expect(await plainTextOf(id)).toBe(original);
    const listed = await api<{ suggestions: unknown[] }>(server.url, cookies.drafter!, 'GET', `/api/documents/${id}/suggestions`);
    expect(listed.body.suggestions).toEqual([]);
    // What the editor's rescue shows (lib/editor/undelivered.ts, from a fresh sync's state vector): the suggested words.
    const reader = client(id, 'viewer');
    await waitSynced(reader);
    expect(undeliveredText(reviewer.ydoc, Y.decodeStateVector(Y.encodeStateVector(reader.ydoc)))).toBe('Yeni');
    reader.destroy();
    reviewer.destroy();
  });
});
