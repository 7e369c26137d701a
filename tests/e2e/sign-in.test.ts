import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, PASSWORD, browserSuite, signInThroughForm } from '@/tests/helpers/browser';
import { startServer, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

browserSuite('signing in and out, in the browser', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('after too many wrong passwords the sign-in page says when to try again, and the right password waits until then', async () => {
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'UTC' });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await page.goto(`${server.url}/signin`);
    const attempt = async (password: string) => {
      await page.getByLabel('Email').fill('reviewer@example.org');
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Sign in' }).and(page.locator(':enabled')).waitFor();
    };
    for (let i = 0; i < 5; i++) {
      await attempt(`wrong guess ${i}`);
      await page.getByRole('alert').filter({ hasText: 'do not match an active account' }).waitFor();
    }
    await attempt(PASSWORD);
    const alert = page.getByRole('alert').filter({ hasText: 'Too many failed sign-ins' });
    await alert.waitFor();
    // "Try again after 6 Dec 2026, HH:MM (UTC)": the one format, in the organisation's zone,
    // 15 to 17 minutes from now (rounded up to the minute).
    const shown = /Try again after \d{1,2} [A-Z][a-z]{2,3} \d{4}, (\d\d):(\d\d) \(UTC\)\./.exec((await alert.textContent()) ?? '');
    expect(shown).not.toBeNull();
    const now = new Date();
    const minutesAhead = (Number(shown![1]) * 60 + Number(shown![2]) - (now.getUTCHours() * 60 + now.getUTCMinutes()) + 24 * 60) % (24 * 60);
    expect(minutesAhead).toBeGreaterThanOrEqual(15);
    expect(minutesAhead).toBeLessThanOrEqual(17);
    expect(page.url()).toContain('/signin');
    await context.close();
  });

  it('“Sign out everywhere” on the account page ends the session on every device and returns to sign-in', async () => {
    const otherDevice = await signIn(server.url, 'approver@example.org');
    expect((await api(server.url, otherDevice, 'GET', '/api/documents')).status).toBe(200);
    const context = await browser.newContext({ locale: 'en-GB' });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await signInThroughForm(page, server.url, 'approver@example.org');
    await page.goto(`${server.url}/account`);
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.waitForURL(`${server.url}/signin`);
    expect((await api(server.url, otherDevice, 'GET', '/api/documents')).status).toBe(401);
    // This browser is signed out too: the account page sends it back to sign-in.
    await page.goto(`${server.url}/account`);
    await page.waitForURL(/\/signin/);
    await context.close();
  });
});
