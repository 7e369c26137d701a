import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { RoleCookies } from '@/tests/factories/documents';
import { DRAFTER, REVIEWER, launchChromium, recordFailures, signInThroughForm } from './browser';
import { startServer, type TestServer } from './server';
import { signIn } from './session';

/** Screenshots a person looks at (git-ignored). */
export const WALK = path.resolve(__dirname, '..', '..', '.walk');

/** A drafter and a reviewer, each signed in in their own browser context, on one real server. */
export interface TwoPeople {
  server: TestServer;
  browser: Browser;
  drafter: Page;
  reviewer: Page;
}

/**
 * Registers, in the calling suite, the set-up that several e2e files share: a real server,
 * cookies for the API (drafter, reviewer, approver, admin), one Chromium with two contexts at
 * 1280×900, the drafter and the reviewer signed in through the form, and every page error
 * recorded in `failures` (a test ends with `expect(failures).toEqual([])`). `get()` answers
 * once the suite's beforeAll ran; everything is closed after the suite.
 */
export function twoPeopleInChromium(): { cookies: RoleCookies; failures: string[]; get: () => TwoPeople } {
  const cookies: RoleCookies = {};
  const failures: string[] = [];
  const contexts: BrowserContext[] = [];
  let ready: TwoPeople | null = null;
  let server: TestServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    fs.mkdirSync(WALK, { recursive: true });
    server = await startServer();
    for (const role of ['drafter', 'reviewer', 'approver', 'admin'] as const) cookies[role] = await signIn(server.url, `${role}@example.org`);
    browser = await launchChromium();
    for (let i = 0; i < 2; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
      context.setDefaultTimeout(15_000);
      contexts.push(context);
    }
    const drafter = await contexts[0]!.newPage();
    const reviewer = await contexts[1]!.newPage();
    recordFailures(drafter, 'drafter', failures);
    recordFailures(reviewer, 'reviewer', failures);
    await signInThroughForm(drafter, server.url, DRAFTER.email);
    await signInThroughForm(reviewer, server.url, REVIEWER.email);
    ready = { server, browser, drafter, reviewer };
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  return {
    cookies,
    failures,
    get: () => {
      if (!ready) throw new Error('the two people are not set up yet (call get() inside a test or a later beforeAll)');
      return ready;
    },
  };
}

/**
 * Sets the editor's selection through its own API (TipTap's setTextSelection), from `start`
 * to `end`: each the first occurrence of its text in the document, at its start or its end
 * (`end` may be in a later paragraph). No mouse: the same selection under any load. Works on
 * read-only text too.
 */
export async function selectText(page: Page, start: { text: string; at?: 'start' | 'end' }, end: { text: string; at?: 'start' | 'end' }): Promise<void> {
  await page.evaluate(
    ([a, b]) => {
      type PMNode = { isText: boolean; text?: string; descendants(f: (n: PMNode, pos: number) => void): void };
      const editor = (
        document.querySelector('.ProseMirror') as unknown as {
          editor: { state: { doc: PMNode }; commands: { setTextSelection(r: { from: number; to: number }): void; focus(): void } };
        }
      ).editor;
      const find = (wanted: { text: string; at?: 'start' | 'end' }) => {
        let found = -1;
        editor.state.doc.descendants((n, pos) => {
          if (found < 0 && n.isText && n.text!.includes(wanted.text))
            found = pos + n.text!.indexOf(wanted.text) + (wanted.at === 'end' ? wanted.text.length : 0);
        });
        if (found < 0) throw new Error(`"${wanted.text}" is not in the editor`);
        return found;
      };
      editor.commands.setTextSelection({ from: find(a!), to: find(b!) });
      editor.commands.focus();
    },
    [start, end],
  );
  // TipTap focuses the view in the next animation frame: a key pressed before then would go
  // to the page, not the text.
  await page.waitForFunction(() => document.activeElement?.classList.contains('ProseMirror') === true);
}
