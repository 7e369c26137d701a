import fs from 'node:fs';
import path from 'node:path';
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDocument, moveTo, type RoleCookies } from '@/tests/factories/documents';
import { expectNoSeriousViolations } from '@/tests/helpers/axe';
import { DRAFTER, REVIEWER, browserSuite, launchChromium, recordFailures, signInThroughForm, untilConnected } from '@/tests/helpers/browser';
import { connectClient, waitSynced } from '@/tests/helpers/collab';
import { writeBody } from '@/tests/helpers/content';
import { pdfText } from '@/tests/helpers/pdf';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

/** Screenshots to look at (git-ignored). */
const WALK = path.resolve(__dirname, '..', '..', '.walk');

type Node = { type: string; text?: string; attrs?: Record<string, unknown>; content?: Node[] };
const texts = (node: Node): string => (node.text ?? '') + (node.content ?? []).map(texts).join('');

/**
 * Issue 22, tables in real Chromium: a drafter inserts a table from the toolbar, types into
 * its cells (Tab moves on), adds a row and merges cells with the table tools; a colleague's
 * browser shows it as it is typed; the PDF export prints the cells (pdftotext); at 390 px a
 * wide table scrolls inside its box and the page does not widen; the newsroom shows a
 * released text's table. Screenshots at 1280 and 390 px under .walk/.
 */
