import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocument } from '@/tests/factories/documents';
import { fixtureBody, LANGUAGE_FIXTURES } from '@/tests/fixtures/languages';
import { writeBody } from '@/tests/helpers/content';
import { hasPoppler, pdfFonts, pdfText } from '@/tests/helpers/pdf';
import { startServer, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

type ErrorBody = { error: { code: string; message: string } };
type Audit = { action: string; contentHash: string | null; detail: Record<string, unknown> };

const az = LANGUAGE_FIXTURES.find((f) => f.language === 'az')!;
const kk = LANGUAGE_FIXTURES.find((f) => f.language === 'kk')!;
/** The letters a naive export loses: Azerbaijani, then Kazakh (lower and upper case, as the fixtures hold them). */
const AZ_LETTERS = ['ə', 'İ', 'ı', 'ğ', 'ş', 'Ə', 'Ş', 'ö', 'ü', 'ç'];
const KK_LETTERS = ['ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'і', 'Ә', 'Ғ', 'Қ', 'Ң', 'Ө', 'Ұ', 'Ү', 'Һ', 'І'];

/**
 * The bilingual PDF of a language group (issue 23): an Azerbaijani master and its Kazakh
 * version in two columns, for a delegation's check, under the plain PDF's rules.
 */
describe('bilingual PDF: the master and one translation side by side', () => {
  let server: TestServer;
  const cookies: Record<string, string> = {};
  let master: string;
  let version: string;
  const pdf = (role: string, id: string, query: string) =>
    fetch(`${server.url}/api/documents/${id}/export.pdf?${query}`, { headers: { Cookie: cookies[role]! } });

  beforeAll(async () => {
    server = await startServer();
    for (const role of ['drafter', 'reviewer', 'viewer', 'admin']) cookies[role] = await signIn(server.url, `${role}@example.org`);
    master = await createDocument(server.url, cookies.drafter!, { title: az.title, language: 'az' });
    await writeBody(server.url, master, cookies.drafter!, fixtureBody(az));
    const added = await api<{ id: string }>(server.url, cookies.drafter!, 'POST', `/api/documents/${master}/languages`, {
      language: 'kk',
      startFrom: 'empty',
      title: kk.title,
    });
    expect(added.status).toBe(201);
    version = added.body.id;
    await writeBody(server.url, version, cookies.drafter!, fixtureBody(kk));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it.skipIf(!hasPoppler() && process.env.CI !== 'true')(
    'prints every letter of both languages, block beside block under each language’s name, with every font embedded',
    async () => {
      const res = await pdf('drafter', version, 'bilingual=1');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const bytes = new Uint8Array(await res.arrayBuffer());
      const text = await pdfText(bytes);
      for (const letter of [...AZ_LETTERS, ...KK_LETTERS]) expect(text, `the letter ${letter}`).toContain(letter);
      // The columns are headed by the languages' own names, and the master is on the left.
      expect(text).toMatch(/Azərbaycan\s+Қазақ тілі/);
      // Row by row: the second block of each text (its heading) on one line, the Kazakh beside the Azerbaijani.
      expect(text).toMatch(new RegExp(`${az.heading}\\s+${kk.heading}`));
      for (const f of [az, kk]) for (const item of f.items) expect(text).toContain(item);
      // A draft: marked as the plain PDF marks it, in both languages.
      expect(text).toContain('QARALAMA');
      expect(text).toContain('ЖОБА');
      const fonts = await pdfFonts(bytes);
      expect(fonts.length).toBeGreaterThan(0);
      for (const font of fonts) expect(font, font.name).toMatchObject({ embedded: true, unicode: true });

      // From the master, naming the version: the same pair, the master still on the left.
      const fromMaster = await pdf('drafter', master, `with=${version}`);
      expect(fromMaster.status).toBe(200);
      expect(await pdfText(new Uint8Array(await fromMaster.arrayBuffer()))).toMatch(/Azərbaycan\s+Қазақ тілі/);
    },
    60_000,
  );

  it('is audited on both documents, each entry naming the other text', async () => {
    expect((await pdf('drafter', version, 'bilingual=1')).status).toBe(200);
    for (const [id, other] of [
      [master, version],
      [version, master],
    ]) {
      const entries = (await api<Audit[]>(server.url, cookies.admin!, 'GET', `/api/documents/${id}/audit`)).body.filter(
        (e) => e.action === 'export' && e.detail.bilingual,
      );
      expect(entries.length).toBeGreaterThan(0);
      expect(entries.at(-1)!.detail).toMatchObject({ format: 'pdf', state: 'draft', bilingual: { with: other } });
      expect(entries.at(-1)!.contentHash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('refuses in the contract’s order: 401, 404 (no such version in the group), 403 (a viewer and a draft), 400, 422', async () => {
    expect((await fetch(`${server.url}/api/documents/${version}/export.pdf?bilingual=1`)).status).toBe(401);
    const other = await createDocument(server.url, cookies.drafter!, { title: 'Başqa sənəd', language: 'az' });
    for (const [id, query] of [
      [version, 'with=no-such-document'],
      [version, `with=${other}`],
      [other, 'bilingual=1'], // in no group: there is no master to print beside it
      ['no-such-document', 'bilingual=1'],
    ] as const) {
      const res = await pdf('drafter', id, query);
      expect([id, query, res.status, ((await res.json()) as ErrorBody).error.code]).toEqual([id, query, 404, 'not_found']);
    }
    const viewer = await pdf('viewer', version, 'bilingual=1');
    expect([viewer.status, ((await viewer.json()) as ErrorBody).error.code]).toEqual([403, 'forbidden']);
    for (const query of ['bilingual=2', `bilingual=1&with=${master}`, 'bilingual=1&version=x']) {
      const res = await pdf('drafter', version, query);
      expect([query, res.status]).toEqual([query, 400]);
    }
    const onMaster = await pdf('drafter', master, 'bilingual=1');
    expect(onMaster.status).toBe(422);
  });

  it('is 404 to someone who may read the translation but not the master, while the translation alone still exports', async () => {
    // The master is restricted (which its versions share), then the Kazakh version opened to everyone again.
    const restrict = await api(server.url, cookies.drafter!, 'PUT', `/api/documents/${master}/access`, { restricted: true, members: [] });
    expect(restrict.status).toBe(200);
    expect((await api(server.url, cookies.drafter!, 'PUT', `/api/documents/${version}/access`, { restricted: false, members: [] })).status).toBe(200);
    expect((await api(server.url, cookies.reviewer!, 'GET', `/api/documents/${master}`)).status).toBe(404);
    expect((await api(server.url, cookies.reviewer!, 'GET', `/api/documents/${version}`)).status).toBe(200);

    expect((await pdf('reviewer', version, '')).status).toBe(200);
    for (const [id, query] of [
      [version, 'bilingual=1'],
      [version, `with=${master}`],
      [master, `with=${version}`],
    ] as const) {
      const res = await pdf('reviewer', id, query);
      expect([id, query, res.status]).toEqual([id, query, 404]);
      // Never a word of the master: not its title, not its language's text.
      const body = await res.text();
      expect(body).not.toContain(az.title);
    }
    // Its people still get it.
    expect((await pdf('drafter', version, 'bilingual=1')).status).toBe(200);
  });
});
