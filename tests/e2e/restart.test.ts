import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDocument } from '@/tests/factories/documents';
import { browserSuite, launchChromium, paragraphs, recordFailures, signInThroughForm, untilConnected } from '@/tests/helpers/browser';
import { connectClient, waitSynced } from '@/tests/helpers/collab';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { signIn } from '@/tests/helpers/session';

/** The server's text of a document, read by a fresh y-websocket client. */
async function serverText(server: TestServer, id: string): Promise<string> {
  const client = connectClient(server.url, id, await signIn(server.url, 'viewer@example.org'));
  try {
    await waitSynced(client);
    return client.text();
  } finally {
    client.destroy();
  }
}

/**
 * A deploy restarts the server under someone typing: the editor takes the 1012 close as
 * "reconnect", says so, keeps what is typed meanwhile, and delivers it to the new process
 * without any error, read-only turn or rescue copy.
 */
browserSuite('the editor across a server restart (SIGTERM, close 1012)', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  const failures: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    context.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('reconnects by itself after a restart and delivers what was typed while the server was away', async () => {
    const cookie = await signIn(server.url, 'drafter@example.org');
    const id = await createDocument(server.url, cookie, { title: 'Statement typed through a deploy' });
    const page = await context.newPage();
    recordFailures(page, 'drafter', failures);
    await signInThroughForm(page, server.url, 'drafter@example.org');
    await page.goto(`${server.url}/documents/${id}`);
    await untilConnected(page);
    const status = page.getByTestId('save-status');
    await page.getByLabel('Document text').click();
    await page.keyboard.type('Typed before the restart.');
    await status.filter({ hasText: /^Saved$/ }).waitFor();

    const { dataDir, port } = server;
    await server.stop(); // SIGTERM: sockets closed with 1012, then the process exits
    await status.filter({ hasText: /^Reconnecting…/ }).waitFor();
    await page.keyboard.type(' Typed while the server restarted.');

    server = await startServer({ dataDir, port });
    await untilConnected(page);
    await status.filter({ hasText: /^Saved$/ }).waitFor();
    const expected = 'Typed before the restart. Typed while the server restarted.';
    expect(await paragraphs(page)).toEqual([expected]);
    await waitFor(async () => (await serverText(server, id)) === expected, 'the words typed during the restart to reach the new process');
    // Nothing treated the restart as a refusal: no read-only turn, no rescue copy, no error.
    expect(await page.getByTestId('readonly-banner').count()).toBe(0);
    expect(await page.getByTestId('rescue-panel').count()).toBe(0);
    expect(await page.getByLabel('Document text').getAttribute('contenteditable')).toBe('true');
    expect(failures).toEqual([]);
  });
});
