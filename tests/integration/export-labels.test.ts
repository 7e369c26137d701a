import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocument, moveTo } from '@/tests/factories/documents';
import { LANGUAGE_FIXTURES, fixtureBody } from '@/tests/fixtures/languages';
import { writeBody } from '@/tests/helpers/content';
import { unzip } from '@/tests/helpers/files';
import { hasPoppler, missingInOrder, pdfText, pdfWords } from '@/tests/helpers/pdf';
import { startServer, type TestServer } from '@/tests/helpers/server';
import { signIn } from '@/tests/helpers/session';

const suite = hasPoppler() || process.env.CI === 'true' ? describe : describe.skip;
if (!hasPoppler() && process.env.CI !== 'true') console.warn('Export label tests skipped: install poppler-utils (pdftotext)');

suite('fixed words in the document’s language, and alignment, in PDF and DOCX', () => {
  let server: TestServer;
  let cookie: string;

  beforeAll(async () => {
    server = await startServer();
    cookie = await signIn(server.url, 'drafter@example.org');
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function exported(id: string, format: 'pdf' | 'docx'): Promise<Buffer> {
    const res = await fetch(`${server.url}/api/documents/${id}/export.${format}`, { headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  }
  async function written(language: string, kind: string): Promise<string> {
    const fixture = LANGUAGE_FIXTURES.find((f) => f.language === language) ?? LANGUAGE_FIXTURES.at(-1)!;
    const id = await createDocument(server.url, cookie, { title: fixture.title, language, kind });
    await writeBody(server.url, id, cookie, fixtureBody(fixture));
    return id;
  }

  it('an Azerbaijani draft prints its kind, DRAFT mark, page numbers and verification captions in Azerbaijani', async () => {
    const id = await written('az', 'press_release');
    const text = await pdfText(await exported(id, 'pdf'));
    expect(missingInOrder(text, ['QARALAMA — YAYIM ÜÇÜN DEYİL', 'MƏTBUAT AÇIQLAMASI'])).toBeNull();
    expect(
      missingInOrder(text, [
        'Yoxlama kodu',
        'Məzmunun SHA-256 heşi',
        'Mətni yoxlayın:',
        'Audit jurnalının son heşi',
        'QARALAMA — YAYIM ÜÇÜN DEYİL',
        'Səhifə 1 / 1',
      ]),
    ).toBeNull();
    for (const english of ['DRAFT', 'PRESS RELEASE', 'Page 1 of 1', 'Content SHA-256', 'Audit log head', 'Verification code'])
      expect(text).not.toContain(english);
  });

  it('a Russian draft prints them in Russian', async () => {
    const id = await written('ru', 'statement');
    const text = await pdfText(await exported(id, 'pdf'));
    expect(missingInOrder(text, ['ЧЕРНОВИК — НЕ ДЛЯ ПУБЛИКАЦИИ', 'ЗАЯВЛЕНИЕ'])).toBeNull();
    expect(missingInOrder(text, ['Код проверки', 'SHA-256 содержания', 'Проверить текст:', 'Последний хеш журнала аудита', 'Страница 1 из 1'])).toBeNull();
    for (const english of ['DRAFT', 'STATEMENT', 'Page 1 of 1']) expect(text).not.toContain(english);
    // The DOCX carries the same words: the kind and verification captions in the text, the rest in header and footer.
    const docx = unzip(await exported(id, 'docx'));
    const xml = [...docx.entries()]
      .filter(([name]) => name.endsWith('.xml'))
      .map(([, data]) => data.toString('utf8'))
      .join('\n');
    for (const word of ['ЗАЯВЛЕНИЕ', 'ЧЕРНОВИК — НЕ ДЛЯ ПУБЛИКАЦИИ', 'Страница ', ' из ', 'Код проверки', 'Последний хеш журнала аудита'])
      expect(xml).toContain(word);
  });

  it('a published Russian press release prints its embargo in Russian, with the time written in Russian and the zone named', async () => {
    const id = await written('ru', 'press_release');
    const as = (role: string) => signIn(server.url, `${role}@example.org`);
    const cookies = { drafter: await as('drafter'), approver: await as('approver'), publisher: await as('publisher') };
    const embargo = new Date(Date.now() + 48 * 3600_000);
    await moveTo(server.url, cookies, id, 'published', { embargoUntil: embargo });
    const text = await pdfText(await exported(id, 'pdf'));
    const time = new Intl.DateTimeFormat('ru', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(embargo);
    expect(missingInOrder(text, ['ПРЕСС-РЕЛИЗ', `ЭМБАРГО ДО ${time} (UTC)`, `ЭМБАРГО ДО ${time} (UTC)`, 'Страница 1 из 1'])).toBeNull();
    expect(text).not.toContain('ЧЕРНОВИК');
    expect(text).not.toContain('EMBARGOED');
  });

  it('a language without its own words falls back to English', async () => {
    const id = await written('fr', 'statement');
    const text = await pdfText(await exported(id, 'pdf'));
    expect(
      missingInOrder(text, ['DRAFT — NOT FOR RELEASE', 'STATEMENT', 'Verification code', 'Content SHA-256', 'DRAFT — NOT FOR RELEASE', 'Page 1 of 1']),
    ).toBeNull();
  });

  it('paragraph and heading alignment survive in the PDF (where the words sit) and in the DOCX (w:jc)', async () => {
    const id = await createDocument(server.url, cookie, { title: 'Alignment', language: 'en' });
    const para = (text: string, textAlign: string | null) => ({ type: 'paragraph', attrs: { textAlign }, content: [{ type: 'text', text }] });
    await writeBody(server.url, id, cookie, {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2, textAlign: 'center' }, content: [{ type: 'text', text: 'Centredheading' }] },
        para('Leftword', 'left'),
        para('Centreword', 'center'),
        para('Rightword', 'right'),
        para(`Justified ${'words that fill more than one line of the page so that the first line is stretched '.repeat(3)}end`, 'justify'),
      ],
    });
    // A4 with 2.4 cm side margins: the text column runs from 68.0 pt to 527.2 pt.
    const { pageWidth, words } = await pdfWords(await exported(id, 'pdf'));
    const left = (2.4 / 2.54) * 72;
    const right = pageWidth - left;
    const middle = pageWidth / 2;
    const word = (text: string) => {
      const found = words.find((w) => w.text === text);
      expect(found, text).toBeDefined();
      return found!;
    };
    const centre = (w: { xMin: number; xMax: number }) => (w.xMin + w.xMax) / 2;
    expect(word('Leftword').xMin).toBeCloseTo(left, 0);
    expect(centre(word('Centreword'))).toBeCloseTo(middle, 0);
    expect(word('Rightword').xMax).toBeCloseTo(right, 0);
    expect(centre(word('Centredheading'))).toBeCloseTo(middle, 0);
    // A justified paragraph's first line is stretched to the right margin.
    const firstLine = words.filter((w) => w.yMin === word('Justified').yMin);
    expect(firstLine.length).toBeGreaterThan(3);
    expect(Math.max(...firstLine.map((w) => w.xMax))).toBeCloseTo(right, 0);

    const xml = unzip(await exported(id, 'docx'))
      .get('word/document.xml')!
      .toString('utf8');
    const paragraphs = xml.split(/<w:p[ >]/).slice(1);
    const jc = (text: string) => /<w:jc w:val="(\w+)"/.exec(paragraphs.find((p) => p.includes(`>${text}`)) ?? '')?.[1] ?? null;
    expect([jc('Centredheading'), jc('Leftword'), jc('Centreword'), jc('Rightword'), jc('Justified')]).toEqual(['center', 'left', 'center', 'right', 'both']);
  });
});
