import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDocument } from '@/tests/factories/documents';
import { browserSuite, launchChromium, openDocument } from '@/tests/helpers/browser';
import { startServer, type TestServer } from '@/tests/helpers/server';
import { signIn } from '@/tests/helpers/session';

/**
 * Every letter of every language the secretariat writes, on screen, is drawn by our own web
 * fonts (Noto Sans and Noto Serif, cut by script with `unicode-range`), in every weight and
 * style the style sheets use — never by whatever font the computer happens to have. Chromium
 * says which font drew each glyph of a node (DevTools' CSS.getPlatformFontsForNode), so a
 * letter missing from the files, or a range that leaves it out, shows up as a system font.
 * And a page downloads only the scripts it shows, not whole fonts.
 */
browserSuite('the web fonts in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const failures: string[] = [];

  /** One line per language: its own letters, capital and small, and the punctuation its texts use. */
  const LINES = [
    'Azərbaycan: Əə İi Iı Ğğ Şş Çç Öö Üü Xx Qq',
    'Türkçe: Ğğ İi Iı Şş Çç Öö Üü Ââ Îî Ûû',
    'Oʻzbekcha: Oʻoʻ Gʻgʻ Shsh Chch ʼ',
    'Magyar: Őő Űű Áá Éé Íí Óó Öö Úú Üü',
    'Қазақша: Әә Ғғ Ққ Ңң Өө Ұұ Үү Һһ Іі',
    'Кыргызча: Ңң Өө Үү Ёё',
    'Русский: Ёё Йй Ъъ Ыы Ьь Ээ Юю Яя №',
    'English: “quoted” ‘single’ «guillemets» — – … € 2026',
  ];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    const cookie = await signIn(server.url, 'drafter@example.org');
    const id = await createDocument(server.url, cookie, { title: 'Şrift yoxlaması', language: 'az', kind: 'statement' });
    ({ context, page } = await openDocument(browser, server.url, cookie, id, failures, 'drafter'));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    expect(failures, 'page errors').toEqual([]);
  });

  /** The fonts Chromium drew `selector`'s text with: the font's own full name ("Noto Sans SemiBold") and glyphs each. */
  async function fontsOf(selector: string): Promise<{ familyName: string; isCustomFont: boolean; glyphCount: number }[]> {
    const cdp = await context.newCDPSession(page);
    try {
      await cdp.send('DOM.enable');
      await cdp.send('CSS.enable');
      const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
      expect(nodeId, selector).toBeGreaterThan(0);
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      return fonts;
    } finally {
      await cdp.detach();
    }
  }

  it('the editor draws every language’s letters in Noto Serif, regular, bold and italic', async () => {
    const editor = page.locator('[aria-label="Document text"]');
    await editor.click();
    await page.keyboard.press('Control+End');
    for (const line of LINES) {
      await page.keyboard.press('Enter');
      await page.keyboard.insertText(line);
    }
    await page.evaluate(() => document.fonts.ready);
    // Each line as typed, then in bold and in italic, in a block of its own outside the text (the same style sheet).
    await page.evaluate((lines) => {
      const box = document.createElement('div');
      box.className = 'document-body';
      box.id = 'font-probe-serif';
      for (const [i, style] of [
        ['normal', '400'],
        ['normal', '700'],
        ['italic', '400'],
      ].entries()) {
        const p = document.createElement('p');
        p.id = `serif-${i}`;
        p.style.fontStyle = style[0]!;
        p.style.fontWeight = style[1]!;
        p.textContent = lines.join(' ');
        box.append(p);
      }
      document.body.append(box);
    }, LINES);
    await page.evaluate(() => document.fonts.ready);
    await expect.poll(() => page.evaluate(() => document.fonts.status)).toBe('loaded');

    const typed = await editor.textContent();
    for (const line of LINES) expect(typed).toContain(line);
    for (const selector of ['[aria-label="Document text"]', '#serif-0', '#serif-1', '#serif-2']) {
      const fonts = await fontsOf(selector);
      const foreign = fonts.filter((f) => !(f.isCustomFont && /^Noto Serif\b/.test(f.familyName)));
      expect(foreign, `${selector} drawn in ${JSON.stringify(fonts)}`).toEqual([]);
      expect(fonts.reduce((n, f) => n + f.glyphCount, 0)).toBeGreaterThan(100);
    }
  });

  it('the interface draws them in Noto Sans, in each weight it uses', async () => {
    await page.evaluate((lines) => {
      for (const [i, weight] of ['400', '600', '700'].entries()) {
        const p = document.createElement('p');
        p.id = `sans-${i}`;
        p.style.fontWeight = weight;
        p.textContent = lines.join(' ');
        document.body.append(p);
      }
    }, LINES);
    await page.evaluate(() => document.fonts.ready);
    await expect.poll(() => page.evaluate(() => document.fonts.status)).toBe('loaded');
    for (const selector of ['#sans-0', '#sans-1', '#sans-2', 'h1']) {
      const fonts = await fontsOf(selector);
      const foreign = fonts.filter((f) => !(f.isCustomFont && /^Noto Sans\b/.test(f.familyName)));
      expect(foreign, `${selector} drawn in ${JSON.stringify(fonts)}`).toEqual([]);
    }
  });

  it('a page downloads the scripts it shows in WOFF2, not whole fonts', async () => {
    const reload = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      await reload.addCookies(await context.cookies());
      const fresh = await reload.newPage();
      const fonts: { url: string; bytes: number }[] = [];
      const pending: Promise<void>[] = [];
      fresh.on('requestfinished', (request) => {
        if (request.resourceType() !== 'font') return;
        pending.push(request.sizes().then((s) => void fonts.push({ url: request.url(), bytes: s.responseBodySize })));
      });
      await fresh.goto(page.url());
      await fresh.locator('section.editor[data-connection="connected"][data-synced="true"]').waitFor();
      await fresh.evaluate(() => document.fonts.ready);
      await fresh.waitForLoadState('networkidle');
      await Promise.all(pending);
      expect(fonts.length).toBeGreaterThan(0);
      for (const font of fonts) expect(font.url).toMatch(/\.woff2$/);
      // Greek, Vietnamese and Devanagari are in the style sheet but on no page of ours.
      expect(fonts.filter((f) => /greek|vietnamese|devanagari/.test(f.url))).toEqual([]);
      // The whole TrueType fonts were about 300 KB each, compressed, before.
      const total = fonts.reduce((n, f) => n + f.bytes, 0);
      expect(total).toBeLessThan(400 * 1024);
    } finally {
      await reload.close();
    }
  });
});
