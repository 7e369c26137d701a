import type * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocument, moveTo } from '@/tests/factories/documents';
import { connectClient, roundTrip, waitSynced, type CollabClient } from '@/tests/helpers/collab';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

type Version = { id: string; label: string | null; reason: string; state: string; authors: { name: string }[]; contentHash: string };
type Diff = { changes: { op: string; text: string; authors: { name: string }[]; block: string; structural: boolean }[] };

/** The first paragraph's text object of a client's body. */
const firstText = (c: CollabClient) => (c.ydoc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;

describe('revision history', () => {
  let server: TestServer;
  let drafter: string;
  let reviewer: string;
  const clients: CollabClient[] = [];
  const client = (id: string, cookie: string) => {
    const c = connectClient(server.url, id, cookie);
    clients.push(c);
    return c;
  };
  const versions = async (id: string) => (await api<Version[]>(server.url, drafter, 'GET', `/api/documents/${id}/versions`)).body;

  beforeAll(async () => {
    server = await startServer({ env: { VERSION_QUIET_SECONDS: '1', VERSION_MAX_SECONDS: '3' } });
    [drafter, reviewer] = await Promise.all([signIn(server.url, 'drafter@example.org'), signIn(server.url, 'reviewer@example.org')]);
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.stop();
  });

  it('keeps a version automatically after a pause in editing, and at every transition', async () => {
    const id = await createDocument(server.url, drafter);
    const a = client(id, drafter);
    await waitSynced(a);
    a.appendParagraph('Typed, then a pause.');
    await waitFor(async () => (await versions(id)).some((v) => v.reason === 'auto'), 'an automatic version after the pause', 10_000);
    const auto = (await versions(id)).find((v) => v.reason === 'auto')!;
    expect(auto.authors.map((p) => p.name)).toEqual(['Daniyar Seitkali']);

    await moveTo(server.url, { drafter }, id, 'in_review');
    await api(server.url, reviewer, 'POST', `/api/documents/${id}/transitions`, { action: 'request_changes', comment: 'More detail.' });
    expect((await versions(id)).map((v) => v.reason)).toEqual(['auto', 'submit', 'request_changes']);
  });

  it('compares two versions: inserted and deleted words, and who made each change', async () => {
    const id = await createDocument(server.url, drafter);
    const a = client(id, drafter);
    const b = client(id, reviewer);
    await Promise.all([waitSynced(a), waitSynced(b)]);
    a.appendParagraph('The ministers agreed on three points.');
    await waitFor(() => b.text().includes('three points'), 'the first line at B');
    const v1 = await api<Version>(server.url, drafter, 'POST', `/api/documents/${id}/versions`, { label: 'Sent to legal' });
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({ label: 'Sent to legal', reason: 'named', state: 'draft' });

    firstText(b).delete(24, 5); // "three"
    firstText(b).insert(24, 'four');
    await waitFor(() => a.text() === 'The ministers agreed on four points.', 'B’s change at A');
    a.appendParagraph('Qazaqstan will host the next meeting.');
    await waitFor(() => b.text().includes('next meeting'), 'A’s new paragraph at B');
    const v2 = (await api<Version>(server.url, drafter, 'POST', `/api/documents/${id}/versions`, { label: 'After legal' })).body;

    const diff = (await api<Diff>(server.url, drafter, 'GET', `/api/documents/${id}/diff?from=${v1.body.id}&to=${v2.id}`)).body;
    expect(diff.changes.map((c) => ({ op: c.op, text: c.text, by: c.authors.map((p) => p.name) }))).toEqual([
      { op: 'delete', text: 'three', by: ['Rustam Karimov'] },
      { op: 'insert', text: 'four', by: ['Rustam Karimov'] },
      { op: 'insert', text: 'Qazaqstan will host the next meeting.', by: ['Daniyar Seitkali'] },
    ]);
    expect(diff.changes[2]).toMatchObject({ block: 'paragraph', structural: true });
    const toNow = (await api<Diff>(server.url, drafter, 'GET', `/api/documents/${id}/diff?from=${v1.body.id}&to=current`)).body;
    expect(toNow.changes).toEqual(diff.changes);
    expect((await api(server.url, drafter, 'GET', `/api/documents/${id}/diff?from=${v1.body.id}`)).status).toBe(400);
    expect((await api(server.url, drafter, 'GET', `/api/documents/${id}/diff?from=nope&to=current`)).status).toBe(404);
  });

  it('restores a version live for everyone connected, keeping the text before it as a version', async () => {
    const id = await createDocument(server.url, drafter);
    const a = client(id, drafter);
    const b = client(id, reviewer);
    await Promise.all([waitSynced(a), waitSynced(b)]);
    a.appendParagraph('Original wording.');
    await waitFor(() => b.text() === 'Original wording.', 'the original at B');
    const original = (await api<Version>(server.url, drafter, 'POST', `/api/documents/${id}/versions`, { label: 'Original' })).body;
    firstText(b).delete(0, 8);
    firstText(b).insert(0, 'Revised');
    b.appendParagraph('An extra paragraph.');
    await waitFor(() => a.text() === 'Revised wording.\nAn extra paragraph.', 'the revision at A');
    const before = (await versions(id)).length;

    const restored = await api(server.url, reviewer, 'POST', `/api/documents/${id}/versions/${original.id}/restore`);
    expect(restored.status).toBe(200);
    await waitFor(() => a.text() === 'Original wording.' && b.text() === 'Original wording.', 'both clients to show the restored text live');
    const after = await versions(id);
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)).toMatchObject({ reason: 'before_restore' });
    const audit = (await api<{ action: string; versionId: string; contentHash: string }[]>(server.url, drafter, 'GET', `/api/documents/${id}/audit`)).body;
    expect(audit.at(-1)).toMatchObject({ action: 'restore', versionId: original.id, contentHash: original.contentHash });

    // The restore is attributed to the person who restored, like typing.
    const diff = (await api<Diff>(server.url, drafter, 'GET', `/api/documents/${id}/diff?from=${after.at(-1)!.id}&to=current`)).body;
    expect(new Set(diff.changes.flatMap((c) => c.authors.map((p) => p.name)))).toEqual(new Set(['Rustam Karimov']));

    await moveTo(server.url, { drafter }, id, 'in_review');
    expect((await api(server.url, drafter, 'POST', `/api/documents/${id}/versions/${original.id}/restore`)).status).toBe(409);
    expect((await api(server.url, await signIn(server.url, 'viewer@example.org'), 'POST', `/api/documents/${id}/versions/${original.id}/restore`)).status).toBe(
      403,
    );
  });
  it('shows no change between a version and the same text restored over an edit of it', async () => {
    const id = await createDocument(server.url, drafter);
    const a = client(id, drafter);
    await waitSynced(a);
    a.appendParagraph('The ministers agreed on three points.');
    a.appendParagraph('Qazaqstan will host the next meeting.');
    await roundTrip(a);
    const v1 = (await api<Version>(server.url, drafter, 'POST', `/api/documents/${id}/versions`, { label: 'Approved text' })).body;
    // Retyped whole: every item new, the text the same.
    a.ydoc.transact(() => a.ydoc.getXmlFragment('default').delete(0, 2));
    a.appendParagraph('The ministers agreed on three points.');
    a.appendParagraph('Qazaqstan will host the next meeting.');
    await roundTrip(a);
    const retyped = (await api<Version>(server.url, drafter, 'POST', `/api/documents/${id}/versions`, { label: 'Retyped' })).body;
    expect(retyped.contentHash).toBe(v1.contentHash);
    expect((await api<Diff>(server.url, drafter, 'GET', `/api/documents/${id}/diff?from=${v1.id}&to=${retyped.id}`)).body.changes).toEqual([]);

    firstText(a).delete(0, 3);
    firstText(a).insert(0, 'All');
    await waitFor(
      async () => (await api<Diff>(server.url, drafter, 'GET', `/api/documents/${id}/diff?from=${v1.id}&to=current`)).body.changes.length > 0,
      'the edit',
    );
    expect((await api(server.url, reviewer, 'POST', `/api/documents/${id}/versions/${v1.id}/restore`)).status).toBe(200);
    await waitFor(() => a.text().startsWith('The ministers'), 'the restored text at A');
    const since = (await api<Diff>(server.url, drafter, 'GET', `/api/documents/${id}/diff?from=${v1.id}&to=current`)).body;
    expect(since.changes).toEqual([]);
  });

  it('credits a version to those who changed its text, not to someone who only opened the document or whose edits net to nothing', async () => {
    const id = await createDocument(server.url, drafter);
    const a = client(id, drafter);
    await waitSynced(a);
    a.appendParagraph('Excellencies,');
    await roundTrip(a);
    await api(server.url, drafter, 'POST', `/api/documents/${id}/versions`, { label: 'Opening' });
    const b = client(id, reviewer);
    await waitSynced(b);
    await waitFor(() => b.text() === 'Excellencies,', 'the text at B');
    firstText(b).insert(0, 'x');
    firstText(b).delete(0, 1);
    await roundTrip(b);
    const unchanged = (await api<Version>(server.url, drafter, 'POST', `/api/documents/${id}/versions`, { label: 'Only opened' })).body;
    expect(unchanged.authors).toEqual([]);
    firstText(b).insert(0, 'y');
    firstText(b).delete(0, 1);
    a.appendParagraph('ladies and gentlemen,');
    await waitFor(() => b.text().includes('ladies'), 'A’s line at B');
    await roundTrip(b);
    const next = (await api<Version>(server.url, drafter, 'POST', `/api/documents/${id}/versions`, { label: 'Second line' })).body;
    expect(next.authors.map((p) => p.name)).toEqual(['Daniyar Seitkali']);
  });

  it('keeps no automatic version of text equal to the newest version', async () => {
    const quiet = await createDocument(server.url, drafter);
    const a = client(quiet, drafter);
    await waitSynced(a);
    a.appendParagraph('Nothing more to say.');
    await waitFor(async () => (await versions(quiet)).some((v) => v.reason === 'auto'), 'the first automatic version', 10_000);
    firstText(a).insert(0, 'x');
    firstText(a).delete(0, 1);
    await roundTrip(a);
    // A second document edited after the first: the versions' clock checks documents in the
    // order they were opened, so once this one has its automatic version, the first one's
    // pause has been looked at too.
    const busy = await createDocument(server.url, drafter);
    const b = client(busy, drafter);
    await waitSynced(b);
    b.appendParagraph('Later text.');
    await waitFor(async () => (await versions(busy)).some((v) => v.reason === 'auto'), 'the later document’s automatic version', 10_000);
    expect((await versions(quiet)).map((v) => v.reason)).toEqual(['auto']);
  });
});
