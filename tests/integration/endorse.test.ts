import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocument } from '@/tests/factories/documents';
import { startServer, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

type ErrorBody = { error: { code: string; message: string } };
type Endorsement = { by: { id: string; name: string }; contentHash: string; versionId: string };
type Doc = { id: string; state: string; abilities: Record<string, boolean>; endorsements: Endorsement[] };
type Audit = {
  action: string;
  actor: { id: string; name: string } | null;
  versionId: string | null;
  contentHash: string | null;
  detail: Record<string, unknown>;
};
type Note = { documentId: string; action: string };

const ROLES = ['viewer', 'drafter', 'reviewer', 'approver', 'publisher', 'admin'] as const;

describe('"Reviewed": a reviewer endorses the exact submitted text (issue 19)', () => {
  let server: TestServer;
  const cookies: Record<string, string> = {};
  const as = (role: string) => cookies[role]!;
  const transition = (role: string, id: string, action: string) =>
    api<Doc & ErrorBody>(server.url, as(role), 'POST', `/api/documents/${id}/transitions`, { action });
  const audit = async (id: string) => (await api<Audit[]>(server.url, as('viewer'), 'GET', `/api/documents/${id}/audit`)).body;
  const notes = async (role: string, id: string) =>
    (await api<Note[]>(server.url, as(role), 'GET', '/api/notifications')).body.filter((n) => n.documentId === id).map((n) => n.action);

  beforeAll(async () => {
    server = await startServer();
    for (const role of ROLES) cookies[role] = await signIn(server.url, `${role}@example.org`);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('records the reviewer against the submitted version and its hash, audited, state stays in review, approvers told', async () => {
    const id = await createDocument(server.url, as('drafter'));
    expect((await transition('drafter', id, 'submit')).status).toBe(200);
    const submit = (await audit(id)).find((e) => e.action === 'submit')!;
    expect(submit.contentHash).toMatch(/^[0-9a-f]{64}$/);

    const reviewed = await transition('reviewer', id, 'endorse');
    expect(reviewed.status).toBe(200);
    expect(reviewed.body.state).toBe('in_review');

    const entry = (await audit(id)).find((e) => e.action === 'endorse')!;
    expect(entry).toMatchObject({ versionId: submit.versionId, contentHash: submit.contentHash, detail: { from: 'in_review', to: 'in_review', round: 1 } });
    expect(entry.actor?.name).toBeTruthy();

    // Nothing changed, so no version is added to the history.
    type Version = { reason: string };
    const versions = (await api<Version[]>(server.url, as('approver'), 'GET', `/api/documents/${id}/versions`)).body;
    expect(versions.map((v) => v.reason)).not.toContain('endorse');

    // The approver sees who reviewed which hash.
    const seen = (await api<Doc>(server.url, as('approver'), 'GET', `/api/documents/${id}`)).body;
    expect(seen.endorsements).toEqual([expect.objectContaining({ contentHash: submit.contentHash, versionId: submit.versionId, by: entry.actor })]);

    // …and on the document page, with the hash's first characters.
    const page = await (await fetch(`${server.url}/documents/${id}`, { headers: { Cookie: as('approver') } })).text();
    expect(page).toContain(`reviewed by <span translate="no">${entry.actor?.name}</span>`);
    expect(page).toContain('<button type="button">Reviewed</button>');
    expect(page).toContain(submit.contentHash!.slice(0, 12));

    // Those who may approve are told; the submitter's other colleagues are not.
    expect(await notes('approver', id)).toContain('endorse');
    expect(await notes('admin', id)).toContain('endorse');
    expect(await notes('publisher', id)).not.toContain('endorse');
    expect(await notes('reviewer', id)).not.toContain('endorse');

    const again = await transition('reviewer', id, 'endorse');
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('You have already marked this version as reviewed.');
  });

  it('is not allowed to a viewer or a drafter, nor to the submitter (four eyes), nor outside review', async () => {
    const id = await createDocument(server.url, as('reviewer'));
    const draft = await transition('reviewer', id, 'endorse');
    expect(draft.status).toBe(409);
    expect(draft.body.error.message).toBe('You cannot mark as reviewed a document that is draft.');

    expect((await transition('reviewer', id, 'submit')).status).toBe(200);
    const viewer = await transition('viewer', id, 'endorse');
    expect(viewer.status).toBe(403);
    expect(viewer.body.error.message).toBe('Your role (Viewer) does not allow you to mark documents as reviewed.');
    expect((await transition('drafter', id, 'endorse')).status).toBe(403);
    const own = await transition('reviewer', id, 'endorse');
    expect(own.status).toBe(403);
    expect(own.body.error.message).toBe('You submitted this document, so someone else must review it.');

    const abilities = async (role: string) => (await api<Doc>(server.url, as(role), 'GET', `/api/documents/${id}`)).body.abilities.endorse;
    expect(await abilities('viewer')).toBe(false);
    expect(await abilities('drafter')).toBe(false);
    expect(await abilities('reviewer')).toBe(false);
    expect(await abilities('approver')).toBe(true);
    expect((await audit(id)).some((e) => e.action === 'endorse')).toBe(false);
  });

  it('a kind that requires it refuses approval with 409 until the submitted hash is endorsed; other kinds do not', async () => {
    expect((await api(server.url, as('approver'), 'PUT', '/api/settings/endorsement', { requiredFor: ['speech'] })).status).toBe(403);
    const set = await api<{ requiredFor: string[] }>(server.url, as('admin'), 'PUT', '/api/settings/endorsement', { requiredFor: ['speech'] });
    expect(set.status).toBe(200);
    expect((await api<{ requiredFor: string[] }>(server.url, as('admin'), 'GET', '/api/settings/endorsement')).body).toEqual({ requiredFor: ['speech'] });
    try {
      const speech = await createDocument(server.url, as('drafter'), { kind: 'speech' });
      expect((await transition('drafter', speech, 'submit')).status).toBe(200);
      // The policy says so: the approver's abilities do not offer approve while it would 409.
      const approverAbilities = async (id: string) => (await api<Doc>(server.url, as('approver'), 'GET', `/api/documents/${id}`)).body.abilities;
      expect(await approverAbilities(speech)).toMatchObject({ approve: false, request_changes: true, endorse: true });
      const refused = await transition('approver', speech, 'approve');
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toContain('must be marked “Reviewed” by a reviewer before it is approved');
      expect((await transition('reviewer', speech, 'endorse')).status).toBe(200);
      expect((await approverAbilities(speech)).approve).toBe(true);
      const approved = await transition('approver', speech, 'approve');
      expect(approved.status).toBe(200);
      expect(approved.body.state).toBe('approved');

      // The default is off: a statement is approved without a "Reviewed".
      const statement = await createDocument(server.url, as('drafter'));
      expect((await transition('drafter', statement, 'submit')).status).toBe(200);
      expect((await approverAbilities(statement)).approve).toBe(true);
      expect((await transition('approver', statement, 'approve')).status).toBe(200);
    } finally {
      await api(server.url, as('admin'), 'PUT', '/api/settings/endorsement', { requiredFor: [] });
    }
  });
});
