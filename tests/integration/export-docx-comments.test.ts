import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ThreadView } from '@/lib/comments/threads';
import { documentIn, type RoleCookies } from '@/tests/factories/documents';
import { unzip } from '@/tests/helpers/files';
import { startServer, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

type Audit = { action: string; detail: Record<string, unknown> };

const decode = (xml: string) =>
  xml
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The text of the document.xml between a comment's range markers (paragraph ends as "\n"). */
function passageOf(documentXml: string, id: string): string | null {
  const start = documentXml.indexOf(`<w:commentRangeStart w:id="${id}"/>`);
  const end = documentXml.indexOf(`<w:commentRangeEnd w:id="${id}"/>`);
  if (start < 0 || end < start) return null;
  const between = documentXml.slice(start, end);
  return [...between.matchAll(/<\/w:p>|<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => (m[0] === '</w:p>' ? '\n' : decode(m[1]!))).join('');
}

/** Each Word comment's id → its author, their initials and the text (word/comments.xml). */
function wordComments(xml: string): Map<string, { author: string; initials: string; text: string }> {
  const out = new Map<string, { author: string; initials: string; text: string }>();
  for (const m of xml.matchAll(/<w:comment ([^>]*)>([\s\S]*?)<\/w:comment>/g)) {
    const id = /w:id="(\d+)"/.exec(m[1]!)![1]!;
    const author = decode(/w:author="([^"]*)"/.exec(m[1]!)?.[1] ?? '');
    const initials = decode(/w:initials="([^"]*)"/.exec(m[1]!)?.[1] ?? '');
    const text = [...m[2]!.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => decode(t[1]!)).join('');
    out.set(id, { author, initials, text });
  }
  return out;
}

describe('DOCX export with comments (issue 20)', () => {
  let server: TestServer;
  const cookies: RoleCookies = {};

  beforeAll(async () => {
    server = await startServer();
    for (const role of ['drafter', 'reviewer', 'approver', 'admin', 'viewer'] as const) cookies[role] = await signIn(server.url, `${role}@example.org`);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const download = async (id: string, query = '') => {
    const res = await fetch(`${server.url}/api/documents/${id}/export.docx${query}`, { headers: { Cookie: cookies.reviewer! } });
    return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
  };

  it('writes the open threads as Word comments on their passages, replies threaded; the plain DOCX has none', async () => {
    const id = await documentIn(server.url, cookies, 'in_review', {
      paragraphs: ['Opening words of the statement.', 'The parties agreed to meet again in Baku.', 'Closing words with a second passage.'],
    });
    const post = async (exact: string, body: string) =>
      (await api<ThreadView>(server.url, cookies.reviewer!, 'POST', `/api/documents/${id}/threads`, { anchor: { exact }, body })).body;
    const one = await post('agreed to meet', 'Which date?');
    await api(server.url, cookies.drafter!, 'POST', `/api/documents/${id}/threads/${one.id}/comments`, { body: 'Monday & Tuesday <both>.' });
    const across = await post('Baku.\nClosing words', 'Across two paragraphs.');
    const resolved = await post('second passage', 'Resolved, so not exported.');
    await api(server.url, cookies.reviewer!, 'PATCH', `/api/documents/${id}/threads/${resolved.id}`, { resolved: true });
    expect(across.quote).toBe('Baku.\nClosing words');

    const file = await download(id, '?comments=1');
    expect(file.status).toBe(200);
    const zip = unzip(file.bytes);
    const documentXml = zip.get('word/document.xml')!.toString('utf8');
    const comments = wordComments(zip.get('word/comments.xml')!.toString('utf8'));
    const byText = (text: string) => [...comments].find(([, c]) => c.text === text)?.[0];

    expect([...comments.values()].map((c) => c.text).sort()).toEqual(['Across two paragraphs.', 'Monday & Tuesday <both>.', 'Which date?']);
    expect(comments.get(byText('Which date?')!)?.author).toBeTruthy();
    // Word's initials follow the badges' rule (lib/text/case.ts): first and last names.
    for (const c of comments.values()) {
      const names = c.author.split(/\s+/);
      expect(c.initials).toBe(`${names[0]![0]}${names.at(-1)![0]}`.toUpperCase());
    }
    expect(passageOf(documentXml, byText('Which date?')!)).toBe('agreed to meet');
    expect(passageOf(documentXml, byText('Monday & Tuesday <both>.')!)).toBe('agreed to meet');
    expect(passageOf(documentXml, byText('Across two paragraphs.')!)).toBe('Baku.\nClosing words');
    expect(documentXml).toContain(`<w:commentReference w:id="${byText('Which date?')}"/>`);
    // The reply is threaded to the first comment (commentsExtended.xml names its parent).
    expect(zip.get('word/commentsExtended.xml')?.toString('utf8')).toContain('w15:paraIdParent');
    // The text itself reads as before.
    const text = documentXml.replace(/<[^>]+>/g, '');
    expect(text).toContain('The parties agreed to meet again in Baku.');

    const plain = unzip((await download(id)).bytes);
    expect(plain.has('word/comments.xml')).toBe(false);
    expect(plain.get('word/document.xml')!.toString('utf8')).not.toContain('commentRangeStart');

    const audit = (await api<Audit[]>(server.url, cookies.admin!, 'GET', `/api/documents/${id}/audit`)).body.filter((e) => e.action === 'export');
    expect(audit.map((e) => e.detail.comments)).toEqual([2, undefined]);
  });

  it('prints no comments in a PDF, refuses them with a version (400), and keeps a restricted document’s threads out of reach', async () => {
    const id = await documentIn(server.url, cookies, 'draft', { paragraphs: ['Only text.'] });
    const pdf = await fetch(`${server.url}/api/documents/${id}/export.pdf?comments=1`, { headers: { Cookie: cookies.reviewer! } });
    expect(pdf.status).toBe(200); // the PDF ignores the option: it never prints comments
    const named = await api<{ id: string }>(server.url, cookies.drafter!, 'POST', `/api/documents/${id}/versions`, { label: 'v1' });
    expect(named.status).toBe(201);
    expect((await download(id, `?comments=1&version=${named.body.id}`)).status).toBe(400);
    expect((await download(id, `?version=${named.body.id}`)).status).toBe(200);
    await api(server.url, cookies.drafter!, 'PUT', `/api/documents/${id}/access`, { restricted: true, members: [] });
    expect((await download(id, '?comments=1')).status).toBe(404);
  });
});
