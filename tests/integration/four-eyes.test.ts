import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocument } from '@/tests/factories/documents';
import { connectClient, waitSynced } from '@/tests/helpers/collab';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

type ErrorBody = { error: { code: string; message: string } };
type Doc = { id: string; state: string; abilities: Record<string, boolean> };
type Person = { id: string; email: string };

describe('four eyes: nobody approves text they edited in that review round', () => {
  let server: TestServer;
  const cookies: Record<string, string> = {};
  const transition = (who: string, id: string, action: string, comment?: string) =>
    api<Doc & ErrorBody>(server.url, cookies[who]!, 'POST', `/api/documents/${id}/transitions`, comment ? { action, comment } : { action });
  const abilities = async (who: string, id: string) => (await api<Doc>(server.url, cookies[who]!, 'GET', `/api/documents/${id}`)).body.abilities;

  beforeAll(async () => {
    server = await startServer();
    for (const role of ['drafter', 'approver', 'admin']) cookies[role] = await signIn(server.url, `${role}@example.org`);
    // A second approver: the demo publisher, given the approver role by the admin.
    const people = (await api<Person[]>(server.url, cookies.admin!, 'GET', '/api/users')).body;
    const publisher = people.find((p) => p.email === 'publisher@example.org')!;
    expect((await api(server.url, cookies.admin!, 'PATCH', `/api/users/${publisher.id}`, { role: 'approver' })).status).toBe(200);
    cookies.second = await signIn(server.url, 'publisher@example.org');
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** Types a paragraph over a real y-websocket client as `who`, and waits until another client has it (committed). */
  async function type(who: string, id: string, text: string): Promise<void> {
    const writer = connectClient(server.url, id, cookies[who]!);
    const reader = connectClient(server.url, id, cookies.drafter!);
    try {
      await Promise.all([waitSynced(writer), waitSynced(reader)]);
      writer.appendParagraph(text);
      await waitFor(() => reader.text().includes(text), `“${text}” to be committed`);
    } finally {
      writer.destroy();
      reader.destroy();
    }
  }

  it('an approver who typed in the draft is refused with a sentence after a drafter submits it; an approver who did not edit approves', async () => {
    const id = await createDocument(server.url, cookies.drafter!);
    await type('approver', id, 'Every word of this statement was written by the approver.');
    expect((await transition('drafter', id, 'submit')).status).toBe(200);

    expect((await abilities('approver', id)).approve).toBe(false);
    const refused = await transition('approver', id, 'approve');
    expect(refused.status).toBe(403);
    expect(refused.body.error).toEqual({ code: 'forbidden', message: 'You edited this text in this review round, so someone else must approve it.' });

    expect((await abilities('second', id)).approve).toBe(true);
    const approved = await transition('second', id, 'approve');
    expect(approved.status).toBe(200);
    expect(approved.body.state).toBe('approved');
  });

  it('the round starts at the last approved text: edits before it do not count, edits after it do', async () => {
    const id = await createDocument(server.url, cookies.drafter!);
    await type('approver', id, 'The approver wrote this in the first round.');
    expect((await transition('drafter', id, 'submit')).status).toBe(200);
    expect((await transition('second', id, 'approve')).status).toBe(200);

    // Reopened: the drafter revises, and the approver's earlier words are now the base.
    expect((await transition('second', id, 'reopen', 'A second round.')).status).toBe(200);
    await type('drafter', id, 'The drafter revised it in the second round.');
    expect((await transition('drafter', id, 'submit')).status).toBe(200);
    expect((await abilities('approver', id)).approve).toBe(true);
    expect((await abilities('drafter', id)).approve).toBe(false); // a drafter never approves
    expect((await transition('approver', id, 'approve')).status).toBe(200);

    // Third round: the second approver edits, so only the first may approve.
    expect((await transition('approver', id, 'reopen', 'A third round.')).status).toBe(200);
    await type('second', id, 'The second approver added a line.');
    expect((await transition('drafter', id, 'submit')).status).toBe(200);
    expect((await transition('second', id, 'approve')).status).toBe(403);
    // Edits before a request for changes are in the same round: still refused after resubmission.
    expect((await transition('approver', id, 'request_changes', 'One more line.')).status).toBe(200);
    await type('drafter', id, 'One more line.');
    expect((await transition('drafter', id, 'submit')).status).toBe(200);
    expect((await abilities('second', id)).approve).toBe(false);
    expect((await transition('approver', id, 'approve')).status).toBe(200);
  });
});
