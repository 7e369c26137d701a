import http from 'node:http';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

type ErrorBody = { error: { code: string; message: string } };
type Person = { email: string };

/** A raw request, so headers (Origin, Sec-Fetch-*, Transfer-Encoding) are exactly what the test says. */
function raw(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer; open?: boolean },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    // A connection of its own: the server closes one whose body it refused.
    const req = http.request(url, { method: init.method ?? 'GET', headers: init.headers, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => {
        if (init.open) req.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') });
      });
    });
    req.on('error', reject);
    // `open`: only the headers go out and the body never does, so the answer can come from
    // the headers alone (and no unread bytes make the server's close reset the connection).
    if (init.open) req.flushHeaders();
    else req.end(init.body);
  });
}

describe('the HTTP edge: origins, bodies, headers, redirects', () => {
  let server: TestServer;
  let admin: string;
  let drafter: string;
  const foreign = 'http://127.0.0.1:1'; // a sibling origin: same host, another port (same site)

  const people = async () => (await api<Person[]>(server.url, admin, 'GET', '/api/users')).body.map((p) => p.email);
  const createPerson = (email: string, headers: Record<string, string>, body?: string) =>
    raw(`${server.url}/api/users`, {
      method: 'POST',
      headers: { Cookie: admin, 'Content-Type': 'application/json', ...headers },
      body: body ?? JSON.stringify({ email, name: 'Mallory', role: 'admin', password: 'a long enough password 1' }),
    });

  beforeAll(async () => {
    server = await startServer();
    [admin, drafter] = await Promise.all([signIn(server.url, 'admin@example.org'), signIn(server.url, 'drafter@example.org')]);
  });
  afterAll(async () => server?.stop());

  it('a state-changing request from a sibling origin is refused with 403 and changes nothing', async () => {
    const refused: Record<string, string>[] = [{ Origin: foreign }, { Origin: 'null' }, { 'Sec-Fetch-Site': 'same-site' }, { 'Sec-Fetch-Site': 'cross-site' }];
    for (const headers of refused) {
      const email = `mallory-${Object.values(headers)[0]!.replace(/\W/g, '')}@example.org`;
      const res = await createPerson(email, headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect((JSON.parse(res.body) as ErrorBody).error.code).toBe('bad_origin');
      expect(await people()).not.toContain(email);
    }
    // next-auth's own POSTs (sign-in, sign-out) are judged the same way.
    const signin = await raw(`${server.url}/api/auth/callback/credentials`, {
      method: 'POST',
      headers: { Origin: foreign, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'email=drafter%40example.org&password=communique',
    });
    expect(signin.status).toBe(403);
  });

  it('the same request from our own origin, or from a script without Origin, goes through', async () => {
    expect((await createPerson('own-origin@example.org', { Origin: server.url, 'Sec-Fetch-Site': 'same-origin' })).status).toBe(201);
    expect((await createPerson('script@example.org', {})).status).toBe(201);
    expect(await people()).toEqual(expect.arrayContaining(['own-origin@example.org', 'script@example.org']));
  });

  it('a JSON route takes only application/json: a text/plain form body is 415 and changes nothing', async () => {
    const res = await createPerson('textplain@example.org', { 'Content-Type': 'text/plain' });
    expect(res.status).toBe(415);
    expect((JSON.parse(res.body) as ErrorBody).error.code).toBe('unsupported_media_type');
    expect(await people()).not.toContain('textplain@example.org');
  });

  it('the API refuses reads made by another site’s page, but not a link someone follows', async () => {
    const fetched = await raw(`${server.url}/api/documents`, { headers: { Cookie: drafter, 'Sec-Fetch-Site': 'same-site', 'Sec-Fetch-Mode': 'no-cors' } });
    expect(fetched.status).toBe(403);
    const followed = await raw(`${server.url}/api/documents`, { headers: { Cookie: drafter, 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'navigate' } });
    expect(followed.status).toBe(200);
  });

  it('a body declared over 1 MB is refused with 413 before it is read, on JSON and sign-in routes alike', async () => {
    for (const path of ['/api/documents', '/api/auth/callback/credentials']) {
      // Declares 200 MB and sends none of it: the answer must come from the declaration alone.
      const res = await raw(`${server.url}${path}`, {
        method: 'POST',
        headers: { Cookie: drafter, 'Content-Type': 'application/json', 'Content-Length': String(200 * 1024 * 1024) },
        open: true,
      });
      expect(res.status, path).toBe(413);
      expect((JSON.parse(res.body) as ErrorBody).error.code).toBe('too_large');
    }
  });

  it('a body without a declared length (chunked) is refused outside the upload routes', async () => {
    const res = await raw(`${server.url}/api/documents`, {
      method: 'POST',
      headers: { Cookie: drafter, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
      open: true,
    });
    expect(res.status).toBe(411);
    expect((JSON.parse(res.body) as ErrorBody).error.code).toBe('length_required');
  });

  it('every page carries the security headers, and its scripts carry the response’s CSP nonce', async () => {
    const res = await raw(`${server.url}/signin`, {});
    expect(res.status).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['strict-transport-security']).toBeUndefined(); // plain http: no HSTS
    const scripts = [...res.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, tag).toContain(`nonce="${nonce}"`);
    // A new nonce for every response.
    const again = String((await raw(`${server.url}/signin`, {})).headers['content-security-policy']);
    expect(again).not.toBe(csp);
    // API answers carry them too, and HSTS is sent when the request came over https.
    const health = await raw(`${server.url}/api/health`, { headers: { 'X-Forwarded-Proto': 'https' } });
    expect(health.headers['x-content-type-options']).toBe('nosniff');
    expect(health.headers['strict-transport-security']).toMatch(/max-age=\d+/);
  });

  it('the page’s scripts and styles come compressed at build time, brotli or gzip as asked, with the security headers', async () => {
    const page = await raw(`${server.url}/signin`, {});
    const assets = [...page.body.matchAll(/(?:src|href)="(\/_next\/static\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
    expect(assets.filter((a) => a.endsWith('.js')).length).toBeGreaterThan(2);
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
    const bytes = (p: string, encoding: string) =>
      new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        http
          .get(`${server.url}${p}`, { headers: { 'Accept-Encoding': encoding }, agent: false }, (res) => {
            const parts: Buffer[] = [];
            res.on('data', (d: Buffer) => parts.push(d));
            res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(parts) }));
          })
          .on('error', reject);
      });
    let sent = 0;
    let built = 0;
    for (const asset of assets) {
      const [plain, br, gz] = await Promise.all([bytes(asset, 'identity'), bytes(asset, 'gzip, deflate, br, zstd'), bytes(asset, 'gzip')]);
      expect(plain.headers['content-encoding'], asset).toBeUndefined();
      expect(plain.headers['cache-control'], asset).toBe('public, max-age=31536000, immutable');
      expect(plain.headers['x-content-type-options'], asset).toBe('nosniff');
      expect(plain.headers['content-type'], asset).toMatch(asset.endsWith('.js') ? /^application\/javascript/ : /^text\/css/);
      if (plain.body.length < 1024) continue;
      expect(br.headers['content-encoding'], asset).toBe('br');
      expect(br.headers.vary, asset).toBe('Accept-Encoding');
      expect(zlib.brotliDecompressSync(br.body).equals(plain.body), asset).toBe(true);
      expect(gz.headers['content-encoding'], asset).toBe('gzip');
      expect(zlib.gunzipSync(gz.body).equals(plain.body), asset).toBe(true);
      sent += br.body.length;
      built += plain.body.length;
    }
    // Brotli at its highest quality: well under a third of the bytes.
    expect(sent).toBeLessThan(built / 3);
  });

  it('a document’s page carries our own inline script (the early socket) with the response’s nonce, and its icon is there', async () => {
    const created = await api<{ id: string }>(server.url, drafter, 'POST', '/api/documents', { title: 'Nonce', kind: 'speech', language: 'az' });
    const res = await raw(`${server.url}/documents/${created.body.id}`, { headers: { Cookie: drafter } });
    expect(res.status).toBe(200);
    const nonce = /'nonce-([^']+)'/.exec(String(res.headers['content-security-policy']))?.[1];
    const scripts = [...res.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    const inline = [...res.body.matchAll(/<script\b[^>]*>([^<]+)<\/script>/g)].filter((m) => m[1]!.includes('/collab/') && !m[1]!.includes('__next_f'));
    expect(inline).toHaveLength(1);
    for (const tag of scripts) expect(tag, tag).toContain(`nonce="${nonce}"`);
    // The browser asks for the icon the page links; without one, every page load met a 404.
    const icon = /<link rel="icon" href="([^"]+)"/.exec(res.body)?.[1];
    expect(icon).toBeTruthy();
    const got = await raw(`${server.url}${icon!.replace(/&amp;/g, '&')}`, {});
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toContain('image/svg+xml');
  });

  it('sign-in never sends anyone to another site, signed in or not', async () => {
    const own = new URL(server.url);
    for (const callbackUrl of ['/%5Cevil.example/', '/%09/evil.example', '//evil.example', 'https://evil.example', '/%2F/evil.example', '%2F%2Fevil.example']) {
      // Already signed in: the page redirects at once.
      const page = await raw(`${server.url}/signin?callbackUrl=${callbackUrl}`, { headers: { Cookie: drafter } });
      expect(page.status, callbackUrl).toBeGreaterThanOrEqual(300);
      expect(new URL(String(page.headers.location), server.url).host, callbackUrl).toBe(own.host);
      // A fresh sign-in: next-auth's callback answers with where to go.
      const csrf = await fetch(`${server.url}/api/auth/csrf`);
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const cookie = csrf.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const signin = await raw(`${server.url}/api/auth/callback/credentials`, {
        method: 'POST',
        headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          csrfToken,
          email: 'drafter@example.org',
          password: 'communique',
          callbackUrl: decodeURIComponent(callbackUrl),
          json: 'true',
        }).toString(),
      });
      const target = signin.headers.location ?? (JSON.parse(signin.body) as { url: string }).url;
      expect(new URL(target, server.url).host, `${callbackUrl} → ${target}`).toBe(own.host);
    }
  });
});
