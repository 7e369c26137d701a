import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type * as Y from 'yjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ARTIFACTS, paragraphs, browserSuite, launchChromium, signInThroughForm, untilConnected } from '@/tests/helpers/browser';
import { connectClient, waitSynced } from '@/tests/helpers/collab';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

browserSuite('revision history in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let id = '';

  beforeAll(async () => {
    server = await startServer();
    const drafter = await signIn(server.url, 'drafter@example.org');
    const reviewer = await signIn(server.url, 'reviewer@example.org');
    id = (await api<{ id: string }>(server.url, drafter, 'POST', '/api/documents', { title: 'Speech at the summit', kind: 'speech', language: 'en' })).body.id;
    // Two people write, with a named version between their edits.
    const a = connectClient(server.url, id, drafter);
    const b = connectClient(server.url, id, reviewer);
    await Promise.all([waitSynced(a), waitSynced(b)]);
    a.appendParagraph('Excellencies, ladies and gentlemen,');
    a.appendParagraph('We met in three working sessions this week.');
    await waitFor(() => b.text().includes('three working'), 'the draft at the reviewer');
    await api(server.url, drafter, 'POST', `/api/documents/${id}/versions`, { label: 'First draft' });
    const line = (b.ydoc.getXmlFragment('default').get(1) as Y.XmlElement).get(0) as Y.XmlText;
    line.delete(10, 5);
    line.insert(10, 'four');
    b.appendParagraph('Thank you.');
    await waitFor(() => a.text().includes('Thank you.'), 'the review at the drafter');
    await api(server.url, drafter, 'POST', `/api/documents/${id}/versions`, { label: 'After review' });
    a.destroy();
    b.destroy();

    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    await signInThroughForm(page, server.url, 'drafter@example.org');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('compares two chosen versions, marking inserted and deleted words with who made them', async () => {
    await page.goto(`${server.url}/documents/${id}`);
    await page.getByRole('link', { name: 'History' }).click();
    await page.waitForURL(/\/history$/);
    const compare = page.getByRole('form', { name: 'Compare versions' });
    await compare
      .getByLabel('From')
      .selectOption({ label: (await compare.getByLabel('From').locator('option', { hasText: 'First draft' }).innerText()).trim() });
    await compare.getByLabel('To').selectOption({ label: (await compare.getByLabel('To').locator('option', { hasText: 'After review' }).innerText()).trim() });
    await compare.getByRole('button', { name: 'Compare' }).click();
    await page.getByRole('heading', { name: 'Changes from “First draft” to “After review”' }).waitFor();

    const deleted = page.locator('.diff del', { hasText: 'three' });
    const inserted = page.locator('.diff ins', { hasText: 'four' });
    await deleted.waitFor();
    // Pointing at a change shows who made it; it is the change's description for screen readers.
    const who = (text: string) => page.getByRole('tooltip').filter({ hasText: text });
    expect(await who('Inserted by Rustam Karimov').isVisible()).toBe(false);
    await inserted.hover();
    await who('Inserted by Rustam Karimov').waitFor({ state: 'visible' });
    await deleted.hover();
    await who('Deleted by Rustam Karimov').waitFor({ state: 'visible' });
    await who('Inserted by Rustam Karimov').waitFor({ state: 'hidden' });
    const describedBy = await inserted.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe('Inserted by Rustam Karimov');
    // The compared words are as written, not a browser translator's; the notes on them are the interface's.
    expect(await inserted.evaluate((el) => el.closest('[translate]')?.getAttribute('translate'))).toBe('no');
    expect(
      await page
        .locator('.diff p', { hasText: 'Thank you.' })
        .first()
        .evaluate((el) => el.closest('[translate]')?.getAttribute('translate')),
    ).toBe('no');
    expect(await page.locator(`[id="${describedBy}"]`).getAttribute('translate')).toBe('yes');
    expect(await page.locator(`[id="${describedBy}"]`).getAttribute('lang')).toBe('en');
    expect(await page.locator('.diff ins', { hasText: 'Thank you.' }).count()).toBe(1);
    expect(await page.locator('.diff del').count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'history-compare.png') });
  });

  it('restores a version: the editor shows it, and the text before it is kept as a version', async () => {
    await page.getByRole('complementary').getByRole('link', { name: 'First draft' }).click();
    await page.getByRole('heading', { name: 'First draft', level: 2 }).waitFor();
    // The version's words are its writers', as written: no browser translator rewrites them.
    const version = page.locator('.document-body:not(.diff)');
    await version.waitFor();
    expect(await version.getAttribute('translate')).toBe('no');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Restore this version' }).click();
    await page.waitForURL(`${server.url}/documents/${id}`);
    await untilConnected(page);
    await waitFor(
      async () =>
        JSON.stringify(await paragraphs(page)) === JSON.stringify(['Excellencies, ladies and gentlemen,', 'We met in three working sessions this week.']),
      'the editor to show the restored text',
    );
    await page.goto(`${server.url}/documents/${id}/history`);
    await page.getByRole('complementary').getByRole('link', { name: 'Before restoring “First draft”' }).waitFor();
    // The server keeps that name in English; someone reading Russian reads it in Russian, the version's own name as given.
    const drafter = await signIn(server.url, 'drafter@example.org');
    expect((await api(server.url, drafter, 'PATCH', '/api/me', { locale: 'ru' })).status).toBe(200);
    try {
      await page.goto(`${server.url}/documents/${id}/history`);
      await page.getByRole('complementary').getByRole('link', { name: 'Перед восстановлением «First draft»' }).waitFor();
    } finally {
      await api(server.url, drafter, 'PATCH', '/api/me', { locale: null });
    }
  });
  it('labels versions apart in the compare menus and names two versions of one name distinctly', async () => {
    const drafter = await signIn(server.url, 'drafter@example.org');
    const first = (await api<{ id: string }>(server.url, drafter, 'POST', `/api/documents/${id}/versions`, { label: 'Checked' })).body;
    const second = (await api<{ id: string }>(server.url, drafter, 'POST', `/api/documents/${id}/versions`, { label: 'Checked' })).body;
    await page.goto(`${server.url}/documents/${id}/history?from=${first.id}&to=${second.id}`);
    const compare = page.getByRole('form', { name: 'Compare versions' });
    expect(await compare.locator('select[name="from"]').inputValue()).toBe(first.id);
    expect(await compare.locator('select[name="to"]').inputValue()).toBe(second.id);
    const option = (await compare.getByLabel('From').locator('option', { hasText: 'After review' }).innerText()).trim();
    expect(option).toMatch(/^After review · .+ \d\d:\d\d .* · Rustam Karimov · [0-9a-f]{8} · Draft$/);
    const heading = (await page.getByRole('heading', { name: /^Changes from/ }).innerText()).trim();
    expect(heading).not.toBe('Changes from “Checked” to “Checked”');
    expect(heading).toMatch(/^Changes from “Checked” \(.+\) to “Checked” \(.+\)$/);
    await page.getByText('The two versions have the same text.').waitFor();
  });

  it('at phone width (390 px) the compare view fits, and a tap or the keyboard shows who made a change', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-GB' });
    phone.setDefaultTimeout(15_000);
    const small = await phone.newPage();
    await signInThroughForm(small, server.url, 'drafter@example.org');
    const versions = await small.evaluate(
      async (doc) => (await (await fetch(`/api/documents/${doc}/versions`)).json()) as { id: string; label: string | null }[],
      id,
    );
    const from = versions.find((v) => v.label === 'First draft')!.id;
    const to = versions.find((v) => v.label === 'After review')!.id;
    await small.goto(`${server.url}/documents/${id}/history?from=${from}&to=${to}`);
    await small.getByRole('heading', { name: 'Changes from “First draft” to “After review”' }).waitFor();
    expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    const who = (text: string) => small.getByRole('tooltip').filter({ hasText: text });
    const inserted = small.locator('.diff ins', { hasText: 'four' });
    const deleted = small.locator('.diff del', { hasText: 'three' });
    expect(await who('Inserted by Rustam Karimov').isVisible()).toBe(false);
    await inserted.tap();
    await who('Inserted by Rustam Karimov').waitFor({ state: 'visible' });
    expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await small.screenshot({ path: '.walk/history-phone-tap.png', fullPage: true });
    // A tap elsewhere puts it away.
    await small.getByRole('heading', { name: /Changes from/ }).tap();
    await who('Inserted by Rustam Karimov').waitFor({ state: 'hidden' });

    // The keyboard: the changes are in the tab order, and the focused one shows its authors.
    await deleted.focus();
    await who('Deleted by Rustam Karimov').waitFor({ state: 'visible' });
    await small.keyboard.press('Tab');
    const next = await small.evaluate(() => ({ tag: document.activeElement?.tagName, describedBy: document.activeElement?.getAttribute('aria-describedby') }));
    expect(['INS', 'DEL']).toContain(next.tag);
    await small.locator(`[id="${next.describedBy}"]`).waitFor({ state: 'visible' });
    await who('Deleted by Rustam Karimov').waitFor({ state: 'hidden' });
    await small.keyboard.press('Shift+Tab');
    await who('Deleted by Rustam Karimov').waitFor({ state: 'visible' });
    await small.screenshot({ path: '.walk/history-phone-keyboard.png' });
    await phone.close();
  });
});
