import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRAFTER, PASSWORD, browserSuite, recordFailures, launchChromium } from '@/tests/helpers/browser';
import { startOidcProvider, type OidcIdentity, type OidcTestProvider } from '@/tests/helpers/oidc-provider';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

/** The provider's people, by the login name typed into its own form. */
const IDENTITIES: Record<string, OidcIdentity> = {
  daniyar: { email: DRAFTER.email, email_verified: true, name: 'D. Seitkali at the provider' },
  stranger: { email: 'nobody@example.org', email_verified: true, name: 'Not in Communiqué' },
  rustam: { email: 'reviewer@example.org', email_verified: true },
  unverified: { email: 'publisher@example.org', email_verified: false },
  anonymous: { name: 'No email at all' },
  aysel: { email: 'aysel.sso@example.org', email_verified: true, name: 'Aysel at the provider' },
  kamran: { email: 'kamran.invited@example.org', email_verified: true, name: 'Kamran at the provider' },
};

browserSuite('single sign-on through a real OpenID provider', () => {
  let provider: OidcTestProvider;
  let server: TestServer;
  let browser: Browser;
  const failures: string[] = [];

  beforeAll(async () => {
    provider = await startOidcProvider();
    server = await startServer({
      env: {
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: provider.clientId,
        OIDC_CLIENT_SECRET: provider.clientSecret,
        OIDC_NAME: 'Test ID',
        LOG_LEVEL: 'info',
      },
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await provider?.close();
  });

  /**
   * Signs in as `login` the way a person does: "Sign in with Test ID" on /signin, the
   * provider's login form and its consent form; resolves on the page the app lands on.
   */
  async function signInWithProvider(login: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-GB' });
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    recordFailures(page, login, failures);
    await page.goto(`${server.url}/signin`);
    await page.getByRole('button', { name: 'Sign in with Test ID' }).click();
    await page.waitForURL(`${provider.issuer}/interaction/**`);
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.origin === server.url && !url.pathname.startsWith('/api/auth'));
    return page;
  }

  /** Waits for the server's log line of a refused SSO sign-in with `reason` for `email`. */
  async function refusalLogged(reason: string, email?: string): Promise<void> {
    await waitFor(
      () =>
        server
          .output()
          .split('\n')
          .some(
            (line) => line.includes('"single sign-on refused"') && line.includes(`"reason":"${reason}"`) && (!email || line.includes(`"email":"${email}"`)),
          ),
      `the refusal (${reason}) in the server's log`,
    );
  }

  async function expectSignedInAsDrafter(page: Page): Promise<void> {
    await page.waitForURL(`${server.url}/documents`);
    // The name is Communiqué's, not the provider's: the session is the existing user's.
    expect(await page.locator('.account-name').textContent()).toBe(DRAFTER.name);
    await page.context().close();
  }

  async function expectRefusal(page: Page, sentence: string): Promise<void> {
    expect(new URL(page.url()).pathname).toBe('/signin');
    await page.getByRole('alert').filter({ hasText: sentence }).waitFor();
    await page.context().close();
  }

  describe('the provider on its default settings: the email only in UserInfo', () => {
    beforeAll(() => provider.configure({ appUrl: server.url, identities: IDENTITIES, emailInIdToken: false }));

    it('an existing, active user signs in and lands on the document list', async () => {
      await expectSignedInAsDrafter(await signInWithProvider('daniyar'));
    });

    it('an identity whose email has no account is told so, and the refusal is logged', async () => {
      await expectRefusal(await signInWithProvider('stranger'), 'That single sign-on identity has no Communiqué account');
      await refusalLogged('no-account', 'nobody@example.org');
    });

    it('a deactivated account is told it cannot sign in, and the refusal is logged', async () => {
      const admin = await signIn(server.url, 'admin@example.org');
      const people = (await api<Array<{ id: string; email: string }>>(server.url, admin, 'GET', '/api/users')).body;
      const reviewer = people.find((p) => p.email === 'reviewer@example.org')!;
      expect((await api(server.url, admin, 'PATCH', `/api/users/${reviewer.id}`, { active: false })).status).toBe(200);
      await expectRefusal(await signInWithProvider('rustam'), 'Your account cannot sign in');
      await refusalLogged('inactive', 'reviewer@example.org');
    });

    it('a person an admin invited to sign in with SSO has no password, is never asked to choose one, and works at once', async () => {
      const admin = await signIn(server.url, 'admin@example.org');
      const created = await api<{ temporaryPassword: string | null }>(server.url, admin, 'POST', '/api/users', {
        email: 'aysel.sso@example.org',
        name: 'Aysel Quliyeva',
        role: 'drafter',
        sso: true,
      });
      expect(created.status).toBe(201);
      expect(created.body.temporaryPassword).toBeNull();
      // No password at all: not even an empty one signs in.
      await expect(signIn(server.url, 'aysel.sso@example.org', '')).rejects.toThrow(/sign-in as aysel.sso@example.org failed/);
      const both = await api<{ error: { code: string } }>(server.url, admin, 'POST', '/api/users', {
        email: 'both@example.org',
        name: 'Both',
        role: 'drafter',
        sso: true,
        password: 'a long enough password 42',
      });
      expect(both.status).toBe(422);

      const page = await signInWithProvider('aysel');
      await page.waitForURL(`${server.url}/documents`);
      expect(await page.locator('.account-name').textContent()).toBe('Aysel Quliyeva');
      expect((await page.request.get(`${server.url}/api/documents`)).status()).toBe(200);
      await page.goto(`${server.url}/choose-password`);
      await page.waitForURL(`${server.url}/documents`);
      // The account page offers no password to change: there is none.
      await page.goto(`${server.url}/account`);
      await page.getByText('You sign in with Test ID; you have no password in Communiqué to change.').waitFor();
      expect(await page.getByRole('heading', { name: 'Change your password' }).count()).toBe(0);
      await page.context().close();
    });

    it('the people page invites someone to sign in with the provider: no password to pass on, and they sign in at once', async () => {
      const walk = path.resolve(__dirname, '..', '..', '.walk');
      fs.mkdirSync(walk, { recursive: true });
      const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
      context.setDefaultTimeout(30_000);
      const page = await context.newPage();
      recordFailures(page, 'admin', failures);
      await page.goto(`${server.url}/signin`);
      await page.getByLabel('Email').fill('admin@example.org');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL(`${server.url}/documents`);
      await page.goto(`${server.url}/admin/people`);
      const form = page.getByRole('form', { name: 'Invite a person' });
      await form.getByLabel('Name').fill('Leyla Həsənova');
      await form.getByLabel('Email').fill('leyla.sso@example.org');
      expect(await form.getByLabel('Signs in with').inputValue()).toBe('sso');
      await page.screenshot({ path: path.join(walk, 'people-invite-sso-1280.png') });
      await form.getByRole('button', { name: 'Invite' }).click();
      await page.getByRole('status').filter({ hasText: 'leyla.sso@example.org signs in with Test ID; there is no password to pass on.' }).waitFor();
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: path.join(walk, 'people-invite-sso-390.png'), fullPage: true });
      await context.close();

      provider.configure({
        appUrl: server.url,
        identities: { ...IDENTITIES, leyla: { email: 'leyla.sso@example.org', email_verified: true } },
        emailInIdToken: false,
      });
      const leyla = await signInWithProvider('leyla');
      await leyla.waitForURL(`${server.url}/documents`);
      expect(await leyla.locator('.account-name').textContent()).toBe('Leyla Həsənova');
      await leyla.context().close();
      provider.configure({ appUrl: server.url, identities: IDENTITIES, emailInIdToken: false });
    });

    it('a person invited with a temporary password who signs in with SSO is not sent to choose a password; the password itself still must be replaced', async () => {
      const admin = await signIn(server.url, 'admin@example.org');
      const created = await api<{ temporaryPassword: string }>(server.url, admin, 'POST', '/api/users', {
        email: 'kamran.invited@example.org',
        name: 'Kamran Əliyev',
        role: 'reviewer',
      });
      expect(created.status).toBe(201);
      const page = await signInWithProvider('kamran');
      await page.waitForURL(`${server.url}/documents`);
      expect((await page.request.get(`${server.url}/api/documents`)).status()).toBe(200);
      await page.context().close();
      // The temporary password, used as a password, still leads to "choose a new password".
      const withPassword = await signIn(server.url, 'kamran.invited@example.org', created.body.temporaryPassword);
      const refused = await api<{ error: { code: string } }>(server.url, withPassword, 'GET', '/api/documents');
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('password_change_required');
    });

    it('an email the provider marks unverified is refused with its own sentence, and logged', async () => {
      await expectRefusal(await signInWithProvider('unverified'), 'your email address is not verified');
      await refusalLogged('email-not-verified', 'publisher@example.org');
    });

    it('an identity without an email is refused with its own sentence, and logged', async () => {
      await expectRefusal(await signInWithProvider('anonymous'), 'did not give Communiqué your email address');
      await refusalLogged('no-email');
    });
  });

  describe('the provider putting the email in the ID token too', () => {
    beforeAll(() => provider.configure({ appUrl: server.url, identities: IDENTITIES, emailInIdToken: true }));

    it('an existing, active user signs in and lands on the document list', async () => {
      await expectSignedInAsDrafter(await signInWithProvider('daniyar'));
    });
  });

  it('no page failed on the way', () => {
    expect(failures).toEqual([]);
  });
});
