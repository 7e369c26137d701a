import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { documentIn, type RoleCookies } from '@/tests/factories/documents';
import { expectNoSeriousViolations } from '@/tests/helpers/axe';
import { browserSuite, launchChromium, recordFailures, signInThroughForm } from '@/tests/helpers/browser';
import { textOutsideCatalogues } from '@/tests/helpers/pseudo-locale';
import { startServer, type TestServer, waitFor } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

/**
 * The interface in the secretariat's languages (issue 24), in Chromium: the choice in the
 * header follows the user to a new browser, the sign-in page follows Accept-Language, API
 * refusals come in the reader's language, and the pseudo-locale finds any visible text
 * that is not in the catalogues.
 */

/**
 * The pages the pseudo-locale check renders; each is a path, signed in as `as` (else the
 * approver) when signedIn. `:draft` is a draft of the user's with some text (the editor, its
 * toolbar and side panels), `:published` a published document (read-only banner, approvals in
 * the activity, export links), `:translation` a Kazakh language version of the draft
 * (language bar, bilingual PDF, side by side); the history of the published one (versions, dates
 * and authors in its menus). Extend as pages are added.
 */
const PSEUDO_PAGES: { path: string; signedIn: boolean; as?: string }[] = [
  { path: '/signin', signedIn: false },
  { path: '/documents', signedIn: true },
  { path: '/account', signedIn: true },
  { path: '/notifications', signedIn: true },
  { path: '/newsroom', signedIn: false },
  { path: '/newsroom/not-a-release', signedIn: false },
  { path: '/verify', signedIn: false },
  { path: `/verify/${'0'.repeat(64)}`, signedIn: false },
  { path: '/admin/people', signedIn: true, as: 'admin@example.org' },
  { path: '/admin/settings', signedIn: true, as: 'admin@example.org' },
  { path: '/documents/:draft', signedIn: true },
  { path: '/documents/:published', signedIn: true },
  { path: '/documents/:translation', signedIn: true },
  { path: '/documents/:translation/side-by-side', signedIn: true },
  { path: '/documents/:published/history', signedIn: true },
];
// Not here: a release in the newsroom (/newsroom/<id>). It is the document as released, in the
// document's own language, its kind and "verify this text" line included, as the PDF is; the
// visitor tests below read its chrome in az.

