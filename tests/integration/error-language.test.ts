import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentIn, type RoleCookies } from '@/tests/factories/documents';
import { startServer, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

type ErrorBody = { error: { code: string; message: string } };

/**
 * Errors shown to people (issue 24): a command's own sentence (a missing title, a date that
 * is not one, an embargo in the past, a language the statement already has) answers in the
 * reader's language — the user's stored choice, else Accept-Language — while its code stays
 * the same, and English stays word for word what it was.
 */
describe('a command’s error sentence follows the reader’s language; its code does not', () => {
  let server: TestServer;
  const cookies: RoleCookies = {};

  /** `method path body` as `role`, with Accept-Language `language` (none when undefined). */
  async function ask(role: keyof RoleCookies, method: string, path: string, body: unknown, language?: string) {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { Cookie: cookies[role]!, 'Content-Type': 'application/json', ...(language ? { 'Accept-Language': language } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as ErrorBody };
  }

  beforeAll(async () => {
    server = await startServer();
    for (const role of ['admin', 'drafter', 'approver', 'publisher'] as const) cookies[role] = await signIn(server.url, `${role}@example.org`);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('a create refused for its title or its date: English as before, Azerbaijani and Russian by Accept-Language, the same code', async () => {
    const untitled = { title: '   ', kind: 'statement', language: 'en' };
    const badDate = { title: 'Dated', kind: 'statement', language: 'en', dateline: { place: 'Baku', date: '2026-02-30' } };
    const cases = [
      { body: untitled, en: 'Give the document a title.', az: 'Sənədə başlıq verin.', ru: 'Укажите название документа.' },
      { body: badDate, en: '2026-02-30 is not a calendar date.', az: '2026-02-30 təqvim tarixi deyil.', ru: '2026-02-30 — несуществующая дата.' },
    ];
    for (const { body, en, az, ru } of cases) {
      const answers = {
        none: await ask('drafter', 'POST', '/api/documents', body),
        en: await ask('drafter', 'POST', '/api/documents', body, 'en-GB,en;q=0.9'),
        az: await ask('drafter', 'POST', '/api/documents', body, 'az-AZ,az;q=0.9,en;q=0.5'),
        ru: await ask('drafter', 'POST', '/api/documents', body, 'ru-RU,ru;q=0.9'),
      };
      for (const answer of Object.values(answers)) expect([answer.status, answer.body.error.code]).toEqual([422, 'unprocessable']);
      expect(answers.none.body.error.message).toBe(en);
      expect(answers.en.body.error.message).toBe(en);
      expect(answers.az.body.error.message).toBe(az);
      expect(answers.ru.body.error.message).toBe(ru);
    }
  });

  it('an embargo in the past is refused in the publisher’s language, naming the time they gave', async () => {
    const id = await documentIn(server.url, cookies, 'approved', { title: 'Embargo language', paragraphs: ['Words.'] });
    const past = new Date(Date.now() - 60_000).toISOString();
    const publish = { action: 'publish', embargoUntil: past };
    const en = await ask('publisher', 'POST', `/api/documents/${id}/transitions`, publish);
    const tr = await ask('publisher', 'POST', `/api/documents/${id}/transitions`, publish, 'tr');
    expect([en.status, en.body.error.code, tr.status, tr.body.error.code]).toEqual([422, 'unprocessable', 422, 'unprocessable']);
    expect(en.body.error.message).toBe(`The embargo ${past} has already passed; choose a time in the future, or publish without an embargo.`);
    expect(tr.body.error.message).toBe(`${past} ambargosu çoktan geçti; ileride bir zaman seçin ya da ambargosuz yayımlayın.`);
    // Still approved: nothing was released.
    expect((await api<{ state: string }>(server.url, cookies.publisher!, 'GET', `/api/documents/${id}`)).body.state).toBe('approved');
  });

  it('a user’s stored language wins over Accept-Language, and a language is named in it', async () => {
    const master = await documentIn(server.url, cookies, 'draft', { title: 'Bəyanat', language: 'az', paragraphs: ['Mətn.'] });
    const again = { language: 'az', startFrom: 'copy' };
    const english = await ask('drafter', 'POST', `/api/documents/${master}/languages`, again);
    expect([english.status, english.body.error.code]).toEqual([409, 'conflict']);
    expect(english.body.error.message).toBe('This statement already has a version in Azerbaijani.');

    expect((await api(server.url, cookies.drafter!, 'PATCH', '/api/me', { locale: 'ru' })).status).toBe(200);
    try {
      const russian = await ask('drafter', 'POST', `/api/documents/${master}/languages`, again, 'en-GB,en;q=0.9');
      expect([russian.status, russian.body.error.code]).toEqual([409, 'conflict']);
      expect(russian.body.error.message).toBe('У этого заявления уже есть версия на языке: азербайджанский.');
      // Another language, named in Russian too.
      const kk = { language: 'kk', startFrom: 'copy' };
      expect((await ask('drafter', 'POST', `/api/documents/${master}/languages`, kk)).status).toBe(201);
      const twice = await ask('drafter', 'POST', `/api/documents/${master}/languages`, kk);
      expect(twice.body.error.message).toBe('У этого заявления уже есть версия на языке: казахский.');
    } finally {
      await api(server.url, cookies.drafter!, 'PATCH', '/api/me', { locale: null });
    }
  });

  it('an import the import process refuses answers in the reader’s language too (its sentence crosses the process boundary)', async () => {
    const upload = async (name: string, bytes: Uint8Array, language?: string) => {
      const form = new FormData();
      form.set('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), name);
      const res = await fetch(`${server.url}/api/documents/import`, {
        method: 'POST',
        headers: { Cookie: cookies.drafter!, ...(language ? { 'Accept-Language': language } : {}) },
        body: form,
      });
      return { status: res.status, body: (await res.json()) as ErrorBody };
    };
    const latin1 = new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x0a]); // "Café" in Latin-1: not UTF-8
    const notZip = new TextEncoder().encode('This is not a Word file at all.');
    const cases = [
      { name: 'notes.md', bytes: latin1, en: 'The file is not UTF-8 text.', ru: 'Файл не является текстом в кодировке UTF-8.' },
      {
        name: 'statement.docx',
        bytes: notZip,
        en: 'The file could not be read as a Word document; save it again from Word as .docx.',
        ru: 'Файл не удалось прочитать как документ Word; сохраните его заново в Word в формате .docx.',
      },
    ];
    for (const { name, bytes, en, ru } of cases) {
      const english = await upload(name, bytes);
      const russian = await upload(name, bytes, 'ru-RU,ru;q=0.9');
      expect([english.status, english.body.error.code], name).toEqual([422, 'unprocessable']);
      expect([russian.status, russian.body.error.code], name).toEqual([422, 'unprocessable']);
      expect(english.body.error.message).toBe(en);
      expect(russian.body.error.message).toBe(ru);
    }
  });

  it('an import’s notes on what it changed are in the reader’s language; English as before', async () => {
    const upload = async (language?: string) => {
      const form = new FormData();
      form.set('file', new Blob(['# Bəyanat\n\nMətn `kod` ilə.\n\n---\n\n![Bayraq](flag.png)\n']), 'notes.md');
      const res = await fetch(`${server.url}/api/documents/import`, {
        method: 'POST',
        headers: { Cookie: cookies.drafter!, ...(language ? { 'Accept-Language': language } : {}) },
        body: form,
      });
      return { status: res.status, body: (await res.json()) as { warnings: string[] } };
    };
    const english = await upload();
    const azerbaijani = await upload('az');
    expect(english.status).toBe(201);
    expect(azerbaijani.status).toBe(201);
    expect(english.body.warnings).toEqual(['Inline code was kept as plain text.', 'Horizontal rules were left out.', 'Images were left out (“Bayraq”).']);
    expect(azerbaijani.body.warnings).toEqual(['Sətirdaxili kod sadə mətn kimi saxlanıldı.', 'Üfüqi xətlər götürülmədi.', 'Şəkillər götürülmədi («Bayraq»).']);
  });

  it('a letterhead logo refused for what its SVG holds is refused in the admin’s language, naming what it found', async () => {
    const upload = async (language?: string) => {
      const form = new FormData();
      form.set('file', new Blob(['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'], { type: 'image/svg+xml' }), 'logo.svg');
      const res = await fetch(`${server.url}/api/settings/logo`, {
        method: 'POST',
        headers: { Cookie: cookies.admin!, ...(language ? { 'Accept-Language': language } : {}) },
        body: form,
      });
      return { status: res.status, body: (await res.json()) as ErrorBody };
    };
    const english = await upload();
    const russian = await upload('ru');
    expect([english.status, english.body.error.code]).toEqual([422, 'unprocessable']);
    expect([russian.status, russian.body.error.code]).toEqual([422, 'unprocessable']);
    expect(english.body.error.message).toBe(
      'The SVG file contains the element <script>, which a letterhead logo may not use. Save it as plain SVG (shapes, text and gradients, everything embedded) and upload it again.',
    );
    expect(russian.body.error.message).toBe(
      'В файле SVG есть элемент <script>; в логотипе бланка это использовать нельзя. Сохраните его как простой SVG (фигуры, текст и градиенты, всё внутри файла) и загрузите снова.',
    );
  });

  it('a comment too long gives its numbers as the reader writes them', async () => {
    const id = await documentIn(server.url, cookies, 'draft', { title: 'Comment language', paragraphs: ['Some words to comment on.'] });
    const long = { anchor: { exact: 'words' }, body: 'x'.repeat(10_001), mentions: [] };
    const en = await ask('drafter', 'POST', `/api/documents/${id}/threads`, long);
    const ru = await ask('drafter', 'POST', `/api/documents/${id}/threads`, long, 'ru');
    expect([en.status, en.body.error.code, ru.status, ru.body.error.code]).toEqual([422, 'unprocessable', 422, 'unprocessable']);
    expect(en.body.error.message).toBe('A comment can be at most 10,000 characters long; this one has 10,001.');
    expect(ru.body.error.message).toBe('Комментарий может содержать не более 10\u00a0000 символов; в этом 10\u00a0001.');
  });
});
