import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDocument } from '@/tests/factories/documents';
import { expectNoSeriousViolations, seriousViolations } from '@/tests/helpers/axe';
import {
  ARTIFACTS,
  CHROMIUM,
  DRAFTER,
  PASSWORD,
  REVIEWER,
  browserSuite,
  editorText,
  haveChromium,
  launchChromium,
  recordFailures,
  signInThroughForm,
} from '@/tests/helpers/browser';
import { connectClient, waitSynced, type CollabClient } from '@/tests/helpers/collab';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { signIn } from '@/tests/helpers/session';

/**
 * The sign-in page and the documents page in real Chromium against the real production
 * server: sign-in errors, search, filters and sorting in the titles' alphabet, who is in a
 * document now (a real y-websocket client joins and leaves), the new-document dialog by
 * mouse and by keyboard landing in the editor with the kind's skeleton, and axe-core scans.
 */
browserSuite('the sign-in page and the documents list in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let drafterCookie = '';
  const clients: CollabClient[] = [];
  const failures: string[] = [];

  // Hand-checked orders (see tests/integration/documents-list.test.ts for the alphabets).
  const AZ_ORDER = [
    'Cənub qaz dəhlizi',
    'Çağırış',
    'Ərazi bütövlüyü',
    'Həftəlik icmal',
    'Xəbər bülleteni',
    'Işıq ili',
    'İqtisadi əməkdaşlıq',
    'Qərar layihəsi',
  ];
  const TR_ORDER = ['Cumhuriyet Bayramı', 'Çevre günü', 'Irmak', 'İnsan hakları'];
  const KK_ORDER = ['Алма', 'Әлем', 'Кеңес', 'Құрылтай', 'Орал', 'Өнер'];
  const shuffle = <T>(items: T[]) =>
    items
      .map((item, i) => ({ item, key: (i * 7919) % 13 }))
      .sort((a, b) => a.key - b.key)
      .map((x) => x.item);

  /** Waits until the editor's text holds every one of `parts`. */
  async function untilTextContains(p: Page, parts: string[]): Promise<void> {
    let seen = '';
    try {
      await waitFor(
        async () => {
          seen = await editorText(p.getByLabel('Document text'));
          return parts.every((part) => seen.includes(part));
        },
        `the editor to show ${JSON.stringify(parts)}`,
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}; it shows ${JSON.stringify(seen)}`);
    }
  }

  const rowTitles = (p: Page) => p.getByTestId('document-row').locator('.doc-title').allInnerTexts();

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`${CHROMIUM} is missing and CI is set: the browser tests must run in CI.`);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    server = await startServer({ env: { ORG_NAME: 'Secretariat of the Organization of Turkic States', ORG_TIMEZONE: 'Asia/Baku' } });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    recordFailures(page, '', failures);

    drafterCookie = await signIn(server.url, DRAFTER.email);
    for (const title of shuffle(AZ_ORDER)) await createDocument(server.url, drafterCookie, { title, language: 'az', kind: 'statement' });
    for (const title of shuffle(TR_ORDER)) await createDocument(server.url, drafterCookie, { title, language: 'tr', kind: 'press_release' });
    for (const title of shuffle(KK_ORDER)) await createDocument(server.url, drafterCookie, { title, language: 'kk', kind: 'speech' });
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await context?.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('the sign-in page names the organisation, says what to do after a wrong password, and passes axe-core', async () => {
    await page.goto(`${server.url}/signin`);
    await page.getByRole('heading', { name: 'Sign in to Communiqué', level: 1 }).waitFor();
    await page.getByText('Secretariat of the Organization of Turkic States', { exact: true }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'signin-page.png') });
    await expectNoSeriousViolations(page, 'the sign-in page');

    await page.getByLabel('Email').fill(DRAFTER.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByLabel('Password').press('Enter');
    const alert = page.getByRole('alert').filter({ hasText: 'That email and password do not match an active account. Check them and try again.' });
    await alert.waitFor();
    expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: path.join(ARTIFACTS, 'signin-error.png') });
    await expectNoSeriousViolations(page, 'the sign-in page showing an error');

    // Signed-in pages send a signed-out visitor to sign in.
    await page.goto(`${server.url}/signin?error=CredentialsSignin`);
    await page.getByRole('alert').filter({ hasText: 'Check them and try again.' }).waitFor();
    expect(PASSWORD).toBe('communique');
  });

  it('a drafter signs in and sees every document with kind, language, state and last edit', async () => {
    await signInThroughForm(page, server.url, DRAFTER.email);
    await page.getByRole('heading', { name: 'Documents', level: 1 }).waitFor();
    await page.getByRole('banner').getByText('Secretariat of the Organization of Turkic States', { exact: true }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Documents' }).getAttribute('aria-current')).toBe('page');
    expect((await rowTitles(page)).length).toBe(AZ_ORDER.length + TR_ORDER.length + KK_ORDER.length);
    const row = page.getByTestId('document-row').filter({ hasText: 'Құрылтай' });
    expect(await row.locator('td').allInnerTexts()).toEqual(['Құрылтай', 'Speech', 'Қазақ тілі', 'Draft', expect.stringContaining(DRAFTER.name), '—']);
    expect(await row.getByRole('link', { name: 'Құрылтай' }).getAttribute('lang')).toBe('kk');
  });

  it('prefetches a page only when a link is reached for, on the list and in a document, and still navigates without reloading', async () => {
    // Every page is rendered per request: a prefetch is a server render. Next's default made
    // one for every link in view (each row of the list, the header's, the document page's).
    const prefetched: string[] = [];
    const onRequest = (req: import('playwright-core').Request) => {
      if (req.headers()['next-router-prefetch']) prefetched.push(new URL(req.url()).pathname);
    };
    page.on('request', onRequest);
    try {
      await page.goto(`${server.url}/documents`);
      const row = page.getByTestId('document-row').filter({ hasText: 'Құрылтай' }).getByRole('link', { name: 'Құрылтай' });
      const href = (await row.getAttribute('href'))!;
      // The pointer over the link prefetches it, once the page is hydrated (until then hovering does nothing: try again).
      await waitFor(async () => {
        await page.mouse.move(0, 0);
        await row.hover();
        return prefetched.includes(href);
      }, 'a prefetch of the hovered row');
      const idle = () => page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 2_000 })));
      await idle();
      expect([...new Set(prefetched)]).toEqual([href]);

      // A client-side navigation: the window is the same one.
      await page.evaluate(() => ((window as unknown as { before: boolean }).before = true));
      await row.click();
      await page.waitForURL(`${server.url}${href}`);
      await page.locator('section.editor[data-connection="connected"]').waitFor();
      expect(await page.evaluate(() => (window as unknown as { before?: boolean }).before)).toBe(true);

      // In the document: the header's links and History are not prefetched until reached for.
      const history = page.getByRole('link', { name: 'History', exact: true });
      await waitFor(async () => {
        await page.mouse.move(0, 0);
        await history.hover();
        return prefetched.includes(`${href}/history`);
      }, 'a prefetch of History');
      await idle();
      expect([...new Set(prefetched)]).toEqual([href, `${href}/history`]);
    } finally {
      page.off('request', onRequest);
      // The next tests start from the list.
      await page.goto(`${server.url}/documents`);
    }
  });

  it('sorts by title in the Azerbaijani alphabet (C < Ç, H < X < I < İ < Q) chosen from the form, and in Kazakh and Turkish', async () => {
    const filters = page.getByRole('search', { name: 'Search and filter documents' });
    await filters.getByLabel('Language').selectOption('az');
    await filters.getByLabel('Order').selectOption('title');
    await filters.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/language=az/);
    expect(await rowTitles(page)).toEqual(AZ_ORDER);
    await page
      .getByTestId('result-count')
      .filter({ hasText: `${AZ_ORDER.length} of 18 documents match.` })
      .waitFor();

    await page.goto(`${server.url}/documents?language=kk&sort=title`);
    expect(await rowTitles(page)).toEqual(KK_ORDER);
    await page.goto(`${server.url}/documents?language=tr&sort=title-desc`);
    expect(await rowTitles(page)).toEqual([...TR_ORDER].reverse());
  });

  it('searches titles from the keyboard and filters by kind', async () => {
    await page.goto(`${server.url}/documents`);
    const search = page.getByRole('searchbox', { name: 'Search', exact: true });
    await search.focus();
    await page.keyboard.type('isiq');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=isiq/);
    expect(await rowTitles(page)).toEqual(['Işıq ili']);

    await page.goto(`${server.url}/documents`);
    const filters = page.getByRole('search', { name: 'Search and filter documents' });
    await filters.getByLabel('Kind').selectOption('press_release');
    await filters.getByLabel('Order').selectOption('title');
    await filters.getByLabel('Alphabet').selectOption('tr');
    await filters.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/kind=press_release/);
    expect(await rowTitles(page)).toEqual(TR_ORDER);

    await page.getByRole('link', { name: 'Clear' }).click();
    await page.waitForURL(`${server.url}/documents`);
    expect((await rowTitles(page)).length).toBe(18);
  });

  it('shows who is in a document now, live: a second user opens it and leaves', async () => {
    await page.goto(`${server.url}/documents?language=az&sort=title`);
    const row = page.getByTestId('document-row').filter({ hasText: 'Çağırış' });
    const id = decodeURIComponent((await row.getByRole('link', { name: 'Çağırış' }).getAttribute('href'))!.split('/').pop()!);
    expect(await row.getByTestId('here-now-person').count()).toBe(0);

    const reviewer = connectClient(server.url, id, await signIn(server.url, REVIEWER.email));
    clients.push(reviewer);
    await waitSynced(reviewer);
    // No reload: the page learns it by itself.
    await row.getByTestId('here-now-person').filter({ hasText: REVIEWER.name }).waitFor();
    expect(await page.getByTestId('here-now-person').count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'documents-list-page.png'), fullPage: true });
    await expectNoSeriousViolations(page, 'the documents list with someone in a document');

    reviewer.destroy();
    await waitFor(async () => (await row.getByTestId('here-now-person').count()) === 0, 'the reviewer to leave the list row');
  });

  it('the list works on a large screen too, and passes axe-core with the dialog open', async () => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${server.url}/documents`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'documents-list-wide.png') });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'documents-list-narrow.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.getByRole('button', { name: 'New document' }).click();
    const dialog = page.getByRole('dialog', { name: 'New document' });
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('title');
    await page.screenshot({ path: path.join(ARTIFACTS, 'new-document-dialog.png') });
    await expectNoSeriousViolations(page, 'the documents list with the new-document dialog open');

    // Escape closes it and gives focus back to the button that opened it.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('New document');
  });

  it('creates a speech in Russian from the dialog with the mouse and lands in the editor with the speech skeleton', async () => {
    await page.goto(`${server.url}/documents`);
    await page.getByRole('button', { name: 'New document' }).click();
    const dialog = page.getByRole('dialog', { name: 'New document' });
    await dialog.getByLabel('Title').fill('Выступление на саммите');
    await dialog.getByLabel('Kind').selectOption('speech');
    await dialog.getByText('Salutation, opening, body, closing and thanks.').waitFor();
    await dialog.getByLabel('Language').selectOption('ru');
    expect(await dialog.getByRole('radio', { name: 'The speech outline' }).isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Create document' }).click();
    await page.waitForURL(/\/documents\/[^/?]+$/);
    await untilTextContains(page, ['Ваши превосходительства, дамы и господа!', 'Благодарю за внимание.']);
  });

  it('creates an Azerbaijani press release with the keyboard alone, dateline included, and lands in its skeleton', async () => {
    await page.goto(`${server.url}/documents`);
    const opener = page.getByRole('button', { name: 'New document' });
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'New document' });
    await dialog.waitFor();
    await page.keyboard.type('Nazirlər Bakıda görüşdü'); // focus starts in Title
    await page.keyboard.press('Tab');
    await page.keyboard.type('Press'); // type-ahead in the Kind select
    await page.keyboard.press('Tab');
    await page.keyboard.type('Az'); // Language: Azərbaycan dili
    await page.keyboard.press('Tab');
    await page.keyboard.type('Bakı'); // Place
    expect(await dialog.getByLabel('Kind').inputValue()).toBe('press_release');
    expect(await dialog.getByLabel('Language').inputValue()).toBe('az');
    // Date: day, month by name, year — the interface's order, whatever the browser's locale —
    // with the date written out beside it, so 25/11 cannot be read as a month 25.
    const date = dialog.getByRole('group', { name: 'Date', exact: true });
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('label')?.textContent)).toBe('Day');
    await page.keyboard.type('25');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Nov'); // type-ahead in the Month select
    await page.keyboard.press('Tab');
    await page.keyboard.type('2022');
    expect(await date.getByLabel('Month').inputValue()).toBe('11');
    await date
      .locator('output')
      .filter({ hasText: /^Friday,? 25 November 2022$/ })
      .waitFor();
    expect(await dialog.locator('input[type="hidden"][name="date"]').inputValue()).toBe('2022-11-25');
    // On to "Create document" (a bounded walk past the start choices).
    for (let i = 0; i < 12 && (await page.evaluate(() => document.activeElement?.textContent)) !== 'Create document'; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Create document');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/documents\/[^/?]+$/);
    await untilTextContains(page, ['Nazirlər Bakıda görüşdü', 'BAKI, 25 noyabr 2022 – [Giriş', '\nSON\n', 'Redaktorlar üçün qeydlər', 'Əlaqə']);
    expect(await page.getByLabel('Document text').getAttribute('lang')).toBe('az');
  });

  it('a reviewer sees what waits for them above the list', async () => {
    const [doc] = (await (await fetch(`${server.url}/api/documents?q=${encodeURIComponent('Ərazi')}`, { headers: { Cookie: drafterCookie } })).json()) as {
      id: string;
    }[];
    const submitted = await fetch(`${server.url}/api/documents/${doc!.id}/transitions`, {
      method: 'POST',
      headers: { Cookie: drafterCookie, 'Content-Type': 'application/json' },
      body: JSON.stringify({ action: 'submit' }),
    });
    expect(submitted.status).toBe(200);

    const reviewerContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    try {
      const reviewer = await reviewerContext.newPage();
      reviewer.on('pageerror', (err) => failures.push(`reviewer: uncaught ${err.name}: ${err.message}`));
      await signInThroughForm(reviewer, server.url, REVIEWER.email);
      const waiting = reviewer.getByRole('region', { name: 'Waiting for you' });
      await waiting.getByRole('link', { name: 'Ərazi bütövlüyü' }).waitFor();
      expect(await waiting.getByText('To review').count()).toBe(1);
      expect(await reviewer.getByTestId('document-row').filter({ hasText: 'Ərazi bütövlüyü' }).locator('.state').innerText()).toBe('In review');
      await reviewer.screenshot({ path: path.join(ARTIFACTS, 'documents-list-reviewer.png') });
      await expectNoSeriousViolations(reviewer, 'the documents list of a reviewer with documents waiting');
    } finally {
      await reviewerContext.close();
    }
  });

  it('the axe-core helper does fail: a field without a label is reported as a serious violation', async () => {
    const probe = await context.newPage();
    try {
      await probe.setContent(
        '<!doctype html><html lang="en"><head><title>Probe</title></head><body><main><h1>Probe</h1><input type="text"></main></body></html>',
      );
      expect((await seriousViolations(probe)).map((v) => v.id)).toContain('label');
    } finally {
      await probe.close();
    }
  });

  it('no page met a server error or an uncaught exception', () => {
    expect(failures).toEqual([]);
  });
});