browserSuite('the interface language', () => {
  let server: TestServer;
  let browser: Browser;
  const failures: string[] = [];

  beforeAll(async () => {
    server = await startServer({ env: { PSEUDO_LOCALE: 'true' } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function open(locale: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale, timezoneId: 'UTC' });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    recordFailures(page, locale, failures);
    return { context, page };
  }

  it('a drafter switches to Azerbaijani in the header: the list, the workflow bar and a refusal speak it, and a new browser keeps it', async () => {
    const drafter = await signIn(server.url, 'drafter@example.org');
    // Starts from no stored choice (so a retry of this test starts where the first try did).
    expect((await api(server.url, drafter, 'PATCH', '/api/me', { locale: null })).status).toBe(200);
    const { id } = (await api<{ id: string }>(server.url, drafter, 'POST', '/api/documents', { title: 'Bəyanat', kind: 'statement', language: 'az' })).body;
    const { context, page } = await open('en-GB');
    await signInThroughForm(page, server.url, 'drafter@example.org');
    await page.getByRole('heading', { name: 'Documents', level: 1 }).waitFor();
    await page.getByTestId('language-picker').filter({ visible: true }).selectOption('az');
    await page.getByRole('heading', { name: 'Sənədlər', level: 1 }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('az');
    expect(await page.getByTestId('document-row').first().locator('.state').textContent()).toBe('Qaralama');
    // The <title> follows once the refreshed page's metadata has streamed in.
    await page.waitForFunction(() => document.title === 'Sənədlər · Communiqué');
    await expectNoSeriousViolations(page, 'the list in Azerbaijani');
    // Someone working in Azerbaijani drafts in it: a new document and an import start in Azerbaijani.
    await page.getByRole('button', { name: 'Yeni sənəd' }).click();
    expect(await page.getByRole('dialog', { name: 'Yeni sənəd' }).locator('select[name="language"]').inputValue()).toBe('az');
    await page.keyboard.press('Escape');
    expect(await page.locator('.import-form select[name="language"]').inputValue()).toBe('az');

    await page.goto(`${server.url}/documents/${id}`);
    // The editor's chrome speaks it too (toolbar, tooltips, status, counts); the text's own lang stays the document's.
    await page.getByRole('toolbar', { name: 'Formatlama' }).getByRole('button', { name: 'Qalın' }).waitFor();
    expect(await page.locator('[data-tool="bold"]').getAttribute('title')).toMatch(/^Qalın \(/);
    await page.getByTestId('save-status').filter({ hasText: 'Saxlanıldı' }).waitFor();
    await page.getByTestId('word-count').filter({ hasText: '0 söz' }).waitFor();
    await page.getByRole('button', { name: 'Açıq şərh yoxdur' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Sənədin mətni' }).getAttribute('lang')).toBe('az');
    await page.locator('.ProseMirror').click();
    await page.keyboard.press('Control+/');
    await page.getByRole('dialog', { name: 'Klaviatura qısayolları' }).getByRole('cell', { name: 'Nömrəli siyahı' }).waitFor();
    await page.keyboard.press('Escape');
    const bar = page.getByRole('region', { name: 'İş axını' });
    await bar.getByRole('button', { name: 'Baxışa göndər' }).waitFor();
    // The dialog is open when the same draft goes to review from another tab: what it asks is now stale.
    // (Opened first: the page hears of the change and refreshes its buttons, but keeps an open dialog.)
    await bar.getByRole('button', { name: 'Baxışa göndər' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect((await api(server.url, drafter, 'POST', `/api/documents/${id}/transitions`, { action: 'submit' })).status).toBe(200);
    await dialog.getByRole('button', { name: 'Baxışa göndər' }).click();
    await page.getByRole('alert').filter({ hasText: 'Sənəd «Baxışda» vəziyyətindədir: onu baxışa göndərmək mümkün deyil.' }).waitFor();
    await expectNoSeriousViolations(page, 'the workflow bar in Azerbaijani', { include: ['.workflow-bar'] });
    await context.close();

    // The choice is the user's: a new browser (English) shows it after sign-in.
    const fresh = await open('en-US');
    await signInThroughForm(fresh.page, server.url, 'drafter@example.org');
    await fresh.page.getByRole('heading', { name: 'Sənədlər', level: 1 }).waitFor();
    await fresh.context.close();
    // And the API answers this user in Azerbaijani too, with the stable code.
    const refused = await api<{ error: { code: string; message: string } }>(server.url, drafter, 'POST', `/api/documents/${id}/transitions`, {
      action: 'submit',
    });
    expect(refused).toEqual({
      status: 409,
      body: { error: { code: 'conflict', message: 'Sənəd «Baxışda» vəziyyətindədir: onu baxışa göndərmək mümkün deyil.' } },
    });
    expect(failures).toEqual([]);
  });

  it('a visitor whose browser asks for Russian sees the sign-in page in Russian', async () => {
    const { context, page } = await open('ru-RU');
    await page.goto(`${server.url}/signin`);
    await page.getByRole('heading', { name: 'Вход в Communiqué', level: 1 }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    await page.getByLabel('Электронная почта').waitFor();
    await expectNoSeriousViolations(page, 'sign-in in Russian');
    // A field that blocks the form says why in Russian, not in the browser's words ("Please fill out this field.").
    const email = page.getByLabel('Электронная почта');
    const message = () => email.evaluate((el) => (el as HTMLInputElement).validationMessage);
    await page.locator('form button[type="submit"]').click();
    expect(await message()).toBe('Заполните это поле.');
    await email.fill('drafter');
    await page.locator('form button[type="submit"]').click();
    expect(await message()).toBe('Введите адрес электронной почты, например name@example.org.');
    await email.fill('drafter@example.org');
    expect(await message()).toBe('');
    expect(new URL(page.url()).pathname).toBe('/signin');
    // The small choice on the sign-in page sets this browser's cookie: Turkish, then back.
    await page.getByTestId('language-picker').selectOption('tr');
    await page.getByRole('heading', { name: 'Communiqué’ye giriş yapın', level: 1 }).waitFor();
    await context.close();
    expect(failures).toEqual([]);
  });

  it('refuses an interface language without a catalogue, and stores and forgets one that has it', async () => {
    const reviewer = await signIn(server.url, 'reviewer@example.org');
    const refused = await api<{ error: { code: string; message: string } }>(server.url, reviewer, 'PATCH', '/api/me', { locale: 'de' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('unprocessable');
    expect((await api(server.url, reviewer, 'PATCH', '/api/me', { locale: 'kk' })).body).toEqual({ locale: 'kk' });
    const inKazakh = await api<{ error: { message: string } }>(server.url, reviewer, 'PATCH', '/api/me', { locale: 'xx' });
    expect(inKazakh.body.error.message).toMatch(/^Интерфейс тілдерінің бірін таңдаңыз: /);
    expect((await api(server.url, reviewer, 'PATCH', '/api/me', { locale: null })).body).toEqual({ locale: null });
    expect((await api(server.url, null, 'PATCH', '/api/me', { locale: 'az' })).status).toBe(401);
  });

  it('shows no visible text outside the catalogues on the translated pages (pseudo-locale)', async () => {
    const cookies: RoleCookies = {};
    for (const role of ['drafter', 'approver', 'admin', 'publisher'] as const) cookies[role] = await signIn(server.url, `${role}@example.org`);
    const documents: Record<string, string> = {
      ':draft': await documentIn(server.url, cookies, 'draft', { title: 'Pseudo draft', language: 'az', paragraphs: ['Bakı sammiti.'] }),
      ':published': await documentIn(server.url, cookies, 'published', { title: 'Pseudo release', language: 'ru', paragraphs: ['Саммит в Баку.'] }),
    };
    const translation = await api<{ id: string }>(server.url, cookies.drafter!, 'POST', `/api/documents/${documents[':draft']}/languages`, {
      language: 'kk',
      startFrom: 'copy',
      title: 'Pseudo translation',
    });
    expect(translation.status).toBe(201);
    documents[':translation'] = translation.body.id;
    const seen: Record<string, string[]> = {};
    for (const { path, signedIn, as } of PSEUDO_PAGES) {
      const { context, page } = await open('en-GB');
      await context.addCookies([{ name: 'NEXT_LOCALE', value: 'en-XA', url: server.url }]);
      if (signedIn) await signInThroughForm(page, server.url, as ?? 'approver@example.org');
      await page.goto(`${server.url}${path.replace(/:[a-z]+/, (name) => documents[name] ?? name)}`);
      await page.locator('html[lang="en-XA"]').waitFor();
      // The editor's pages: their client components too (toolbar, status, panels), once the editor is there.
      if (/^\/documents\/:[a-z]+(\/side-by-side)?$/.test(path)) await page.getByTestId('save-status').waitFor();
      const outside = await textOutsideCatalogues(page);
      if (outside.length) seen[path] = outside;
      await context.close();
    }
    expect(seen).toEqual({});
  }, 180_000);
  it('a visitor whose browser asks for Azerbaijani or Russian reads the newsroom and the verification pages in it; the release keeps its own language (screenshots in /tmp/i18n-pg-*.png)', async () => {
    const cookies: RoleCookies = {};
    for (const role of ['drafter', 'approver', 'admin', 'publisher'] as const) cookies[role] = await signIn(server.url, `${role}@example.org`);
    const id = await documentIn(server.url, cookies, 'published', { title: 'Joint statement', language: 'en', paragraphs: ['The summit met in Baku.'] });

    const az = await open('az-AZ');
    await az.page.goto(`${server.url}/newsroom`);
    await az.page.getByRole('heading', { name: 'Mətbuat mərkəzi', level: 1 }).waitFor();
    expect(await az.page.locator('html').getAttribute('lang')).toBe('az');
    await az.page.getByRole('navigation', { name: 'Mətbuat mərkəzi' }).getByRole('link', { name: 'Bütün dərc edilmiş mətnlər' }).waitFor();
    // The release is listed in its own language: its kind stays English.
    const item = az.page.locator('.releases li').filter({ hasText: 'Joint statement' });
    expect(await item.getAttribute('lang')).toBe('en');
    expect(await item.locator('.kind').textContent()).toBe('Statement');
    await expectNoSeriousViolations(az.page, 'the newsroom in Azerbaijani');
    for (const width of [1280, 390]) {
      await az.page.setViewportSize({ width, height: 900 });
      await az.page.screenshot({ path: `/tmp/i18n-pg-az-newsroom-${width}.png`, fullPage: true });
    }
    await az.page.goto(`${server.url}/newsroom/${id}`);
    await az.page.getByRole('link', { name: '← Bütün dərc edilmiş mətnlər' }).waitFor();
    await az.page.locator('article[lang="en"]').getByRole('link', { name: 'Verify this text' }).click();
    await az.page.getByRole('heading', { name: 'Mətni yoxlayın', level: 1 }).waitFor();
    expect(await az.page.locator('p.verdict[data-released="true"]').textContent()).toMatch(
      /^Bəli: məhz bu mətn, «Joint statement», Communiqué tərəfindən .+ dərc edilib\.$/,
    );
    await expectNoSeriousViolations(az.page, 'a verification in Azerbaijani');
    for (const width of [1280, 390]) {
      await az.page.setViewportSize({ width, height: 900 });
      await az.page.screenshot({ path: `/tmp/i18n-pg-az-verify-${width}.png`, fullPage: true });
    }
    await az.context.close();

    const ru = await open('ru-RU');
    await ru.page.goto(`${server.url}/verify`);
    await ru.page.getByRole('heading', { name: 'Проверка текста', level: 1 }).waitFor();
    await ru.page
      .getByLabel('Выбрать файл')
      .setInputFiles({ name: 'copy.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7 a copy made elsewhere') });
    await ru.page.locator('.file-verdict .verdict[data-released="false"]').waitFor();
    expect(await ru.page.locator('.file-verdict .verdict').textContent()).toMatch(
      /^«copy\.pdf» не является текстом, опубликованным организацией «Communiqué»: /,
    );
    await expectNoSeriousViolations(ru.page, 'the file check in Russian');
    for (const width of [1280, 390]) {
      await ru.page.setViewportSize({ width, height: 900 });
      await ru.page.screenshot({ path: `/tmp/i18n-pg-ru-verify-${width}.png`, fullPage: true });
    }
    await ru.page.goto(`${server.url}/newsroom/not-a-release`);
    await ru.page.getByRole('heading', { name: 'Этот текст недоступен', level: 1 }).waitFor();
    await ru.page.goto(`${server.url}/newsroom`);
    await ru.page.getByRole('heading', { name: 'Пресс-центр', level: 1 }).waitFor();
    for (const width of [1280, 390]) {
      await ru.page.setViewportSize({ width, height: 900 });
      await ru.page.screenshot({ path: `/tmp/i18n-pg-ru-newsroom-${width}.png`, fullPage: true });
    }
    await ru.context.close();
    expect(failures).toEqual([]);
  });

  it('a reviewer who reads Russian sees a document’s history in Russian, its title in its own language (screenshots in /tmp/i18n-pg-ru-history-*.png)', async () => {
    const cookies: RoleCookies = {};
    for (const role of ['drafter', 'reviewer'] as const) cookies[role] = await signIn(server.url, `${role}@example.org`);
    const id = await documentIn(server.url, cookies, 'in_review', { title: 'Bəyanat', language: 'az', paragraphs: ['Bakı, 6 dekabr.'] });
    expect((await api(server.url, cookies.reviewer!, 'PATCH', '/api/me', { locale: 'ru' })).status).toBe(200);
    const { context, page } = await open('en-GB');
    await signInThroughForm(page, server.url, 'reviewer@example.org');
    await page.goto(`${server.url}/documents/${id}/history`);
    await page.getByRole('heading', { name: 'История: Bəyanat', level: 1 }).waitFor();
    expect(await page.locator('h1 [lang="az"]').textContent()).toBe('Bəyanat');
    await page.getByRole('heading', { name: 'Версии', level: 2 }).waitFor();
    // The version kept when the draft went to review is named in Russian.
    await page.locator('.versions').getByRole('link', { name: 'Направлен на рассмотрение' }).first().waitFor();
    await expectNoSeriousViolations(page, 'the history in Russian');
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `/tmp/i18n-pg-ru-history-${width}.png`, fullPage: true });
    }
    await context.close();
    expect((await api(server.url, cookies.reviewer!, 'PATCH', '/api/me', { locale: null })).status).toBe(200);
    expect(failures).toEqual([]);
  });

  it('a viewer who reads Azerbaijani, then Russian, sees the document page in it: its head, exports, read-only reason, activity and title; the text keeps its own language (screenshots in /tmp/i18n-doc-*.png)', async () => {
    const cookies: RoleCookies = {};
    for (const role of ['drafter', 'approver', 'admin', 'publisher', 'viewer'] as const) cookies[role] = await signIn(server.url, `${role}@example.org`);
    const id = await documentIn(server.url, cookies, 'published', { title: 'Joint statement', language: 'en', paragraphs: ['The summit met in Baku.'] });
    const words = {
      az: {
        state: 'Dərc edilib',
        banner: 'Yalnız oxumaq üçün: sənəd dərc edilib; yalnız qaralamalar redaktə edilə bilər.',
        exportPdf: 'PDF kimi ixrac et',
        history: 'Tarixçə',
        activity: 'Fəaliyyət',
        published: 'Péter Horváth dərc etdi',
        chain: 'Razılaşdırma qeydləri yoxlanıldı: onlarda heç nə dəyişdirilməyib.',
      },
      ru: {
        state: 'Опубликован',
        banner: 'Только чтение: документ опубликован; редактировать можно только черновики.',
        exportPdf: 'Экспорт в PDF',
        history: 'История',
        activity: 'Журнал действий',
        published: 'Péter Horváth опубликовал(а)',
        chain: 'Журнал согласования проверен: в нём ничего не изменено.',
      },
    };
    for (const [locale, say] of Object.entries(words)) {
      expect((await api(server.url, cookies.viewer!, 'PATCH', '/api/me', { locale })).status).toBe(200);
      const { context, page } = await open('en-GB');
      await signInThroughForm(page, server.url, 'viewer@example.org');
      await page.goto(`${server.url}/documents/${id}`);
      await page.getByTestId('readonly-banner').filter({ hasText: say.banner }).waitFor();
      expect(await page.locator('.eyebrow .state').textContent()).toBe(say.state);
      await page.getByRole('link', { name: say.exportPdf, exact: true }).waitFor();
      await page.getByRole('link', { name: say.history, exact: true }).waitFor();
      await page.getByRole('heading', { name: say.activity, level: 2 }).waitFor();
      // Newest first: the publication, the publisher's name as written.
      expect(await page.locator('ol.activity li').first().textContent()).toContain(say.published);
      await page.getByRole('status').filter({ hasText: say.chain }).waitFor();
      await page.waitForFunction((title) => document.title === title, `Joint statement (${say.state}) · Communiqué`);
      // The text and its title keep the document's language.
      expect(await page.getByRole('textbox', { name: locale === 'az' ? 'Sənədin mətni' : 'Текст документа' }).getAttribute('lang')).toBe('en');
      await page.locator('.ProseMirror').filter({ hasText: 'The summit met in Baku.' }).waitFor();
      await expectNoSeriousViolations(page, `the document page in ${locale}`);
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 900 });
        await page.screenshot({ path: `/tmp/i18n-doc-${locale}-${width}.png`, fullPage: true });
      }
      await context.close();
    }
    expect((await api(server.url, cookies.viewer!, 'PATCH', '/api/me', { locale: null })).status).toBe(200);
    expect(failures).toEqual([]);
  });

  it('long Turkic and Russian words fit the header, the list, the editor toolbar and the workflow bar at 1280 px and at phone width (screenshots in /tmp/i18n-*.png)', async () => {
    const publisher = await signIn(server.url, 'publisher@example.org');
    const { id } = (
      await api<{ id: string }>(server.url, publisher, 'POST', '/api/documents', { title: 'Statement on the summit', kind: 'statement', language: 'en' })
    ).body;
    const { context, page } = await open('en-GB');
    await signInThroughForm(page, server.url, 'publisher@example.org');
    const overflowing = () =>
      page.evaluate(() => {
        const wide = document.documentElement.scrollWidth > window.innerWidth + 1 ? ['the page scrolls sideways'] : [];
        const clipped = [
          ...document.querySelectorAll<HTMLElement>(
            '.topbar a, .topbar button, .topbar select, .workflow-bar button, .page-actions button, .editor-top button, .editor-top select, .mode-bar button',
          ),
        ]
          .filter((el) => el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1)
          .map((el) => `"${el.innerText}" is cut off`);
        return [...wide, ...clipped];
      });
    const problems: string[] = [];
    for (const locale of ['az', 'tr', 'ru', 'kk']) {
      expect((await api(server.url, publisher, 'PATCH', '/api/me', { locale })).status).toBe(200);
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${server.url}/documents`);
        await page.locator(`html[lang="${locale}"]`).waitFor();
        await page.screenshot({ path: `/tmp/i18n-${locale}-list-${width}.png` });
        problems.push(...(await overflowing()).map((p) => `${locale} list ${width}: ${p}`));
        await page.goto(`${server.url}/documents/${id}`);
        await page.locator('.workflow-bar button').first().waitFor();
        await page.locator('.workflow-bar').scrollIntoViewIfNeeded();
        await page.screenshot({ path: `/tmp/i18n-${locale}-workflow-${width}.png` });
        problems.push(...(await overflowing()).map((p) => `${locale} editor ${width}: ${p}`));
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.locator('.toolbar[role="toolbar"]').waitFor();
        await page.screenshot({ path: `/tmp/i18n-ed-${locale}-${width}.png` });
      }
    }
    await context.close();
    expect(problems).toEqual([]);
    expect(failures).toEqual([]);
  }, 240_000);

  it('a dialog’s field that blocks it says why in the interface’s language, not the browser’s: the approver’s missing comment in Kazakh in an English browser', async () => {
    const cookies: RoleCookies = {};
    for (const role of ['drafter', 'approver'] as const) cookies[role] = await signIn(server.url, `${role}@example.org`);
    const id = await documentIn(server.url, cookies, 'in_review', { title: 'Мәлімдеме', language: 'kk', paragraphs: ['Тараптар келісімге келді.'] });
    const kk = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'messages', 'kk.json'), 'utf8'));
    expect((await api(server.url, cookies.approver!, 'PATCH', '/api/me', { locale: 'kk' })).status).toBe(200);
    try {
      const { context, page } = await open('en-GB');
      await signInThroughForm(page, server.url, 'approver@example.org');
      await page.goto(`${server.url}/documents/${id}`);
      await page.getByRole('region', { name: kk.WorkflowBar.region }).getByRole('button', { name: kk.transitions.request_changes }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: kk.transitions.request_changes }).click();
      const comment = dialog.getByRole('textbox');
      expect(await comment.evaluate((el) => (el as HTMLTextAreaElement).validationMessage)).toBe(kk.WorkflowBar.commentMissing);
      // Nothing was sent: the document is still in review. Once written, the comment no longer blocks.
      expect((await api<{ state: string }>(server.url, cookies.drafter!, 'GET', `/api/documents/${id}`)).body.state).toBe('in_review');
      await comment.fill('Күнін көрсетіңіз.');
      expect(await comment.evaluate((el) => (el as HTMLTextAreaElement).validationMessage)).toBe('');
      await dialog.getByRole('button', { name: kk.transitions.request_changes }).click();
      await waitFor(
        async () => (await api<{ state: string }>(server.url, cookies.drafter!, 'GET', `/api/documents/${id}`)).body.state === 'draft',
        'the document to go back to draft',
      );
      await context.close();
    } finally {
      await api(server.url, cookies.approver!, 'PATCH', '/api/me', { locale: null });
    }
  });
});
