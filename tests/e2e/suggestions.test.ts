import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { documentIn, moveTo, transition, type RoleCookies } from '@/tests/factories/documents';
import {
  DRAFTER,
  REVIEWER,
  browserSuite,
  launchChromium,
  paragraphs,
  recordFailures,
  signInThroughForm,
  untilConnected,
  untilParagraphs,
} from '@/tests/helpers/browser';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

/** Screenshots a person looks at (git-ignored). */
const WALK = path.resolve(__dirname, '..', '..', '.walk');

const P1 = 'Azərbaycan Respublikası regionda davamlı sülhü dəstəkləyir.';
const P2 = 'Tərəflər əməkdaşlığı genişləndirməyə razılaşdılar.';

/** Sets the editor's selection to from `start` (in the paragraph holding it) to `end` (possibly in a later one). */
async function selectText(page: Page, start: { text: string; at?: 'start' | 'end' }, end: { text: string; at?: 'start' | 'end' }): Promise<void> {
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
      editor.commands.focus();
      editor.commands.setTextSelection({ from: find(a!), to: find(b!) });
    },
    [start, end],
  );
}

browserSuite('suggestions in the editor, with two people', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let drafter: Page;
  let reviewer: Page;
  const cookies: RoleCookies = {};
  const failures: string[] = [];

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
    drafter = await contexts[0]!.newPage();
    reviewer = await contexts[1]!.newPage();
    recordFailures(drafter, 'drafter', failures);
    recordFailures(reviewer, 'reviewer', failures);
    await signInThroughForm(drafter, server.url, DRAFTER.email);
    await signInThroughForm(reviewer, server.url, REVIEWER.email);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('a reviewer suggests a replacement and a deletion across a paragraph break in review; the drafter sees them live, accepts one, rejects the other; resubmitted and approved', async () => {
    const id = await documentIn(server.url, cookies, 'in_review', { language: 'az', paragraphs: [P1, P2] });
    await Promise.all([drafter.goto(`${server.url}/documents/${id}`), reviewer.goto(`${server.url}/documents/${id}`)]);
    await Promise.all([untilConnected(drafter), untilConnected(reviewer)]);

    // In review the reviewer can only suggest: the switch is locked on Suggesting.
    await expect(reviewer.getByRole('button', { name: 'Suggesting' }).getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(reviewer.getByRole('button', { name: 'Editing' }).isDisabled()).resolves.toBe(true);

    // A replacement: "davamlı" selected and typed over.
    await selectText(reviewer, { text: 'davamlı' }, { text: 'davamlı', at: 'end' });
    await reviewer.keyboard.type('möhkəm');
    // A deletion across the paragraph break: from "dəstəkləyir." to "Tərəflər " in the next paragraph.
    await selectText(reviewer, { text: 'dəstəkləyir.' }, { text: 'Tərəflər ', at: 'end' });
    await reviewer.keyboard.press('Backspace');
    // Formatting cannot be suggested: it is refused with a sentence, not applied.
    await selectText(reviewer, { text: 'regionda' }, { text: 'regionda', at: 'end' });
    await reviewer.keyboard.press('Control+b');
    await reviewer.getByTestId('suggest-refusal').waitFor();

    // The drafter sees both live, struck and underlined, with the reviewer's name on hover and in the panel.
    await waitFor(
      async () => (await drafter.locator('.ProseMirror ins.suggestion').allTextContents()).join('') === 'möhkəm',
      'the drafter to see the insertion',
    );
    await waitFor(
      async () => (await drafter.locator('.ProseMirror del.suggestion').allTextContents()).join('|') === 'davamlı|dəstəkləyir.|Tərəflər ',
      'the drafter to see the deletions',
    );
    await expect(drafter.locator('.ProseMirror ins.suggestion').first().getAttribute('title')).resolves.toContain(`Suggested by ${REVIEWER.name}`);
    const panel = drafter.getByTestId('suggestions-panel');
    await waitFor(async () => (await panel.locator('li.suggestion-card').count()) === 2, 'two suggestions in the drafter’s panel');
    await expect(panel.locator('li.suggestion-card').first().innerText()).resolves.toContain('Replace davamlı with möhkəm');
    await expect(panel.locator('li.suggestion-card').nth(1).innerText()).resolves.toContain('Delete dəstəkləyir. ¶ Tərəflər');
    expect(await paragraphs(drafter)).toEqual([P1.replace('davamlı', 'davamlımöhkəm'), P2]);
    await reviewer.screenshot({ path: path.join(WALK, 'suggestions-reviewer-1280.png') });
    await drafter.screenshot({ path: path.join(WALK, 'suggestions-drafter-review-1280.png') });
    await reviewer.setViewportSize({ width: 390, height: 844 });
    await reviewer.screenshot({ path: path.join(WALK, 'suggestions-reviewer-390.png'), fullPage: true });
    await reviewer.setViewportSize({ width: 1280, height: 900 });

    // Approval waits while they are open.
    const early = await api<{ error: { message: string } }>(server.url, cookies.approver!, 'POST', `/api/documents/${id}/transitions`, { action: 'approve' });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('2 suggestions are still open');

    // Changes are requested; back in draft the drafter accepts the replacement and rejects the deletion.
    expect((await transition(server.url, cookies, 'reviewer', id, { action: 'request_changes', comment: 'See my suggestions.' })).status).toBe(200);
    const replaceCard = panel.locator('li.suggestion-card-replace');
    await replaceCard.getByRole('button', { name: /^Accept/ }).waitFor();
    await replaceCard.getByRole('button', { name: /^Accept/ }).click();
    await waitFor(async () => (await panel.locator('li.suggestion-card').count()) === 1, 'the replacement to be accepted');
    await drafter.screenshot({ path: path.join(WALK, 'suggestions-drafter-draft-1280.png') });
    await panel
      .locator('li.suggestion-card-delete')
      .getByRole('button', { name: /^Reject/ })
      .click();
    await untilParagraphs(drafter, [P1.replace('davamlı', 'möhkəm'), P2], 'the drafter’s');
    await untilParagraphs(reviewer, [P1.replace('davamlı', 'möhkəm'), P2], 'the reviewer’s');
    await expect(drafter.getByTestId('suggestions-panel').count()).resolves.toBe(0);

    await moveTo(server.url, cookies, id, 'approved');
    expect(failures).toEqual([]);
  });

  it('in a list, Enter while suggesting proposes a new list item and Backspace at an item’s start proposes joining it; the drafter sees both; rejecting gives the list back', async () => {
    const id = await documentIn(server.url, cookies, 'draft', { language: 'az', paragraphs: ['Gündəm:'] });
    await drafter.goto(`${server.url}/documents/${id}`);
    await untilConnected(drafter);
    // The drafter makes a list in Editing mode, the way people do: "- " starts one.
    await selectText(drafter, { text: 'Gündəm:', at: 'end' }, { text: 'Gündəm:', at: 'end' });
    await drafter.keyboard.press('Enter');
    await drafter.keyboard.type('- Sülh və təhlükəsizlik');
    await drafter.keyboard.press('Enter');
    await drafter.keyboard.type('Ticarət');
    // The list items' text, without a colleague's caret label.
    const items = (page: Page) =>
      page.locator('.ProseMirror').evaluate((prose) => {
        const copy = prose.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
        return [...copy.querySelectorAll('ul > li')].map((li) => li.textContent ?? '');
      });
    await waitFor(async () => JSON.stringify(await items(drafter)) === JSON.stringify(['Sülh və təhlükəsizlik', 'Ticarət']), 'the drafter’s list');
    await moveTo(server.url, cookies, id, 'in_review');

    await reviewer.goto(`${server.url}/documents/${id}`);
    await untilConnected(reviewer);
    await expect(reviewer.getByRole('button', { name: 'Suggesting' }).getAttribute('aria-pressed')).resolves.toBe('true');
    // Enter after "Sülh": a proposed new item " və təhlükəsizlik", not a second paragraph inside the first item.
    await selectText(reviewer, { text: 'Sülh', at: 'end' }, { text: 'Sülh', at: 'end' });
    await reviewer.keyboard.press('Enter');
    // Backspace at the start of "Ticarət": a proposed join onto the item before.
    await selectText(reviewer, { text: 'Ticarət' }, { text: 'Ticarət' });
    await reviewer.keyboard.press('Backspace');
    await expect(reviewer.getByTestId('suggest-refusal').count()).resolves.toBe(0);
    await waitFor(
      async () => JSON.stringify(await items(drafter)) === JSON.stringify(['Sülh', ' və təhlükəsizlik', 'Ticarət']),
      'the drafter to see the proposed item live',
    );
    await waitFor(async () => (await drafter.locator('.ProseMirror li p.suggestion-split').count()) === 1, 'the proposed break to show');
    await waitFor(async () => (await drafter.locator('.ProseMirror li p.suggestion-join').count()) === 1, 'the proposed join to show');
    await reviewer.screenshot({ path: path.join(WALK, 'suggestions-list-reviewer-1280.png') });
    await reviewer.setViewportSize({ width: 390, height: 844 });
    await reviewer.screenshot({ path: path.join(WALK, 'suggestions-list-reviewer-390.png'), fullPage: true });
    await reviewer.setViewportSize({ width: 1280, height: 900 });
    const listed = await api<{ suggestions: { type: string; text: string }[] }>(server.url, cookies.drafter!, 'GET', `/api/documents/${id}/suggestions`);
    expect(listed.body.suggestions.map((s) => [s.type, s.text])).toEqual([
      ['insert', '\n'],
      ['delete', '\n'],
    ]);

    // Rejecting everything in review gives back the two items exactly.
    expect((await api(server.url, cookies.reviewer!, 'POST', `/api/documents/${id}/suggestions`, { decision: 'reject', all: true })).status).toBe(200);
    await waitFor(async () => JSON.stringify(await items(drafter)) === JSON.stringify(['Sülh və təhlükəsizlik', 'Ticarət']), 'the list to come back');
    expect(failures).toEqual([]);
  });
});
