import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { browserSuite, cookiesFor, launchChromium, signInThroughForm } from '@/tests/helpers/browser';
import { signIn } from '@/tests/helpers/session';
import { makePng } from '@/tests/helpers/files';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';

browserSuite('the letterhead logo on the settings page', () => {
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

  it('an admin reaches Settings from the header, uploads a logo, sees it, is told why a wrong file is refused, and removes it', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await signInThroughForm(page, server.url, 'admin@example.org');
    await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Letterhead logo' }).waitFor();
    expect(await page.getByText('No logo is set').count()).toBe(1);

    const file = page.getByLabel(/Logo \(PNG or SVG/);
    await file.setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('this is text, not a picture') });
    await page.getByRole('button', { name: 'Upload logo' }).click();
    await page.getByRole('alert').filter({ hasText: 'PNG or SVG' }).waitFor();

    await file.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: makePng(120, 40) });
    await page.getByRole('button', { name: 'Upload logo' }).click();
    await page.getByRole('status').filter({ hasText: 'The logo is set' }).waitFor();
    // The form is emptied once the logo is set: so is the chosen file's name beside its button.
    await waitFor(async () => (await page.locator('.file-field-name').textContent()) === 'No file chosen', 'the file field to be empty again');
    const preview = page.getByRole('img', { name: 'The organisation’s logo' });
    await preview.waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector('img[alt="The organisation’s logo"]') as HTMLImageElement | null;
      return img?.complete && img.naturalWidth === 120;
    });
    expect(await page.getByText(/PNG, 1 KB, 120 × 40/).count()).toBe(1);

    await page.getByRole('button', { name: 'Remove logo' }).click();
    await page.getByRole('status').filter({ hasText: 'The logo is removed' }).waitFor();
    await page.getByText('No logo is set').waitFor();
    await context.close();
  });

  it('an admin renames the organisation and sets its time zone beside the logo, is told why a wrong zone is refused, and ticks the kinds that need a “Reviewed”', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await signInThroughForm(page, server.url, 'admin@example.org');
    await page.goto(`${server.url}/admin/settings`);
    await page.getByRole('heading', { name: 'Organisation' }).waitFor();
    const form = page.getByRole('form', { name: 'Organisation' });

    await form.getByLabel('Time zone').fill('Mars/Olympus_Mons');
    await form.getByRole('button', { name: 'Save name and time zone' }).click();
    await page.getByRole('alert').filter({ hasText: 'is not a time zone' }).waitFor();

    await form.getByLabel('Name').fill('Xarici İşlər Nazirliyi');
    await form.getByLabel('Time zone').fill('Asia/Baku');
    await form.getByRole('button', { name: 'Save name and time zone' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    // The app's header names the organisation at once.
    await page.locator('.brand-org', { hasText: 'Xarici İşlər Nazirliyi' }).waitFor();

    const reviewed = page.getByRole('form', { name: 'Reviewed before approval' });
    await reviewed.getByLabel('Speech').check();
    await reviewed.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Speech now needs a “Reviewed”' }).waitFor();
    await page.screenshot({ path: '.walk/settings-organisation.png', fullPage: true });

    const settings = await page.evaluate(async () => {
      const read = async (path: string) => (await fetch(path)).json();
      return { organisation: await read('/api/settings/organisation'), endorsement: await read('/api/settings/endorsement') };
    });
    expect(settings).toEqual({ organisation: { name: 'Xarici İşlər Nazirliyi', timeZone: 'Asia/Baku' }, endorsement: { requiredFor: ['speech'] } });
    await page.reload();
    expect(await reviewed.getByLabel('Speech').isChecked()).toBe(true);
    expect(await form.getByLabel('Time zone').inputValue()).toBe('Asia/Baku');
    await context.close();

    // In Azerbaijani (whose lists Chromium's Intl cannot join) the kinds are joined with “və”, not “and”.
    const az = await browser.newContext({ locale: 'az' });
    az.setDefaultTimeout(15_000);
    await az.addCookies(cookiesFor(await signIn(server.url, 'admin@example.org'), server.url));
    const azPage = await az.newPage();
    await azPage.goto(`${server.url}/admin/settings`);
    const azReviewed = azPage.getByRole('form', { name: 'Təsdiqdən əvvəl baxış' });
    await azReviewed.getByLabel('Bəyanat').check();
    await azReviewed.getByLabel('Bəyannamə').check();
    await azReviewed.getByRole('button', { name: 'Saxla' }).click();
    await azPage.getByRole('status').filter({ hasText: 'indi Çıxış, Bəyanat və Bəyannamə növləri üçün' }).waitFor();
    await az.close();
  });
});
