import fs from 'node:fs';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocument, moveTo, transition } from '@/tests/factories/documents';
import { LANGUAGE_FIXTURES, fixtureBody, fixtureText } from '@/tests/fixtures/languages';
import { writeBody } from '@/tests/helpers/content';
import { exportLabels, fillLabel } from '@/lib/text/export-labels';
import { hasPoppler, missingInOrder, pdfFonts, pdfInfo, pdfPageTexts, pdfText, pdfUrls } from '@/tests/helpers/pdf';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';
import { formatDatelineDate } from '@/lib/text/dates';

type Audit = {
  action: string;
  versionId: string | null;
  contentHash: string | null;
  actor: { id: string; name: string } | null;
  detail: Record<string, unknown>;
};

const ORG = 'Ministry of Foreign Affairs — Xarici İşlər Nazirliyi';

// poppler-utils is part of the machine set-up (.ci/run installs it); in CI its absence fails.
const suite = hasPoppler() || process.env.CI === 'true' ? describe : describe.skip;
if (!hasPoppler() && process.env.CI !== 'true') console.warn('PDF export tests skipped: install poppler-utils (pdftotext, pdffonts)');

suite('PDF export', () => {
  let server: TestServer;
  const cookies: Record<string, string> = {};
  const as = (role: string) => cookies[role]!;

  async function download(
    role: string,
    id: string,
    query = '',
  ): Promise<{ status: number; type: string | null; disposition: string | null; bytes: Uint8Array }> {
    const res = await fetch(`${server.url}/api/documents/${id}/export.pdf${query}`, { headers: { Cookie: as(role) } });
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      disposition: res.headers.get('content-disposition'),
      bytes: new Uint8Array(await res.arrayBuffer()),
    };
  }
  const audit = async (id: string) => (await api<Audit[]>(server.url, as('admin'), 'GET', `/api/documents/${id}/audit`)).body;

  beforeAll(async () => {
    server = await startServer({ env: { ORG_NAME: ORG, ORG_TIMEZONE: 'Asia/Baku' } });
    for (const role of ['admin', 'drafter', 'reviewer', 'approver', 'publisher', 'viewer']) cookies[role] = await signIn(server.url, `${role}@example.org`);
  });
  afterAll(async () => {
    await server?.stop();
  });

  for (const fixture of LANGUAGE_FIXTURES) {
    it(`every letter of a ${fixture.language} statement survives in order, in embedded Noto fonts only`, async () => {
      const created = await api<{ id: string }>(server.url, as('drafter'), 'POST', '/api/documents', {
        title: fixture.title,
        kind: 'statement',
        language: fixture.language,
        dateline: { place: fixture.place, date: '2022-01-11' },
      });
      expect(created.status).toBe(201);
      const id = created.body.id;
      await writeBody(server.url, id, as('drafter'), fixtureBody(fixture));

      const pdf = await download('drafter', id);
      expect(pdf.status).toBe(200);
      expect(pdf.type).toBe('application/pdf');
      // An ASCII name with the title transliterated, and the real title in RFC 6266 filename*.
      expect(pdf.disposition).toMatch(/^attachment; filename="[a-z0-9-]+-[A-Za-z0-9_-]+\.pdf"; filename\*=UTF-8''[A-Za-z0-9%._~!-]+$/);
      expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(pdf.disposition!)![1]!)).toBe(`${fixture.title}-${id}.pdf`);
      expect(Buffer.from(pdf.bytes.subarray(0, 5)).toString()).toBe('%PDF-');

      const text = await pdfText(pdf.bytes);
      const dateline = formatDatelineDate('2022-01-11', fixture.language);
      // The fixed words are in the document's language (export-labels.test.ts spells out az and ru).
      const labels = exportLabels(fixture.language);
      expect(missingInOrder(text, [ORG, labels.kinds.statement.toLocaleUpperCase(fixture.language), `${fixture.place}, ${dateline}`])).toBeNull();
      expect(missingInOrder(text, fixtureText(fixture).split('\n'))).toBeNull();
      expect(text).not.toContain('\u00ad'); // no soft hyphens
      expect(missingInOrder(text, [labels.draft, fillLabel(labels.pageOf, { page: '1', pages: '1' })])).toBeNull();

      const fonts = await pdfFonts(pdf.bytes);
      expect(fonts.length).toBeGreaterThan(0);
      for (const font of fonts) {
        expect(font, font.name).toMatchObject({ embedded: true, subset: true, unicode: true });
        expect(font.name).toMatch(/^[A-Z]{6}\+Noto(Serif|Sans)-/);
      }
    });
  }

  it('PDF footers carry no hash except on the last page: every page has its number and classification, the last the verification block; the export is audited', async () => {
    const id = await createDocument(server.url, as('drafter'), { title: 'Footer check', language: 'en' });
    const paragraph = 'A sentence long enough to fill most of a line in the statement, repeated so that the text runs over several pages. ';
    await writeBody(server.url, id, as('drafter'), {
      type: 'doc',
      content: Array.from({ length: 60 }, (_, i) => ({ type: 'paragraph', content: [{ type: 'text', text: `${i + 1}. ${paragraph.repeat(2)}` }] })),
    });
    const pdf = await download('reviewer', id);
    expect(pdf.status).toBe(200);
    const entries = await audit(id);
    const exported = entries.at(-1)!;
    expect(exported).toMatchObject({ action: 'export', detail: { format: 'pdf', state: 'draft' } });
    expect(exported.actor?.name).toBeTruthy();
    const hash = exported.contentHash!;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const head = exported.detail.printedAuditHead as string;
    expect(head).toMatch(/^\d+:[0-9a-f]{64}$/);

    const pages = await pdfPageTexts(pdf.bytes);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    const hexRun = /[0-9a-f]{12}/;
    pages.forEach((text, index) => {
      const last = index === pages.length - 1;
      expect(missingInOrder(text, ['DRAFT — NOT FOR RELEASE', `Page ${index + 1} of ${pages.length}`]), `page ${index + 1}`).toBeNull();
      for (const gone of ['Version', 'Unsaved text']) expect(text, `page ${index + 1}`).not.toContain(gone);
      for (const onLast of ['Verification code', 'SHA-256', 'Audit log head', '/verify/'])
        expect(text.includes(onLast), `page ${index + 1}: ${onLast}`).toBe(last);
      expect(hexRun.test(text), `page ${index + 1} carries a hash`).toBe(last);
    });
    expect(
      missingInOrder(pages.at(-1)!, [
        `Verification code ${hash.slice(0, 12)}`,
        `Content SHA-256 ${hash}`,
        `Check this text at ${server.url}/verify/${hash}`,
        `Audit log head ${head}`,
      ]),
    ).toBeNull();
    expect(await pdfUrls(pdf.bytes)).toContain(`${server.url}/verify/${hash}`);
    // Tagged for screen readers, with the document's title in its metadata.
    expect(await pdfInfo(pdf.bytes)).toMatchObject({ Tagged: 'yes', Title: 'Footer check', Pages: String(pages.length) });
  });

  it('approved text carries no DRAFT mark and names its version; a viewer may export it but not a draft', async () => {
    const id = await createDocument(server.url, as('drafter'), { title: 'Approved statement', language: 'en', kind: 'press_release' });
    await writeBody(server.url, id, as('drafter'), fixtureBody(LANGUAGE_FIXTURES.at(-1)!));
    expect((await download('viewer', id)).status).toBe(403);
    await moveTo(server.url, cookies, id, 'in_review');
    const inReview = await pdfText((await download('reviewer', id)).bytes);
    expect(inReview).toContain('DRAFT');
    await moveTo(server.url, cookies, id, 'approved');

    const approved = await download('viewer', id);
    expect(approved.status).toBe(200);
    const text = await pdfText(approved.bytes);
    expect(text).not.toContain('DRAFT');
    const submitEntry = (await audit(id)).find((e) => e.action === 'submit')!;
    // The history view offers the PDF of the version it shows.
    const history = await (await fetch(`${server.url}/documents/${id}/history?v=${submitEntry.versionId}`, { headers: { Cookie: as('drafter') } })).text();
    expect(history).toContain(`/api/documents/${id}/export.pdf?version=${submitEntry.versionId}`);
    // Approved but not released: no classification in the footer; the last page names the approved text's hash.
    expect(missingInOrder(text, [`Content SHA-256 ${submitEntry.contentHash}`, 'Page 1 of 1'])).toBeNull();

    const embargo = new Date(Date.now() + 24 * 3600_000);
    await moveTo(server.url, cookies, id, 'published', { embargoUntil: embargo });
    const published = await pdfText((await download('viewer', id, `?version=${submitEntry.versionId}`)).bytes);
    const zoned = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Baku' }).format(embargo);
    // The embargo leads the text and is the footer's classification on every page.
    expect(
      missingInOrder(published, [
        'PRESS RELEASE',
        `EMBARGOED UNTIL ${zoned} (Asia/Baku)`,
        'Approved statement',
        `EMBARGOED UNTIL ${zoned} (Asia/Baku)`,
        'Page 1 of 1',
      ]),
    ).toBeNull();
    expect(published).not.toContain('DRAFT');

    // Released now: no page shows an embargo line or any classification; the page number stays.
    expect((await transition(server.url, cookies, 'publisher', id, { action: 'release_now' })).status).toBe(200);
    const released = await pdfText((await download('viewer', id)).bytes);
    expect(missingInOrder(released, ['Approved statement', `Content SHA-256 ${submitEntry.contentHash}`, 'Page 1 of 1'])).toBeNull();
    for (const gone of ['EMBARGOED', 'DRAFT']) expect(released).not.toContain(gone);
  });

  it('text that looks like Typst markup is printed as typed, never evaluated', async () => {
    const tricky = [
      '#set page(width: 1cm) #pagebreak()',
      '$x^2$ *not bold* _not italic_ = not a heading',
      '"quotes" \\ back\\slash [brackets] {braces} <label> @ref // not a comment',
    ];
    const id = await createDocument(server.url, as('drafter'), { title: '#import "/etc/passwd": * — #eval("1")', language: 'en' });
    await writeBody(server.url, id, as('drafter'), { type: 'doc', content: tricky.map((t) => ({ type: 'paragraph', content: [{ type: 'text', text: t }] })) });
    const pdf = await download('drafter', id);
    expect(pdf.status).toBe(200);
    const text = await pdfText(pdf.bytes);
    expect(missingInOrder(text, ['#import "/etc/passwd": * — #eval("1")', ...tricky])).toBeNull();
    expect(text).toMatch(/Page 1 of 1/);
  });

  it('a press release started from its skeleton prints its headline once, as the title, in the PDF and the DOCX', async () => {
    const title = 'Ministers meet in Baku';
    const created = await api<{ id: string }>(server.url, as('drafter'), 'POST', '/api/documents', {
      title,
      kind: 'press_release',
      language: 'en',
      dateline: { place: 'Baku', date: '2022-01-11' },
      skeleton: true,
    });
    expect(created.status).toBe(201);
    const occurrences = (text: string) => text.split(title).length - 1;
    const pdf = await download('drafter', created.body.id);
    expect(pdf.status).toBe(200);
    const text = await pdfText(pdf.bytes);
    expect(occurrences(text)).toBe(1);
    expect(missingInOrder(text, [title, 'BAKU, 11 January 2022 –', 'ENDS', 'Notes to editors', 'Contact'])).toBeNull();
    const docx = await fetch(`${server.url}/api/documents/${created.body.id}/export.docx`, { headers: { Cookie: as('drafter') } });
    expect(docx.status).toBe(200);
    const raw = (await mammoth.extractRawText({ buffer: Buffer.from(await docx.arrayBuffer()) })).value;
    expect(occurrences(raw)).toBe(1);
    expect(raw).toContain('BAKU, 11 January 2022 –');
  });

  it('an unknown version is 404; a restricted document is 404 to outsiders; signed out is 401', async () => {
    const id = await createDocument(server.url, as('drafter'), { title: 'Secret', language: 'en' });
    expect((await download('drafter', id, '?version=nope')).status).toBe(404);
    const access = await api(server.url, as('drafter'), 'PUT', `/api/documents/${id}/access`, { restricted: true, members: ['drafter@example.org'] });
    expect(access.status).toBe(200);
    expect((await download('reviewer', id)).status).toBe(404);
    expect((await download('admin', id)).status).toBe(200);
    expect((await download('drafter', id)).status).toBe(200);
    expect((await fetch(`${server.url}/api/documents/${id}/export.pdf`)).status).toBe(401);
  });

  it('eight exports of one document at once all succeed with the full text', async () => {
    const id = await createDocument(server.url, as('drafter'), { title: 'Concurrent', language: 'kk' });
    await writeBody(server.url, id, as('drafter'), fixtureBody(LANGUAGE_FIXTURES.find((f) => f.language === 'kk')!));
    const results = await Promise.all(Array.from({ length: 8 }, () => download('drafter', id)));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    const texts = await Promise.all(results.map((r) => pdfText(r.bytes)));
    for (const t of texts)
      expect(
        missingInOrder(t, [
          'Concurrent',
          ...fixtureText(LANGUAGE_FIXTURES.find((f) => f.language === 'kk')!)
            .split('\n')
            .slice(1),
        ]),
      ).toBeNull();
  });

  it('the renderer is a separate process: when it dies, the server lives on and the next export starts a new one', async () => {
    const id = await createDocument(server.url, as('drafter'), { title: 'Resilient', language: 'en' });
    await writeBody(server.url, id, as('drafter'), fixtureBody(LANGUAGE_FIXTURES.at(-1)!));
    expect((await download('drafter', id)).status).toBe(200);
    const renderers = renderProcesses(server.proc.pid!);
    expect(renderers).toHaveLength(1);
    process.kill(renderers[0]!, 'SIGKILL'); // a process this test's server started
    await waitFor(
      () => !fs.existsSync(`/proc/${renderers[0]}/cmdline`) || fs.readFileSync(`/proc/${renderers[0]}/stat`, 'utf8').includes(') Z '),
      'the render process to die',
    );
    const again = await download('drafter', id);
    expect(again.status).toBe(200);
    expect(missingInOrder(await pdfText(again.bytes), ['Resilient'])).toBeNull();
    expect(renderProcesses(server.proc.pid!).filter((pid) => pid !== renderers[0])).toHaveLength(1);
    expect((await api(server.url, as('drafter'), 'GET', `/api/documents/${id}`)).status).toBe(200);
  });
});

/** The render processes the server started (children whose command line runs render-worker.mjs), from /proc. */
function renderProcesses(serverPid: number): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z' || Number(fields[1]) !== serverPid) continue;
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('render-worker.mjs')) found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}
