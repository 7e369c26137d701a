/**
 * Catalogue payload benchmark (not a test; issue 26, "catalogue payload"): how many bytes a
 * page's HTML and its RSC payload (what a client-side navigation fetches) weigh, in English
 * and in Russian, raw and gzipped. The interface's messages that client components need
 * travel inside both (i18n/ClientMessages.tsx), so this is where sending fewer shows.
 *
 * `npm run bench:payload` measures this checkout's build; `-- --before=DIR` measures another
 * build as well (a directory with that build's .next, messages/, public/ and node_modules),
 * each on its own server with the same seeded data, and prints both with their ratio.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { type TestServer, startServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

const LOCALES = ['en', 'ru'] as const;
/** Pages without a session (the visitor's language is the NEXT_LOCALE cookie) and with the drafter's. */
const PUBLIC_PAGES = ['/signin', '/newsroom', '/verify'];
const WORKSPACE_PAGES = ['/documents', '/documents/:id', '/documents/:id/history'];

interface Sizes {
  html: number;
  htmlGzip: number;
  rsc: number;
  rscGzip: number;
}
type Table = Map<string, Sizes>;

async function sizes(url: string, cookie: string): Promise<Sizes> {
  const get = async (headers: Record<string, string>) => {
    let res = await fetch(url, { headers: { Cookie: cookie, ...headers }, redirect: 'manual' });
    // Next answers an RSC request without its cache-busting `_rsc` parameter with a redirect to the URL that has it.
    const location = res.headers.get('location');
    if (res.status === 307 && location?.includes('_rsc')) {
      await res.arrayBuffer();
      res = await fetch(new URL(location, url), { headers: { Cookie: cookie, ...headers }, redirect: 'manual' });
    }
    const body = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
    return body;
  };
  const html = await get({});
  const rsc = await get({ RSC: '1' });
  return { html: html.length, htmlGzip: gzipSync(html).length, rsc: rsc.length, rscGzip: gzipSync(rsc).length };
}

/** Starts a server on `root`'s build with fresh data and measures every page in every locale. */
async function measure(root: string | undefined): Promise<Table> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'communique-bench-payload-'));
  let server: TestServer | null = null;
  try {
    server = await startServer({ dataDir, root, env: { LOG_LEVEL: 'error' } });
    const session = await signIn(server.url, 'drafter@example.org');
    const created = await api<{ id: string }>(server.url, session, 'POST', '/api/documents', {
      title: 'Joint statement on the digital transport corridor',
      kind: 'statement',
      language: 'en',
    });
    if (created.status !== 201) throw new Error(`creating a document: HTTP ${created.status}`);
    const table: Table = new Map();
    for (const locale of LOCALES) {
      const changed = await api(server.url, session, 'PATCH', '/api/me', { locale });
      if (changed.status !== 200) throw new Error(`PATCH /api/me: HTTP ${changed.status}`);
      for (const page of PUBLIC_PAGES) table.set(`${page} ${locale}`, await sizes(server.url + page, `NEXT_LOCALE=${locale}`));
      for (const page of WORKSPACE_PAGES) {
        table.set(`${page} ${locale}`, await sizes(server.url + page.replace(':id', created.body.id), session));
      }
    }
    return table;
  } finally {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const kb = (n: number) => (n / 1024).toFixed(1);

async function main(): Promise<void> {
  const beforeArg = process.argv.find((a) => a.startsWith('--before='))?.slice('--before='.length);
  const before = beforeArg ? await measure(path.resolve(beforeArg)) : null;
  const after = await measure(undefined);

  console.log('Sizes in KiB; "gz" is the same bytes gzipped. RSC is the payload a client-side navigation fetches.\n');
  if (before) {
    console.log('| page | lang | HTML before → after | HTML gz before → after | RSC before → after | RSC gz before → after |');
    console.log('| --- | --- | --- | --- | --- | --- |');
  } else {
    console.log('| page | lang | HTML | HTML gz | RSC | RSC gz |');
    console.log('| --- | --- | --- | --- | --- | --- |');
  }
  for (const [key, a] of after) {
    const [page, locale] = key.split(' ');
    const b = before?.get(key);
    const cell = (x: keyof Sizes) => (b ? `${kb(b[x])} → ${kb(a[x])} (${((a[x] / b[x] - 1) * 100).toFixed(0)} %)` : kb(a[x]));
    console.log(`| ${page} | ${locale} | ${cell('html')} | ${cell('htmlGzip')} | ${cell('rsc')} | ${cell('rscGzip')} |`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
