import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDocument } from '@/tests/factories/documents';
import { paragraphs, browserSuite, launchChromium, signInThroughForm, untilConnected } from '@/tests/helpers/browser';
import { missingInOrder, pdfText } from '@/tests/helpers/pdf';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { signIn } from '@/tests/helpers/session';
import { connectClient, waitSynced } from '@/tests/helpers/collab';

browserSuite('export and import in the browser', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('downloads a PDF of what is in the editor, for a drafter, and is absent for a viewer of a draft', async () => {
    const cookie = await signIn(server.url, 'drafter@example.org');
    const id = await createDocument(server.url, cookie, { title: 'Qoʻshma bayonot', language: 'uz' });
    const client = connectClient(server.url, id, cookie);
    await waitSynced(client);
    client.appendParagraph('Fargʻona va Samarqand — hamkorlik davom etadi.');
    await waitFor(() => client.text().includes('Fargʻona'), 'the paragraph to be written');
    client.destroy();

    const context = await browser.newContext({ acceptDownloads: true, locale: 'en-GB' });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await signInThroughForm(page, server.url, 'drafter@example.org');
    await page.goto(`${server.url}/documents/${id}`);
    await untilConnected(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export PDF' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const bytes = new Uint8Array(fs.readFileSync((await download.path())!));
    const text = await pdfText(bytes);
    expect(missingInOrder(text, ['QORALAMA', 'Qoʻshma bayonot', 'Fargʻona va Samarqand — hamkorlik davom etadi.'])).toBeNull();
    await context.close();

    const viewer = await browser.newContext({ locale: 'en-GB' });
    const viewerPage = await viewer.newPage();
    await signInThroughForm(viewerPage, server.url, 'viewer@example.org');
    await viewerPage.goto(`${server.url}/documents/${id}`);
    await untilConnected(viewerPage);
    expect(await viewerPage.getByRole('link', { name: 'Export PDF' }).count()).toBe(0);
    await viewer.close();
  });

  it('imports a Markdown file from the documents page, says what it left out, and opens the draft', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await signInThroughForm(page, server.url, 'drafter@example.org');
    const markdown = '# Bəyanat\n\nİlk abzas — «Бірлік».\n\n![logo](https://example.org/logo.png)\n';
    // The field speaks the interface's language, not the browser's: our button and "no file" line, and a
    // click on either opens the browser's chooser.
    const field = page.locator('.import-form .file-field');
    expect(await field.locator('.file-field-button').textContent()).toBe('Choose a file');
    expect(await field.locator('.file-field-name').textContent()).toBe('No file chosen');
    const chooser = page.waitForEvent('filechooser');
    // Where a person clicks: the middle of our button (the browser's transparent input lies over it).
    const button = (await field.locator('.file-field-button').boundingBox())!;
    await page.mouse.click(button.x + button.width / 2, button.y + button.height / 2);
    await (await chooser).setFiles({ name: 'beyanat.md', mimeType: 'text/markdown', buffer: Buffer.from(markdown) });
    await waitFor(async () => (await field.locator('.file-field-name').textContent()) === 'beyanat.md', 'the chosen file’s name in the field');
    // And from the keyboard: the browser's input has the focus ring's place, and Space opens it.
    await page.getByLabel('Markdown or Word file').focus();
    const byKey = page.waitForEvent('filechooser');
    await page.keyboard.press('Space');
    await (await byKey).setFiles({ name: 'beyanat.md', mimeType: 'text/markdown', buffer: Buffer.from(markdown) });
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByRole('status').filter({ hasText: 'Images were left out' }).waitFor();
    // The list behind the notes shows the new draft at once, without a reload.
    await page.locator('.documents').getByRole('link', { name: 'Bəyanat', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Open the document' }).click();
    await untilConnected(page);
    await waitFor(async () => (await paragraphs(page)).includes('İlk abzas — «Бірлік».'), 'the imported paragraph in the editor');
    // The H1 became the title and left the body: the title shows once, not twice.
    expect(await page.getByRole('textbox', { name: 'Title' }).inputValue()).toBe('Bəyanat');
    expect(await page.locator('.ProseMirror h1').count()).toBe(0);
    await context.close();
  });
});
