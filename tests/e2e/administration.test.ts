import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDocument } from '@/tests/factories/documents';
import { browserSuite, launchChromium, recordFailures, signInThroughForm } from '@/tests/helpers/browser';
import { startServer, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

const WALK = path.resolve(__dirname, '..', '..', '.walk');

/** Issue 22, first sign-in and administration, as people meet it in the browser. */
browserSuite('first sign-in and administration, in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: string;
  const failures: string[] = [];

  beforeAll(async () => {
    fs.mkdirSync(WALK, { recursive: true });
    server = await startServer();
    browser = await launchChromium();
    admin = await signIn(server.url, 'admin@example.org');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    expect(failures).toEqual([]);
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'UTC' });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    recordFailures(page, '', failures);
    return page;
  }

  it('a first sign-in with a temporary password goes to “Choose a new password” before anything else', async () => {
    const created = await api<{ temporaryPassword: string }>(server.url, admin, 'POST', '/api/users', {
      email: 'nigar@example.org',
      name: 'Nigar Məmmədova',
      role: 'drafter',
    });
    expect(created.status).toBe(201);
    const page = await newPage();
    await page.goto(`${server.url}/signin`);
    await page.getByLabel('Email').fill('nigar@example.org');
    await page.getByLabel('Password').fill(created.body.temporaryPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/choose-password`);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await page.screenshot({ path: path.join(WALK, 'choose-password.png'), fullPage: true });
    // Nothing else opens meanwhile.
    await page.goto(`${server.url}/documents`);
    await page.waitForURL(`${server.url}/choose-password`);

    await page.getByLabel('Password you were given').fill(created.body.temporaryPassword);
    await page.getByLabel('New password (at least 10 characters)').fill('mountain-river-bread');
    await page.getByLabel('New password again').fill('mountain-river-bread');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.waitForURL(`${server.url}/documents`);
    await page.getByRole('heading', { name: 'Documents' }).first().waitFor();
    await page.context().close();
  });

  it('a role change asks first, in words, and the roles read as people say them', async () => {
    const page = await newPage();
    await signInThroughForm(page, server.url, 'admin@example.org');
    await page.goto(`${server.url}/admin/people`);
    const select = page.getByLabel('Role of Nigar Məmmədova');
    expect(await select.locator('option').allTextContents()).toEqual(['Viewer', 'Drafter', 'Reviewer', 'Approver', 'Publisher', 'Administrator']);

    await select.selectOption('approver');
    const dialog = page.getByRole('dialog', { name: 'Change a role' });
    await dialog.getByText('Make Nigar Məmmədova an approver?').waitFor();
    await page.screenshot({ path: path.join(WALK, 'role-change-confirmation.png') });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.getByLabel('Role of Nigar Məmmədova').inputValue()).toBe('drafter');
    const people = async () => (await api<{ email: string; role: string }[]>(server.url, admin, 'GET', '/api/users')).body;
    expect((await people()).find((p) => p.email === 'nigar@example.org')!.role).toBe('drafter');

    await page.getByLabel('Role of Nigar Məmmədova').selectOption('approver');
    await dialog.getByRole('button', { name: 'Make an approver' }).click();
    await page.getByRole('status').filter({ hasText: 'Nigar Məmmədova is now an approver.' }).waitFor();
    expect((await people()).find((p) => p.email === 'nigar@example.org')!.role).toBe('approver');
    // The badge in the top bar reads the role as a word.
    expect(await page.locator('.who .role').textContent()).toBe('Administrator');
    await page.context().close();
  });

  it('the creator deletes a test draft from the editor page, after a confirmation', async () => {
    const drafter = await signIn(server.url, 'drafter@example.org');
    const id = await createDocument(server.url, drafter, { title: 'Test draft, please ignore' });
    const page = await newPage();
    await signInThroughForm(page, server.url, 'drafter@example.org');
    await page.goto(`${server.url}/documents/${id}`);
    await page.getByRole('button', { name: 'Delete draft' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this draft?' });
    await dialog.getByText('“Test draft, please ignore” and everything typed in it are deleted for everyone.').waitFor();
    await page.screenshot({ path: path.join(WALK, 'delete-draft.png') });
    await dialog.getByRole('button', { name: 'Delete draft' }).click();
    await page.waitForURL(`${server.url}/documents`);
    expect((await api(server.url, drafter, 'GET', `/api/documents/${id}`)).status).toBe(404);
    expect(await page.getByText('Test draft, please ignore').count()).toBe(0);

    // A draft that went to review once offers no deletion.
    const kept = await createDocument(server.url, drafter, { title: 'Submitted once' });
    expect((await api(server.url, drafter, 'POST', `/api/documents/${kept}/transitions`, { action: 'submit' })).status).toBe(200);
    expect((await api(server.url, drafter, 'POST', `/api/documents/${kept}/transitions`, { action: 'withdraw' })).status).toBe(200);
    await page.goto(`${server.url}/documents/${kept}`);
    await page
      .getByRole('button', { name: 'History' })
      .or(page.getByRole('link', { name: 'History' }))
      .waitFor();
    expect(await page.getByRole('button', { name: 'Delete draft' }).count()).toBe(0);
    await page.context().close();
  });
});
