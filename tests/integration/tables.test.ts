import { getSchema } from '@tiptap/core';
import { Node as PMNode } from '@tiptap/pm/model';
import { updateYFragment, yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalContentJson } from '@/lib/editor/content';
import { documentExtensions } from '@/lib/editor/extensions';
import { createDocument } from '@/tests/factories/documents';
import { connectClient, waitSynced, type CollabClient } from '@/tests/helpers/collab';
import { writeBody } from '@/tests/helpers/content';
import { docxEntries, unzip, zip } from '@/tests/helpers/files';
import { hasPoppler, pdfFonts, pdfText } from '@/tests/helpers/pdf';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

/**
 * Tables end to end (issue 22), through the real server: imports (Markdown pipes, Word
 * tables) become table nodes read back by a real y-websocket client; two clients co-edit a
 * cell; the canonical hash follows the cells; the diff names the changed cell; the PDF
 * (pdftotext, pdffonts) and the DOCX (w:tbl in document.xml) carry the cells' text in
 * Azerbaijani and Kazakh letters.
 */

type Node = { type: string; text?: string; attrs?: Record<string, unknown>; content?: Node[] };
type Imported = { id: string; title: string; warnings: string[] };
type Version = { id: string; contentHash: string };
type Diff = { changes: { op: string; text: string; cell?: { row: number; column: number; header?: boolean }; authors: { name: string }[] }[] };

const schema = getSchema(documentExtensions());
const suitePdf = hasPoppler() || process.env.CI === 'true' ? it : it.skip;

const cell = (type: 'tableHeader' | 'tableCell', text: string, attrs?: Record<string, unknown>): Node => ({
  type,
  ...(attrs ? { attrs } : {}),
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});
const signatories = (capital = 'Астана'): Node => ({
  type: 'doc',
  content: [
    { type: 'paragraph', content: [{ type: 'text', text: 'İmzalayan dövlətlər:' }] },
    {
      type: 'table',
      content: [
        { type: 'tableRow', content: [cell('tableHeader', 'Ölkə'), cell('tableHeader', 'Paytaxt'), cell('tableHeader', 'Nümayəndə')] },
        { type: 'tableRow', content: [cell('tableCell', 'Azərbaycan'), cell('tableCell', 'Bakı'), cell('tableCell', 'Əliyeva Gülşən')] },
        { type: 'tableRow', content: [cell('tableCell', 'Қазақстан'), cell('tableCell', capital), cell('tableCell', 'Әлиханов Ұлан')] },
        { type: 'tableRow', content: [cell('tableCell', 'Birgə bəyanat qəbul edildi', { colspan: 3, rowspan: 1 })] },
      ],
    },
  ],
});

/** Every text of a node, in order. */
const texts = (node: Node): string[] => (node.text !== undefined ? [node.text] : (node.content ?? []).flatMap(texts));
/** The rows of the first table of a body, as the texts of their cells. */
function firstTable(body: Node): { types: string[][]; cells: string[][] } {
  const find = (n: Node): Node | undefined => (n.type === 'table' ? n : (n.content ?? []).map(find).find(Boolean));
  const table = find(body);
  if (!table) throw new Error(`no table in ${JSON.stringify(body).slice(0, 400)}`);
  return {
    types: table.content!.map((row) => row.content!.map((c) => c.type)),
    cells: table.content!.map((row) => row.content!.map((c) => texts(c).join(' '))),
  };
}

