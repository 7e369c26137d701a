import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBody } from '@/tests/helpers/content';
import { unzip } from '@/tests/helpers/files';
import { hasPoppler, pdfText } from '@/tests/helpers/pdf';
import { startServer, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

const byRustam = { id: 's-rustam', authorId: 'u-rustam', authorName: 'Rustam Karimov', createdAt: '2026-12-06T10:00:00.000Z' };
const byAigerim = { id: 's-aigerim', authorId: 'u-aigerim', authorName: 'Aigerim Bekova', createdAt: '2026-12-06T10:05:00.000Z' };
const text = (t: string, ...marks: object[]) => ({ type: 'text', text: t, ...(marks.length ? { marks } : {}) });

/** Issue 21: open suggestions in exports: Word tracked changes in the DOCX, all rejected (and counted) in a draft's PDF. */
describe('exports of a draft with open suggestions', () => {
  let server: TestServer;
  let cookie: string;
  let id: string;

  beforeAll(async () => {
    server = await startServer();
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
