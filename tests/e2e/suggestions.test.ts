import path from 'node:path';
import type { ThreadList } from '@/lib/comments/threads';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { documentIn, moveTo, transition } from '@/tests/factories/documents';
import { DRAFTER, REVIEWER, browserSuite, paragraphs, untilConnected, untilParagraphs } from '@/tests/helpers/browser';
import { waitFor, type TestServer } from '@/tests/helpers/server';
import { selectText, twoPeopleInChromium, WALK } from '@/tests/helpers/two-people';
import { writeBody } from '@/tests/helpers/content';
import { api } from '@/tests/helpers/session';

const P1 = 'Azərbaycan Respublikası regionda davamlı sülhü dəstəkləyir.';
const P2 = 'Tərəflər əməkdaşlığı genişləndirməyə razılaşdılar.';

browserSuite('suggestions in the editor, with two people', () => {
  const two = twoPeopleInChromium();
  const { cookies, failures } = two;
  let server: TestServer;
  let drafter: Page;
  let reviewer: Page;
  beforeAll(() => {
    ({ server, drafter, reviewer } = two.get());
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
    // Worded from the catalogue (SuggestRefusal), not the refusal's code.
    expect(await reviewer.getByTestId('suggest-refusal').textContent()).toContain('That change cannot be suggested');

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
    const panel = drafter.locator('#threads-panel');
    await waitFor(async () => (await panel.locator('article.suggestion-card').count()) === 2, 'two suggestions in the drafter’s panel');
    await expect(panel.locator('article.suggestion-card').first().innerText()).resolves.toContain('Replace davamlı with möhkəm');
    await expect(panel.locator('article.suggestion-card').nth(1).innerText()).resolves.toContain('Delete dəstəkləyir. ¶ Tərəflər');
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
    const replaceCard = panel.locator('article.suggestion-card-replace');
    await replaceCard.getByRole('button', { name: /^Accept/ }).waitFor();
    await replaceCard.getByRole('button', { name: /^Accept/ }).click();
    await waitFor(async () => (await panel.locator('article.suggestion-card').count()) === 1, 'the replacement to be accepted');
    await drafter.screenshot({ path: path.join(WALK, 'suggestions-drafter-draft-1280.png') });
    await panel
      .locator('article.suggestion-card-delete')
      .getByRole('button', { name: /^Reject/ })
      .click();
    await untilParagraphs(drafter, [P1.replace('davamlı', 'möhkəm'), P2], 'the drafter’s');
    await untilParagraphs(reviewer, [P1.replace('davamlı', 'möhkəm'), P2], 'the reviewer’s');
    await expect(panel.locator('article.suggestion-card').count()).resolves.toBe(0);

    await moveTo(server.url, cookies, id, 'approved');
    expect(failures).toEqual([]);
  });

  it('in a list, Enter while suggesting proposes a new list item and Backspace at an item’s start proposes joining it; the drafter sees both; rejecting gives the list back', async () => {
    const id = await documentIn(server.url, cookies, 'draft', { language: 'az', paragraphs: ['Gündəm:'] });
    const item = (text: string) => ({ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
    await writeBody(server.url, id, cookies.drafter!, {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Gündəm:' }] },
        { type: 'bulletList', content: [item('Sülh və təhlükəsizlik'), item('Ticarət')] },
      ],
    });
    await drafter.goto(`${server.url}/documents/${id}`);
    await untilConnected(drafter);
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
    // The panel names them in words, not as a bare ¶.
    const cards = drafter.locator('#threads-panel article.suggestion-card');
    await waitFor(async () => {
      const texts = (await cards.allInnerTexts()).join('|');
      return texts.includes('Start a new paragraph or list item here') && texts.includes('Join with the paragraph or list item above');
    }, 'the drafter’s panel to name the break and the join');
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

  it('the drafter replies on a reviewer’s suggestion in the one side panel, between the comment threads in text order; the reviewer sees the reply; accepting resolves it', async () => {
    const id = await documentIn(server.url, cookies, 'draft', { language: 'az', paragraphs: [P1, P2] });
    await drafter.setViewportSize({ width: 1280, height: 900 }); // a failed first try may have left it narrow
    await Promise.all([drafter.goto(`${server.url}/documents/${id}`), reviewer.goto(`${server.url}/documents/${id}`)]);
    await Promise.all([untilConnected(drafter), untilConnected(reviewer)]);

    // The reviewer comments on the second paragraph's first words, then suggests a word in the first.
    await selectText(reviewer, { text: 'Tərəflər' }, { text: 'Tərəflər', at: 'end' });
    await reviewer.keyboard.press('Control+Alt+m');
    await reviewer.getByLabel('Comment on the selected passage').fill('Hansı tərəflər?');
    await reviewer.locator('#threads-panel').getByRole('button', { name: 'Comment', exact: true }).click();
    await reviewer.getByRole('button', { name: 'Suggesting' }).click();
    await selectText(reviewer, { text: 'regionda', at: 'end' }, { text: 'regionda', at: 'end' });
    await reviewer.keyboard.type(' və dünyada');

    // In the drafter's panel: the suggestion (first paragraph) comes before the thread (second).
    const panel = drafter.locator('#threads-panel');
    const entries = panel.locator('ol.threads > li > article');
    await waitFor(async () => (await entries.count()) === 2, 'the suggestion and the thread in one list');
    await expect(entries.first().getAttribute('class')).resolves.toContain('suggestion-card-insert');
    const textOf = (i: number) =>
      entries
        .nth(i)
        .innerText()
        .catch(() => '');
    await waitFor(async () => (await textOf(0)).includes('Add və dünyada'), 'the suggestion’s card first');
    await waitFor(async () => (await textOf(1)).includes('Hansı tərəflər?'), 'the thread’s card second');

    // The drafter replies on the suggestion, in the panel.
    const card = panel.locator('article.suggestion-card');
    await card.getByRole('button', { name: `Reply on the suggestion by ${REVIEWER.name}` }).click();
    await card.getByLabel(`Reply on the suggestion by ${REVIEWER.name}`).fill('“dünyada” bəyanatın mövzusundan kənardır?');
    await card.getByRole('button', { name: 'Reply', exact: true }).click();
    await card.locator('.comment-body').filter({ hasText: 'mövzusundan kənardır' }).waitFor();

    // The reviewer sees the reply on the suggestion, live.
    const theirs = reviewer.locator('#threads-panel article.suggestion-card');
    await waitFor(async () => (await theirs.innerText().catch(() => '')).includes('mövzusundan kənardır'), 'the reviewer to see the reply');
    await drafter.screenshot({ path: path.join(WALK, 'suggestion-reply-drafter-1280.png') });
    await reviewer.screenshot({ path: path.join(WALK, 'suggestion-reply-reviewer-1280.png') });
    await drafter.setViewportSize({ width: 390, height: 844 });
    // The sticky top bar may lie over the count button after the reply scrolled the page; the click is the button's own.
    await drafter.getByTestId('open-threads').dispatchEvent('click');
    await panel.getByRole('button', { name: 'Close comments' }).waitFor();
    await card.scrollIntoViewIfNeeded();
    await drafter.screenshot({ path: path.join(WALK, 'suggestion-reply-drafter-390.png') });
    await drafter.setViewportSize({ width: 1280, height: 900 });

    // The drafter accepts; the suggestion leaves the panel and its thread is resolved with it.
    await card.getByRole('button', { name: `Accept the suggestion by ${REVIEWER.name}` }).click();
    await untilParagraphs(drafter, [P1.replace('regionda', 'regionda və dünyada'), P2], 'the drafter’s');
    await waitFor(async () => (await panel.locator('article.suggestion-card').count()) === 0, 'the suggestion to leave the panel');
    const threads = await api<ThreadList>(server.url, cookies.reviewer!, 'GET', `/api/documents/${id}/threads`);
    expect(threads.body.suggestionThreads).toHaveLength(1);
    expect(threads.body.suggestionThreads[0]).toMatchObject({ resolved: true, resolvedBy: { name: DRAFTER.name }, decision: 'accept' });
    expect(threads.body.suggestionThreads[0]!.comments.map((c) => c.body)).toEqual(['“dünyada” bəyanatın mövzusundan kənardır?']);

    // The replies stay readable for both: under "Resolved", the accepted suggestion's thread says who accepted it.
    for (const [page, who] of [
      [drafter, 'the drafter'],
      [reviewer, 'the reviewer'],
    ] as const) {
      const theirPanel = page.locator('#threads-panel');
      await theirPanel.getByRole('button', { name: /^Resolved/ }).click();
      const closed = theirPanel.locator('article.thread-decided');
      // textContent: the flag is upper-cased by CSS, which innerText would follow.
      await waitFor(
        async () => ((await closed.textContent().catch(() => '')) ?? '').includes(`Suggestion accepted by ${DRAFTER.name}`),
        `${who} to see it decided`,
      );
      const text = (await closed.textContent()) ?? '';
      expect(text).toContain('və dünyada');
      expect(text).toContain('“dünyada” bəyanatın mövzusundan kənardır?');
      await expect(theirPanel.getByRole('button', { name: /^Resolved/ }).textContent()).resolves.toContain('1');
      await expect(closed.getByRole('textbox').count()).resolves.toBe(0); // no reply box: its suggestion is decided
      await theirPanel.getByRole('button', { name: /^Open/ }).click();
    }
    await drafter.locator('#threads-panel article.thread-decided').waitFor({ state: 'detached' });
    await drafter
      .locator('#threads-panel')
      .getByRole('button', { name: /^Resolved/ })
      .click();
    await drafter.locator('#threads-panel article.thread-decided .thread-quote').click();
    await drafter.locator('#threads-panel').screenshot({ path: path.join(WALK, 'suggestion-decided-thread-1280.png') });
    expect(failures).toEqual([]);
  });

  it('choosing a suggestion’s card (a click, or Enter on it) scrolls the text to the suggestion and selects it', async () => {
    const long = Array.from({ length: 40 }, (_, i) => `${i + 1}. ${i % 2 ? P2 : P1}`);
    const id = await documentIn(server.url, cookies, 'draft', { language: 'az', paragraphs: long });
    await drafter.setViewportSize({ width: 1280, height: 900 });
    await Promise.all([drafter.goto(`${server.url}/documents/${id}`), reviewer.goto(`${server.url}/documents/${id}`)]);
    await Promise.all([untilConnected(drafter), untilConnected(reviewer)]);
    await reviewer.getByRole('button', { name: 'Suggesting' }).click();
    await selectText(reviewer, { text: '38. Tərəflər', at: 'end' }, { text: '38. Tərəflər', at: 'end' });
    await reviewer.keyboard.type(' hamısı');

    const card = drafter.locator('#threads-panel article.suggestion-card');
    await card.locator('.suggestion-what').filter({ hasText: 'hamısı' }).waitFor();
    const suggested = drafter.locator('.ProseMirror ins.suggestion');
    /** Whether the suggested words are in the window, below the sticky bars, and are what the editor has selected. */
    const shownAndSelected = () =>
      drafter.evaluate(() => {
        const ins = document.querySelector('.ProseMirror ins.suggestion')!.getBoundingClientRect();
        const bars = document.querySelector('.editor-top')!.getBoundingClientRect().bottom;
        const editor = (
          document.querySelector('.ProseMirror') as unknown as {
            editor: { state: { selection: { from: number; to: number }; doc: { textBetween(a: number, b: number): string } } };
          }
        ).editor;
        const { from, to } = editor.state.selection;
        return { inView: ins.top >= bars && ins.bottom <= window.innerHeight, selected: editor.state.doc.textBetween(from, to) };
      });
    expect((await shownAndSelected()).inView).toBe(false);

    // A click on the card.
    await card.locator('.suggestion-what').click();
    await waitFor(async () => (await shownAndSelected()).inView, 'the suggestion to be scrolled into view');
    expect((await shownAndSelected()).selected).toBe(' hamısı');
    expect(await drafter.evaluate(() => document.activeElement?.classList.contains('ProseMirror'))).toBe(true);
    await expect(suggested.textContent()).resolves.toBe(' hamısı');
    // The side column stays beside the part of a long text being read: the card is still in the window.
    const cardBox = await card.boundingBox();
    expect(cardBox && cardBox.y >= 0 && cardBox.y + cardBox.height <= 900, `the card at ${JSON.stringify(cardBox)}`).toBe(true);
    await drafter.screenshot({ path: path.join(WALK, 'suggestion-card-chosen-1280.png') });

    // Enter on the focused card, from the top of the page with the caret elsewhere.
    await selectText(drafter, { text: '1. ' }, { text: '1. ' });
    await drafter.evaluate(() => window.scrollTo(0, 0));
    await waitFor(async () => !(await shownAndSelected()).inView, 'the page to be back at the top');
    await card.locator('.suggestion-head').focus();
    await drafter.keyboard.press('Enter');
    await waitFor(async () => (await shownAndSelected()).inView, 'Enter on the card to scroll to the suggestion');
    expect((await shownAndSelected()).selected).toBe(' hamısı');

    // On a phone the panel is a sheet over the text: the text still scrolls to the suggestion and selects it, and the sheet keeps the focus (no keyboard pops up).
    await drafter.setViewportSize({ width: 390, height: 844 });
    await selectText(drafter, { text: '1. ' }, { text: '1. ' });
    await drafter.evaluate(() => window.scrollTo(0, 0));
    await drafter.getByTestId('open-threads').dispatchEvent('click');
    await drafter.locator('#threads-panel').getByRole('button', { name: 'Close comments' }).waitFor();
    await card.locator('.suggestion-what').click();
    await waitFor(async () => (await shownAndSelected()).selected === ' hamısı', 'the suggestion to be selected on the phone');
    expect(await drafter.evaluate(() => document.activeElement?.closest('#threads-panel') !== null)).toBe(true);
    await drafter.setViewportSize({ width: 1280, height: 900 });
    expect(failures).toEqual([]);
  });
});
