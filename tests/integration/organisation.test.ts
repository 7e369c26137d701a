import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentIn, moveTo, type RoleCookies } from '@/tests/factories/documents';
import { hasPoppler, missingInOrder, pdfText } from '@/tests/helpers/pdf';
import { startServer, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

type Organisation = { name: string; timeZone: string };
type ErrorBody = { error: { code: string; message: string } };

const FIRST_NAME = 'Name From The Environment';

/**
 * The organisation's name and time zone are admin settings (issue 19): ORG_NAME and
 * ORG_TIMEZONE give only their first values; a change shows in the exports, the verify
 * API, the app's header and the times the pages show.
 */
describe('organisation name and time zone as admin settings', () => {
  let server: TestServer;
  const cookies: RoleCookies = {};
  const put = (role: keyof RoleCookies, body: unknown) => api<Organisation & ErrorBody>(server.url, cookies[role]!, 'PUT', '/api/settings/organisation', body);

  beforeAll(async () => {
    server = await startServer({ env: { ORG_NAME: FIRST_NAME, ORG_TIMEZONE: 'UTC' } });
    for (const role of ['admin', 'drafter', 'reviewer', 'approver', 'publisher', 'viewer'] as const)
      cookies[role] = await signIn(server.url, `${role}@example.org`);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('starts from ORG_NAME and ORG_TIMEZONE; only admins read or change it', async () => {
    const read = await api<Organisation>(server.url, cookies.admin!, 'GET', '/api/settings/organisation');
    expect(read).toMatchObject({ status: 200, body: { name: FIRST_NAME, timeZone: 'UTC' } });
    expect((await api(server.url, cookies.publisher!, 'GET', '/api/settings/organisation')).status).toBe(403);
    expect((await put('drafter', { name: 'Taken over' })).status).toBe(403);
    expect((await fetch(`${server.url}/api/settings/organisation`)).status).toBe(401);
  });

  it('refuses a malformed body with 400, and an empty or too long name or an unknown zone with 422 and a sentence', async () => {
    expect((await put('admin', { name: 42 })).status).toBe(400);
    expect((await put('admin', { name: 'x', colour: 'red' })).status).toBe(400);
    expect((await put('admin', {})).status).toBe(400);
    for (const body of [
      { name: '   ' },
      { name: 'x'.repeat(201) },
      { timeZone: 'Mars/Olympus_Mons' },
      { timeZone: 'Europe/../etc/passwd' },
      { timeZone: '' },
    ]) {
      const refused = await put('admin', body);
      expect(refused.status, JSON.stringify(body)).toBe(422);
      expect(refused.body.error.code).toBe('unprocessable');
      expect(refused.body.error.message).toMatch(/^[A-Z“].+\.$/);
    }
    expect((await put('admin', { timeZone: 'Mars/Olympus_Mons' })).body.error.message).toContain('is not a time zone');
    // Nothing changed.
    expect((await api<Organisation>(server.url, cookies.admin!, 'GET', '/api/settings/organisation')).body).toEqual({ name: FIRST_NAME, timeZone: 'UTC' });
    expect((await put('admin', { name: 'x'.repeat(200) })).status).toBe(200);
  });

  it('a new name and zone show in the exported PDF, the verify API, the app header and the times pages show', async () => {
    const name = 'Azərbaycan Respublikası Xarici İşlər Nazirliyi';
    const saved = await put('admin', { name: `  ${name} `, timeZone: 'Asia/Baku' });
    expect(saved).toMatchObject({ status: 200, body: { name, timeZone: 'Asia/Baku' } });
    expect((await api<Organisation>(server.url, cookies.admin!, 'GET', '/api/settings/organisation')).body).toEqual({ name, timeZone: 'Asia/Baku' });

    // The export: the letterhead names the organisation; the embargo is in its zone, named.
    const id = await documentIn(server.url, cookies, 'approved', { title: 'Settings reach the export', language: 'en', paragraphs: ['Words.'] });
    const embargo = new Date(Date.now() + 24 * 3600_000);
    await moveTo(server.url, cookies, id, 'published', { embargoUntil: embargo });
    const res = await fetch(`${server.url}/api/documents/${id}/export.pdf`, { headers: { Cookie: cookies.publisher! } });
    expect(res.status).toBe(200);
    if (hasPoppler() || process.env.CI === 'true') {
      const text = await pdfText(new Uint8Array(await res.arrayBuffer()));
      const zoned = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Baku' }).format(embargo);
      expect(missingInOrder(text, [name, `EMBARGOED UNTIL ${zoned} (Asia/Baku)`, 'Settings reach the export'])).toBeNull();
      expect(text).not.toContain(FIRST_NAME);
    }

    // The verify API names the organisation as it is now.
    const released = await documentIn(server.url, cookies, 'published', { title: 'Released under the new name', paragraphs: ['Released words.'] });
    const versions = (await api<{ contentHash: string }[]>(server.url, cookies.admin!, 'GET', `/api/documents/${released}/versions`)).body;
    const verified = (await (await fetch(`${server.url}/api/verify/${versions.at(-1)!.contentHash}`)).json()) as { released: boolean; organisation?: string };
    expect(verified).toMatchObject({ released: true, organisation: name });

    // The app's header, and a time on a page, in the organisation's zone.
    const page = (await (await fetch(`${server.url}/documents`, { headers: { Cookie: cookies.drafter! } })).text()).replace(/<!-- -->/g, '');
    // The name is the organisation's own words: marked for no translation (issue 24).
    expect(page).toContain(`<span class="brand-org" translate="no">${name}</span>`);
    const shown = /<time dateTime="([^"]+)">([^<]+)<\/time>/.exec(page);
    expect(shown).not.toBeNull();
    const bakuClock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Baku' }).format(new Date(shown![1]!));
    expect(shown![2]).toContain(bakuClock);
    // One format everywhere: "6 Dec 2026, 03:25 (Asia/Baku)", the zone named.
    expect(shown![2]).toMatch(/^\d{1,2} [A-Z][a-z]{2,3} \d{4}, \d{2}:\d{2} \(Asia\/Baku\)$/);
    expect(page.includes(FIRST_NAME), 'the first name is gone').toBe(false);
  });
});
