import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocument } from '@/tests/factories/documents';
import { LANGUAGE_FIXTURES, fixtureBody } from '@/tests/fixtures/languages';
import { writeBody } from '@/tests/helpers/content';
import { makePng, unzip } from '@/tests/helpers/files';
import { hasPoppler, missingInOrder, pdfImages, pdfText } from '@/tests/helpers/pdf';
import { startServer, type TestServer } from '@/tests/helpers/server';
import { signIn } from '@/tests/helpers/session';

const ORG = 'Xarici İşlər Nazirliyi — Ministry of Foreign Affairs';
const suite = hasPoppler() || process.env.CI === 'true' ? describe : describe.skip;
if (!hasPoppler() && process.env.CI !== 'true') console.warn('Letterhead tests skipped: install poppler-utils (pdfimages, pdftotext)');

type ErrorBody = { error?: { code: string; message: string } };

suite('the letterhead logo set by an admin', () => {
  let server: TestServer;
  const cookies: Record<string, string> = {};
  let documentId: string;

  async function upload(role: string | null, file: Buffer | null, name = 'logo.png', extra?: Record<string, string>) {
    const form = new FormData();
    if (file) form.append('file', new Blob([new Uint8Array(file)]), name);
    for (const [k, v] of Object.entries(extra ?? {})) form.append(k, v);
    const res = await fetch(`${server.url}/api/settings/logo`, { method: 'POST', body: form, headers: role ? { Cookie: cookies[role]! } : {} });
    return { status: res.status, body: (await res.json()) as ErrorBody & Record<string, unknown> };
  }
  const remove = async (role: string) => (await fetch(`${server.url}/api/settings/logo`, { method: 'DELETE', headers: { Cookie: cookies[role]! } })).status;
  async function exported(format: 'pdf' | 'docx'): Promise<Buffer> {
    const res = await fetch(`${server.url}/api/documents/${documentId}/export.${format}`, { headers: { Cookie: cookies.drafter! } });
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  }
  /** Audit entries about settings, read from the server's own database. */
  function settingsAudit(): { action: string; actor_id: string; detail: string }[] {
    const db = new Database(path.join(server.dataDir, 'communique.db'), { readonly: true, fileMustExist: true });
    try {
      return db.prepare("SELECT action, actor_id, detail FROM audit_log WHERE action LIKE 'settings.%' ORDER BY seq").all() as {
        action: string;
        actor_id: string;
        detail: string;
      }[];
    } finally {
      db.close();
    }
  }

  beforeAll(async () => {
    server = await startServer({ env: { ORG_NAME: ORG } });
    for (const role of ['admin', 'drafter', 'publisher']) cookies[role] = await signIn(server.url, `${role}@example.org`);
    const az = LANGUAGE_FIXTURES.find((f) => f.language === 'az')!;
    documentId = await createDocument(server.url, cookies.drafter!, { title: az.title, language: 'az' });
    await writeBody(server.url, documentId, cookies.drafter!, fixtureBody(az));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('a PNG logo uploaded by an admin is in the PDF letterhead and the DOCX header; the letterhead text stays exact; removing it takes it out', async () => {
    expect(await pdfImages(await exported('pdf'))).toEqual([]);

    const png = makePng(120, 40);
    const set = await upload('admin', png);
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ type: 'png', bytes: png.length, size: { width: 120, height: 40 } });

    const pdf = await exported('pdf');
    const images = await pdfImages(pdf);
    expect(images).toHaveLength(1);
    expect(images[0]).toMatchObject({ page: 1, width: 120, height: 40 });
    const az = LANGUAGE_FIXTURES.find((f) => f.language === 'az')!;
    expect(missingInOrder(await pdfText(pdf), [ORG, 'BƏYANAT', az.title, az.paragraphs[0]!])).toBeNull();

    const docx = unzip(await exported('docx'));
    const media = [...docx.keys()].filter((name) => name.startsWith('word/media/'));
    expect(media).toHaveLength(1);
    expect(docx.get(media[0]!)!.equals(png)).toBe(true);
    const header = [...docx.entries()].find(([name]) => /^word\/header\d*\.xml$/.test(name) && docx.get(name)!.includes('<pic:pic'));
    expect(header, 'a page header holding the picture').toBeDefined();

    const audit = settingsAudit();
    expect(audit.at(-1)).toMatchObject({ action: 'settings.logo.set' });
    expect(JSON.parse(audit.at(-1)!.detail)).toMatchObject({ type: 'png', bytes: png.length });

    expect(await remove('admin')).toBe(200);
    expect(await pdfImages(await exported('pdf'))).toEqual([]);
    expect([...unzip(await exported('docx')).keys()].some((name) => name.startsWith('word/media/'))).toBe(false);
    expect(settingsAudit().at(-1)).toMatchObject({ action: 'settings.logo.remove' });
  });

  it('an SVG logo is drawn in the PDF (as vectors) and embedded in the DOCX', async () => {
    const svg = Buffer.from(
      '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="90" height="30" viewBox="0 0 90 30"><rect width="90" height="30" fill="#1f4e8c"/><circle cx="15" cy="15" r="10" fill="#fff"/></svg>\n',
    );
    const set = await upload('admin', svg, 'logo.svg');
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ type: 'svg', size: { width: 90, height: 30 } });
    const withLogo = await exported('pdf');
    expect(missingInOrder(await pdfText(withLogo), [ORG, 'BƏYANAT'])).toBeNull();
    const docx = unzip(await exported('docx'));
    expect([...docx.keys()].filter((name) => name.startsWith('word/media/') && docx.get(name)!.equals(svg))).toHaveLength(1);
    expect(await remove('admin')).toBe(200);
    // The SVG was drawn into the page: the PDF with it is larger than the one without.
    expect(withLogo.length).toBeGreaterThan((await exported('pdf')).length);
  });

  it('only admins may set or remove the logo: 401 signed out, 403 for other roles, and the settings page is not found for them', async () => {
    const png = makePng(10, 10);
    expect((await upload(null, png)).status).toBe(401);
    for (const role of ['drafter', 'publisher']) {
      const res = await upload(role, png);
      expect(res.status).toBe(403);
      expect(res.body.error?.code).toBe('forbidden');
      expect(await remove(role)).toBe(403);
    }
    expect((await fetch(`${server.url}/admin/settings`, { headers: { Cookie: cookies.drafter! } })).status).toBe(404);
    const page = await fetch(`${server.url}/admin/settings`, { headers: { Cookie: cookies.admin! } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Letterhead logo');
    expect(await (await fetch(`${server.url}/documents`, { headers: { Cookie: cookies.admin! } })).text()).toContain('href="/admin/settings"');
  });

  it('refuses files that are not a usable PNG or SVG, with a code and a sentence: 400, 415, 413, 422', async () => {
    const expectError = (res: { status: number; body: ErrorBody }, status: number, code: string) => {
      expect(res.status).toBe(status);
      expect(res.body.error?.code).toBe(code);
      expect(res.body.error?.message).toMatch(/\w+ \w+/);
    };
    const setsBefore = settingsAudit().filter((e) => e.action === 'settings.logo.set').length;
    expectError(await upload('admin', null, 'x', { note: 'no file' }), 400, 'bad_request');
    // Named .png, but text: the bytes decide.
    expectError(await upload('admin', Buffer.from('just some text, not an image'), 'logo.png'), 415, 'unsupported_media_type');
    // A PNG signature and header with no image data after them: Typst cannot decode it.
    const broken = Buffer.concat([makePng(20, 20).subarray(0, 33), Buffer.from('garbage that is not an IDAT chunk')]);
    expectError(await upload('admin', broken, 'broken.png'), 415, 'unsupported_media_type');
    // One byte over 512 KB.
    expectError(await upload('admin', Buffer.concat([makePng(10, 10), Buffer.alloc(512 * 1024)]), 'huge.png'), 413, 'too_large');
    expectError(await upload('admin', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'x.svg'), 422, 'unprocessable');
    expectError(
      await upload('admin', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>'), 'x.svg'),
      422,
      'unprocessable',
    );
    // Nothing was stored: exports still carry no logo.
    expect(await pdfImages(await exported('pdf'))).toEqual([]);
    expect(settingsAudit().filter((e) => e.action === 'settings.logo.set')).toHaveLength(setsBefore);
  });
});
