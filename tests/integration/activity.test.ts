import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocument } from '@/tests/factories/documents';
import { startServer, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

/** Issue 22: the Activity panel on the editor page reads newest first, in words people use. */
describe('the Activity panel', () => {
  let server: TestServer;
  let drafter: string;
  let reviewer: string;

  beforeAll(async () => {
    server = await startServer();
    drafter = await signIn(server.url, 'drafter@example.org');
    reviewer = await signIn(server.url, 'reviewer@example.org');
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('lists what happened newest first, without hashes or audit jargon', async () => {
    const id = await createDocument(server.url, drafter);
    expect((await api(server.url, drafter, 'POST', `/api/documents/${id}/transitions`, { action: 'submit' })).status).toBe(200);
    expect(
      (await api(server.url, reviewer, 'POST', `/api/documents/${id}/transitions`, { action: 'request_changes', comment: 'Shorten the second paragraph.' }))
        .status,
    ).toBe(200);
    const html = await (await fetch(`${server.url}/documents/${id}`, { headers: { Cookie: drafter } })).text();
    const panel = /<ol class="activity"[^>]*>([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
    const lines = [...panel.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '').replace(/&quot;|&#x27;/g, ''));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Rustam Karimov requested changes.*Shorten the second paragraph\./);
    expect(lines[1]).toMatch(/^Daniyar Seitkali submitted it for review/);
    expect(panel).not.toMatch(/text [0-9a-f]{12}/);
    expect(html).not.toContain('Audit chain');
    expect(html).toContain('Sign-off record verified');
  });
});