describe('tables end to end', () => {
  let server: TestServer;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    server = await startServer();
    for (const role of ['drafter', 'reviewer', 'viewer']) cookies[role] = await signIn(server.url, `${role}@example.org`);
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function upload(name: string, content: string | Uint8Array, fields: Record<string, string> = {}): Promise<{ status: number; body: Imported }> {
    const form = new FormData();
    form.set('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), name);
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    const res = await fetch(`${server.url}/api/documents/import`, { method: 'POST', headers: { Cookie: cookies.drafter! }, body: form });
    return { status: res.status, body: (await res.json()) as Imported };
  }

  /** The body as every client sees it, read by a real y-websocket client. */
  async function bodyOf(id: string): Promise<Node> {
    const client = connectClient(server.url, id, cookies.viewer!);
    try {
      await waitSynced(client);
      return JSON.parse(canonicalContentJson(yXmlFragmentToProsemirrorJSON(client.ydoc.getXmlFragment('default')))) as Node;
    } finally {
      client.destroy();
    }
  }

  async function download(id: string, format: 'pdf' | 'docx'): Promise<Buffer> {
    const res = await fetch(`${server.url}/api/documents/${id}/export.${format}`, { headers: { Cookie: cookies.drafter! } });
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  }

  it('a Markdown pipe table becomes table nodes (header cells, alignment), not "| a | b |" text, with no warning', async () => {
    const markdown = ['# Paytaxtlar', '', '| Ölkə | Paytaxt |', '| --- | ---: |', '| Azərbaycan | Bakı |', '| Қазақстан | Астана |', '', 'Son.'].join('\n');
    const res = await upload('paytaxtlar.md', markdown, { language: 'az' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.warnings).toEqual([]);
    const body = await bodyOf(res.body.id);
    expect(JSON.stringify(body)).not.toContain('|');
    expect(firstTable(body)).toEqual({
      types: [
        ['tableHeader', 'tableHeader'],
        ['tableCell', 'tableCell'],
        ['tableCell', 'tableCell'],
      ],
      cells: [
        ['Ölkə', 'Paytaxt'],
        ['Azərbaycan', 'Bakı'],
        ['Қазақстан', 'Астана'],
      ],
    });
    const rightColumn = body.content!.find((n) => n.type === 'table')!.content![1]!.content![1]!.content![0]!;
    expect(rightColumn.attrs).toEqual({ textAlign: 'right' });
  });

  it('a Word table (header row, merged cells) becomes table nodes, and says what it left out', async () => {
    const w = (text: string, props = '') => `<w:tc><w:tcPr>${props}</w:tcPr><w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p></w:tc>`;
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' +
      '<w:p><w:r><w:t>Proqram</w:t></w:r></w:p>' +
      '<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/></w:tblPr><w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/></w:tblGrid>' +
      `<w:tr><w:trPr><w:tblHeader/></w:trPr>${w('Tarix')}${w('Tədbir')}${w('Yer')}</w:tr>` +
      `<w:tr>${w('12 may', '<w:vMerge w:val="restart"/>')}${w('Açılış')}${w('Şəki')}</w:tr>` +
      `<w:tr>${w('', '<w:vMerge/>')}${w('Қорытынды отырыс', '<w:gridSpan w:val="2"/>')}</w:tr>` +
      '</w:tbl><w:p><w:r><w:t>Son.</w:t></w:r></w:p></w:body></w:document>';
    const docx = zip(docxEntries({ name: 'word/document.xml', data: Buffer.from(xml, 'utf8') }));
    const res = await upload('proqram.docx', docx, { language: 'az', title: 'Proqram' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.warnings).toContain('Tables kept their cells, merged cells and header rows; their column widths, borders and shading were left out.');
    const body = await bodyOf(res.body.id);
    expect(firstTable(body)).toEqual({
      types: [['tableHeader', 'tableHeader', 'tableHeader'], ['tableCell', 'tableCell', 'tableCell'], ['tableCell']],
      cells: [['Tarix', 'Tədbir', 'Yer'], ['12 may', 'Açılış', 'Şəki'], ['Қорытынды отырыс']],
    });
    const rows = body.content!.find((n) => n.type === 'table')!.content!;
    expect(rows[1]!.content![0]!.attrs).toMatchObject({ rowspan: 2, colspan: 1 });
    expect(rows[2]!.content![0]!.attrs).toMatchObject({ colspan: 2, rowspan: 1 });
  });

  it('two editors co-edit a cell; the canonical hash follows the cell; the diff names the cell and its editor', async () => {
    const id = await createDocument(server.url, cookies.drafter!, { title: 'İmzalayanlar', language: 'az' });
    await writeBody(server.url, id, cookies.drafter!, signatories());
    const v1 = (await api<Version>(server.url, cookies.drafter!, 'POST', `/api/documents/${id}/versions`, { label: 'Birinci' })).body;

    const alice: CollabClient = connectClient(server.url, id, cookies.drafter!);
    const bob: CollabClient = connectClient(server.url, id, cookies.reviewer!);
    try {
      await Promise.all([waitSynced(alice), waitSynced(bob)]);
      // Bob, the reviewer, changes one cell as the editor does: y-tiptap's minimal update of his copy.
      const edited = PMNode.fromJSON(schema, signatories('Astana (Ақмола)'));
      bob.ydoc.transact(() => updateYFragment(bob.ydoc, bob.ydoc.getXmlFragment('default'), edited, { mapping: new Map(), isOMark: new Map() }));
      await waitFor(
        () => JSON.stringify(yXmlFragmentToProsemirrorJSON(alice.ydoc.getXmlFragment('default'))).includes('Astana (Ақмола)'),
        'the cell edit to reach Alice',
        15_000,
      );
    } finally {
      alice.destroy();
      bob.destroy();
    }
    const body = await bodyOf(id);
    expect(firstTable(body).cells[2]).toEqual(['Қазақстан', 'Astana (Ақмола)', 'Әлиханов Ұлан']);
    const v2 = (await api<Version>(server.url, cookies.drafter!, 'POST', `/api/documents/${id}/versions`, { label: 'İkinci' })).body;
    expect(v2.contentHash).not.toBe(v1.contentHash);
    expect(v2.contentHash).toMatch(/^[0-9a-f]{64}$/);

    const diff = (await api<Diff>(server.url, cookies.drafter!, 'GET', `/api/documents/${id}/diff?from=${v1.id}&to=${v2.id}`)).body;
    expect(diff.changes.length).toBeGreaterThan(0);
    for (const change of diff.changes) expect(change.cell).toEqual({ row: 3, column: 2 });
    expect(diff.changes.map((c) => c.text).join(' ')).toContain('Ақмола');
    expect(new Set(diff.changes.flatMap((c) => c.authors.map((a) => a.name)))).toEqual(new Set(['Rustam Karimov']));
  });

  suitePdf('the PDF prints the cells (Azerbaijani and Kazakh letters) with every font embedded', async () => {
    const id = await createDocument(server.url, cookies.drafter!, { title: 'Cədvəl — Кесте', language: 'az' });
    await writeBody(server.url, id, cookies.drafter!, signatories());
    const pdf = await download(id, 'pdf');
    const text = await pdfText(pdf);
    for (const piece of [
      'Ölkə',
      'Paytaxt',
      'Nümayəndə',
      'Azərbaycan',
      'Bakı',
      'Əliyeva Gülşən',
      'Қазақстан',
      'Астана',
      'Әлиханов Ұлан',
      'Birgə bəyanat qəbul edildi',
    ])
      expect(text).toContain(piece);
    // One row per line: the cells of a row stand side by side, in order.
    expect(text).toMatch(/Azərbaycan\s+Bakı\s+Əliyeva Gülşən/);
    expect(text).toMatch(/Қазақстан\s+Астана\s+Әлиханов Ұлан/);
    const fonts = await pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) expect(font, font.name).toMatchObject({ embedded: true, unicode: true });
  });

  it('the DOCX holds a real Word table (w:tbl, header row, merged cells) with the cells’ text', async () => {
    const id = await createDocument(server.url, cookies.drafter!, { title: 'Cədvəl', language: 'kk' });
    await writeBody(server.url, id, cookies.drafter!, signatories());
    const docx = await download(id, 'docx');
    const document = unzip(docx).get('word/document.xml')!.toString('utf8');
    const tables = document.match(/<w:tbl>[\s\S]*?<\/w:tbl>/g) ?? [];
    expect(tables).toHaveLength(1);
    const rows = tables[0]!.match(/<w:tr>[\s\S]*?<\/w:tr>/g)!;
    expect(rows).toHaveLength(4);
    expect(rows[0]).toContain('<w:tblHeader/>');
    const cellTexts = (row: string) =>
      (row.match(/<w:tc>[\s\S]*?<\/w:tc>/g) ?? []).map((tc) => [...tc.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''));
    expect(cellTexts(rows[1]!)).toEqual(['Azərbaycan', 'Bakı', 'Əliyeva Gülşən']);
    expect(cellTexts(rows[2]!)).toEqual(['Қазақстан', 'Астана', 'Әлиханов Ұлан']);
    expect(rows[3]).toContain('<w:gridSpan w:val="3"/>');
    expect(tables[0]).toMatch(/<w:tblGrid>(<w:gridCol w:w="\d+"\/>){3}<\/w:tblGrid>/);

    // And back: the exported file imports as the same table.
    const res = await upload('cedvel.docx', docx, { language: 'kk' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(firstTable(await bodyOf(res.body.id)).cells).toEqual([
      ['Ölkə', 'Paytaxt', 'Nümayəndə'],
      ['Azərbaycan', 'Bakı', 'Əliyeva Gülşən'],
      ['Қазақстан', 'Астана', 'Әлиханов Ұлан'],
      ['Birgə bəyanat qəbul edildi'],
    ]);
  });
});
