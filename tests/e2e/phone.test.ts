import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDocument, documentIn, type RoleCookies } from '@/tests/factories/documents';
import { expectNoSeriousViolations } from '@/tests/helpers/axe';
import { DRAFTER, browserSuite, launchChromium, recordFailures, signInThroughForm, untilConnected } from '@/tests/helpers/browser';
import { startServer, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';
import { supportedLocales } from '@/server/i18n/catalogues';

/** Screenshots to look at (git-ignored). */
const WALK = path.resolve(__dirname, '..', '..', '.walk');

/** The seed speech's official title, which the one-line title box cut at "…Şurasını". */
const LONG_TITLE =
  'Türk Dövlətləri Təşkilatının Baş katibinin Təşkilatın Ağsaqqallar Şurasının və Türk Akademiyasının birgə iclasında Türk dünyasının ortaq gələcəyi haqqında çıxışı';

/**
 * Issue 22, phone and narrow screens and the public newsroom, in real Chromium against the
 * production server, at 390 px (a phone) and at desktop widths: the workspace's menu button
 * and document cards, the editor's toolbar with "More", the title that wraps, and the
 * newsroom with the organisation's name and logo, labels in each text's language, its own
 * not-found page and a footer with "Verify this text"; axe-core on each page.
 */
browserSuite('phone widths and the public newsroom in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const failures: string[] = [];
  const cookies: RoleCookies = {};
  let draftId = '';
  let releasedId = '';

  async function pageAt(width: number, height = 844): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height }, locale: 'en-GB' });
    context.setDefaultTimeout(15_000);
    contexts.push(context);
    const page = await context.newPage();
    recordFailures(page, `${width}px`, failures);
    return page;
  }

  beforeAll(async () => {
    fs.mkdirSync(WALK, { recursive: true });
    server = await startServer({ env: { ORG_NAME: 'Secretariat of the Organization of Turkic States', ORG_TIMEZONE: 'Asia/Baku' } });
    browser = await launchChromium();
    for (const role of ['admin', 'drafter', 'approver', 'publisher'] as const) cookies[role] = await signIn(server.url, `${role}@example.org`);
    draftId = await createDocument(server.url, cookies.drafter!, { title: LONG_TITLE, language: 'az', kind: 'speech' });
    await createDocument(server.url, cookies.drafter!, { title: 'Bəyanat layihəsi', language: 'az', kind: 'statement' });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
    expect(failures, 'page errors').toEqual([]);
  });

  it('an empty newsroom feed is dated now, not 1970, and its links use the request’s own origin', async () => {
    const before = Date.now();
    const xml = await (await fetch(`${server.url}/newsroom/feed.xml`)).text();
    const updated = /<updated>([^<]+)<\/updated>/.exec(xml)?.[1] ?? '';
    expect(updated).not.toContain('1970');
    expect(Date.parse(updated)).toBeGreaterThanOrEqual(before - 1000);
    expect(xml).toContain(`<link rel="self" href="${server.url}/newsroom/feed.xml"/>`);
  });

  it('at 390 px the workspace menu is a button (aria-expanded, Escape closes and returns focus) and documents are cards', async () => {
    const page = await pageAt(390);
    await signInThroughForm(page, server.url, DRAFTER.email);
    const menu = page.getByRole('button', { name: 'Menu' });
    await menu.waitFor();
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByRole('link', { name: 'Newsroom' }).isVisible()).toBe(false);
    // Nothing is cut off: the page is no wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const card = page.getByTestId('document-row').filter({ hasText: 'Bəyanat layihəsi' });
    const box = await card.boundingBox();
    expect(box!.width).toBeLessThanOrEqual(390);
    expect(await card.innerText()).toMatch(/Bəyanat layihəsi[\s\S]*Statement[\s\S]*Draft/);
    await page.screenshot({ path: path.join(WALK, 'phone-documents.png'), fullPage: true });
    await expectNoSeriousViolations(page, 'the documents list at 390 px');

    await menu.focus();
    await page.keyboard.press('Enter');
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    const nav = page.getByRole('navigation', { name: 'Workspace' });
    await nav.getByRole('link', { name: 'Newsroom' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Documents');
    await page.screenshot({ path: path.join(WALK, 'phone-menu-open.png') });
    await expectNoSeriousViolations(page, 'the open menu at 390 px');
    await page.keyboard.press('Escape');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Menu');
    expect(await nav.getByRole('link', { name: 'Newsroom' }).isVisible()).toBe(false);

    // A link followed from the menu closes it.
    await menu.click();
    await nav.getByRole('link', { name: 'Notifications' }).click();
    await page.waitForURL(`${server.url}/notifications`);
    await page.waitForFunction(() => document.querySelector('.menu-button')?.getAttribute('aria-expanded') === 'false');
  });

  it('at 1280 px the links stand in the header and there is no menu button; the list is a table', async () => {
    const page = await pageAt(1280, 800);
    await signInThroughForm(page, server.url, DRAFTER.email);
    expect(await page.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false);
    expect(await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Newsroom' }).isVisible()).toBe(true);
    expect(await page.getByRole('columnheader', { name: 'Kind' }).isVisible()).toBe(true);
    await page.screenshot({ path: path.join(WALK, 'desktop-documents.png') });
  });

  /** The rows the toolbar's shown controls stand on (distinct tops). */
  const toolbarRows = (page: Page) =>
    page.evaluate(() => {
      const bar = document.querySelector('[role="toolbar"]')!;
      const tops = [...bar.querySelectorAll<HTMLElement>(':scope button, :scope select')]
        .filter((el) => !el.closest('[role="menu"]') && el.getClientRects().length > 0)
        .map((el) => el.getBoundingClientRect().top)
        .sort((a, b) => a - b);
      // A row starts where a control's top is clearly below the previous one (the menu and the buttons differ by a few px).
      return tops.filter((top, i) => i === 0 || top - tops[i - 1]! > 16).length;
    });

  it('at 390 px the toolbar folds the rarer buttons into "More", a keyboard menu, and the long title wraps whole', async () => {
    const page = await pageAt(390);
    await signInThroughForm(page, server.url, DRAFTER.email);
    await page.goto(`${server.url}/documents/${draftId}`);
    await untilConnected(page);
    const bar = page.getByRole('toolbar', { name: 'Formatting' });
    await page.screenshot({ path: path.join(WALK, 'phone-editor.png'), fullPage: true });
    // One row, "More" on it, holding what does not fit.
    expect(await toolbarRows(page)).toBe(1);
    expect((await bar.boundingBox())!.height).toBeLessThan(50);
    expect(await bar.getByRole('button', { name: 'Justify' }).isVisible()).toBe(false);
    const more = bar.getByRole('button', { name: 'More formatting' });
    expect(await more.isVisible()).toBe(true);
    expect(await more.getAttribute('aria-haspopup')).toBe('menu');

    // The whole title shows: the field is as tall as its text, which wraps.
    const title = page.getByLabel('Title', { exact: true });
    expect(await title.inputValue()).toBe(LONG_TITLE);
    const fits = await title.evaluate((el) => ({
      scroll: el.scrollHeight,
      client: el.clientHeight,
      lineHeight: Number.parseFloat(getComputedStyle(el).lineHeight),
    }));
    expect(fits.scroll).toBeLessThanOrEqual(fits.client + 1);
    expect(fits.client).toBeGreaterThan(fits.lineHeight * 3);
    await page.screenshot({ path: path.join(WALK, 'phone-editor.png'), fullPage: true });
    await expectNoSeriousViolations(page, 'the editor at 390 px');

    // Keyboard: into the text, select a word, then the bar (Tab from… the first control) and "More".
    await page.getByLabel('Document text').click();
    await page.keyboard.type('Sülh');
    await page.keyboard.press('Shift+Home');
    await more.focus();
    await page.keyboard.press('ArrowDown');
    expect(await more.getAttribute('aria-expanded')).toBe('true');
    const menu = page.getByRole('menu', { name: 'More formatting' });
    const items = await menu.getByRole('menuitemcheckbox').or(menu.getByRole('menuitem')).allInnerTexts();
    expect(items.join('|')).toContain('Justify');
    expect(items.join('|')).toContain('Numbered list');
    expect(items.join('|')).toContain('Bulleted list');
    expect(items.join('|')).toContain('Link');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toMatch(/^menuitem/);
    await page.screenshot({ path: path.join(WALK, 'phone-editor-more.png') });
    await expectNoSeriousViolations(page, 'the editor with "More" open at 390 px');
    await page.keyboard.press('Escape');
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('More formatting');

    // Choosing "Centre" runs it on the selection.
    await more.click();
    await menu.getByRole('menuitemcheckbox', { name: /Centre/ }).click();
    await page.waitForFunction(() => document.querySelector('.ProseMirror p[style*="center"]') !== null);
    expect(await more.getAttribute('aria-expanded')).toBe('false');
  });

  it('at 390 px the toolbar is one row in every interface language, “More” at its end', async () => {
    const page = await pageAt(390);
    await signInThroughForm(page, server.url, DRAFTER.email);
    try {
      for (const locale of supportedLocales()) {
        expect((await api(server.url, cookies.drafter!, 'PATCH', '/api/me', { locale })).status).toBe(200);
        await page.goto(`${server.url}/documents/${draftId}`);
        await page.locator(`html[lang="${locale}"]`).waitFor();
        await untilConnected(page);
        const bar = page.locator('[role="toolbar"]');
        expect(await toolbarRows(page), `the toolbar's rows in ${locale}`).toBe(1);
        const more = bar.locator('[data-tool="more"]');
        expect(await more.isVisible(), `"More" in ${locale}`).toBe(true);
        // "More" is the bar's last control on that row, and the text style's menu is not cut to make room.
        const barBox = (await bar.boundingBox())!;
        const moreBox = (await more.boundingBox())!;
        expect(moreBox.x + moreBox.width).toBeLessThanOrEqual(barBox.x + barBox.width + 0.5);
        const widths = await page.locator('.block-select').evaluate((el: HTMLElement) => {
          const shown = el.offsetWidth;
          el.style.maxWidth = 'none';
          const natural = el.offsetWidth;
          el.style.maxWidth = '';
          return { shown, natural };
        });
        expect(widths.shown, `the text style's width in ${locale}`).toBe(widths.natural);
        // "Comment", the open-comment count (an icon and a number here: "Открытых комментариев нет"
        // took two lines) and the colleagues' avatars share one row, the count one line high.
        const middle = async (selector: string) => {
          const box = (await page.locator(selector).first().boundingBox())!;
          return { centre: box.y + box.height / 2, height: box.height };
        };
        const count = await middle('[data-testid="open-threads"]');
        expect(count.height, `the count's height in ${locale}`).toBeLessThan(36);
        expect(Math.abs(count.centre - (await middle('[data-tool="comment"]')).centre), `"Comment" beside the count in ${locale}`).toBeLessThan(4);
        expect(Math.abs(count.centre - (await middle('.presence-wrap')).centre), `the avatars beside the count in ${locale}`).toBeLessThan(4);
        await bar.screenshot({ path: path.join(WALK, `phone-toolbar-${locale}.png`) });
        // "More"'s menu opens on the screen, every item whole (anchored at its left, az items ran past the edge).
        await more.click();
        const menu = page.locator('.more-menu');
        await menu.waitFor();
        const menuBox = (await menu.boundingBox())!;
        expect(menuBox.x, `"More"'s menu's left in ${locale}`).toBeGreaterThanOrEqual(0);
        expect(menuBox.x + menuBox.width, `"More"'s menu's right in ${locale}`).toBeLessThanOrEqual(390);
        const cut = await menu
          .locator('.more-label')
          .evaluateAll((labels) => labels.filter((l) => l.scrollWidth > l.clientWidth + 1).map((l) => l.textContent));
        expect(cut, `items cut in ${locale}`).toEqual([]);
        await page.keyboard.press('Escape');
      }
    } finally {
      await api(server.url, cookies.drafter!, 'PATCH', '/api/me', { locale: null });
    }
  });

  it('at 390 px the document’s rarer actions fold under “More actions” and the text starts on the first screen; at 1280 px they stand in the row', async () => {
    const page = await pageAt(390);
    await signInThroughForm(page, server.url, DRAFTER.email);
    await page.goto(`${server.url}/documents/${draftId}`);
    await untilConnected(page);
    const more = page.getByRole('button', { name: 'More actions' });
    const history = page.getByRole('link', { name: 'History' });
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    expect(await history.isVisible()).toBe(false);
    // The workflow's own buttons stay in sight.
    expect(await page.getByRole('button', { name: 'Submit for review' }).isVisible()).toBe(true);
    // The speech's first block is on the first screen, under the four-line title, with room to read.
    const top = await page.evaluate(() => document.querySelector('.ProseMirror > *')!.getBoundingClientRect().top);
    expect(top).toBeLessThan(844 - 150);

    // Open: the links show, the first takes the focus; Escape closes and gives it back.
    await more.click();
    expect(await more.getAttribute('aria-expanded')).toBe('true');
    for (const name of ['History', 'Export PDF', 'Export DOCX']) expect(await page.getByRole('link', { name, exact: true }).isVisible(), name).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('History');
    await page.screenshot({ path: path.join(WALK, 'phone-more-actions.png') });
    await expectNoSeriousViolations(page, 'the document page with “More actions” open at 390 px');
    await page.keyboard.press('Escape');
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    expect(await history.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('More actions');
    // A tap outside closes it too; a link in it is followed.
    await more.click();
    await page.locator('.doc-title-block').click({ position: { x: 5, y: 5 } });
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    await more.click();
    await history.click();
    await page.waitForURL(`${server.url}/documents/${draftId}/history`);

    // On a wide screen there is no such button: the links stand in the row.
    const wide = await pageAt(1280, 900);
    await signInThroughForm(wide, server.url, DRAFTER.email);
    await wide.goto(`${server.url}/documents/${draftId}`);
    await untilConnected(wide);
    expect(await wide.getByRole('button', { name: 'More actions' }).count()).toBe(0);
    for (const name of ['History', 'Export PDF', 'Export DOCX']) expect(await wide.getByRole('link', { name, exact: true }).isVisible(), name).toBe(true);
  });

  it('the title is still one line of text: Enter saves it, and a typed line break is not kept', async () => {
    const page = await pageAt(1366, 800);
    await signInThroughForm(page, server.url, DRAFTER.email);
    await page.goto(`${server.url}/documents/${draftId}`);
    await untilConnected(page);
    await page.screenshot({ path: path.join(WALK, 'desktop-editor.png') });
    // At 1366 px no lone button wraps onto a second row.
    expect(await toolbarRows(page)).toBe(1);
    const title = page.getByLabel('Title', { exact: true });
    const fits = await title.evaluate((el) => ({ scroll: el.scrollHeight, client: el.clientHeight }));
    expect(fits.scroll).toBeLessThanOrEqual(fits.client + 1);
    await page.screenshot({ path: path.join(WALK, 'desktop-editor.png') });
    await title.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' (layihə)');
    await page.keyboard.press('Enter');
    await page.waitForFunction(async (id) => {
      const res = await fetch(`/api/documents/${id}`);
      return ((await res.json()) as { title: string }).title.endsWith('(layihə)');
    }, draftId);
    await page.waitForFunction((expected) => (document.querySelector('.title-input') as HTMLTextAreaElement).value === expected, `${LONG_TITLE} (layihə)`);
    // A pasted line break becomes a space: still one line of text.
    await title.fill(`${LONG_TITLE}\nikinci sətir`);
    expect(await title.inputValue()).toBe(`${LONG_TITLE} ikinci sətir`);
  });

  it('the newsroom is the organisation’s press page: logo and name, labels in the text’s language, verify link, back to the list', async () => {
    const form = new FormData();
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40" width="40" height="40"><circle cx="20" cy="20" r="18" fill="#1f3a8a"/></svg>';
    form.append('file', new Blob([svg], { type: 'image/svg+xml' }), 'logo.svg');
    const uploaded = await fetch(`${server.url}/api/settings/logo`, { method: 'POST', body: form, headers: { Cookie: cookies.admin! } });
    expect(uploaded.status).toBe(200);
    releasedId = await documentIn(server.url, cookies, 'published', {
      title: 'Türk Dövlətləri Təşkilatının bəyanatı',
      language: 'az',
      kind: 'declaration',
      paragraphs: ['Təşkilat sülh və əməkdaşlığa çağırır.'],
    });

    for (const width of [390, 1280]) {
      const page = await pageAt(width, 844);
      await page.goto(`${server.url}/newsroom`);
      const header = page.getByRole('banner');
      await header.getByText('Secretariat of the Organization of Turkic States', { exact: true }).waitFor();
      const logo = header.locator('img.newsroom-logo');
      await page.waitForFunction(() => ((document.querySelector('img.newsroom-logo') as HTMLImageElement | null)?.naturalWidth ?? 0) > 0);
      expect(await logo.getAttribute('src')).toBe('/newsroom/logo');
      const item = page.getByRole('listitem').filter({ hasText: 'Türk Dövlətləri Təşkilatının bəyanatı' });
      expect(await item.locator('.kind').innerText()).toBe('BƏYANNAMƏ');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.screenshot({ path: path.join(WALK, `newsroom-list-${width}.png`), fullPage: true });
      await expectNoSeriousViolations(page, `the newsroom at ${width} px`);

      await item.getByRole('link').click();
      await page.waitForURL(`${server.url}/newsroom/${releasedId}`);
      await page.getByRole('heading', { name: 'Türk Dövlətləri Təşkilatının bəyanatı', level: 1 }).waitFor();
      const article = page.locator('article');
      expect(await article.getAttribute('lang')).toBe('az');
      const verify = article.getByRole('link', { name: 'Bu mətni yoxlayın' });
      expect(await verify.getAttribute('href')).toMatch(/^\/verify\/[0-9a-f]{64}$/);
      const footerText = await article.locator('footer').innerText();
      expect(footerText).not.toMatch(/SHA-256|[0-9a-f]{16}|Version/);
      expect(await page.getByRole('link', { name: '← All releases' }).getAttribute('href')).toBe('/newsroom');
      await page.screenshot({ path: path.join(WALK, `newsroom-item-${width}.png`), fullPage: true });
      await expectNoSeriousViolations(page, `a released text at ${width} px`);

      await verify.click();
      await page.waitForURL(/\/verify\/[0-9a-f]{64}$/);
    }

    const xml = await (await fetch(`${server.url}/newsroom/feed.xml`)).text();
    expect(/<feed[\s\S]*?<updated>([^<]+)<\/updated>/.exec(xml)?.[1]).not.toContain('1970');
  });

  it('an embargoed or unknown item is the newsroom’s own not-found page, with status 404 and a way back', async () => {
    const embargoed = await documentIn(server.url, cookies, 'published', {
      title: 'Embargoed statement',
      paragraphs: ['Not yet.'],
      embargoUntil: new Date(Date.now() + 3_600_000),
    });
    for (const id of [embargoed, 'no-such-release']) {
      const res = await fetch(`${server.url}/newsroom/${id}`);
      expect(res.status).toBe(404);
      const html = await res.text();
      expect(html).toContain('This release is not available');
      expect(html).not.toContain('Embargoed statement');
    }
    for (const width of [390, 1280]) {
      const page = await pageAt(width, 844);
      const response = await page.goto(`${server.url}/newsroom/${embargoed}`);
      expect(response?.status()).toBe(404);
      await page.getByRole('heading', { name: 'This release is not available', level: 1 }).waitFor();
      expect(await page.getByText('This page could not be found').count()).toBe(0);
      await page.getByRole('banner').getByText('Secretariat of the Organization of Turkic States', { exact: true }).waitFor();
      expect(await page.getByRole('link', { name: 'See all releases' }).getAttribute('href')).toBe('/newsroom');
      await page.screenshot({ path: path.join(WALK, `newsroom-missing-${width}.png`), fullPage: true });
      await expectNoSeriousViolations(page, `the newsroom's not-found page at ${width} px`);
    }
  });
});