browserSuite('tables in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const failures: string[] = [];
  const cookies: RoleCookies = {};
  let documentId = '';
  let drafter: Page;
  let reviewer: Page;

  async function pageAt(width: number, who: string, height = 860): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height }, locale: 'en-GB' });
    context.setDefaultTimeout(15_000);
    contexts.push(context);
    const page = await context.newPage();
    recordFailures(page, who, failures);
    return page;
  }

  /** The toolbar's "Insert table": in the bar when it has room, else under "More". */
  async function insertTable(page: Page): Promise<void> {
    const bar = page.getByRole('toolbar', { name: 'Formatting' });
    const button = bar.getByRole('button', { name: 'Insert table' });
    if (await button.isVisible()) await button.click();
    else {
      await bar.getByRole('button', { name: 'More formatting' }).click();
      await page
        .getByRole('menu', { name: 'More formatting' })
        .getByRole('menuitem', { name: /Insert table/ })
        .click();
    }
  }

  /** The cells of the editor's first table in `page`, row by row (collaborators' caret labels left out). */
  const cellsIn = (page: Page) =>
    page.getByLabel('Document text').evaluate((prose) => {
      const table = prose.querySelector('table');
      if (!table) return [];
      return [...table.querySelectorAll('tr')].map((tr) =>
        [...tr.querySelectorAll('th, td')].map((cell) => {
          const copy = cell.cloneNode(true) as HTMLElement;
          copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
          return `${cell.tagName.toLowerCase()}${(cell as HTMLTableCellElement).colSpan > 1 ? `*${(cell as HTMLTableCellElement).colSpan}` : ''}:${copy.textContent ?? ''}`;
        }),
      );
    });

  /** Waits until the editor says the server has everything typed. */
  const statusSaved = (page: Page) =>
    page
      .getByTestId('save-status')
      .filter({ hasText: /^Saved$/ })
      .waitFor();

  beforeAll(async () => {
    fs.mkdirSync(WALK, { recursive: true });
    server = await startServer({ env: { ORG_NAME: 'Secretariat of the Organization of Turkic States', ORG_TIMEZONE: 'Asia/Baku' } });
    browser = await launchChromium();
    for (const role of ['admin', 'drafter', 'approver', 'publisher'] as const) cookies[role] = await signIn(server.url, `${role}@example.org`);
    documentId = await createDocument(server.url, cookies.drafter!, { title: 'Birgə bəyanatın imzalayanları', language: 'az' });
    drafter = await pageAt(1280, 'drafter');
    reviewer = await pageAt(1280, 'reviewer');
    await signInThroughForm(drafter, server.url, DRAFTER.email);
    await signInThroughForm(reviewer, server.url, REVIEWER.email);
    for (const page of [drafter, reviewer]) {
      await page.goto(`${server.url}/documents/${documentId}`);
      await untilConnected(page);
    }
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
    expect(failures, 'page errors').toEqual([]);
  });

  it('at 1280 px: insert a table, type into its cells, add a row, merge cells; a colleague sees it as it is typed', async () => {
    await drafter.getByLabel('Document text').click();
    await drafter.keyboard.type('İmzalayanlar:');
    await drafter.keyboard.press('Enter');
    await insertTable(drafter);
    const tools = drafter.getByRole('toolbar', { name: 'Table' });
    await tools.waitFor();
    // The caret is in the first header cell; Tab moves to the next cell, row by row.
    for (const [i, text] of ['Ölkə', 'Paytaxt', 'Nümayəndə', 'Azərbaycan', 'Bakı', 'Əliyeva Gülşən', 'Қазақстан', 'Астана', 'Әлиханов Ұлан'].entries()) {
      if (i > 0) await drafter.keyboard.press('Tab');
      await drafter.keyboard.type(text);
    }
    await tools.getByRole('button', { name: 'Add a row below' }).click();
    // The new row is empty; click into its first cell and type. Then select its three cells (click, Shift+click) and merge them.
    const lastRow = drafter.getByLabel('Document text').locator('tr').nth(3);
    await lastRow.locator('td').nth(0).click();
    await drafter.keyboard.type('Birgə bəyanat qəbul edildi');
    await lastRow
      .locator('td')
      .nth(2)
      .click({ modifiers: ['Shift'] });
    await tools.getByRole('button', { name: 'Merge the selected cells' }).click();
    // The header row is on (a new table has one), and the button says so.
    await expect.poll(() => tools.getByRole('button', { name: 'Header row' }).getAttribute('aria-pressed')).toBe('true');

    const expected = [
      ['th:Ölkə', 'th:Paytaxt', 'th:Nümayəndə'],
      ['td:Azərbaycan', 'td:Bakı', 'td:Əliyeva Gülşən'],
      ['td:Қазақстан', 'td:Астана', 'td:Әлиханов Ұлан'],
      ['td*3:Birgə bəyanat qəbul edildi'],
    ];
    await expect.poll(() => cellsIn(drafter), { timeout: 10_000 }).toEqual(expected);
    await expect.poll(() => cellsIn(reviewer), { timeout: 15_000 }).toEqual(expected);
    await drafter.screenshot({ path: path.join(WALK, 'table-editor-1280.png') });
    await reviewer.screenshot({ path: path.join(WALK, 'table-colleague-1280.png') });
    await expectNoSeriousViolations(drafter, 'the editor with a table and its tools at 1280 px');

    // What the server holds: TipTap's node names, the header row, the merged cell.
    const reader = connectClient(server.url, documentId, cookies.admin!);
    try {
      await waitSynced(reader);
      await waitFor(() => JSON.stringify(yXmlFragmentToProsemirrorJSON(reader.ydoc.getXmlFragment('default'))).includes('qəbul edildi'), 'the merged row');
      const body = yXmlFragmentToProsemirrorJSON(reader.ydoc.getXmlFragment('default')) as Node;
      const table = body.content!.find((n) => n.type === 'table')!;
      expect(table.content!.map((row) => row.content!.map((c) => c.type))).toEqual([
        ['tableHeader', 'tableHeader', 'tableHeader'],
        ['tableCell', 'tableCell', 'tableCell'],
        ['tableCell', 'tableCell', 'tableCell'],
        ['tableCell'],
      ]);
      expect(table.content![3]!.content![0]!.attrs).toMatchObject({ colspan: 3 });
      expect(texts(table.content![2]!)).toBe('ҚазақстанАстанаӘлиханов Ұлан');
    } finally {
      reader.destroy();
    }
  });

  it('the table goes from the editor to the PDF: pdftotext shows its cells, a row per line', async () => {
    const res = await drafter.request.get(`${server.url}/api/documents/${documentId}/export.pdf`);
    expect(res.status()).toBe(200);
    const text = await pdfText(await res.body());
    expect(text).toMatch(/Ölkə\s+Paytaxt\s+Nümayəndə/);
    expect(text).toMatch(/Қазақстан\s+Астана\s+Әлиханов Ұлан/);
    expect(text).toContain('Birgə bəyanat qəbul edildi');
  });

  it('at 390 px: the table tools fit, a wide table scrolls inside its box and the page does not widen', async () => {
    const page = await pageAt(390, 'phone', 844);
    await signInThroughForm(page, server.url, DRAFTER.email);
    await page.goto(`${server.url}/documents/${documentId}`);
    await untilConnected(page);
    await page.getByLabel('Document text').locator('td').filter({ hasText: 'Bakı' }).click();
    const tools = page.getByRole('toolbar', { name: 'Table' });
    await tools.waitFor();
    // Two more columns: five columns are wider than a phone.
    await tools.getByRole('button', { name: 'Add a column to the right' }).click();
    await tools.getByRole('button', { name: 'Add a column to the right' }).click();
    await page.keyboard.press('Tab'); // into the new column, beside "Bakı"
    await page.keyboard.type('Qeyd');
    await expect.poll(async () => (await cellsIn(page))[1]?.length).toBe(5);
    const box = await tools.boundingBox();
    expect(box!.width).toBeLessThanOrEqual(390);
    expect(box!.height).toBeLessThan(50); // one row of buttons
    const wrapper = page.getByLabel('Document text').locator('.tableWrapper');
    const sizes = await wrapper.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, overflow: getComputedStyle(el).overflowX }));
    expect(sizes.overflow).toBe('auto');
    expect(sizes.scroll).toBeGreaterThan(sizes.client);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(WALK, 'table-editor-390.png'), fullPage: true });
    // axe's scrollable-region-focusable does not count editable text as focusable content: the
    // caret reaches every cell from the keyboard (Tab, arrows) and the browser scrolls the
    // wrapper to it. So that one rule is left out for the wrapper only; every other rule scans it.
    await expectNoSeriousViolations(page, 'the editor with a table at 390 px (outside the table)', {
      include: ['body'],
      exclude: ['.ProseMirror .tableWrapper'],
    });
    await expectNoSeriousViolations(page, 'the table in the editor at 390 px', {
      include: ['.ProseMirror .tableWrapper'],
      run: {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
        rules: { 'scrollable-region-focusable': { enabled: false } },
        resultTypes: ['violations'],
      },
    });
    await page.keyboard.press('ArrowRight'); // the caret moves on from the keyboard, and the wrapper follows it
    // Back to three columns for the newsroom.
    await tools.getByRole('button', { name: 'Delete the column' }).click();
    await page.getByLabel('Document text').locator('td').filter({ hasText: 'Bakı' }).click();
    await tools.getByRole('button', { name: 'Add a column to the right' }).waitFor();
    await expect.poll(async () => (await cellsIn(page))[1]?.length).toBe(4);
  });

  it('the history compares two versions and names the changed cell', async () => {
    const v1 = await api<{ id: string }>(server.url, cookies.drafter!, 'POST', `/api/documents/${documentId}/versions`, { label: 'Before the capital' });
    expect(v1.status).toBe(201);
    await drafter.bringToFront();
    await drafter.getByLabel('Document text').locator('td').filter({ hasText: 'Bakı' }).click();
    await drafter.keyboard.press('End');
    await drafter.keyboard.type(' şəhəri');
    await statusSaved(drafter);
    await waitFor(
      async () =>
        // The whole word, not its first letters: "Saved" may still show from before the typing began.
        JSON.stringify(
          (await api<{ changes: unknown[] }>(server.url, cookies.drafter!, 'GET', `/api/documents/${documentId}/diff?from=${v1.body.id}&to=current`)).body
            .changes,
        ).includes('şəhəri'),
      'the whole edit to reach the server',
    );
    await drafter.goto(`${server.url}/documents/${documentId}/history?from=${v1.body.id}&to=current`);
    const flag = drafter.locator('.diff-cell-flag');
    await flag.first().waitFor();
    expect(await flag.allTextContents()).toEqual(['Table, row 2, column 2']);
    expect((await drafter.locator('.diff-cell ins').allInnerTexts()).join('').trim()).toBe('şəhəri');
    await drafter.screenshot({ path: path.join(WALK, 'table-history-1280.png'), fullPage: true });
  });

  it('the newsroom shows a released text’s table, scrolling inside its box on a phone', async () => {
    const id = await createDocument(server.url, cookies.drafter!, { title: 'Proqram', language: 'kk', kind: 'statement' });
    const cell = (type: string, text: string) => ({ type, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
    const row = (type: string, ...cells: string[]) => ({ type: 'tableRow', content: cells.map((t) => cell(type, t)) });
    await writeBody(server.url, id, cookies.drafter!, {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Кездесу бағдарламасы:' }] },
        {
          type: 'table',
          content: [
            row('tableHeader', 'Күні', 'Іс-шара', 'Орны', 'Қатысушылар'),
            row('tableCell', '12 мамыр', 'Ашылу салтанаты', 'Астана', 'Мемлекет басшылары'),
            row('tableCell', '13 мамыр', 'Қорытынды отырыс', 'Түркістан', 'Сыртқы істер министрлері'),
          ],
        },
      ],
    });
    await moveTo(server.url, cookies, id, 'published');
    // The Atom feed's plain text keeps the table's rows and cells apart.
    const feed = await (await fetch(`${server.url}/newsroom/feed.xml`)).text();
    expect(feed).toContain('Күні | Іс-шара | Орны | Қатысушылар\n12 мамыр | Ашылу салтанаты | Астана | Мемлекет басшылары');
    for (const width of [1280, 390]) {
      const page = await pageAt(width, `newsroom ${width}px`, 844);
      await page.goto(`${server.url}/newsroom/${id}`);
      const table = page.locator('table.doc-table');
      await table.waitFor();
      expect(await table.locator('th').allInnerTexts()).toEqual(['Күні', 'Іс-шара', 'Орны', 'Қатысушылар']);
      expect(await table.locator('tr').nth(2).locator('td').allInnerTexts()).toEqual(['13 мамыр', 'Қорытынды отырыс', 'Түркістан', 'Сыртқы істер министрлері']);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      if (width === 390) {
        const scroll = await page.locator('.table-scroll').evaluate((el) => el.scrollWidth > el.clientWidth);
        expect(scroll).toBe(true);
      }
      await page.screenshot({ path: path.join(WALK, `table-newsroom-${width}.png`), fullPage: true });
      await expectNoSeriousViolations(page, `the newsroom with a table at ${width} px`);
    }
  });
});
