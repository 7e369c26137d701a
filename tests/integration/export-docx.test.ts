import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportLabels, fillLabel } from '@/lib/text/export-labels';
import { LANGUAGE_FIXTURES, fixtureBody } from '@/tests/fixtures/languages';
import { writeBody } from '@/tests/helpers/content';
import { fontCodePoints, unzip } from '@/tests/helpers/files';
import { startServer, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';
import { formatDatelineDate } from '@/lib/text/dates';

type Audit = { action: string; contentHash: string | null; detail: Record<string, unknown> };
const ORG = 'Ministry of Foreign Affairs';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

describe('DOCX export', () => {
  let server: TestServer;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    server = await startServer({ env: { ORG_NAME: ORG } });
    for (const role of ['drafter', 'viewer', 'admin']) cookies[role] = await signIn(server.url, `${role}@example.org`);
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function download(role: string, id: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
    const res = await fetch(`${server.url}/api/documents/${id}/export.docx`, { headers: { Cookie: cookies[role]! } });
    return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
  }

  const lastExport = async (id: string) => (await api<Audit[]>(server.url, cookies.admin!, 'GET', `/api/documents/${id}/audit`)).body.at(-1)!;
  const verificationLines = (language: string, hash: string, head: string) => {
    const labels = exportLabels(language);
    return [
      fillLabel(labels.code, { code: hash.slice(0, 12) }),
      fillLabel(labels.contentHash, { hash }),
      fillLabel(labels.verifyAt, { url: `${server.url}/verify/${hash}` }),
      fillLabel(labels.auditHead, { hash: head }),
    ];
  };

  for (const fixture of LANGUAGE_FIXTURES) {
    it(`a ${fixture.language} statement reads back with exactly its text, real headings and real lists`, async () => {
      const created = await api<{ id: string }>(server.url, cookies.drafter!, 'POST', '/api/documents', {
        title: fixture.title,
        kind: 'declaration',
        language: fixture.language,
        dateline: { place: fixture.place, date: '2022-01-11' },
      });
      const id = created.body.id;
      await writeBody(server.url, id, cookies.drafter!, fixtureBody(fixture));

      const file = await download('drafter', id);
      expect(file.status).toBe(200);
      expect(file.type).toBe(DOCX);

      const dateline = formatDatelineDate('2022-01-11', fixture.language);
      const [first, second] = fixture.paragraphs;
      const expected = [
        ORG,
        exportLabels(fixture.language).kinds.declaration.toLocaleUpperCase(fixture.language),
        fixture.title,
        `${fixture.place}, ${dateline}`,
        first,
        fixture.heading,
        `${fixture.items.join(' ')} ${fixture.place}`,
        ...fixture.items,
        ...fixture.items,
        fixture.quote,
        second,
        // The verification block, once, after the text.
        ...verificationLines(fixture.language, (await lastExport(id)).contentHash!, (await lastExport(id)).detail.printedAuditHead as string),
      ];
      const raw = (await mammoth.extractRawText({ buffer: file.bytes })).value;
      expect(raw).toBe(expected.map((p) => `${p}\n\n`).join(''));

      const html = (await mammoth.convertToHtml({ buffer: file.bytes })).value;
      expect(html).toContain(`<h2>${fixture.heading}</h2>`);
      expect(html).toContain(`<ul>${fixture.items.map((i) => `<li>${i}</li>`).join('')}</ul>`);
      expect(html).toContain(`<ol>${fixture.items.map((i) => `<li>${i}</li>`).join('')}</ol>`);
      expect(html).toContain(`<strong>${fixture.items[0]}</strong>`);
      expect(html).toContain(`<em>${fixture.items[1]}</em>`);
      expect(html).toContain(`<s>${fixture.place}</s>`);
    });
  }

  it('is authorised like the PDF and audited with its format', async () => {
    const created = await api<{ id: string }>(server.url, cookies.drafter!, 'POST', '/api/documents', { title: 'Draft', kind: 'statement', language: 'en' });
    const id = created.body.id;
    expect((await download('viewer', id)).status).toBe(403);
    expect((await download('drafter', id)).status).toBe(200);
    const audit = (await api<Audit[]>(server.url, cookies.admin!, 'GET', `/api/documents/${id}/audit`)).body;
    expect(audit.at(-1)).toMatchObject({ action: 'export', detail: { format: 'docx', state: 'draft' } });
  });

  it('embeds the Noto fonts as subsets: real TrueType faces, a fraction of the full files, named as the text uses them', async () => {
    const fixture = LANGUAGE_FIXTURES.find((f) => f.language === 'kk')!;
    const created = await api<{ id: string }>(server.url, cookies.drafter!, 'POST', '/api/documents', {
      title: fixture.title,
      kind: 'statement',
      language: 'kk',
    });
    await writeBody(server.url, created.body.id, cookies.drafter!, fixtureBody(fixture));
    const file = await download('drafter', created.body.id);
    expect(file.status).toBe(200);
    const faces = embeddedFaces(file.bytes);
    expect(faces.map((f) => `${f.family} ${f.face}`).sort()).toEqual([
      'Noto Sans Bold',
      'Noto Sans Regular',
      'Noto Serif Bold',
      'Noto Serif BoldItalic',
      'Noto Serif Italic',
      'Noto Serif Regular',
    ]);
    for (const face of faces) {
      expect(face.bytes.readUInt32BE(0), `${face.family} ${face.face} is a TrueType font`).toBe(0x00010000);
      expect(face.bytes.length).toBeLessThan(100 * 1024); // the full faces are 0.5–0.63 MB
      expect(face.bytes.includes(Buffer.from(face.family, 'utf16le').swap16())).toBe(true); // its name table names the family
    }
    expect(file.bytes.length).toBeLessThan(200 * 1024);
  });

  it('DOCX footers carry no hash: the page number and classification only; the verification block follows the text once', async () => {
    const created = await api<{ id: string }>(server.url, cookies.drafter!, 'POST', '/api/documents', { title: 'Footers', kind: 'statement', language: 'en' });
    const id = created.body.id;
    await writeBody(server.url, id, cookies.drafter!, {
      type: 'doc',
      content: Array.from({ length: 40 }, (_, i) => ({
        type: 'paragraph',
        content: [{ type: 'text', text: `Paragraph ${i + 1} of a text that runs over pages.` }],
      })),
    });
    const file = await download('drafter', id);
    expect(file.status).toBe(200);
    const exported = await lastExport(id);
    const hash = exported.contentHash!;
    const zip = unzip(file.bytes);
    const footers = [...zip.keys()].filter((name) => /^word\/footer\d*\.xml$/.test(name));
    expect(footers.length).toBeGreaterThan(0);
    for (const name of footers) {
      const text = runText(zip.get(name)!.toString('utf8'));
      // The page numbers are fields (instrText), not run text.
      expect(text, name).toBe('DRAFT — NOT FOR RELEASE · Page  of ');
      expect(/[0-9a-f]{12}/.test(zip.get(name)!.toString('utf8')), `${name} carries a hash`).toBe(false);
    }
    const document = zip.get('word/document.xml')!.toString('utf8');
    const paragraphs = document.split('</w:p>').map(runText);
    const block = verificationLines('en', hash, exported.detail.printedAuditHead as string);
    // The four lines close the document, after the last paragraph of the text; the hash appears nowhere else.
    expect(paragraphs.filter((p) => p !== '').slice(-5)).toEqual(['Paragraph 40 of a text that runs over pages.', ...block]);
    expect(document.split(hash).length - 1).toBe(2); // the hash line and the link's text (the link target is in the relationships)
    expect(zip.get('word/_rels/document.xml.rels')!.toString('utf8')).toContain(`Target="${server.url}/verify/${hash}"`);
  });

  it('the embedded font subsets cover every character the file prints, generated labels included (U+00B7 in the footer)', async () => {
    const fixture = LANGUAGE_FIXTURES.find((f) => f.language === 'az')!;
    const created = await api<{ id: string }>(server.url, cookies.drafter!, 'POST', '/api/documents', {
      title: fixture.title,
      kind: 'press_release',
      language: 'az',
      dateline: { place: fixture.place, date: '2022-01-11' },
    });
    await writeBody(server.url, created.body.id, cookies.drafter!, fixtureBody(fixture));
    const file = await download('drafter', created.body.id);
    expect(file.status).toBe(200);
    const zip = unzip(file.bytes);
    const printed = new Set<number>();
    for (const [name, data] of zip) {
      if (!/^word\/(document|header\d*|footer\d*)\.xml$/.test(name)) continue;
      for (const ch of runText(data.toString('utf8'))) printed.add(ch.codePointAt(0)!);
    }
    expect(printed.has(0xb7)).toBe(true); // the footer's "·"
    expect(printed.has(0x259)).toBe(true); // ə
    for (const face of embeddedFaces(file.bytes)) {
      const covered = fontCodePoints(face.bytes);
      const missing = [...printed].filter((cp) => !covered.has(cp)).map((cp) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`);
      expect(missing, `${face.family} ${face.face}`).toEqual([]);
    }
  });
});

/** The text of every run (`w:t`) in a piece of WordprocessingML, joined, entities decoded. */
function runText(xml: string): string {
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
    .map((m) => m[1]!)
    .join('')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The fonts embedded in a DOCX, de-obfuscated: family, face (Regular, Bold, …) and the TrueType bytes. */
function embeddedFaces(docx: Buffer): { family: string; face: string; bytes: Buffer }[] {
  const zip = unzip(docx);
  const table = zip.get('word/fontTable.xml')!.toString('utf8');
  const rels = zip.get('word/_rels/fontTable.xml.rels')!.toString('utf8');
  const target = (id: string) => new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1];
  const faces: { family: string; face: string; bytes: Buffer }[] = [];
  for (const font of table.matchAll(/<w:font w:name="([^"]+)">([\s\S]*?)<\/w:font>/g)) {
    for (const embed of font[2]!.matchAll(/<w:embed(\w+) r:id="(\w+)" w:fontKey="\{([0-9A-F-]+)\}"\/>/g)) {
      // ECMA-376 part 2 obfuscation: the first 32 bytes XOR the GUID's bytes, last first.
      const key = Buffer.from(embed[3]!.replace(/-/g, ''), 'hex').reverse();
      const bytes = Buffer.from(zip.get(`word/${target(embed[2]!)}`)!);
      for (let i = 0; i < 32; i++) bytes[i]! ^= key[i % 16]!;
      faces.push({ family: font[1]!, face: embed[1]!, bytes });
    }
  }
  return faces;
}
