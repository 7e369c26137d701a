import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { documentIn, type RoleCookies } from '@/tests/factories/documents';
import { expectNoSeriousViolations } from '@/tests/helpers/axe';
import { browserSuite, cookiesFor, launchChromium, recordFailures, signInThroughForm, untilConnected } from '@/tests/helpers/browser';
import { countText } from '@/lib/text/counts';
import { describeCalendarDate, formatInZone, monthNames } from '@/lib/text/dates';
import { selectText } from '@/tests/helpers/two-people';
import { startServer, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

/** Screenshots to look at (git-ignored). */
const WALK = path.resolve(__dirname, '..', '..', '.walk');

/** Every moment on every page: "6 Dec 2026, 03:25 (Asia/Baku)". */
const MOMENT = /^\d{1,2} [A-Z][a-z]{2,3} \d{4}, \d{2}:\d{2} \(Asia\/Baku\)$/;

/**
 * Issue 22, dates: one format everywhere, in the organisation's time zone with the zone
 * named, and date fields in the interface's order, in a browser set to US English in New
 * York, so that nothing of the browser's locale or zone can pass for the organisation's.
 */
browserSuite('dates in one format, in the organisation’s time zone, typed in the interface’s order', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const failures: string[] = [];
  const cookies: RoleCookies = {};

  async function pageAt(width: number, email: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'en-US', timezoneId: 'America/New_York' });
    context.setDefaultTimeout(15_000);
    contexts.push(context);
    const page = await context.newPage();
    recordFailures(page, `${email} at ${width}px`, failures);
    await signInThroughForm(page, server.url, email);
    return page;
  }

  beforeAll(async () => {
    fs.mkdirSync(WALK, { recursive: true });
    server = await startServer({ env: { ORG_TIMEZONE: 'Asia/Baku' } });
    browser = await launchChromium();
    for (const role of ['drafter', 'reviewer', 'approver', 'publisher'] as const) cookies[role] = await signIn(server.url, `${role}@example.org`);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
    expect(failures, 'page errors').toEqual([]);
  });

  it('the documents list, the editor’s Activity panel and the history write moments one way, in Asia/Baku', async () => {
    const id = await documentIn(server.url, cookies, 'in_review', { title: 'Dates everywhere', paragraphs: ['Bir abzas.'] });
    const page = await pageAt(1280, 'drafter@example.org');
    const row = page.getByTestId('document-row').filter({ hasText: 'Dates everywhere' });
    const listed = (await row.locator('time').innerText()).trim();
    expect(listed).toMatch(MOMENT);
    // The same instant as the API's, on Baku's clocks (UTC+4), not New York's.
    const updatedAt = (await api<{ updatedAt: string }>(server.url, cookies.drafter!, 'GET', `/api/documents/${id}`)).body.updatedAt;
    const baku = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Asia/Baku' }).format(new Date(updatedAt));
    expect(listed).toContain(baku);
    await page.screenshot({ path: path.join(WALK, 'dates-documents-1280.png') });

    await page.goto(`${server.url}/documents/${id}`);
    await untilConnected(page);
    const activity = page.locator('ol.activity time');
    await activity.first().waitFor();
    for (const text of await activity.allInnerTexts()) expect(text.trim()).toMatch(MOMENT);

    await page.goto(`${server.url}/documents/${id}/history`);
    const history = (await page.locator('main').innerText()).match(/\d{1,2} [A-Z][a-z]{2,3} \d{4}, \d{2}:\d{2} \([^)]+\)/g) ?? [];
    expect(history.length).toBeGreaterThan(0);
    for (const text of history) expect(text).toMatch(MOMENT);
    // None of the other two formats anywhere: "12/6/2026, 3:36:21 AM", "Dec 6, 2026, 3:25 AM".
    expect(await page.locator('main').innerText()).not.toMatch(/\d{1,2}\/\d{1,2}\/\d{4}|[A-Z][a-z]{2} \d{1,2}, \d{4}|\d (AM|PM)\b/);
  });

  it('at 390 px in a US browser, the new-document date reads day, month by name, year, with the date in words', async () => {
    const page = await pageAt(390, 'drafter@example.org');
    await page.screenshot({ path: path.join(WALK, 'dates-documents-390.png'), fullPage: true });
    await page.getByRole('button', { name: 'New document' }).click();
    const dialog = page.getByRole('dialog', { name: 'New document' });
    const date = dialog.getByRole('group', { name: 'Date', exact: true });
    await date.waitFor();
    expect(await date.locator('label > span').allInnerTexts()).toEqual(['Day', 'Month', 'Year']);
    await date.getByLabel('Day').fill('6');
    await date.getByLabel('Month').selectOption({ label: 'December' });
    await date.getByLabel('Year').fill('2026');
    await date
      .locator('output')
      .filter({ hasText: /^Sunday,? 6 December 2026$/ })
      .waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(WALK, 'dates-new-document-390.png') });
    await expectNoSeriousViolations(page, 'the new-document dialog with a date at 390 px');

    // A day the month does not have is refused before anything is sent, with a sentence.
    await date.getByLabel('Day').fill('31');
    await date.getByLabel('Month').selectOption({ label: 'February' });
    await date.locator('output').filter({ hasText: 'Enter a real date' }).waitFor();
    await dialog.getByLabel('Title').fill('Not on 31 February');
    await dialog.getByRole('button', { name: 'Create document' }).click();
    expect(await date.getByLabel('Day').evaluate((el) => (el as HTMLInputElement).validationMessage)).toContain('Enter a real date');
    expect(new URL(page.url()).pathname).toBe('/documents');
  });

  it('the editor’s dateline date is edited in the same fields, starting from the stored date', async () => {
    const id = await documentIn(server.url, cookies, 'draft', { title: 'Dateline to move', language: 'az' });
    expect((await api(server.url, cookies.drafter!, 'PATCH', `/api/documents/${id}`, { dateline: { place: 'Bakı', date: '2026-03-08' } })).status).toBe(200);
    const page = await pageAt(390, 'drafter@example.org');
    await page.goto(`${server.url}/documents/${id}`);
    await untilConnected(page);
    await page.getByRole('button', { name: 'Edit language and dateline' }).click();
    const date = page.getByRole('group', { name: 'Date', exact: true });
    expect(await date.getByLabel('Day').inputValue()).toBe('8');
    expect(await date.getByLabel('Month').inputValue()).toBe('3');
    await date
      .locator('output')
      .filter({ hasText: /^Sunday,? 8 March 2026$/ })
      .waitFor();
    await date.getByLabel('Day').fill('9');
    await date
      .locator('output')
      .filter({ hasText: /^Monday,? 9 March 2026$/ })
      .waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(WALK, 'dates-dateline-editor-390.png') });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('p.dateline').filter({ hasText: 'Bakı, 9 mart 2026' }).waitFor();
    const stored = await api<{ dateline: { date: string } }>(server.url, cookies.drafter!, 'GET', `/api/documents/${id}`);
    expect(stored.body.dateline.date).toBe('2026-03-09');
  });

  it('an embargo is typed on the organisation’s clocks and shown in them, whatever the browser’s zone', async () => {
    const id = await documentIn(server.url, cookies, 'approved', { title: 'Embargoed in Baku time', paragraphs: ['Mətn.'] });
    const page = await pageAt(1280, 'publisher@example.org');
    await page.goto(`${server.url}/documents/${id}`);
    await page.getByRole('region', { name: 'Workflow' }).getByRole('button', { name: 'Publish' }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish' });
    const embargo = dialog.getByRole('group', { name: /Embargo until/ });
    await embargo.getByLabel('Day').fill('25');
    await embargo.getByLabel('Month').selectOption({ label: 'November' });
    await embargo.getByLabel('Year').fill('2030');
    await dialog.getByLabel('Time in Asia/Baku (24-hour, HH:MM)').fill('09:00');
    await page.screenshot({ path: path.join(WALK, 'dates-embargo-1280.png') });
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('embargoed until 25 Nov 2030, 09:00 (Asia/Baku)').waitFor();
    const stored = await api<{ embargoUntil: string }>(server.url, cookies.publisher!, 'GET', `/api/documents/${id}`);
    expect(stored.body.embargoUntil).toMatch(/^2030-11-25T05:00:00(\.000)?(Z|\+00:00)$/);
  });

  it('in Azerbaijani, Kazakh, Kyrgyz and Uzbek, which Chromium’s Intl lacks (“M12”), the browser writes dates as the server does', async () => {
    const catalogue = (locale: string) => JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'messages', `${locale}.json`), 'utf8'));
    const mismatches: string[] = [];
    /** A page of `role`'s in a browser that asks for `locale`, in New York, signed in by cookie. */
    const pageIn = async (locale: string, role: 'drafter' | 'reviewer'): Promise<Page> => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale, timezoneId: 'America/New_York' });
      context.setDefaultTimeout(15_000);
      contexts.push(context);
      await context.addCookies(cookiesFor(cookies[role]!, server.url));
      const page = await context.newPage();
      recordFailures(page, `${role} in ${locale}`, failures);
      // A hydration mismatch (the browser writing another date than the server did) is logged, not thrown.
      page.on('console', (m) => m.type() === 'error' && /#418|#423|#425|hydrat/i.test(m.text()) && mismatches.push(`${locale}: ${m.text()}`));
      return page;
    };
    for (const locale of ['az', 'kk', 'ky', 'uz']) {
      const words = catalogue(locale);
      const page = await pageIn(locale, 'drafter');
      await page.goto(`${server.url}/documents`);
      await page.getByRole('button', { name: words.NewDocumentForm.open }).click();
      const date = page.getByRole('dialog').getByRole('group', { name: words.NewDocumentForm.date, exact: true });
      const month = date.getByLabel(words.DateField.month);
      // The months by name, as Node's full ICU names them (this browser's own Intl says "M01"…"M12").
      const options = (await month.locator('option').allInnerTexts()).map((o) => o.trim()).filter((o) => o !== words.DateField.none && o !== '—');
      expect(options, locale).toEqual(monthNames(locale));
      await date.getByLabel(words.DateField.day).fill('6');
      await month.selectOption({ index: 12 });
      await date.getByLabel(words.DateField.year).fill('2026');
      const inWords = describeCalendarDate('2026-12-06', locale)!;
      expect(inWords).not.toMatch(/M12|December/);
      await date.locator('output').filter({ hasText: inWords }).waitFor();
      await page.screenshot({ path: path.join(WALK, `dates-new-document-${locale}.png`) });
      await page.context().close();
    }

    // A moment written in the browser: a suggestion card's time, for a reviewer reading Kazakh.
    const id = await documentIn(server.url, cookies, 'in_review', { title: 'Ұсыныс уақыты', paragraphs: ['Тараптар келісімге келді.'] });
    const reviewer = await pageIn('kk', 'reviewer');
    await reviewer.goto(`${server.url}/documents/${id}`);
    await untilConnected(reviewer);
    const before = new Date();
    await selectText(reviewer, { text: 'келісімге' }, { text: 'келісімге', at: 'end' });
    await reviewer.keyboard.type('уағдаластыққа');
    const time = reviewer.locator('#threads-panel article.suggestion-card time');
    await time.waitFor();
    const shown = (await time.innerText()).trim();
    const after = new Date();
    expect(shown).not.toMatch(/M\d\d/);
    expect([formatInZone(before, 'Asia/Baku', 'kk'), formatInZone(after, 'Asia/Baku', 'kk')]).toContain(shown);

    // A count over a thousand in the status bar: "2.431 simvol" in Azerbaijani, not "2,431" (a decimal comma to its readers).
    const long = 'Azərbaycan Respublikası qonşu dövlətlərlə əməkdaşlığın genişləndirilməsinə böyük əhəmiyyət verir.';
    const countedId = await documentIn(server.url, cookies, 'draft', {
      title: 'Sayılan mətn',
      language: 'az',
      paragraphs: Array.from({ length: 12 }, () => long),
    });
    const drafter = await pageIn('az', 'drafter');
    await drafter.goto(`${server.url}/documents/${countedId}`);
    await untilConnected(drafter);
    // The editor counts the paragraphs joined by line breaks (lib/text/counts.ts).
    const { characters } = countText(Array.from({ length: 12 }, () => long).join('\n'), 'az');
    expect(characters).toBeGreaterThan(1000);
    const written = new Intl.NumberFormat('az').format(characters);
    expect(written).toContain('.');
    await drafter
      .getByTestId('counts')
      .filter({ hasText: `${written} simvol` })
      .waitFor();
    expect(mismatches, 'hydration mismatches').toEqual([]);
  });
});
