import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDocument } from '@/tests/factories/documents';
import { expectNoSeriousViolations } from '@/tests/helpers/axe';
import { CHROMIUM, DRAFTER, browserSuite, haveChromium, launchChromium, recordFailures, signInThroughForm } from '@/tests/helpers/browser';
import { writeBody } from '@/tests/helpers/content';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

/** Where screenshots to look at go (git-ignored). */
const WALK = path.resolve(__dirname, '..', '..', '.walk');

/**
 * Body search with folding in real Chromium: a person types "qazaxistan" (no Azerbaijani
 * letters) in the documents list and sees the speech whose text says "Qazaxıstan", with the
 * passage under its title and the word marked, at desktop and phone width.
 */
browserSuite('searching the text of documents from the list', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const failures: string[] = [];

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`${CHROMIUM} is missing and CI is set: the browser tests must run in CI.`);
    fs.mkdirSync(WALK, { recursive: true });
    server = await startServer();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    recordFailures(page, '', failures);

    const cookie = await signIn(server.url, DRAFTER.email);
    const speech = await createDocument(server.url, cookie, { title: 'Nazirin çıxışı', language: 'az', kind: 'speech' });
    await createDocument(server.url, cookie, { title: 'Həftəlik icmal', language: 'az', kind: 'statement' });
    const text = [
      'Hörmətli xanımlar və cənablar! Bu gün Bakıda toplaşan nümayəndə heyətlərini salamlayıram.',
      'Azərbaycan Respublikası ilə Qazaxıstan Respublikası arasında strateji tərəfdaşlıq beynəlxalq təşkilatlar çərçivəsində inkişaf edir, <b>xarici</b> işlər nazirlikləri arasında məsləhətləşmələr davam edir.',
    ];
    await writeBody(server.url, speech, cookie, { type: 'doc', content: text.map((t) => ({ type: 'paragraph', content: [{ type: 'text', text: t }] })) });
    await waitFor(
      async () => ((await api<{ id: string }[]>(server.url, cookie, 'GET', '/api/documents?q=qazaxistan')).body ?? []).some((d) => d.id === speech),
      'the speech to be indexed',
      20_000,
    );
  });

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('typing “qazaxistan” finds the speech by its text and marks “Qazaxıstan” in the passage', async () => {
    await signInThroughForm(page, server.url, DRAFTER.email);
    const search = page.getByRole('searchbox', { name: 'Search', exact: true });
    await search.focus();
    await page.keyboard.type('qazaxistan');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=qazaxistan/);
    const rows = page.getByTestId('document-row');
    expect(await rows.locator('.doc-title').allInnerTexts()).toEqual(['Nazirin çıxışı']);
    const snippet = rows.first().getByTestId('search-snippet');
    expect(await snippet.innerText()).toMatch(/^Text: …salamlayıram. Azərbaycan Respublikası ilə Qazaxıstan Respublikası arasında/);
    expect(await snippet.locator('mark').allInnerTexts()).toEqual(['Qazaxıstan']);
    // The text's own angle brackets are text, never markup.
    expect(await snippet.locator('b').count()).toBe(0);
    await page.screenshot({ path: path.join(WALK, 'search-1280.png'), fullPage: true });
    await expectNoSeriousViolations(page, 'search results');

    await search.fill('teskilat xarici');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=teskilat/);
    expect(await rows.first().getByTestId('search-snippet').locator('mark').allInnerTexts()).toEqual(['təşkilatlar', 'xarici']);
  });

  it('at phone width the passage wraps inside the page', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/documents?q=${encodeURIComponent('Qazaxıstan')}`);
    const snippet = page.getByTestId('search-snippet').first();
    expect(await snippet.locator('mark').allInnerTexts()).toEqual(['Qazaxıstan']);
    const box = await snippet.boundingBox();
    expect(box).not.toBeNull();
    await page.screenshot({ path: path.join(WALK, 'search-390.png'), fullPage: true });
    expect(failures).toEqual([]);
  });
});
