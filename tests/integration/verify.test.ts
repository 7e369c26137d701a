import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentIn, moveTo, transition, type RoleCookies } from '@/tests/factories/documents';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

type Verification = { released: boolean; title?: string; language?: string; releasedAt?: string; organisation?: string };
type Version = { contentHash: string };

const ORG = 'Secretariat of the Verification Test';

/**
 * Public verification (issue 19): `GET /api/verify/<sha256>` and `/verify/<sha256>`, signed
 * out. A released text answers yes with its title, language, release moment and
 * organisation; every text the newsroom does not show answers the same `{released: false}`.
 */
describe('public verification of a released text', () => {
  let server: TestServer;
  const cookies: RoleCookies = {};
  const verify = async (hash: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}/api/verify/${hash}`, { headers });
    return { status: res.status, text: await res.text(), cors: res.headers.get('access-control-allow-origin') };
  };
  /** The content hash of the document's newest version (its text as it stands). */
  const hashOf = async (id: string) => {
    const versions = (await api<Version[]>(server.url, cookies.admin!, 'GET', `/api/documents/${id}/versions`)).body;
    return versions.at(-1)!.contentHash;
  };
  /** The page's words, tags and React's text separators removed. */
  const pageText = async (hash: string) =>
    (await (await fetch(`${server.url}/verify/${hash}`)).text())
      .replace(/<!-- -->/g, '')
      .replace(/<[^>]+>/g, '')
      .replace(/\s+/g, ' ');

  beforeAll(async () => {
    server = await startServer({ env: { ORG_NAME: ORG, ORG_TIMEZONE: 'UTC' } });
    for (const role of ['admin', 'drafter', 'reviewer', 'approver', 'publisher', 'viewer'] as const)
      cookies[role] = await signIn(server.url, `${role}@example.org`);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('a released text answers yes with its title, language, release moment and organisation, without a session, and the page says so', async () => {
    const id = await documentIn(server.url, cookies, 'published', { title: 'Yoxlanılan bəyanat', language: 'az', paragraphs: ['Released words to verify.'] });
    const hash = await hashOf(id);
    const doc = (await api<{ embargoUntil: string | null }>(server.url, cookies.admin!, 'GET', `/api/documents/${id}`)).body;
    expect(doc.embargoUntil).toBeNull();
    const before = Date.now();

    const yes = await verify(hash);
    expect(yes.status).toBe(200);
    const body = JSON.parse(yes.text) as Verification;
    expect(body).toEqual({ released: true, title: 'Yoxlanılan bəyanat', language: 'az', releasedAt: expect.any(String), organisation: ORG });
    expect(body.releasedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
    expect(Date.parse(body.releasedAt!)).toBeLessThanOrEqual(before);
    // Either case of hex is the same text.
    expect(JSON.parse((await verify(hash.toUpperCase())).text)).toEqual(body);

    const page = await pageText(hash);
    expect(page).toContain(`this exact text, “Yoxlanılan bəyanat”, was released by ${ORG} on `);
  });

  it('the release moment of an embargoed text is the embargo end, once it has passed', async () => {
    const id = await documentIn(server.url, cookies, 'approved', { paragraphs: ['Embargoed words, released soon.'] });
    const embargo = new Date(Date.now() + 2500);
    await moveTo(server.url, cookies, id, 'published', { embargoUntil: embargo });
    const hash = await hashOf(id);
    expect(JSON.parse((await verify(hash)).text)).toEqual({ released: false });
    await waitFor(async () => (JSON.parse((await verify(hash)).text) as Verification).released, 'the embargo to pass', 15_000);
    expect(Date.parse((JSON.parse((await verify(hash)).text) as Verification).releasedAt!)).toBe(embargo.getTime());
  });

  it('draft, approved, under embargo, restricted, archived and unknown texts all get the same {released: false}', async () => {
    const draft = await documentIn(server.url, cookies, 'draft', { paragraphs: ['Draft words nobody released.'] });
    await api(server.url, cookies.drafter!, 'POST', `/api/documents/${draft}/versions`, { label: 'Named draft' });
    const approved = await documentIn(server.url, cookies, 'approved', { paragraphs: ['Approved words not yet published.'] });
    const embargoed = await documentIn(server.url, cookies, 'approved', { paragraphs: ['Words under a long embargo.'] });
    await moveTo(server.url, cookies, embargoed, 'published', { embargoUntil: new Date(Date.now() + 3_600_000) });
    const restricted = await documentIn(server.url, cookies, 'draft', { paragraphs: ['Restricted words, never released.'] });
    expect(
      (await api(server.url, cookies.drafter!, 'PUT', `/api/documents/${restricted}/access`, { restricted: true, members: ['approver@example.org'] })).status,
    ).toBe(200);
    await moveTo(server.url, cookies, restricted, 'approved');
    const archived = await documentIn(server.url, cookies, 'published', { paragraphs: ['Released, then archived.'] });
    expect((await transition(server.url, cookies, 'admin', archived, { action: 'archive' })).status).toBe(200);

    const answers = [];
    for (const id of [draft, approved, embargoed, restricted, archived]) answers.push(await verify(await hashOf(id)));
    answers.push(await verify('0'.repeat(64)));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.text).toBe(answers.at(-1)!.text);
    }
    expect(JSON.parse(answers[0]!.text)).toEqual({ released: false });

    const page = await pageText(await hashOf(restricted));
    expect(page).toContain(`This is not a released text of ${ORG}.`);
    expect(page).not.toContain('Restricted words');
  });

  it('a malformed hash is 400 with an error body, on the API; the page says what is wrong', async () => {
    for (const bad of ['abc', 'g'.repeat(64), 'a'.repeat(65)]) {
      const answer = await verify(bad);
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.text)).toEqual({ error: { code: 'bad_request', message: expect.stringMatching(/64 hexadecimal/) } });
    }
    expect(await pageText('abc')).toContain('does not carry a verification code');
  });

  it('another site may read the answer by fetch (public data), while other API reads stay refused cross-site', async () => {
    const crossSite = { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'cors', Origin: 'https://elsewhere.example' };
    const answer = await verify('0'.repeat(64), crossSite);
    expect(answer.status).toBe(200);
    expect(answer.cors).toBe('*');
    expect(JSON.parse(answer.text)).toEqual({ released: false });
    expect((await fetch(`${server.url}/api/health`, { headers: crossSite })).status).toBe(403);
  });
});
