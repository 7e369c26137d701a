import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressStatic } from '@/scripts/precompress.mjs';
import { chooseEncoding, StaticAssets } from './static-assets';

const has = { br: Buffer.from('b'), gzip: Buffer.from('g'), identity: Buffer.from('i') };

describe('chooseEncoding', () => {
  it('prefers brotli, then gzip, and honours q-values and refusals', () => {
    expect(chooseEncoding('gzip, deflate, br, zstd', has)).toBe('br');
    expect(chooseEncoding('gzip', has)).toBe('gzip');
    expect(chooseEncoding('br;q=0, gzip', has)).toBe('gzip');
    expect(chooseEncoding('br;q=0.5, gzip;q=0.9', has)).toBe('gzip');
    expect(chooseEncoding('*', has)).toBe('br');
    expect(chooseEncoding('*;q=0', has)).toBe('identity');
    expect(chooseEncoding(undefined, has)).toBe('identity');
    expect(chooseEncoding('', has)).toBe('identity');
    expect(chooseEncoding('identity', has)).toBe('identity');
    expect(chooseEncoding('br', { identity: has.identity })).toBe('identity');
  });
});

describe('StaticAssets over HTTP', () => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'communique-static-'));
  const script = `/* a chunk */\n${'export const greeting = "Salam, dünya! Əməkdaşlıq və qarşılıqlı hörmət.";\n'.repeat(200)}`;
  let server: http.Server;
  let port: number;

  /**
   * A raw request, with exactly the path and headers given: a URL would be normalised (`..`
   * resolved), and fetch would add Accept-Encoding and decode the body.
   */
  const get = (p: string, headers: Record<string, string> = {}, method = 'GET') =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: p, method, headers, agent: false }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
      });
      req.on('error', reject);
      req.end();
    });

  beforeAll(async () => {
    fs.mkdirSync(path.join(dist, 'static', 'chunks'), { recursive: true });
    fs.mkdirSync(path.join(dist, 'static', 'media'), { recursive: true });
    fs.writeFileSync(path.join(dist, 'static', 'chunks', 'a1b2.js'), script);
    fs.writeFileSync(path.join(dist, 'static', 'chunks', 'tiny.js'), 'x()');
    fs.writeFileSync(path.join(dist, 'static', 'media', 'font.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32, 1, 2, 3]));
    fs.writeFileSync(path.join(dist, 'secret.json'), '{"key":"not for the web"}');
    await precompressStatic(dist);
    const assets = StaticAssets.load(dist);
    // What Next would do with anything not served here.
    server = http.createServer((req, res) => {
      if (assets.serve(req, res)) return;
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('left to next');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it('sends the build-time brotli copy to a browser, and the same bytes once decoded', async () => {
    const res = await get('/_next/static/chunks/a1b2.js', { 'Accept-Encoding': 'gzip, deflate, br, zstd' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(res.body.length).toBeLessThan(Buffer.byteLength(script) / 10);
    expect(zlib.brotliDecompressSync(res.body).toString('utf8')).toBe(script);
  });

  it('sends gzip to a client without brotli, and the file as built to one that asks for neither', async () => {
    const gz = await get('/_next/static/chunks/a1b2.js', { 'Accept-Encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).toString('utf8')).toBe(script);
    const plain = await get('/_next/static/chunks/a1b2.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString('utf8')).toBe(script);
    // A query string (a cache-buster) names the same file.
    const withQuery = await get('/_next/static/chunks/a1b2.js?v=1', { 'Accept-Encoding': 'br' });
    expect(zlib.brotliDecompressSync(withQuery.body).toString('utf8')).toBe(script);
  });

  it('sends small files and fonts as built, without a compressed copy', async () => {
    const tiny = await get('/_next/static/chunks/tiny.js', { 'Accept-Encoding': 'br, gzip' });
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(tiny.headers.vary).toBeUndefined();
    expect(tiny.body.toString()).toBe('x()');
    const font = await get('/_next/static/media/font.woff2', { 'Accept-Encoding': 'br, gzip' });
    expect(font.headers['content-type']).toBe('font/woff2');
    expect(font.headers['content-encoding']).toBeUndefined();
    expect([...font.body]).toEqual([0x77, 0x4f, 0x46, 0x32, 1, 2, 3]);
  });

  it('answers HEAD with the headers alone', async () => {
    const res = await get('/_next/static/chunks/a1b2.js', { 'Accept-Encoding': 'br' }, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(Number(res.headers['content-length'])).toBeGreaterThan(0);
    expect(res.body.length).toBe(0);
  });

  it('leaves to Next whatever is not a built file: other names, other folders, other methods, ranges', async () => {
    const leftToNext = [
      '/_next/static/chunks/missing.js',
      '/_next/static/../secret.json',
      '/_next/static/%2e%2e/secret.json',
      '/_next/static/chunks/..%2f..%2fsecret.json',
      '/_next/static//chunks/a1b2.js',
      '/_next/static/chunks/a1b2.js.br',
      '/_next/compressed/chunks/a1b2.js.br',
      '/secret.json',
    ];
    for (const p of leftToNext) {
      const res = await get(p, { 'Accept-Encoding': 'br' });
      expect(res.status, p).toBe(404);
      expect(res.body.toString(), p).toBe('left to next');
    }
    const post = await get('/_next/static/chunks/a1b2.js', {}, 'POST');
    expect(post.body.toString()).toBe('left to next');
    const range = await get('/_next/static/chunks/a1b2.js', { Range: 'bytes=0-9' });
    expect(range.body.toString()).toBe('left to next');
  });

  it('serves nothing when there is no build', () => {
    expect(StaticAssets.load(path.join(dist, 'nothing-here')).size).toBe(0);
  });
});
