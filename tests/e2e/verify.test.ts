import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { documentIn, type RoleCookies } from '@/tests/factories/documents';
import { describeViolations, seriousViolations } from '@/tests/helpers/axe';
import { browserSuite, launchChromium, recordFailures, signInThroughForm, takeCspViolations, untilConnected } from '@/tests/helpers/browser';
import { startServer, type TestServer } from '@/tests/helpers/server';
import { signIn } from '@/tests/helpers/session';

/** Screenshots a person looks at (git-ignored). */
const WALK = path.resolve(__dirname, '..', '..', '.walk');
const ORG = 'Secretariat of the Browser Check';
const TITLE = 'Qoʻshma bayonot';

/** The sentence the page answers with, once it has one. */
async function verdictOf(page: Page): Promise<string> {
  const verdict = page.locator('.file-verdict .verdict');
  await verdict.waitFor();
  return ((await verdict.textContent()) ?? '').replace(/\s+/g, ' ');
}

browserSuite('checking an exported file on /verify', () => {
  let server: TestServer;
  let browser: Browser;
  const cookies: RoleCookies = {};
  const failures: string[] = [];
  let dir: string;
  let pdf: string;

  beforeAll(async () => {
    fs.mkdirSync(WALK, { recursive: true });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'communique-verify-'));
    server = await startServer({ env: { ORG_NAME: ORG, ORG_TIMEZONE: 'Asia/Baku' } });
    for (const role of ['drafter', 'approver', 'admin', 'publisher', 'viewer'] as const) cookies[role] = await signIn(server.url, `${role}@example.org`);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a viewer downloads the released PDF; anyone signed out chooses it on /verify and reads “released”; a changed copy is not; nothing is uploaded', async () => {
    const id = await documentIn(server.url, cookies, 'published', {
      title: TITLE,
      language: 'uz',
      paragraphs: ['Fargʻona va Samarqand — hamkorlik davom etadi.'],
    });

    // A viewer downloads the PDF from the editor, as anyone in the secretariat would.
    const staff = await browser.newContext({ acceptDownloads: true, locale: 'en-GB' });
    staff.setDefaultTimeout(15_000);
    const staffPage = await staff.newPage();
    await signInThroughForm(staffPage, server.url, 'viewer@example.org');
    await staffPage.goto(`${server.url}/documents/${id}`);
    await untilConnected(staffPage);
    const [download] = await Promise.all([staffPage.waitForEvent('download'), staffPage.getByRole('link', { name: 'Export PDF' }).click()]);
    pdf = path.join(dir, download.suggestedFilename());
    await download.saveAs(pdf);
    await staff.close();

    // Someone outside, signed out, checks it.
    const outside = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    outside.setDefaultTimeout(15_000);
    const page = await outside.newPage();
    recordFailures(page, 'outside', failures);
    const sent: string[] = [];
    page.on('request', (req) => {
      if (new URL(req.url()).pathname.startsWith('/api/')) sent.push(`${req.method()} ${new URL(req.url()).pathname} ${req.postDataBuffer()?.length ?? 0}`);
    });
    await page.goto(`${server.url}/verify`);
    await page.getByText('the file itself is not uploaded and never leaves your device').waitFor();
    await page.getByLabel('Choose a file').setInputFiles(pdf);
    const yes = await verdictOf(page);
    expect(yes).toMatch(
      new RegExp(
        `^Yes: “${path.basename(pdf).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}” is a text released by ${ORG}, “${TITLE}”, released on .+ \\(Asia/Baku\\)\\. Not a byte of it was changed\\.$`,
      ),
    );
    await expect(page.locator('.file-verdict .verdict').getAttribute('data-released')).resolves.toBe('true');
    const violations = await seriousViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.screenshot({ path: path.join(WALK, 'verify-file-1280.png'), fullPage: true });

    // One byte changed in the middle of the file: not released, in words.
    const bytes = fs.readFileSync(pdf);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = (bytes[middle] ?? 0) ^ 0x01;
    await page.getByLabel('Choose a file').setInputFiles({ name: 'changed.pdf', mimeType: 'application/pdf', buffer: bytes });
    await page.locator('.file-verdict .verdict[data-released="false"]').waitFor();
    expect(await verdictOf(page)).toBe(
      `“changed.pdf” is not a text released by ${ORG}: no export of a released text has exactly these bytes. It may have been changed, even by one character, or be a draft or a copy made elsewhere.`,
    );
    await page.screenshot({ path: path.join(WALK, 'verify-file-changed-1280.png'), fullPage: true });

    // On a phone, the same page, nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByLabel('Choose a file').setInputFiles(pdf);
    await page.locator('.file-verdict .verdict[data-released="true"]').waitFor();
    const widths = await page.evaluate(() => ({ page: document.documentElement.clientWidth, scroll: document.documentElement.scrollWidth }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.page);
    const phone = await seriousViolations(page);
    expect(phone, describeViolations(phone)).toEqual([]);
    await page.screenshot({ path: path.join(WALK, 'verify-file-390.png'), fullPage: true });

    // The browser sent fingerprints only: three GETs, no body.
    expect(sent.length).toBe(3);
    for (const line of sent) expect(line).toMatch(/^GET \/api\/verify\/file\/[0-9a-f]{64} 0$/);
    expect(failures).toEqual([]);
    expect(takeCspViolations()).toEqual([]);
    await outside.close();
  });

  it('a file dropped on the page of a verification link is checked the same way; a file over 50 MB is refused with a sentence', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    recordFailures(page, 'outside', failures);
    await page.goto(`${server.url}/verify/${'0'.repeat(64)}`);
    await page.getByText(`This is not a released text of ${ORG}.`).waitFor();

    // Dropped, as from a file manager: the page builds the same File the picker would.
    const base64 = fs.readFileSync(pdf).toString('base64');
    const transfer = await page.evaluateHandle((data) => {
      const binary = atob(data);
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'statement.pdf', { type: 'application/pdf' }));
      return dt;
    }, base64);
    await page.getByTestId('drop-zone').dispatchEvent('dragover', { dataTransfer: transfer });
    await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: transfer });
    expect(await verdictOf(page)).toMatch(new RegExp(`^Yes: “statement\\.pdf” is a text released by ${ORG}, “${TITLE}”`));

    const big = path.join(dir, 'huge.pdf');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 50 * 1024 * 1024 + 1);
    await page.getByLabel('Choose a file').setInputFiles(big);
    await page.locator('.file-verdict .verdict[data-released="unknown"]').waitFor();
    expect(await verdictOf(page)).toBe(
      '“huge.pdf” is larger than 50 MB, so it was not checked: an exported statement is far smaller. Choose the PDF or Word file you received.',
    );
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(WALK, 'verify-link-too-large-390.png'), fullPage: true });
    expect(failures).toEqual([]);
    await context.close();
  });
});
