import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { documentIn, type RoleCookies } from '@/tests/factories/documents';
import { browserSuite, editorText, launchChromium, signInThroughForm, untilConnected } from '@/tests/helpers/browser';
import { writeBody } from '@/tests/helpers/content';
import { startServer, type TestServer } from '@/tests/helpers/server';
import { signIn } from '@/tests/helpers/session';

/** Screenshots a person looks at (git-ignored). */
const WALK = path.resolve(__dirname, '..', '..', '.walk');

browserSuite('the language bar (issue 23)', () => {
  let server: TestServer;
  let browser: Browser;
  const cookies: RoleCookies = {};

  beforeAll(async () => {
    fs.mkdirSync(WALK, { recursive: true });
    server = await startServer();
    for (const role of ['drafter', 'approver'] as const) cookies[role] = await signIn(server.url, `${role}@example.org`);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a translator adds a Kazakh version from the Azerbaijani master, sees “master changed” when the master moves, opens its diff and marks the version aligned', async () => {
    const master = await documentIn(server.url, cookies, 'draft', {
      title: 'Sammit bəyannaməsi',
      language: 'az',
      paragraphs: ['Türk Dövlətləri Təşkilatının dövlət başçıları Bakıda toplaşdılar.'],
    });
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await signInThroughForm(page, server.url, 'drafter@example.org');
    await page.goto(`${server.url}/documents/${master}`);
    await untilConnected(page);

    await page.getByRole('button', { name: 'Add a language version' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a language version' });
    // Chosen by name among the organisation's languages, the group's own (the Azerbaijani master) left out.
    const language = dialog.getByRole('combobox', { name: /^Language/ });
    const offered = await language.locator('option:not([disabled])').evaluateAll((os) => os.map((o) => `${(o as HTMLOptionElement).value} ${o.textContent}`));
    expect(offered).toContain('kk Қазақ тілі');
    expect(offered.filter((o) => o.startsWith('az '))).toEqual([]);
    await language.selectOption('kk');
    await dialog.getByLabel('Title in that language (optional: the master’s until changed)').fill('Саммит декларациясы');
    await dialog.getByRole('button', { name: 'Add' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/documents/') && !url.pathname.endsWith(master));
    const kk = new URL(page.url()).pathname.split('/').at(-1)!;
    await untilConnected(page);
    const bar = page.getByRole('region', { name: 'Language versions' });
    await expect
      .poll(async () => (await bar.locator('li').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim()))
      .toEqual(['Azərbaycan Draft · master', 'Қазақ тілі Draft · current']);
    expect(await bar.locator('a[aria-current="page"]').getAttribute('lang')).toBe('kk');
    // The copy of the master's text is there to overwrite.
    await expect.poll(async () => editorText(page.locator('.ProseMirror'))).toContain('Türk Dövlətləri Təşkilatının dövlət başçıları Bakıda toplaşdılar.');
    await page.screenshot({ path: path.join(WALK, 'languages-bar-1280.png') });

    // The master changes (someone else, elsewhere): the Kazakh version is flagged.
    await writeBody(server.url, master, cookies.drafter!, {
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'İqlim dəyişikliyi barədə yeni bənd.' }] }],
    });
    // The list says so too, on the Kazakh row only.
    await page.goto(`${server.url}/documents`);
    const row = (title: string) => page.getByTestId('document-row').filter({ has: page.getByRole('link', { name: title, exact: true }) });
    await expect.poll(async () => row('Саммит декларациясы').getByTestId('master-changed').count()).toBe(1);
    expect(await row('Sammit bəyannaməsi').getByTestId('master-changed').count()).toBe(0);
    await page.screenshot({ path: path.join(WALK, 'languages-list-1280.png') });
    await page.goto(`${server.url}/documents/${kk}`);
    await untilConnected(page);
    await expect.poll(async () => (await bar.locator('li.stale').allTextContents()).join('')).toContain('master changed');
    const banner = bar.getByRole('note');
    expect((await banner.textContent())?.replace(/\s+/g, ' ')).toContain(
      'The master text has changed since this version was aligned with it (a change of formatting alone counts too).',
    );
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(WALK, 'languages-stale-390.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    // One click to the master's diff since the aligned text.
    const link = banner.getByRole('link', { name: 'See what changed in the master' });
    expect(await link.getAttribute('href')).toMatch(new RegExp(`^/documents/${master}/history\\?from=[0-9a-f-]{36}&to=current$`));
    await link.click();
    await page.waitForURL((url) => url.pathname === `/documents/${master}/history`);
    await expect.poll(async () => page.locator('.diff').innerText()).toContain('İqlim dəyişikliyi barədə yeni bənd.');
    await page.screenshot({ path: path.join(WALK, 'languages-master-diff-1280.png') });

    await page.goto(`${server.url}/documents/${kk}`);
    await untilConnected(page);
    await bar.getByRole('button', { name: 'Mark aligned with the current master' }).click();
    await expect
      .poll(async () => (await bar.locator('li').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim()))
      .toEqual(['Azərbaycan Draft · master', 'Қазақ тілі Draft · current']);
    expect(await bar.getByRole('note').count()).toBe(0);
    await context.close();
  });
});
