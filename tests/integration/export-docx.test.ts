import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportLabels } from '../../lib/text/export-labels';
import { LANGUAGE_FIXTURES, fixtureBody } from '../fixtures/languages';
import { writeBody } from '../helpers/content';
import { unzip } from '../helpers/files';
import { startServer, type TestServer } from '../helpers/server';
import { api, signIn } from '../helpers/session';
import { formatDatelineDate } from '../../lib/text/dates';

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
    const zip = unzip(file.bytes);
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
});
