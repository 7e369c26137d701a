import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBody } from '@/tests/helpers/content';
import { unzip } from '@/tests/helpers/files';
import { hasPoppler, pdfText } from '@/tests/helpers/pdf';
import { startServer, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

const byRustam = { id: 's-rustam', authorId: 'u-rustam', authorName: 'Rustam Karimov', createdAt: '2026-12-06T10:00:00.000Z' };
const byAigerim = { id: 's-aigerim', authorId: 'u-aigerim', authorName: 'Aigerim Bekova', createdAt: '2026-12-06T10:05:00.000Z' };
const text = (t: string, ...marks: object[]) => ({ type: 'text', text: t, ...(marks.length ? { marks } : {}) });
/** The server's PATH: only the folder of the node binary, so no LibreOffice (soffice) or any other converter can be reached. */
const NODE_ONLY_PATH = path.dirname(process.execPath);

/** Issue 21: open suggestions in exports: Word tracked changes in the DOCX, all rejected (and counted) in a draft's PDF. */
describe('exports of a draft with open suggestions', () => {
  let server: TestServer;
  let cookie: string;
  let id: string;

  beforeAll(async () => {
    expect(['soffice', 'libreoffice', 'lowriter'].some((name) => fs.existsSync(path.join(NODE_ONLY_PATH, name)))).toBe(false);
    server = await startServer({ env: { PATH: NODE_ONLY_PATH } });
    cookie = await signIn(server.url, 'drafter@example.org');
    id = (await api<{ id: string }>(server.url, cookie, 'POST', '/api/documents', { title: 'Bəyanat', kind: 'statement', language: 'az' })).body.id;
    await writeBody(server.url, id, cookie, {
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            text('Tərəflər '),
            text('davamlı', { type: 'suggestionDelete', attrs: byRustam }),
            text('möhkəm', { type: 'suggestionInsert', attrs: byRustam }),
            text(' sülhü dəstəkləyir.'),
            text(' Yeni cümlə.', { type: 'suggestionInsert', attrs: byAigerim }),
          ],
        },
      ],
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('the DOCX carries them as w:ins and w:del with their authors and dates', async () => {
    const res = await fetch(`${server.url}/api/documents/${id}/export.docx`, { headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    const xml = unzip(Buffer.from(await res.arrayBuffer()))
      .get('word/document.xml')!
      .toString('utf8');
    expect(xml).toMatch(/<w:del [^>]*w:author="Rustam Karimov"[^>]*w:date="2026-12-06T10:00:00.000Z"[^>]*>.*?<w:delText[^>]*>davamlı<\/w:delText>/s);
    expect(xml).toMatch(/<w:ins [^>]*w:author="Rustam Karimov"[^>]*>.*?<w:t[^>]*>möhkəm<\/w:t>/s);
    expect(xml).toMatch(/<w:ins [^>]*w:author="Aigerim Bekova"[^>]*>.*?<w:t[^>]*> Yeni cümlə.<\/w:t>/s);
  });

  it('the DOCX carries a proposed paragraph break and join as tracked paragraph marks (w:pPr/w:rPr/w:ins, w:del), without LibreOffice', async () => {
    const split = { type: 'split', id: 's-split', authorId: 'u-rustam', authorName: 'Rustam Karimov', createdAt: '2026-12-06T11:00:00.000Z' };
    const join = { type: 'join', id: 's-join', authorId: 'u-aigerim', authorName: 'Aigerim Bekova', createdAt: '2026-12-06T11:30:00.000Z' };
    const doc = (await api<{ id: string }>(server.url, cookie, 'POST', '/api/documents', { title: 'Paragraflar', kind: 'statement', language: 'az' })).body.id;
    await writeBody(server.url, doc, cookie, {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [text('Birinci bənd bitir.')] },
        // A break proposed before this paragraph: the paragraph mark of the one above is inserted.
        { type: 'paragraph', attrs: { suggestion: split }, content: [text('İkinci bənd başlayır.')] },
        { type: 'heading', attrs: { level: 2 }, content: [text('Əməkdaşlıq')] },
        // A join of this paragraph onto the heading: the heading's paragraph mark is deleted.
        { type: 'paragraph', attrs: { suggestion: join }, content: [text('Üçüncü bənd.')] },
        { type: 'paragraph', content: [text('Sonuncu bənd.')] },
      ],
    });
    const res = await fetch(`${server.url}/api/documents/${doc}/export.docx`, { headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    const xml = unzip(Buffer.from(await res.arrayBuffer()))
      .get('word/document.xml')!
      .toString('utf8');
    const paragraph = (words: string) => xml.match(new RegExp(`<w:p>(?:(?!</w:p>).)*?${words}(?:(?!</w:p>).)*?</w:p>`, 's'))?.[0] ?? '';
    expect(paragraph('Birinci bənd bitir.')).toMatch(
      /^<w:p><w:pPr>(?:(?!<\/w:pPr>).)*<w:rPr><w:ins w:id="\d+" w:author="Rustam Karimov" w:date="2026-12-06T11:00:00.000Z"\/><\/w:rPr><\/w:pPr>/s,
    );
    expect(paragraph('Əməkdaşlıq')).toMatch(
      /^<w:p><w:pPr><w:pStyle w:val="Heading2"\/>(?:(?!<\/w:pPr>).)*<w:rPr><w:del w:id="\d+" w:author="Aigerim Bekova" w:date="2026-12-06T11:30:00.000Z"\/><\/w:rPr><\/w:pPr>/s,
    );
    // Only the marks proposed: the other paragraphs end as they are.
    for (const words of ['İkinci bənd başlayır.', 'Üçüncü bənd.', 'Sonuncu bənd.']) expect(paragraph(words)).not.toMatch(/<w:pPr>.*<w:(ins|del) /s);
    // Revision ids are unique in the file (Word drops a document with duplicates).
    const ids = [...xml.matchAll(/<w:(?:ins|del) w:id="(\d+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.skipIf(!hasPoppler() && process.env.CI !== 'true')('the PDF prints the text with every suggestion rejected, and says how many are open', async () => {
    const res = await fetch(`${server.url}/api/documents/${id}/export.pdf`, { headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    const printed = (await pdfText(new Uint8Array(await res.arrayBuffer()))).replace(/\s+/g, ' ');
    expect(printed).toContain('2 suggestions are open in this draft; it is printed without them.');
    expect(printed).toContain('Tərəflər davamlı sülhü dəstəkləyir.');
    expect(printed).not.toContain('möhkəm');
    expect(printed).not.toContain('Yeni cümlə');
  });
});
