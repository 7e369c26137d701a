import http from 'node:http';
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalContentJson } from '@/lib/editor/content';
import { LANGUAGE_FIXTURES, fixtureBody } from '@/tests/fixtures/languages';
import { connectClient, waitSynced } from '@/tests/helpers/collab';
import { writeBody } from '@/tests/helpers/content';
import { startServer, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

type Imported = { id: string; title: string; warnings: string[]; error?: { code: string } };
type Doc = { title: string; kind: string; language: string; state: string };

describe('import of Markdown and DOCX', () => {
  let server: TestServer;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    server = await startServer();
    for (const role of ['drafter', 'viewer']) cookies[role] = await signIn(server.url, `${role}@example.org`);
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function upload(role: string, name: string, content: BlobPart, fields: Record<string, string> = {}): Promise<{ status: number; body: Imported }> {
    const form = new FormData();
    form.set('file', new Blob([content]), name);
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    const res = await fetch(`${server.url}/api/documents/import`, { method: 'POST', headers: { Cookie: cookies[role]! }, body: form });
    return { status: res.status, body: (await res.json()) as Imported };
  }

  /** The body as every client sees it, read by a real y-websocket client. */
  async function bodyOf(id: string): Promise<unknown> {
    const client = connectClient(server.url, id, cookies.viewer!);
    try {
      await waitSynced(client);
      return JSON.parse(canonicalContentJson(yXmlFragmentToProsemirrorJSON(client.ydoc.getXmlFragment('default'))));
    } finally {
      client.destroy();
    }
  }

  it('a Markdown file becomes a draft with its headings, marks, lists and quotes, through the collaboration path', async () => {
    const markdown = [
      '# Bəyanat: Qazaxıstan və Özbəkiston',
      '',
      'Birinci **qalın** və *kursiv*, ~~silinmiş~~ və [keçid](https://example.org/a) — «Сыртқы істер» oʻzbek.',
      '',
      '## Мәселелер',
      '',
      '- Ərzaq',
      '- Ғылым',
      '',
      '3. Üçüncü',
      '4. Dördüncü',
      '',
      '> Sülh — Бірлік',
      '',
      '![logo](https://example.org/logo.png)',
      '',
      '```',
      'code line',
      '```',
    ].join('\n');
    const res = await upload('drafter', 'beyanat.md', markdown, { language: 'az', kind: 'press_release' });
    expect(res.status).toBe(201);
    expect(res.body.title).toBe('Bəyanat: Qazaxıstan və Özbəkiston');
    expect(res.body.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^Images were left out/), 'Code blocks were kept as plain paragraphs.']));

    const meta = await api<Doc>(server.url, cookies.drafter!, 'GET', `/api/documents/${res.body.id}`);
    expect(meta.body).toMatchObject({ title: 'Bəyanat: Qazaxıstan və Özbəkiston', kind: 'press_release', language: 'az', state: 'draft' });

    const text = (t: string, marks?: string[], attrs?: object) => ({
      type: 'text',
      text: t,
      ...(marks ? { marks: marks.map((m) => (attrs && m === 'link' ? { type: m, attrs } : { type: m })) } : {}),
    });
    // Paragraphs carry the editor's alignment attribute, unset for imported text.
    const p = (...content: object[]) => ({ type: 'paragraph', content });
    const body = (await bodyOf(res.body.id)) as { content: object[] };
    // The H1 became the title and left the body: the title does not appear twice.
    expect(JSON.stringify(body)).not.toContain('Bəyanat: Qazaxıstan');
    expect(body.content[0]).toMatchObject(
      p(
        text('Birinci '),
        text('qalın', ['bold']),
        text(' və '),
        text('kursiv', ['italic']),
        text(', '),
        text('silinmiş', ['strike']),
        text(' və '),
        { type: 'text', text: 'keçid', marks: [{ type: 'link', attrs: { href: 'https://example.org/a' } }] },
        text(' — «Сыртқы істер» oʻzbek.'),
      ),
    );
    expect(body.content[1]).toMatchObject({ type: 'heading', attrs: { level: 2 }, content: [text('Мәселелер')] });
    expect(body.content[2]).toEqual({
      type: 'bulletList',
      content: [
        { type: 'listItem', content: [p(text('Ərzaq'))] },
        { type: 'listItem', content: [p(text('Ғылым'))] },
      ],
    });
    expect(body.content[3]).toMatchObject({
      type: 'orderedList',
      attrs: { start: 3 },
      content: [
        { type: 'listItem', content: [p(text('Üçüncü'))] },
        { type: 'listItem', content: [p(text('Dördüncü'))] },
      ],
    });
    expect(body.content[4]).toEqual({ type: 'blockquote', content: [p(text('Sülh — Бірлік'))] });
    expect(body.content[5]).toEqual(p(text('code line')));
    expect(body.content).toHaveLength(6);
  });

  it('a DOCX exported by Communiqué comes back with the same body text, headings, lists and quote', async () => {
    const fixture = LANGUAGE_FIXTURES.find((f) => f.language === 'kk')!;
    const created = await api<{ id: string }>(server.url, cookies.drafter!, 'POST', '/api/documents', {
      title: fixture.title,
      kind: 'statement',
      language: 'kk',
    });
    await writeBody(server.url, created.body.id, cookies.drafter!, fixtureBody(fixture));
    const docx = await (await fetch(`${server.url}/api/documents/${created.body.id}/export.docx`, { headers: { Cookie: cookies.drafter! } })).arrayBuffer();

    const res = await upload('drafter', 'export.docx', docx, { language: 'kk' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.title).toBe(fixture.title); // Word's Title style is the first heading
    const body = (await bodyOf(res.body.id)) as { content: { type: string; attrs?: { level?: number }; content?: unknown[] }[] };
    const types = body.content.map((n) => (n.type === 'heading' ? `h${n.attrs!.level}` : n.type));
    // Letterhead, kind and dateline lead the export (the title, Word's Title style, left the body); then the body as written.
    expect(types).toEqual(['paragraph', 'paragraph', 'paragraph', 'h2', 'paragraph', 'bulletList', 'orderedList', 'blockquote', 'paragraph']);
    const plain = JSON.stringify(body);
    for (const piece of [...fixture.paragraphs, fixture.heading, ...fixture.items, fixture.quote]) expect(plain).toContain(JSON.stringify(piece).slice(1, -1));
    expect(body.content[4]).toMatchObject({
      content: [
        { text: fixture.items[0], marks: [{ type: 'bold' }] },
        { text: ' ' },
        { text: fixture.items[1], marks: [{ type: 'italic' }] },
        { text: ' ' },
        { text: fixture.items[2], marks: [{ type: 'underline' }] },
        { text: ' ' },
        { text: fixture.place, marks: [{ type: 'strike' }] },
      ],
    });
  });

  it('a title given with the file leaves the first heading in the body', async () => {
    const res = await upload('drafter', 'titled.md', '# Bəyanat\n\nMətn.\n', { title: 'Given title' });
    expect(res.status).toBe(201);
    expect(res.body.title).toBe('Given title');
    const body = (await bodyOf(res.body.id)) as { content: { type: string }[] };
    expect(body.content.map((n) => n.type)).toEqual(['heading', 'paragraph']);
  });

  it('refuses a viewer (403), a missing file or other type (400) and an unknown kind (422)', async () => {
    expect((await upload('viewer', 'a.md', '# x')).status).toBe(403);
    const form = new FormData();
    form.set('title', 'no file');
    const noFile = await fetch(`${server.url}/api/documents/import`, { method: 'POST', headers: { Cookie: cookies.drafter! }, body: form });
    expect(noFile.status).toBe(400);
    expect((await upload('drafter', 'a.pdf', '%PDF-1.7')).status).toBe(400);
    expect((await upload('drafter', 'a.md', '# x', { kind: 'memo' })).status).toBe(422);
    expect((await upload('drafter', 'broken.docx', 'not a zip')).status).toBe(422);
    expect((await fetch(`${server.url}/api/documents/import`, { method: 'POST', body: new FormData() })).status).toBe(401);
  });

  it('a file one byte over 10 MB is refused with 413 and a sentence', async () => {
    const res = await upload('drafter', 'big.md', new Uint8Array(10 * 1024 * 1024 + 1).fill(0x61));
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'too_large', message: expect.stringContaining('10 MB') });
  });

  it('an upload past the limit is answered with 413 while it is still being sent: the server stops reading at the limit', async () => {
    // The request never ends (chunked, no Content-Length): only a server that stops reading
    // at the limit can answer it; one that reads the whole body first never would.
    const boundary = 'communique-limit-test';
    const req = http.request(`${server.url}/api/documents/import`, {
      method: 'POST',
      headers: { Cookie: cookies.drafter!, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Transfer-Encoding': 'chunked' },
    });
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      req.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
    });
    try {
      req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="endless.md"\r\nContent-Type: text/markdown\r\n\r\n`);
      for (let i = 0; i < 11; i++) req.write(Buffer.alloc(1024 * 1024, 0x61)); // 11 MiB, past 10 MB and the form's allowance
      const res = await answer;
      expect(res.status).toBe(413);
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'too_large', message: expect.stringContaining('10 MB') } });
    } finally {
      req.destroy();
    }
  });
});
