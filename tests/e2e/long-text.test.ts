import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { countText } from '@/lib/text/counts';
import { bodyText, writeSpeech } from '@/tests/bench/lib/speech';
import { DRAFTER, browserSuite, launchChromium, openDocument } from '@/tests/helpers/browser';
import { connectClient, roundTrip, waitSynced, type CollabClient } from '@/tests/helpers/collab';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

/**
 * The counts under the editor are counted block by block and cached by paragraph
 * (lib/editor/document-counts.ts). Whatever the path of an edit (typed here, or arriving
 * from a colleague through Yjs), they must stay what counting the whole text gives.
 */
browserSuite('counts in a long text, block by block', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let colleague: CollabClient;
  const failures: string[] = [];

  /** What the status bar must say for the text the colleague's copy holds now. */
  const expected = () => countText(bodyText(colleague.ydoc), 'az');
  const shown = () =>
    page.getByTestId('counts').evaluate((el) => ({
      words: el.querySelector('[data-testid="word-count"]')?.textContent ?? '',
      characters: el.children[1]?.textContent ?? '',
    }));
  const untilCountsMatch = async (what: string) => {
    let seen = { words: '', characters: '' };
    let want = { words: 0, characters: 0 };
    try {
      await waitFor(async () => {
        want = expected();
        seen = await shown();
        // The numbers, whatever grouping this browser's "az" locale data uses.
        const digits = (t: string) => Number(t.replace(/\D/g, ''));
        return digits(seen.words) === want.words && digits(seen.characters) === want.characters;
      }, what);
    } catch (err) {
      throw new Error(`${(err as Error).message}: it shows ${JSON.stringify(seen)}, the whole text counts ${JSON.stringify(want)}`);
    }
  };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    const cookie = await signIn(server.url, DRAFTER.email);
    const created = await api<{ id: string }>(server.url, cookie, 'POST', '/api/documents', { title: 'Uzun nitq', kind: 'speech', language: 'az' });
    expect(created.status).toBe(201);
    colleague = connectClient(server.url, created.body.id, await signIn(server.url, 'publisher@example.org'));
    await waitSynced(colleague);
    writeSpeech(colleague.ydoc, 20);
    await roundTrip(colleague, 60_000);

    ({ context, page } = await openDocument(browser, server.url, cookie, created.body.id, failures, 'drafter'));
  });

  afterAll(async () => {
    colleague?.destroy();
    await context?.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('a 20-page speech opens with the counts of its whole text', async () => {
    await untilCountsMatch('the counts of the opened speech');
  });

  it('typing, a new paragraph and deleting in the middle keep the counts exact', async () => {
    const middle = page.locator('[aria-label="Document text"] p').nth(300);
    await middle.click();
    await page.keyboard.type(' Əlavə söz, yeni cümlə.');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Yeni abzas: ölkələr arasında.');
    for (let i = 0; i < 8; i++) await page.keyboard.press('Backspace');
    await untilCountsMatch('the counts after typing in the middle');
  });

  it("a colleague's edits, arriving through Yjs, keep the counts exact", async () => {
    const fragment = colleague.ydoc.getXmlFragment('default');
    colleague.ydoc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('Qısa abzas, iki söz.')]);
      fragment.insert(3, [paragraph]);
      ((fragment.get(6) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Həmkarın sözləri ');
    });
    colleague.appendParagraph('Son söz: təşəkkür edirəm, hörmətli qonaqlar!');
    await untilCountsMatch("the counts after the colleague's paragraphs");
  });

  it('nothing failed on the server or threw in the browser', () => {
    expect(failures).toEqual([]);
  });
});
