import type { Browser, BrowserContext, Page, WebSocket } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { bodyText, writeSpeech } from '@/tests/bench/lib/speech';
import { DRAFTER, browserSuite, editorText, cookiesFor, launchChromium, recordFailures, untilConnected } from '@/tests/helpers/browser';
import { connectClient, roundTrip, waitSynced, type CollabClient } from '@/tests/helpers/collab';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

/** The "send me everything" message: sync step 1 with an empty state vector. */
const ASK_EVERYTHING = '0,0,1,0';

/**
 * The document page's HTML opens the text's socket before its scripts load
 * (components/editor/early-socket.ts), and the editor takes that socket: one connection per
 * open, the text asked for once, and everything that arrived before hydration read in order.
 */
browserSuite('the text’s socket opens with the page', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let colleague: CollabClient;
  let documentId: string;
  const failures: string[] = [];

  /** Every collab socket the page opens, with the frames it sent (as comma-separated bytes). */
  const watchSockets = (page: Page) => {
    const sockets: { url: string; sent: string[] }[] = [];
    page.on('websocket', (ws: WebSocket) => {
      const entry = { url: ws.url(), sent: [] as string[] };
      sockets.push(entry);
      ws.on('framesent', (f) => entry.sent.push(typeof f.payload === 'string' ? f.payload : [...f.payload].join(',')));
    });
    return sockets;
  };
  /** `document.readyState` when each socket of this window was made ("loading": while its HTML was parsed). */
  const madeWhile = (page: Page) => page.evaluate(() => (window as unknown as { socketsMadeWhile: string[] }).socketsMadeWhile);
  const text = (page: Page) => editorText(page.locator('[aria-label="Document text"]'));
  const untilColleagueHas = (words: string) => waitFor(async () => bodyText(colleague.ydoc).includes(words), `the colleague to receive “${words}”`);

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    const cookie = await signIn(server.url, DRAFTER.email);
    const created = await api<{ id: string }>(server.url, cookie, 'POST', '/api/documents', { title: 'Erkən əlaqə', kind: 'speech', language: 'az' });
    expect(created.status).toBe(201);
    documentId = created.body.id;
    colleague = connectClient(server.url, documentId, await signIn(server.url, 'publisher@example.org'));
    await waitSynced(colleague);
    writeSpeech(colleague.ydoc, 10);
    await roundTrip(colleague, 60_000);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    context.setDefaultTimeout(30_000);
    await context.addInitScript(() => {
      const made: string[] = [];
      (window as unknown as { socketsMadeWhile: string[] }).socketsMadeWhile = made;
      const Native = window.WebSocket;
      window.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols);
          made.push(document.readyState);
        }
      };
    });
    await context.addCookies(cookiesFor(cookie, server.url));
  });

  afterAll(async () => {
    colleague?.destroy();
    await context?.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  /**
   * Opens the page by its address in a new tab (the HTML's script runs), waits for the whole
   * text, types `words` at its end; returns the tab and the document's sockets.
   */
  const openAndType = async (words: string) => {
    const page = await context.newPage();
    recordFailures(page, 'drafter', failures);
    const sockets = watchSockets(page);
    await page.goto(`${server.url}/documents/${documentId}`);
    await untilConnected(page);
    const whole = bodyText(colleague.ydoc);
    await waitFor(async () => (await text(page)).replace(/\s+/g, ' ').length >= whole.replace(/\s+/g, ' ').length * 0.98, 'the whole text in the editor');
    await page.locator('[aria-label="Document text"] p').last().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(words);
    await untilColleagueHas(words);
    return { page, collab: sockets.filter((s) => s.url.endsWith(`/collab/${documentId}`)) };
  };

  it('a first open makes one socket, asks for the text once, and the editor types through it', async () => {
    const { page, collab } = await openAndType(' Birinci açılış.');
    expect(collab).toHaveLength(1);
    expect(await madeWhile(page)).toEqual(['loading']);
    expect(collab[0]!.sent.filter((f) => f === ASK_EVERYTHING)).toHaveLength(1);
    expect(failures).toEqual([]);
    await page.close();
  });

  it('an open with a local copy in the browser makes one socket, asks only for what the copy lacks, and loses nothing typed', async () => {
    const { page, collab } = await openAndType(' İkinci açılış, ğ ş ı ə.');
    expect(collab).toHaveLength(1);
    expect(await madeWhile(page)).toEqual(['loading']);
    // The editor asked with its copy's state, for what the copy lacks: nobody asked for everything.
    expect(collab[0]!.sent.filter((f) => f === ASK_EVERYTHING)).toEqual([]);
    expect(collab[0]!.sent.filter((f) => f.startsWith('0,0,'))).toHaveLength(1);
    expect(await text(page)).toContain('Birinci açılış. İkinci açılış, ğ ş ı ə.');
    expect(failures).toEqual([]);
    await page.close();
  });

  it('what a colleague types while the page loads waits behind the text and reaches the editor with it, as one change, in order', async () => {
    // A browser with no copy of the text, so that the early socket asks for all of it.
    const first = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    first.setDefaultTimeout(30_000);
    await first.addCookies(cookiesFor(await signIn(server.url, DRAFTER.email), server.url));
    const page = await first.newPage();
    recordFailures(page, 'drafter', failures);
    // The editor's transactions that carry remote changes (y-tiptap's), counted from the editor's creation.
    await page.addInitScript(() => {
      const counts = { remote: 0 };
      (window as unknown as { remoteChanges: typeof counts }).remoteChanges = counts;
      new MutationObserver((_, observer) => {
        const el = document.querySelector('.ProseMirror') as
          | (Element & { editor?: { on: (e: string, f: (p: { transaction: { docChanged: boolean; getMeta: (k: string) => unknown } }) => void) => void } })
          | null;
        if (!el?.editor) return;
        observer.disconnect();
        el.editor.on('transaction', ({ transaction }) => {
          if (transaction.docChanged && transaction.getMeta('y-sync$')) counts.remote++;
        });
      }).observe(document, { subtree: true, childList: true });
    });
    // The page's scripts come late, so that the text and the colleague's changes wait in the early socket.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/_next\/static\/chunks\/.*\.js$/, async (route) => {
      await released;
      await route.continue();
    });
    await page.goto(`${server.url}/documents/${documentId}`, { waitUntil: 'commit' });
    /** What waits in the early socket: the text (sync step 2) and changes (sync updates). */
    const waiting = () =>
      page.evaluate(() => {
        const kinds = ((window as unknown as { __communiqueEarlySocket?: { messages: MessageEvent[] } }).__communiqueEarlySocket?.messages ?? []).map((m) =>
          [...new Uint8Array(m.data as ArrayBuffer).slice(0, 2)].join(),
        );
        return { text: kinds.filter((k) => k === '0,1').length, changes: kinds.filter((k) => k === '0,2').length };
      });
    await waitFor(async () => (await waiting()).text === 1, 'the text in the early socket');

    // Five separate changes, each with the colleague's caret after it.
    const paragraph = colleague.ydoc.getXmlFragment('default').get(1) as Y.XmlElement;
    const target = paragraph.get(0) as Y.XmlText;
    colleague.provider.awareness.setLocalStateField('user', { id: 'publisher', name: 'Nərgiz', color: '#2563eb' });
    const words = ['Bir ', 'iki ', 'üç ', 'dörd ', 'beş '];
    let at = 0;
    for (const word of words) {
      target.insert(at, word);
      at += word.length;
      const pos = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(target, at));
      colleague.provider.awareness.setLocalStateField('cursor', { anchor: pos, head: pos });
      await roundTrip(colleague);
    }
    await waitFor(async () => (await waiting()).changes >= words.length, 'the colleague’s changes waiting behind the text');
    release();

    await untilConnected(page);
    const whole = bodyText(colleague.ydoc);
    await waitFor(
      async () => (await text(page)).replace(/\s+/g, ' ').trim() === whole.replace(/\s+/g, ' ').trim(),
      'the editor to hold the server’s text exactly',
    );
    expect(await text(page)).toContain('Bir iki üç dörd beş ');
    // One remote change for the text and all that waited behind it (one a change before).
    expect(await page.evaluate(() => (window as unknown as { remoteChanges: { remote: number } }).remoteChanges.remote)).toBe(1);
    // The colleague's caret is drawn where they stopped, and typing goes on as usual.
    await expect.poll(() => page.locator('.collaboration-carets__caret').count(), { timeout: 10_000 }).toBe(1);
    await page.locator('[aria-label="Document text"] p').last().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Yükləmədən sonra.');
    await untilColleagueHas('Yükləmədən sonra.');
    expect(failures).toEqual([]);
    await first.close();
  });

  it('opening the document from the list (no new HTML) connects once, as before', async () => {
    const page = await context.newPage();
    recordFailures(page, 'drafter', failures);
    await page.goto(`${server.url}/documents`);
    const sockets = watchSockets(page);
    await page.getByRole('link', { name: 'Erkən əlaqə' }).first().click();
    await untilConnected(page);
    await waitFor(async () => (await text(page)).includes('İkinci açılış'), 'the text after a client-side navigation');
    expect(sockets.filter((s) => s.url.endsWith(`/collab/${documentId}`))).toHaveLength(1);
    // The list's HTML made none; the editor made its own after the navigation.
    expect(await madeWhile(page)).toEqual(['complete']);
    expect(failures).toEqual([]);
    await page.close();
  });
});
