import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect } from 'vitest';
import { CHROMIUM, cookiesFor, takeCspViolations } from './chromium';
import { waitFor } from './server';

export { CHROMIUM, CHROMIUM_ARGS, cookiesFor, launchChromium, takeCspViolations } from './chromium';

export const ARTIFACTS = path.resolve(__dirname, '..', '.artifacts');
export const PASSWORD = 'communique';

/** The names the server gives the demo users (it overwrites whatever a client claims). */
export const DRAFTER = { email: 'drafter@example.org', name: 'Daniyar Seitkali' };
export const REVIEWER = { email: 'reviewer@example.org', name: 'Rustam Karimov' };

export const haveChromium = fs.existsSync(CHROMIUM);
export const inCI = Boolean(process.env.CI);
/**
 * A describe block for browser tests: skipped with a message on a workstation without
 * Chromium, and failing (never skipping) in CI, where CI is set.
 */
export function browserSuite(name: string, body: () => void): void {
  if (!haveChromium && !inCI) {
    console.warn(
      `\n[e2e] SKIPPING "${name}": ${CHROMIUM} not found. ` +
        "Install Debian's chromium (apt-get install chromium) to run the browser tests. " +
        'With CI set this fails instead of skipping.\n',
    );
  }
  describe.skipIf(!haveChromium && !inCI)(name, () => {
    beforeAll(() => {
      if (!haveChromium) throw new Error(`${CHROMIUM} is missing and CI is set: the browser tests must run in CI.`);
    });
    // Any Content-Security-Policy violation in any page of the test fails it.
    afterEach(() => {
      const seen = takeCspViolations();
      expect(seen, 'Content-Security-Policy violations').toEqual([]);
    });
    body();
  });
}

/** The text of each block matching `blocks` in the editor `prose`, without collaborators' caret labels. */
async function blockTexts(prose: Locator, blocks: string): Promise<string[]> {
  return prose.evaluate((root, selector) => {
    const copy = root.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
    return [...copy.querySelectorAll(selector)].map((block) => block.textContent ?? '');
  }, blocks);
}

/** The text of each paragraph of the editor, without collaborators' caret labels. */
export async function paragraphs(page: Page): Promise<string[]> {
  return blockTexts(page.getByLabel('Document text'), 'p');
}

/**
 * The whole text of the editor `prose`, a line per text block (paragraph, heading, list item's
 * paragraph, cell), without collaborators' caret labels. Not `innerText`, which gives only the
 * text a browser renders (and whose line breaks depend on the layout).
 */
export async function editorText(prose: Locator): Promise<string> {
  return (await blockTexts(prose, 'p, h1, h2, h3, h4, h5, h6, pre')).join('\n');
}

/** Waits until the editor in `page` shows exactly `expected`, one string per paragraph. */
export async function untilParagraphs(page: Page, expected: string[], whose: string): Promise<void> {
  let seen: string[] = [];
  try {
    await waitFor(
      async () => {
        seen = await paragraphs(page);
        return JSON.stringify(seen) === JSON.stringify(expected);
      },
      `${whose} editor to show ${JSON.stringify(expected)}`,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; it shows ${JSON.stringify(seen)}`);
  }
}

/**
 * Records in `failures` every server error (HTTP 5xx) and uncaught exception `page` meets,
 * prefixed with `who`, for a final "nothing failed" check: a page whose server render fails
 * still renders in the browser (React falls back to the client), so only the status tells.
 */
export function recordFailures(page: Page, who: string, failures: string[]): void {
  const prefix = who ? `${who}: ` : '';
  page.on('response', (res) => {
    if (res.status() >= 500) failures.push(`${prefix}HTTP ${res.status()} ${res.request().method()} ${res.url()}`);
  });
  page.on('pageerror', (err) => failures.push(`${prefix}uncaught ${err.name}: ${err.message}`));
}

/** Waits until the editor says it is connected and synced with the server. */
export async function untilConnected(page: Page): Promise<void> {
  await page.locator('section.editor[data-connection="connected"][data-synced="true"]').waitFor();
}

/** Signs in the way a person does: the form on /signin, then the document list. */
export async function signInThroughForm(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(`${baseUrl}/signin`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${baseUrl}/documents`);
}

/**
 * Opens a document in a new browser context signed in with `cookie` (a session's Cookie
 * header), at a desktop size in English, and waits until the editor is connected and synced.
 * Server errors and uncaught exceptions go into `failures`, prefixed with `who`.
 */
export async function openDocument(
  browser: Browser,
  baseUrl: string,
  cookie: string,
  documentId: string,
  failures: string[],
  who: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  context.setDefaultTimeout(30_000);
  await context.addCookies(cookiesFor(cookie, baseUrl));
  const page = await context.newPage();
  recordFailures(page, who, failures);
  await page.goto(`${baseUrl}/documents/${documentId}`);
  await untilConnected(page);
  return { context, page };
}
