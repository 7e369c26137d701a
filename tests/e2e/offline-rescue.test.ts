import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDocument } from '@/tests/factories/documents';
import { ARTIFACTS, paragraphs, browserSuite, launchChromium, signInThroughForm, untilConnected } from '@/tests/helpers/browser';
import { connectClient, waitSynced, type CollabClient } from '@/tests/helpers/collab';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

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

/** Names of the IndexedDB databases the page's origin holds. */
/** The page and every script it loaded are in the service worker's cache (what an offline open needs). */
async function keptForOffline(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    if (!(await caches.match(location.pathname))) return false;
    const scripts = performance
      .getEntriesByType('resource')
      .map((e) => new URL(e.name))
      .filter((u) => u.origin === location.origin && u.pathname.startsWith('/_next/static/'));
    for (const u of scripts) if (!(await caches.match(u.pathname + u.search))) return false;
    return true;
  });
}

async function databases(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));
}

/** Waits until the offline status says every change typed offline is stored in IndexedDB. */
async function untilKeptLocally(page: Page): Promise<number> {
  const status = page.getByTestId('save-status');
  let kept = 0;
  await waitFor(async () => {
    const [pending, keptNow] = await Promise.all([status.getAttribute('data-pending'), status.getAttribute('data-kept')]);
    kept = Number(keptNow);
    return Number(pending) > 0 && pending === keptNow;
  }, 'the offline changes to be kept in IndexedDB');
  return kept;
}

