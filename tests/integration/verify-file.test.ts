import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentIn, moveTo, transition, type RoleCookies } from '@/tests/factories/documents';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

type Verification = { released: boolean; title?: string; language?: string; releasedAt?: string; organisation?: string };
type AuditEntry = { action: string; contentHash: string | null; detail: Record<string, unknown> };

const ORG = 'Secretariat of the File Check';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Public verification of a file (issue 19): an export of a released text records its file's
 * SHA-256, and `GET /api/verify/file/<sha256>` (no session; the browser hashes the file on
 * /verify, nothing is uploaded) answers as `/api/verify/<hash>` does. Only the exact bytes
 * of an export of a released text verify; every other file gets the one `{released: false}`.
 */
describe('public verification of an exported file', () => {
  let server: TestServer;
  const cookies: RoleCookies = {};
  const check = async (hash: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}/api/verify/file/${hash}`, { headers });
    return { status: res.status, text: await res.text(), cors: res.headers.get('access-control-allow-origin') };
  };
  const exported = async (id: string, format: 'pdf' | 'docx', role: keyof RoleCookies = 'viewer', query = '') => {
    const res = await fetch(`${server.url}/api/documents/${id}/export.${format}${query}`, { headers: { Cookie: cookies[role]! } });
    expect(res.status).toBe(200);
    return new Uint8Array(await res.arrayBuffer());
  };
  const exportEntries = async (id: string) =>
    (await api<AuditEntry[]>(server.url, cookies.admin!, 'GET', `/api/documents/${id}/audit`)).body.filter((e) => e.action === 'export');

  beforeAll(async () => {
    server = await startServer({ env: { ORG_NAME: ORG, ORG_TIMEZONE: 'UTC' } });
    for (const role of ['admin', 'drafter', 'reviewer', 'approver', 'publisher', 'viewer'] as const)
      cookies[role] = await signIn(server.url, `${role}@example.org`);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('the PDF and the DOCX of a released text verify by their bytes, with its title, language, release moment and organisation', async () => {
    const id = await documentIn(server.url, cookies, 'published', { title: 'Birgə bəyanat', language: 'az', paragraphs: ['Released words in a file.'] });
    const pdf = await exported(id, 'pdf');
    const docx = await exported(id, 'docx');
    const text = (await (await fetch(`${server.url}/api/verify/${(await exportEntries(id))[0]!.contentHash}`)).json()) as Verification;
    expect(text.released).toBe(true);

    for (const bytes of [pdf, docx]) {
      const answer = await check(sha256(bytes));
      expect(answer.status).toBe(200);
      expect(answer.cors).toBe('*');
      // The same answer as the text's own verification code.
      expect(JSON.parse(answer.text)).toEqual({ released: true, title: 'Birgə bəyanat', language: 'az', releasedAt: text.releasedAt, organisation: ORG });
      expect(JSON.parse((await check(sha256(bytes).toUpperCase())).text)).toEqual(JSON.parse(answer.text));
    }
    // Each export's audit entry names its file.
    expect((await exportEntries(id)).map((e) => e.detail.fileSha256)).toEqual([sha256(pdf), sha256(docx)]);
  });

  it('exports are not byte-identical (each prints the audit head before it), and every one of them verifies', async () => {
    const id = await documentIn(server.url, cookies, 'published', { paragraphs: ['Exported twice.'] });
    const first = await exported(id, 'pdf', 'publisher');
    const second = await exported(id, 'pdf', 'viewer');
    expect(sha256(first)).not.toBe(sha256(second));
    for (const bytes of [first, second]) expect((JSON.parse((await check(sha256(bytes))).text) as Verification).released).toBe(true);
  });

  it('one byte changed, a draft’s export, an approved text’s, a DOCX with comments and an unknown file all get the same {released: false}', async () => {
    const released = await documentIn(server.url, cookies, 'published', { paragraphs: ['The released words, then one byte changed.'] });
    const pdf = await exported(released, 'pdf');
    const changed = pdf.slice();
    const middle = Math.floor(changed.length / 2);
    changed[middle] = (changed[middle] ?? 0) ^ 0x01;

    const draft = await documentIn(server.url, cookies, 'draft', { paragraphs: ['Draft words nobody released.'] });
    const draftPdf = await exported(draft, 'pdf', 'drafter');
    const approved = await documentIn(server.url, cookies, 'approved', { paragraphs: ['Approved words not yet published.'] });
    const approvedPdf = await exported(approved, 'pdf');

    // A published text with an open thread: the DOCX "with comments" is a working copy, not the release.
    const commented = await documentIn(server.url, cookies, 'published', { paragraphs: ['Published words with a comment on them.'] });
    const thread = await api(server.url, cookies.reviewer!, 'POST', `/api/documents/${commented}/threads`, { anchor: { exact: 'a comment' }, body: 'Noted.' });
    expect(thread.status).toBe(201);
    const withComments = await exported(commented, 'docx', 'reviewer', '?comments=1');

    const answers = [];
    for (const bytes of [changed, draftPdf, approvedPdf, withComments]) answers.push(await check(sha256(bytes)));
    answers.push(await check('0'.repeat(64)));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.text).toBe(answers.at(-1)!.text);
    }
    expect(JSON.parse(answers[0]!.text)).toEqual({ released: false });
    // The unchanged file still verifies.
    expect((JSON.parse((await check(sha256(pdf))).text) as Verification).released).toBe(true);
  });

  it('a restricted text leaks nothing: its export under embargo is {released: false} until the embargo passes, and again once archived', async () => {
    const id = await documentIn(server.url, cookies, 'draft', { paragraphs: ['Restricted words under embargo.'] });
    expect(
      (
        await api(server.url, cookies.drafter!, 'PUT', `/api/documents/${id}/access`, {
          restricted: true,
          members: ['approver@example.org', 'publisher@example.org'],
        })
      ).status,
    ).toBe(200);
    const embargo = new Date(Date.now() + 4000);
    await moveTo(server.url, cookies, id, 'published', { embargoUntil: embargo });
    // Outsiders cannot export it at all.
    expect((await fetch(`${server.url}/api/documents/${id}/export.pdf`, { headers: { Cookie: cookies.viewer! } })).status).toBe(404);
    const pdf = await exported(id, 'pdf', 'publisher');
    const restrictedApproved = await documentIn(server.url, cookies, 'draft', { paragraphs: ['Restricted and only approved.'] });
    await api(server.url, cookies.drafter!, 'PUT', `/api/documents/${restrictedApproved}/access`, { restricted: true, members: ['approver@example.org'] });
    await moveTo(server.url, cookies, restrictedApproved, 'approved');
    const approvedPdf = await exported(restrictedApproved, 'pdf', 'approver');

    const unknown = (await check('f'.repeat(64))).text;
    expect((await check(sha256(pdf))).text).toBe(unknown);
    expect((await check(sha256(approvedPdf))).text).toBe(unknown);

    await waitFor(async () => (JSON.parse((await check(sha256(pdf))).text) as Verification).released, 'the embargo to pass', 15_000);
    expect(Date.parse((JSON.parse((await check(sha256(pdf))).text) as Verification).releasedAt!)).toBe(embargo.getTime());

    expect((await transition(server.url, cookies, 'admin', id, { action: 'archive' })).status).toBe(200);
    expect((await check(sha256(pdf))).text).toBe(unknown);
  });

  it('a malformed fingerprint is 400 with an error body; another site may read the answer by fetch', async () => {
    for (const bad of ['abc', 'g'.repeat(64), 'a'.repeat(65), `${'a'.repeat(63)}%20`]) {
      const answer = await check(bad);
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.text)).toEqual({ error: { code: 'bad_request', message: expect.stringMatching(/64 hexadecimal/) } });
    }
    const crossSite = { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'cors', Origin: 'https://elsewhere.example' };
    const answer = await check('0'.repeat(64), crossSite);
    expect(answer.status).toBe(200);
    expect(answer.cors).toBe('*');
    // Only GET and HEAD are public: a POST from another site is refused by the Origin rule.
    expect((await fetch(`${server.url}/api/verify/file/${'0'.repeat(64)}`, { method: 'POST', headers: crossSite })).status).toBe(403);
  });
});

describe('the allowance of public verification lookups per address', () => {
  let server: TestServer;
  beforeAll(async () => {
    // TRUST_PROXY: the proxy's X-Forwarded-For names the client, so one test can be several addresses.
    server = await startServer({ env: { VERIFY_LOOKUPS_PER_MINUTE: '5', TRUST_PROXY: 'true' } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('one address past its allowance gets 429 with a sentence, on the API and the page; other addresses and the rest of the server go on', async () => {
    const from = (address: string) => ({ 'X-Forwarded-For': address });
    const hash = 'a'.repeat(64);
    for (let i = 0; i < 3; i++) expect((await fetch(`${server.url}/api/verify/${hash}`, { headers: from('192.0.2.7') })).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await fetch(`${server.url}/api/verify/file/${hash}`, { headers: from('192.0.2.7') })).status).toBe(200);

    for (const path of [`/api/verify/${hash}`, `/api/verify/file/${hash}`]) {
      const refused = await fetch(`${server.url}${path}`, { headers: from('192.0.2.7') });
      expect(refused.status).toBe(429);
      expect(await refused.json()).toEqual({ error: { code: 'too_many_requests', message: expect.stringMatching(/Wait \d+ seconds/) } });
    }
    const page = await fetch(`${server.url}/verify/${hash}`, { headers: from('192.0.2.7') });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/Many verifications came from your address/);

    // Another address is served, as is everything that is not a verification.
    expect(await (await fetch(`${server.url}/api/verify/${hash}`, { headers: from('192.0.2.8') })).json()).toEqual({ released: false });
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});
