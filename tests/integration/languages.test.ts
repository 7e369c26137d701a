import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGE_REASONS } from '@/lib/policies/reasons';
import { documentIn, transition } from '@/tests/factories/documents';
import { connectClient, waitSynced } from '@/tests/helpers/collab';
import { writeBody } from '@/tests/helpers/content';
import { startServer, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

type ErrorBody = { error: { code: string; message: string } };
type Member = {
  id: string;
  language: string;
  title: string;
  state: string;
  master: boolean;
  alignedWith: { versionId: string; contentHash: string } | null;
  stale: boolean;
};
type Group = { groupId: string | null; masterId: string; masterContentHash: string; members: Member[] };
type Doc = {
  id: string;
  kind: string;
  language: string;
  title: string;
  state: string;
  dateline: { place: string; date: string | null } | null;
  abilities: Record<string, boolean>;
};
type Audit = { action: string; versionId: string | null; contentHash: string | null; detail: Record<string, unknown> };

const ROLES = ['viewer', 'drafter', 'reviewer', 'approver', 'publisher', 'admin'] as const;

describe('language versions: a group in three languages, stale flags by content hash, per-language sign-off (issue 23)', () => {
  let server: TestServer;
  const cookies: Record<string, string> = {};
  const as = (role: string) => cookies[role]!;
  const languages = async (role: string, id: string) => api<Group & ErrorBody>(server.url, as(role), 'GET', `/api/documents/${id}/languages`);
  const add = (role: string, id: string, body: unknown) => api<Doc & ErrorBody>(server.url, as(role), 'POST', `/api/documents/${id}/languages`, body);
  const align = (role: string, id: string, body: unknown) => api<Group & ErrorBody>(server.url, as(role), 'POST', `/api/documents/${id}/aligned`, body);
  const audit = async (id: string) => (await api<Audit[]>(server.url, as('admin'), 'GET', `/api/documents/${id}/audit`)).body;
  const member = (group: Group, id: string) => group.members.find((m) => m.id === id)!;
  const bodyText = async (id: string, cookie: string) => {
    const client = connectClient(server.url, id, cookie);
    try {
      await waitSynced(client);
      return client.ydoc.getXmlFragment('default').toString();
    } finally {
      client.destroy();
    }
  };
  const paragraph = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

  let master: string;
  let kk: string;
  let ky: string;

  beforeAll(async () => {
    server = await startServer();
    for (const role of ROLES) cookies[role] = await signIn(server.url, `${role}@example.org`);
    master = await documentIn(server.url, cookies, 'draft', {
      title: 'Sammit bəyannaməsi',
      language: 'az',
      paragraphs: ['Türk Dövlətləri Təşkilatının dövlət başçıları Bakıda toplaşdılar.'],
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('refuses bad requests in the contract’s order: 401, 404, 403, 400, 422, 409', async () => {
    const body = { language: 'kk', startFrom: 'copy' };
    expect((await api(server.url, null, 'POST', `/api/documents/${master}/languages`, body)).status).toBe(401);
    expect((await api(server.url, null, 'GET', `/api/documents/${master}/languages`)).status).toBe(401);
    const missing = await add('drafter', '00000000-0000-0000-0000-000000000000', body);
    expect([missing.status, missing.body.error.code]).toEqual([404, 'not_found']);
    const viewer = await add('viewer', master, body);
    expect([viewer.status, viewer.body.error.message]).toEqual([403, LANGUAGE_REASONS.roleAdds]);
    expect((await add('drafter', master, { language: 'kk', startFrom: 'translate' })).status).toBe(400);
    expect((await add('drafter', master, { language: 'kk' })).status).toBe(400);
    expect((await add('drafter', master, 'not json')).status).toBe(400);
    const unknown = await add('drafter', master, { language: 'xx', startFrom: 'copy' });
    expect([unknown.status, unknown.body.error.code]).toEqual([422, 'unprocessable']);
    expect((await add('drafter', master, { language: 'not a tag', startFrom: 'copy' })).status).toBe(422);
    const same = await add('drafter', master, { language: 'az', startFrom: 'empty' });
    expect([same.status, same.body.error.message]).toEqual([409, 'This statement already has a version in Azerbaijani.']);
    // Nothing was made by a refused request: the document is still in no group.
    const alone = (await languages('viewer', master)).body;
    expect(alone).toMatchObject({ groupId: null, masterId: master, members: [{ id: master, language: 'az', master: true, stale: false }] });
  });

  it('adds a Kazakh copy (aligned with the master’s text) and an empty Kyrgyz version (stale until aligned)', async () => {
    const copy = await add('drafter', master, { language: 'KK', startFrom: 'copy', title: 'Саммит декларациясы' });
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ kind: 'statement', language: 'kk', title: 'Саммит декларациясы', state: 'draft' });
    kk = copy.body.id;
    // The copy is the master's text, written through the Yjs path into the new document's own log.
    expect(await bodyText(kk, as('drafter'))).toContain('Türk Dövlətləri Təşkilatının dövlət başçıları Bakıda toplaşdılar.');

    // Added from a member (not the master): it joins the same group.
    const empty = await add('drafter', kk, { language: 'ky', startFrom: 'empty' });
    expect(empty.status).toBe(201);
    expect(empty.body.title).toBe('Sammit bəyannaməsi');
    ky = empty.body.id;
    expect(await bodyText(ky, as('drafter'))).toBe('');

    const group = (await languages('viewer', ky)).body;
    expect(group.masterId).toBe(master);
    expect(group.groupId).toMatch(/^[0-9a-f-]{36}$/);
    expect(group.members.map((m) => [m.language, m.master, m.stale])).toEqual([
      ['az', true, false],
      ['kk', false, false],
      ['ky', false, true],
    ]);
    expect(member(group, kk).alignedWith?.contentHash).toBe(group.masterContentHash);
    expect(member(group, ky).alignedWith).toBeNull();
    const entry = (await audit(kk)).find((e) => e.action === 'language.add')!;
    expect(entry).toMatchObject({
      versionId: member(group, kk).alignedWith?.versionId,
      contentHash: group.masterContentHash,
      detail: { masterId: master, language: 'kk' },
    });

    const again = await add('drafter', master, { language: 'kk', startFrom: 'empty' });
    expect([again.status, again.body.error.message]).toEqual([409, 'This statement already has a version in Kazakh.']);
    // Nor can a draft's language be changed to one the group has.
    const patched = await api<ErrorBody>(server.url, as('drafter'), 'PATCH', `/api/documents/${ky}`, { language: 'kk' });
    expect([patched.status, patched.body.error.message]).toEqual([409, 'This statement already has a version in Kazakh.']);
    expect((await api(server.url, as('drafter'), 'PATCH', `/api/documents/${ky}`, { language: 'ky' })).status).toBe(200);
  });

  it('turns the others stale when the master’s text changes, and current again when marked aligned (audited)', async () => {
    await writeBody(server.url, master, as('drafter'), paragraph('Yeni bənd: iqlim dəyişikliyi.'));
    const stale = (await languages('drafter', master)).body;
    expect(stale.members.map((m) => [m.language, m.stale])).toEqual([
      ['az', false],
      ['kk', true],
      ['ky', true],
    ]);

    // 400, 422 (a version of another document), 409 (the master itself).
    expect((await align('drafter', kk, {})).status).toBe(400);
    const ownVersion = await api<{ id: string }>(server.url, as('drafter'), 'POST', `/api/documents/${kk}/versions`, { label: 'Kazakh draft' });
    const foreign = await align('drafter', kk, { masterVersionId: ownVersion.body.id });
    expect([foreign.status, foreign.body.error.code]).toEqual([422, 'unprocessable']);
    expect((await align('viewer', kk, { masterVersionId: 'current' })).status).toBe(403);
    expect((await align('drafter', master, { masterVersionId: 'current' })).status).toBe(409);

    const aligned = await align('drafter', kk, { masterVersionId: 'current' });
    expect(aligned.status).toBe(200);
    expect(member(aligned.body, kk)).toMatchObject({ stale: false, alignedWith: { contentHash: stale.masterContentHash } });
    expect(member(aligned.body, ky).stale).toBe(true);
    // The version recorded is a version of the master, with the master's hash.
    type Version = { id: string; contentHash: string };
    const masterVersions = (await api<Version[]>(server.url, as('drafter'), 'GET', `/api/documents/${master}/versions`)).body;
    expect(masterVersions).toContainEqual(
      expect.objectContaining({ id: member(aligned.body, kk).alignedWith?.versionId, contentHash: stale.masterContentHash }),
    );
    // …and an explicit version id works too.
    const byId = await align('drafter', ky, { masterVersionId: member(aligned.body, kk).alignedWith?.versionId });
    expect(member(byId.body, ky).stale).toBe(false);
    expect((await audit(ky)).filter((e) => e.action === 'language.aligned')).toEqual([
      expect.objectContaining({ versionId: member(aligned.body, kk).alignedWith?.versionId, contentHash: stale.masterContentHash }),
    ]);
  });

  it('refuses approval of a version while its master changed (409 with the sentence; abilities mirror it), then approves once aligned', async () => {
    expect((await transition(server.url, cookies, 'drafter', kk, { action: 'submit' })).status).toBe(200);
    const before = (await api<Doc>(server.url, as('approver'), 'GET', `/api/documents/${kk}`)).body;
    expect(before.abilities.approve).toBe(true);

    await writeBody(server.url, master, as('drafter'), paragraph('Daha bir bənd.'));
    expect(member((await languages('approver', kk)).body, kk).stale).toBe(true);
    const seen = (await api<Doc>(server.url, as('approver'), 'GET', `/api/documents/${kk}`)).body;
    expect(seen.abilities.approve).toBe(false);
    const refused = await transition<Doc & ErrorBody>(server.url, cookies, 'approver', kk, { action: 'approve' });
    expect([refused.status, refused.body.error.message]).toEqual([409, LANGUAGE_REASONS.masterChanged]);
    expect((await api<Doc>(server.url, as('approver'), 'GET', `/api/documents/${kk}`)).body.state).toBe('in_review');

    // Aligned while in review? No: the translator works the change in, in a draft.
    const inReview = await align('drafter', kk, { masterVersionId: 'current' });
    expect([inReview.status, inReview.body.error.message]).toEqual([409, LANGUAGE_REASONS.alignDraftsOnly]);
    expect((await transition(server.url, cookies, 'drafter', kk, { action: 'withdraw' })).status).toBe(200);
    await writeBody(server.url, kk, as('drafter'), paragraph('Тағы бір тармақ.'));
    expect((await align('drafter', kk, { masterVersionId: 'current' })).status).toBe(200);
    expect((await transition(server.url, cookies, 'drafter', kk, { action: 'submit' })).status).toBe(200);
    const approved = await transition<Doc>(server.url, cookies, 'approver', kk, { action: 'approve' });
    expect([approved.status, approved.body.state]).toEqual([200, 'approved']);
    // Publishing it alone still works, but the page warns that the group is incomplete.
    // What the page shows, without its scripts (they carry the interface's message catalogue).
    const shown = async (id: string) =>
      (await (await fetch(`${server.url}/documents/${id}`, { headers: { Cookie: as('publisher') } })).text()).replace(/<script[\s\S]*?<\/script>/g, '');
    const page = await shown(kk);
    expect(page.replace(/\s+/g, ' ')).toContain(
      'Not every language of this statement is approved: publishing this version on its own releases it before the others.',
    );
    const masterPage = await shown(master);
    expect(masterPage).not.toContain('Not every language of this statement is approved');
  });

  it('a restricted master’s versions share its members; only an admin changes the master (audited)', async () => {
    const restricted = await api(server.url, as('drafter'), 'PUT', `/api/documents/${master}/access`, { restricted: true, members: ['reviewer@example.org'] });
    expect(restricted.status).toBe(200);
    for (const id of [master, kk, ky]) {
      expect((await api(server.url, as('viewer'), 'GET', `/api/documents/${id}`)).status).toBe(404);
      expect((await languages('viewer', id)).status).toBe(404);
      expect((await languages('reviewer', id)).status).toBe(200);
    }
    // A version added to a restricted master is restricted to its members from the start.
    const tr = await add('drafter', master, { language: 'tr', startFrom: 'empty' });
    expect(tr.status).toBe(201);
    expect((await api(server.url, as('viewer'), 'GET', `/api/documents/${tr.body.id}`)).status).toBe(404);
    expect((await api(server.url, as('reviewer'), 'GET', `/api/documents/${tr.body.id}`)).status).toBe(200);

    const notAdmin = await api<ErrorBody>(server.url, as('drafter'), 'PUT', `/api/documents/${kk}/languages`, { masterId: kk });
    expect([notAdmin.status, notAdmin.body.error.message]).toEqual([403, LANGUAGE_REASONS.onlyAdminsSetMaster]);
    const outsider = await documentIn(server.url, cookies, 'draft', { language: 'en' });
    expect((await api(server.url, as('admin'), 'PUT', `/api/documents/${kk}/languages`, { masterId: outsider })).status).toBe(422);
    expect((await api(server.url, as('admin'), 'PUT', `/api/documents/${outsider}/languages`, { masterId: outsider })).status).toBe(409);
    const moved = await api<Group>(server.url, as('admin'), 'PUT', `/api/documents/${master}/languages`, { masterId: kk });
    expect(moved.status).toBe(200);
    expect(moved.body.masterId).toBe(kk);
    expect(moved.body.members.map((m) => [m.language, m.master, m.stale])).toEqual([
      ['kk', true, false],
      ['az', false, true],
      ['ky', false, true],
      ['tr', false, true],
    ]);
    expect((await audit(kk)).filter((e) => e.action === 'language.master')).toEqual([expect.objectContaining({ detail: { from: master, to: kk } })]);
  });
});