browserSuite('offline drafting, read-only turns and rescue copies', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const clients: CollabClient[] = [];
  const cookies: Record<string, string> = {};

  const newContext = async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    context.setDefaultTimeout(15_000);
    contexts.push(context);
    return context;
  };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    for (const role of ['drafter', 'reviewer']) cookies[role] = await signIn(server.url, `${role}@example.org`);
  });

  afterAll(async () => {
    for (const c of clients) c.destroy();
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('text typed offline survives closing the page, shows when the page is reopened offline, and merges with a colleague’s edits once online', async () => {
    const id = await createDocument(server.url, cookies.drafter!, { title: 'Statement typed on a train' });
    const colleague = connectClient(server.url, id, cookies.reviewer!);
    clients.push(colleague);
    await waitSynced(colleague);

    const context = await newContext();
    let page = await context.newPage();
    await signInThroughForm(page, server.url, 'drafter@example.org');
    await page.goto(`${server.url}/documents/${id}`);
    await untilConnected(page);
    await page.getByLabel('Document text').click();
    await page.keyboard.type('Typed online.');
    await waitFor(() => colleague.text() === 'Typed online.', 'the online words to reach the colleague');
    // The page and its scripts are kept for offline after the first sync: wait until they are.
    await waitFor(() => keptForOffline(page), 'the page and its scripts to be kept for offline');

    await context.setOffline(true);
    await page
      .getByTestId('save-status')
      .filter({ hasText: /^Offline/ })
      .waitFor();
    await page.keyboard.type(' Typed offline on the train.');
    const kept = await untilKeptLocally(page);
    await expect(page.getByTestId('save-status').textContent()).resolves.toBe(`Offline — ${kept} changes kept on this device`);
    colleague.appendParagraph('The colleague’s paragraph, meanwhile.');
    // The offline words stay in this browser (checked after the online words were seen to arrive).
    await page.waitForTimeout(400);
    expect(colleague.text()).not.toContain('Typed offline');
    expect((await databases(page)).filter((n) => n.startsWith('communique:') && n.endsWith(`:${id}`))).toHaveLength(1);

    await page.close();

    // Reopened with no network: the page comes from the service worker's copy, the text from IndexedDB.
    page = await context.newPage();
    const offlineLoad = await page.goto(`${server.url}/documents/${id}`);
    expect(offlineLoad?.headers()['x-communique-offline-copy']).toBe('1');
    await waitFor(async () => (await paragraphs(page)).join('\n') === 'Typed online. Typed offline on the train.', 'the offline page to show the local text');
    await page
      .getByTestId('save-status')
      .filter({ hasText: /^Offline/ })
      .waitFor();
    await page.close();

    // Reopened online: merged with the colleague's paragraph, everywhere.
    await context.setOffline(false);
    page = await context.newPage();
    await page.goto(`${server.url}/documents/${id}`);
    await untilConnected(page);
    const merged = ['Typed online. Typed offline on the train.', 'The colleague’s paragraph, meanwhile.'];
    await waitFor(async () => JSON.stringify(await paragraphs(page)) === JSON.stringify(merged), `the page to show ${JSON.stringify(merged)}`);
    await waitFor(() => colleague.text() === merged.join('\n'), 'the colleague to get the offline words');
    expect(await serverText(server, id)).toBe(merged.join('\n'));
    await page.close();
  });

  it('a document submitted while a colleague types turns their editor read-only with the reason, rescues their undelivered words, and never takes them in', async () => {
    const id = await createDocument(server.url, cookies.drafter!, { title: 'Statement on the summit' });
    const [drafterContext, reviewerContext] = [await newContext(), await newContext()];
    const drafter = await drafterContext.newPage();
    const reviewer = await reviewerContext.newPage();
    await signInThroughForm(drafter, server.url, 'drafter@example.org');
    // A publisher: edits drafts, only reads in review (a reviewer would go on as a suggester, issue 21).
    await signInThroughForm(reviewer, server.url, 'publisher@example.org');
    await drafter.goto(`${server.url}/documents/${id}`);
    await reviewer.goto(`${server.url}/documents/${id}`);
    await Promise.all([untilConnected(drafter), untilConnected(reviewer)]);

    await reviewer.getByLabel('Document text').click();
    await reviewer.keyboard.type('Delivered words.');
    await waitFor(async () => (await paragraphs(drafter)).join('') === 'Delivered words.', 'the drafter to see the delivered words');

    // The reviewer's network drops in the conference hall; they keep typing.
    await reviewerContext.setOffline(true);
    await reviewer
      .getByTestId('save-status')
      .filter({ hasText: /^Offline/ })
      .waitFor();
    await reviewer.keyboard.type(' UNDELIVERED closing words');
    await untilKeptLocally(reviewer);

    // Meanwhile the drafter submits the document.
    await drafter.getByRole('button', { name: 'Submit for review' }).click();
    await drafter.getByRole('dialog').getByRole('button', { name: 'Submit for review' }).click();
    await drafter.getByTestId('readonly-banner').waitFor();

    // The network returns: the reviewer's editor turns read-only and says why; the words
    // the server never took are offered for copying, and the local copy is gone.
    await reviewerContext.setOffline(false);
    const banner = reviewer.getByTestId('readonly-banner');
    await banner.filter({ hasText: 'Read-only: submitted for review by Daniyar Seitkali' }).waitFor();
    await waitFor(async () => (await reviewer.getByLabel('Document text').getAttribute('contenteditable')) === 'false', 'the editor to turn read-only');
    const rescue = reviewer.getByTestId('rescue-panel');
    await rescue.waitFor();
    await expect(reviewer.getByTestId('rescue-text').inputValue()).resolves.toBe('UNDELIVERED closing words');
    await waitFor(async () => JSON.stringify(await paragraphs(reviewer)) === JSON.stringify(['Delivered words.']), 'the reviewer to show the server’s text');
    await waitFor(async () => (await databases(reviewer)).length === 0, 'the local copy to be deleted');
    await reviewerContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await rescue.getByRole('button', { name: 'Copy' }).click();
    await rescue.getByRole('button', { name: 'Copied' }).waitFor();
    await expect(reviewer.evaluate(() => navigator.clipboard.readText())).resolves.toBe('UNDELIVERED closing words');
    await reviewer.screenshot({ path: path.join(ARTIFACTS, 'read-only-banner-and-rescue-panel.png') });
    expect(await serverText(server, id)).toBe('Delivered words.');

    // Back to draft; the reviewer reloads: the refused words are nowhere.
    const reopened = await api<{ state: string }>(server.url, cookies.reviewer!, 'POST', `/api/documents/${id}/transitions`, {
      action: 'request_changes',
      comment: 'Add the closing.',
    });
    expect(reopened.body.state).toBe('draft');
    await reviewer.reload();
    await untilConnected(reviewer);
    await expect(reviewer.getByTestId('readonly-banner').count()).resolves.toBe(0);
    expect(await paragraphs(reviewer)).toEqual(['Delivered words.']);
    // It is a draft again and the reviewer writes on, with a new copy the server accepts.
    await reviewer.getByLabel('Document text').click();
    await reviewer.keyboard.press('Control+End');
    await reviewer.keyboard.type(' Typed after the reopening.');
    await waitFor(async () => (await paragraphs(drafter)).join('') === 'Delivered words. Typed after the reopening.', 'the new words to reach the drafter');
    expect(await serverText(server, id)).toBe('Delivered words. Typed after the reopening.');
  });

  it('words still on their way when a colleague submits are rescued after the 4205 close, and never reach the document', async () => {
    const id = await createDocument(server.url, cookies.drafter!, { title: 'Statement typed on a slow network' });
    const [drafterContext, reviewerContext] = [await newContext(), await newContext()];
    const drafter = await drafterContext.newPage();
    const reviewer = await reviewerContext.newPage();
    await signInThroughForm(drafter, server.url, 'drafter@example.org');
    // A publisher: edits drafts, only reads in review (a reviewer would go on as a suggester, issue 21).
    await signInThroughForm(reviewer, server.url, 'publisher@example.org');
    // The reviewer's network is slow: from some point on, what their page sends on the
    // current socket is held back (the server's messages still arrive, its close included).
    const sockets: { holding: boolean }[] = [];
    await reviewer.routeWebSocket(/\/collab\//, (ws) => {
      const socket = { holding: false };
      sockets.push(socket);
      const toServer = ws.connectToServer();
      ws.onMessage((message) => {
        if (!socket.holding) toServer.send(message);
      });
      toServer.onClose((code, reason) => ws.close({ code, reason }));
    });
    await drafter.goto(`${server.url}/documents/${id}`);
    await reviewer.goto(`${server.url}/documents/${id}`);
    await Promise.all([untilConnected(drafter), untilConnected(reviewer)]);
    await reviewer.getByLabel('Document text').click();
    await reviewer.keyboard.type('Words that arrived.');
    await waitFor(async () => (await paragraphs(drafter)).join('') === 'Words that arrived.', 'the drafter to see the words that arrived');

    sockets.at(-1)!.holding = true;
    await reviewer.keyboard.type(' HELD-BACK words');
    await waitFor(async () => (await paragraphs(reviewer)).join('') === 'Words that arrived. HELD-BACK words', 'the reviewer’s editor to show what they typed');
    await drafter.getByRole('button', { name: 'Submit for review' }).click();
    await drafter.getByRole('dialog').getByRole('button', { name: 'Submit for review' }).click();

    await reviewer.getByTestId('readonly-banner').filter({ hasText: 'Read-only: submitted for review by Daniyar Seitkali' }).waitFor();
    await waitFor(async () => (await reviewer.getByLabel('Document text').getAttribute('contenteditable')) === 'false', 'the editor to turn read-only');
    await reviewer.getByTestId('rescue-panel').waitFor();
    await expect(reviewer.getByTestId('rescue-text').inputValue()).resolves.toBe('HELD-BACK words');
    await waitFor(async () => JSON.stringify(await paragraphs(reviewer)) === JSON.stringify(['Words that arrived.']), 'the reviewer to show the server’s text');
    expect(sockets.length).toBeGreaterThan(1); // the new copy connected on a socket of its own
    expect(await serverText(server, id)).toBe('Words that arrived.');

    const reopened = await api<{ state: string }>(server.url, cookies.reviewer!, 'POST', `/api/documents/${id}/transitions`, {
      action: 'request_changes',
      comment: 'Once more.',
    });
    expect(reopened.body.state).toBe('draft');
    await reviewer.reload();
    await untilConnected(reviewer);
    expect(await paragraphs(reviewer)).toEqual(['Words that arrived.']);
    expect(await serverText(server, id)).toBe('Words that arrived.');
  });

  it('the save status stays in sight while typing at the top of a long text: always at 1280 px, offline on a phone', async () => {
    const id = await createDocument(server.url, cookies.drafter!, { title: 'A long statement' });
    const writer = connectClient(server.url, id, cookies.drafter!);
    clients.push(writer);
    await waitSynced(writer);
    for (let i = 0; i < 40; i++) writer.appendParagraph(`Paragraph ${i + 1}: the delegations met in Baku and agreed on the text of the joint statement.`);
    await waitFor(async () => (await serverText(server, id)).includes('Paragraph 40'), 'the long text on the server');

    const context = await newContext();
    const page = await context.newPage();
    await signInThroughForm(page, server.url, 'drafter@example.org');
    const inSight = async () => {
      const box = (await page.getByTestId('save-status').boundingBox())!;
      const height = page.viewportSize()!.height;
      return box.y >= 0 && box.y + box.height <= height;
    };
    await page.goto(`${server.url}/documents/${id}`);
    await untilConnected(page);
    await page.getByLabel('Document text').locator('p').first().click();
    await page.keyboard.type('Typed at the top. ');
    expect(await inSight(), 'the status at 1280 px').toBe(true);

    // A phone: the line stays with the text (it would take room from the keyboard), until the connection drops.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByLabel('Document text').locator('p').first().click();
    expect(await inSight(), 'the status on a phone, online').toBe(false);
    await context.setOffline(true);
    await page
      .getByTestId('save-status')
      .filter({ hasText: /^Offline/ })
      .waitFor();
    await page.keyboard.type('Typed offline. ');
    await waitFor(inSight, 'the offline status in sight on a phone');
    await page.screenshot({ path: path.join(ARTIFACTS, 'offline-status-390.png') });
    await context.setOffline(false);
    await waitFor(async () => (await serverText(server, id)).includes('Typed offline.'), 'the offline words to arrive');
  });

  it('signing out removes every local copy of every document from the browser', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await signInThroughForm(page, server.url, 'drafter@example.org');
    const ids = [await createDocument(server.url, cookies.drafter!), await createDocument(server.url, cookies.drafter!)];
    for (const id of ids) {
      await page.goto(`${server.url}/documents/${id}`);
      await untilConnected(page);
      await page.getByLabel('Document text').click();
      await page.keyboard.type(`Embargoed draft ${id}.`);
    }
    await waitFor(async () => (await databases(page)).filter((n) => n.startsWith('communique:')).length === 2, 'both local copies to exist');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${server.url}/signin`);
    expect(await databases(page)).toEqual([]);
    expect(await page.evaluate(() => caches.keys())).toEqual([]);
  });
});
