import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LANGUAGE_FIXTURES } from '@/tests/fixtures/languages';
import { documentIn, type RoleCookies } from '@/tests/factories/documents';
import { expectNoSeriousViolations } from '@/tests/helpers/axe';
import { browserSuite, launchChromium, recordFailures, signInThroughForm, untilConnected } from '@/tests/helpers/browser';
import { connectClient, waitSynced } from '@/tests/helpers/collab';
import { startServer, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

const AZ = LANGUAGE_FIXTURES.find((f) => f.language === 'az')!;
const KK = LANGUAGE_FIXTURES.find((f) => f.language === 'kk')!;
/** Enough paragraphs that each column scrolls: the fixture's, then numbered articles. */
const MASTER_PARAGRAPHS = [
  ...AZ.paragraphs,
  ...Array.from({ length: 14 }, (_, i) => `${i + 1}. ${AZ.paragraphs[i % AZ.paragraphs.length]} ${AZ.items[i % AZ.items.length]}.`),
];
const NEW_IN_MASTER = 'İqlim dəyişikliyi barədə yeni bənd: Şəki, Gəncə və Ağdam.';

/** The texts of the master column's blocks, and which of them are marked. */
async function masterColumn(page: Page): Promise<{ text: string; mark: string | null }[]> {
  return page
    .getByTestId('sbs-master')
    .locator('.sbs-block')
    .evaluateAll((blocks) => blocks.map((b) => ({ text: b.querySelector('.document-body')?.textContent ?? '', mark: b.getAttribute('data-mark') })));
}

browserSuite('the side-by-side view of a language version (issue 23)', () => {
  let server: TestServer;
  let browser: Browser;
  const cookies: RoleCookies = {};

  beforeAll(async () => {
    server = await startServer();
    for (const role of ['drafter', 'approver', 'admin'] as const) cookies[role] = await signIn(server.url, `${role}@example.org`);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a translator types Kazakh beside the Azerbaijani master, sees a colleague’s change to the master live, marked, and “master changed” appear', async () => {
    const master = await documentIn(server.url, cookies, 'draft', { title: AZ.title, language: 'az', paragraphs: MASTER_PARAGRAPHS });
    const made = await api<{ id: string }>(server.url, cookies.drafter!, 'POST', `/api/documents/${master}/languages`, {
      language: 'kk',
      startFrom: 'copy',
      title: KK.title,
    });
    expect(made.status).toBe(201);
    const kk = made.body.id;

    const failures: string[] = [];
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    recordFailures(page, '', failures);
    await signInThroughForm(page, server.url, 'drafter@example.org');

    // From the master's language bar the translation is chosen; from the translation's, one link.
    await page.goto(`${server.url}/documents/${master}`);
    const fromMaster = page.getByRole('navigation', { name: 'Side by side with a translation' }).getByRole('link');
    expect(await fromMaster.allTextContents()).toEqual(['Қазақ тілі']);
    expect(await fromMaster.getAttribute('href')).toBe(`/documents/${kk}/side-by-side`);
    // The view opened on the master itself offers the translations to put beside it.
    await page.goto(`${server.url}/documents/${master}/side-by-side`);
    expect(await page.getByRole('main').getByRole('listitem').getByRole('link').getAttribute('href')).toBe(`/documents/${kk}/side-by-side`);
    await page.goto(`${server.url}/documents/${kk}`);
    await page.getByRole('link', { name: 'Side by side with the master' }).click();
    await page.waitForURL(`${server.url}/documents/${kk}/side-by-side`);
    await untilConnected(page);

    // The master on the left, read only, every paragraph, none marked (the copy is aligned).
    const left = page.getByRole('region', { name: 'Master text, read only' });
    await expect.poll(async () => (await masterColumn(page)).map((b) => b.text)).toEqual(MASTER_PARAGRAPHS);
    expect((await masterColumn(page)).every((b) => b.mark === 'same')).toBe(true);
    expect(await left.locator('[contenteditable="true"]').count()).toBe(0);
    expect(await page.locator('section.sbs-master').getAttribute('lang')).toBe('az');
    // The master's words are its writers', as written: no browser translator rewrites them beside the translation.
    expect(await left.locator('.document-body').evaluateAll((bodies) => bodies.map((b) => b.getAttribute('translate')))).toEqual(
      MASTER_PARAGRAPHS.map(() => 'no'),
    );
    await expect
      .poll(async () => page.getByTestId('sbs-master-status').textContent())
      .toContain('No paragraph of the master differs from the text this version was aligned with.');
    const bar = page.getByRole('region', { name: 'Language versions' });
    expect(await bar.locator('li.stale').count()).toBe(0);

    // At 1280×900 the two columns fill the window down to one bottom line, and the page itself
    // does not scroll: each column scrolls inside itself, its end reachable there.
    const layout = () =>
      page.evaluate(() => {
        const box = (selector: string) => document.querySelector(selector)!.getBoundingClientRect();
        const scrolls = (selector: string) => {
          const el = document.querySelector(selector)!;
          return el.scrollHeight > el.clientHeight + 1;
        };
        return {
          master: box('section.sbs-master').bottom,
          translation: box('section.sbs-translation').bottom,
          editorBottom: box('.sbs-translation .editor').bottom,
          window: window.innerHeight,
          pageScrolls: document.documentElement.scrollHeight > window.innerHeight,
          masterScrolls: scrolls('.sbs-scroll'),
          translationScrolls: scrolls('.sbs-translation .editor-surface'),
        };
      });
    await expect.poll(async () => (await layout()).masterScrolls).toBe(true);
    const wide = await layout();
    expect(Math.abs(wide.master - wide.translation)).toBeLessThan(1);
    expect(Math.abs(wide.editorBottom - wide.translation)).toBeLessThan(1);
    expect(wide.master).toBeLessThanOrEqual(wide.window);
    expect(wide.master).toBeGreaterThan(wide.window - 40);
    expect(wide).toMatchObject({ pageScrolls: false, translationScrolls: true });
    await page.screenshot({ path: '/tmp/side23-1280-top.png' });
    // The translation's comments are a sheet over its column, opened from the count in its bar.
    await page.getByTestId('open-threads').click();
    const sheet = page.locator('#threads-panel');
    await sheet.getByRole('button', { name: 'Close comments' }).waitFor();
    await expect
      .poll(async () => {
        const b = await sheet.boundingBox();
        return b !== null && b.y + b.height <= wide.window + 1 && b.y < wide.window - 100;
      })
      .toBe(true);
    await page.screenshot({ path: '/tmp/side23-1280-comments.png' });
    await sheet.getByRole('button', { name: 'Close comments' }).click();
    await expect.poll(async () => sheet.isVisible()).toBe(false);

    // The translator overwrites the first paragraph with Kazakh on the right.
    const editor = page.getByRole('textbox', { name: 'Document text' });
    // A triple click selects the whole paragraph (Home/End go by visual line).
    await editor.locator('p').first().click({ clickCount: 3 });
    await page.keyboard.type(KK.paragraphs[0]!);
    await expect.poll(async () => page.getByTestId('save-status').textContent()).toBe('Saved');
    const check = connectClient(server.url, kk, cookies.approver!);
    try {
      await waitSynced(check);
      expect(check.text().split('\n')[0]).toBe(KK.paragraphs[0]);
    } finally {
      check.destroy();
    }
    // Typing on the right never reaches the master.
    expect((await masterColumn(page))[0]!.text).toBe(MASTER_PARAGRAPHS[0]);

    // Scrolling the master scrolls the translation to the same paragraph.
    await left.evaluate((el) => {
      const block = el.querySelectorAll('.sbs-block')[9] as HTMLElement;
      el.scrollTop += block.getBoundingClientRect().top - el.getBoundingClientRect().top;
    });
    const rightTopBlock = () =>
      page.evaluate(() => {
        const surface = document.querySelector('.sbs-translation .editor-surface') as HTMLElement;
        const top = surface.getBoundingClientRect().top;
        const blocks = [...surface.querySelector('.ProseMirror')!.children];
        return blocks.findIndex((b) => b.getBoundingClientRect().bottom > top + 1);
      });
    await expect.poll(rightTopBlock).toBe(9);

    // A colleague (the admin, elsewhere) adds a paragraph to the master: it shows on the left,
    // marked as new since alignment, and the Kazakh version is flagged "master changed".
    const colleague = connectClient(server.url, master, cookies.admin!);
    try {
      await waitSynced(colleague);
      colleague.appendParagraph(NEW_IN_MASTER);
      await expect.poll(async () => (await masterColumn(page)).at(-1)).toEqual({ text: NEW_IN_MASTER, mark: 'added' });
    } finally {
      colleague.destroy();
    }
    expect((await masterColumn(page)).filter((b) => b.mark !== 'same')).toHaveLength(1);
    await expect.poll(async () => (await bar.locator('li.stale').allTextContents()).join('')).toContain('master changed');
    expect((await bar.getByRole('note').first().textContent())?.replace(/\s+/g, ' ')).toContain(
      'The master text has changed since this version was aligned with it',
    );
    await expect.poll(async () => page.getByTestId('sbs-master-status').textContent()).toContain('Since alignment, in the master: 1 paragraph new.');
    await left.getByText(NEW_IN_MASTER).scrollIntoViewIfNeeded();
    await expectNoSeriousViolations(page, 'the side-by-side view');
    await page.screenshot({ path: '/tmp/side23-1280.png' });

    // Keyboard: the master column is reachable and scrolls; the editor keeps the translation.
    await left.focus();
    expect(await left.evaluate((el) => el === document.activeElement)).toBe(true);

    // Phone width: the columns stack, master first.
    expect(await page.locator('.sbs-skip').isVisible()).toBe(false);
    await page.setViewportSize({ width: 390, height: 844 });
    await expect
      .poll(async () => {
        const m = await page.locator('section.sbs-master').boundingBox();
        const t = await page.locator('section.sbs-translation').boundingBox();
        return m && t ? m.y + m.height <= t.y && Math.abs(m.x - t.x) < 1 : false;
      })
      .toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectNoSeriousViolations(page, 'the side-by-side view at phone width');
    await page.screenshot({ path: '/tmp/side23-390.png', fullPage: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: '/tmp/side23-390-top.png' });
    // The whole master comes first on a phone: one tap goes on to the translation.
    await page.getByRole('link', { name: /Go to the translation/ }).click();
    // …to its heading, below the sticky top bar, not under it.
    await expect
      .poll(() =>
        page.evaluate(() => {
          const top = document.getElementById('sbs-translation-heading')!.getBoundingClientRect().top;
          const bar = document.querySelector('header.topbar')!.getBoundingClientRect().bottom;
          return top >= bar - 1 && top < window.innerHeight;
        }),
      )
      .toBe(true);
    await page.screenshot({ path: '/tmp/side23-390-skip.png' });
    await page.getByText(NEW_IN_MASTER).scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/side23-390-new.png' });
    await page.locator('#sbs-translation-heading').scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/side23-390-translation.png' });
    expect(failures).toEqual([]);
    await context.close();
  });
});
