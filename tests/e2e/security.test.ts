import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { browserSuite, haveChromium, launchChromium, recordFailures, signInThroughForm, takeCspViolations } from '@/tests/helpers/browser';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

/**
 * The attacks of the security review, replayed in a signed-in Chromium: a page on another
 * loopback port of the same host (same site, another origin) posts forms and frames our
 * pages. SameSite=Lax lets the cookie go along, so only the server's own checks stand.
 */
browserSuite('a page on a sibling origin cannot act for a signed-in admin', () => {
  let server: TestServer;
  let attacker: http.Server;
  let attackerUrl: string;
  let browser: Browser;
  let page: Page;
  let adminCookie: string;
  const failures: string[] = [];

  const pages = (target: string): Record<string, string> => ({
    // The observed attack: JSON smuggled in a text/plain form body, submitted on load.
    '/form': `<!doctype html><form method="POST" action="${target}/api/users" enctype="text/plain">
      <input name='{"email":"mallory@example.org","name":"Mallory","role":"admin","password":"a long password of mallory","x":"' value='"}'>
      </form><script>document.forms[0].submit()</script>`,
    // The same with fetch, which a page may send without reading the answer.
    '/fetch': `<!doctype html><p id="done">…</p><script>
      fetch('${target}/api/documents', { method: 'POST', mode: 'no-cors', credentials: 'include',
        headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ title: 'Forged', kind: 'speech', language: 'az' }) })
        .finally(() => { document.getElementById('done').textContent = 'sent'; });</script>`,
    '/frame': `<!doctype html><iframe id="victim" src="${target}/admin/people" width="800" height="600"></iframe>`,
  });

  beforeAll(async () => {
    if (!haveChromium) return;
    server = await startServer();
    attacker = http.createServer((req, res) => {
      const body = pages(server.url)[req.url ?? ''];
      res.writeHead(body ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(body ?? 'not here');
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
    adminCookie = await signIn(server.url, 'admin@example.org');
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    page = await context.newPage();
    recordFailures(page, 'admin', failures);
    await signInThroughForm(page, server.url, 'admin@example.org');
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => attacker?.close(resolve));
    await server?.stop();
  });

  it('an auto-submitted form from another port creates no admin', async () => {
    const answer = page.waitForResponse((res) => res.url() === `${server.url}/api/users`);
    await page.goto(`${attackerUrl}/form`);
    expect((await answer).status()).toBe(403);
    const people = (await api<{ email: string }[]>(server.url, adminCookie, 'GET', '/api/users')).body.map((p) => p.email);
    expect(people).not.toContain('mallory@example.org');
  });

  it('a no-cors fetch from another port creates no document', async () => {
    await page.goto(`${attackerUrl}/fetch`);
    await page.locator('#done', { hasText: 'sent' }).waitFor();
    const docs = (await api<{ title: string }[]>(server.url, adminCookie, 'GET', '/api/documents')).body.map((d) => d.title);
    expect(docs).not.toContain('Forged');
  });

  it('another site cannot frame an admin page', async () => {
    await page.goto(`${attackerUrl}/frame`);
    const frame = page.frameLocator('#victim');
    // Chromium replaces a refused frame with its own error page: nothing of ours renders in it.
    await waitFor(
      async () => takeCspViolations().some((v) => v.includes('frame-ancestors')) || (await page.frames()[1]?.url())?.startsWith('chrome-error:') === true,
      'the frame to be refused',
    );
    expect(await frame.getByRole('heading').count()).toBe(0);
    takeCspViolations(); // the refusal is reported on the attacker's page, as it should be
  });

  it('our own pages still work under the policy, and nothing failed', async () => {
    await page.goto(`${server.url}/admin/people`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(failures).toEqual([]);
  });
});
