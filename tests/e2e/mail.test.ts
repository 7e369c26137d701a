import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { documentIn, type RoleCookies } from '@/tests/factories/documents';
import { browserSuite, launchChromium, signInThroughForm } from '@/tests/helpers/browser';
import { Mailbox } from '@/tests/helpers/mailbox';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

/** Screenshots for looking at the pages (git-ignored). */
const WALK = path.resolve(__dirname, '..', '..', '.walk');

browserSuite('mail on the account and settings pages (issue 25)', () => {
  const mailbox = new Mailbox();
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    await mailbox.start();
    server = await startServer({ env: { SMTP_URL: mailbox.url, MAIL_RETRY_SECONDS: '0.2', MAIL_POLL_SECONDS: '0.2' } });
    browser = await launchChromium();
    fs.mkdirSync(WALK, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await mailbox.stop();
  });

  async function pageAs(email: string, width: number): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width, height: 900 } });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await signInThroughForm(page, server.url, email);
    return page;
  }

  it('a reviewer chooses a daily summary at 18:00 on the account page, and the server keeps it', async () => {
    const page = await pageAs('reviewer@example.org', 1280);
    await page.goto(`${server.url}/account`);
    const form = page.getByRole('form', { name: 'Mail' });
    expect(await form.getByLabel('Every mail at once').isChecked()).toBe(true);
    await form.getByLabel('One summary a day').check();
    await form.getByLabel(/Summary at/).selectOption('18');
    await page.screenshot({ path: path.join(WALK, 'account-mail-1280.png'), fullPage: true });
    await form.getByRole('button', { name: 'Save mail choice' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    const cookie = await signIn(server.url, 'reviewer@example.org');
    expect((await api(server.url, cookie, 'GET', '/api/me/mail')).body).toEqual({ mode: 'digest', digestHour: 18, enabled: true });
    await page.reload();
    expect(await page.getByRole('form', { name: 'Mail' }).getByLabel('One summary a day').isChecked()).toBe(true);
    await page.context().close();

    const phone = await pageAs('reviewer@example.org', 390);
    await phone.goto(`${server.url}/account`);
    await phone.getByRole('form', { name: 'Mail' }).waitFor();
    await phone.screenshot({ path: path.join(WALK, 'account-mail-390.png'), fullPage: true });
    await phone.context().close();
  });

  it('an admin sees a mail the server refused for good, with its answer, and sends it again', async () => {
    const cookies: RoleCookies = {};
    for (const role of ['drafter', 'approver', 'publisher', 'admin'] as const) cookies[role] = await signIn(server.url, `${role}@example.org`);
    mailbox.unknown.add('publisher@example.org');
    await documentIn(server.url, cookies, 'approved', { title: 'Bounced approval' });
    await waitFor(
      async () => ((await api<{ mails: unknown[] }>(server.url, cookies.admin!, 'GET', '/api/mail/undelivered')).body.mails.length ?? 0) > 0,
      'an undelivered mail',
      30_000,
    );
    const page = await pageAs('admin@example.org', 1280);
    await page.goto(`${server.url}/admin/settings`);
    await page.getByRole('heading', { name: 'Undelivered mail' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'publisher@example.org' });
    await row.filter({ hasText: '550' }).waitFor();
    expect(await row.textContent()).toContain('Bounced approval');
    await page.getByRole('heading', { name: 'Undelivered mail' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(WALK, 'settings-undelivered-1280.png'), fullPage: true });
    const phone = await pageAs('admin@example.org', 390);
    await phone.goto(`${server.url}/admin/settings`);
    await phone.getByRole('heading', { name: 'Undelivered mail' }).waitFor();
    await phone.screenshot({ path: path.join(WALK, 'settings-undelivered-390.png'), fullPage: true });
    await phone.context().close();

    mailbox.unknown.clear();
    await row.getByRole('button', { name: 'Send again' }).click();
    await page.getByText('Every mail was delivered.').waitFor();
    await waitFor(() => mailbox.to('publisher@example.org').some((m) => m.subject === 'Approved: Bounced approval'), 'the mail sent again', 30_000);
    await page.context().close();
  });
});
