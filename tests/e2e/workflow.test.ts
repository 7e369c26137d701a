import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDocument } from '@/tests/factories/documents';
import { ARTIFACTS, paragraphs, browserSuite, launchChromium, signInThroughForm, untilConnected } from '@/tests/helpers/browser';
import { connectClient, waitSynced } from '@/tests/helpers/collab';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

/** The server's text of a document, read by a fresh y-websocket client. */
async function serverText(server: TestServer, id: string): Promise<string[]> {
  const client = connectClient(server.url, id, await signIn(server.url, 'viewer@example.org'));
  try {
    await waitSynced(client);
    return client.text().split('\n');
  } finally {
    client.destroy();
  }
}

browserSuite('submitting while a colleague is typing', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let drafter: Page;
  let colleague: Page;
  let id = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    for (let i = 0; i < 2; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-GB' });
      context.setDefaultTimeout(15_000);
      contexts.push(context);
    }
    [drafter, colleague] = [await contexts[0]!.newPage(), await contexts[1]!.newPage()];
    id = await createDocument(server.url, await signIn(server.url, 'drafter@example.org'), { title: 'Statement on the summit' });
    await signInThroughForm(drafter, server.url, 'drafter@example.org');
    await signInThroughForm(colleague, server.url, 'publisher@example.org');
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it("turns the typist's editor read-only with a banner, live, and their late keystrokes never reach the document", async () => {
    await drafter.goto(`${server.url}/documents/${id}`);
    await colleague.goto(`${server.url}/documents/${id}`);
    await Promise.all([untilConnected(drafter), untilConnected(colleague)]);
    await drafter.getByLabel('Document text').click();
    await drafter.keyboard.type('The heads of state met in Astana.');
    await waitFor(async () => (await paragraphs(colleague)).join('') === 'The heads of state met in Astana.', 'the colleague to see the first line');

    // The colleague (a publisher: edits drafts, only reads in review; a reviewer would go on as a suggester) starts typing a second paragraph, slowly, and keeps at it.
    await colleague.getByLabel('Document text').click();
    await colleague.keyboard.press('Control+End');
    await colleague.keyboard.press('Enter');
    const typing = colleague.keyboard.type('Qazaqstan welcomed the delegations and the talks went on late into the night', { delay: 40 });

    await drafter.waitForTimeout(600); // let some of the colleague's words arrive first
    await drafter.getByRole('button', { name: 'Submit for review' }).click();
    await drafter.getByRole('dialog').getByRole('button', { name: 'Submit for review' }).click();

    // Without a reload, the colleague's editor turns read-only and says why.
    const banner = colleague.getByRole('note').filter({ hasText: 'Read-only: submitted for review by Daniyar Seitkali' });
    await banner.waitFor();
    await waitFor(async () => (await colleague.getByLabel('Document text').getAttribute('contenteditable')) === 'false', 'the editor to turn read-only');
    await typing;
    await colleague.keyboard.type(' LATE-KEYSTROKES');
    await colleague.screenshot({ path: path.join(ARTIFACTS, 'editor-read-only-after-submit.png') });

    const server1 = await serverText(server, id);
    expect(server1.join('\n')).not.toContain('LATE-KEYSTROKES');
    expect(server1[0]).toBe('The heads of state met in Astana.');
    // What the colleague sees now is exactly what the server holds.
    await waitFor(async () => JSON.stringify(await paragraphs(colleague)) === JSON.stringify(server1), 'the colleague to show the server’s text');

    // The submitted version is exactly that text: its hash is the hash of the server's content.
    const audit = (
      await api<{ action: string; contentHash: string }[]>(server.url, await signIn(server.url, 'drafter@example.org'), 'GET', `/api/documents/${id}/audit`)
    ).body;
    const json = `{"content":[${server1
      .map((t) => (t ? `{"content":[{"text":${JSON.stringify(t)},"type":"text"}],"type":"paragraph"}` : '{"type":"paragraph"}'))
      .join(',')}],"type":"doc"}`;
    expect(audit[0]).toMatchObject({ action: 'submit', contentHash: createHash('sha256').update(json).digest('hex') });

    // Still nothing late after a reload either.
    await colleague.reload();
    await untilConnected(colleague);
    expect((await paragraphs(colleague)).join('\n')).not.toContain('LATE-KEYSTROKES');
  });
});
