import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { listFiles } from '@/server/files';

/** The URL prefix of the build's assets: content-hashed names, never changed once built. */
const PREFIX = '/_next/static/';
/** Larger files are left to Next (none in a build today: the largest script is about 0.6 MB). */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

const TYPES: Record<string, string> = {
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
};

type Encoding = 'br' | 'gzip' | 'identity';

/** One asset: its bytes as built and, where the build made them, brotli and gzip copies. */
interface Asset {
  type: string;
  bodies: Partial<Record<Encoding, Buffer>> & { identity: Buffer };
}

/**
 * The build's immutable assets (/_next/static/…), served from memory, compressed once at
 * build time (scripts/precompress.mjs) rather than on every response.
 *
 * Next compresses each response as it sends it: on a first visit the document page's ten
 * scripts (1.2 MB) cost the server about 50 ms of gzip, on the event loop's thread pool
 * beside the page's own render, and the largest script reached the browser up to 300 ms
 * after it was asked for (docs/PERFORMANCE.md, "The build's scripts, compressed once").
 * Brotli at its highest quality is also a quarter the size, for staff on slow links.
 *
 * Only files that were in the build when the server started are served: a request's path is
 * looked up as it came, so no path it names can leave the folder; anything else (a name not
 * in the build, a Range request) goes on to Next, which answers it as before. The set is
 * read once at startup (about 6 MB with the compressed copies); a new build needs a restart,
 * as it does for Next.
 */
export class StaticAssets {
  private constructor(private readonly assets: ReadonlyMap<string, Asset>) {}

  /** Reads `<distDir>/static` and `<distDir>/compressed`; an empty set when there is no build. */
  static load(distDir: string): StaticAssets {
    const assets = new Map<string, Asset>();
    const source = path.join(distDir, 'static');
    const compressed = path.join(distDir, 'compressed');
    for (const rel of fs.existsSync(source) ? listFiles(source) : []) {
      const type = TYPES[path.extname(rel)];
      const file = path.join(source, rel);
      if (!type || fs.statSync(file).size > MAX_FILE_BYTES) continue;
      const bodies: Asset['bodies'] = { identity: fs.readFileSync(file) };
      for (const [encoding, ext] of [
        ['br', '.br'],
        ['gzip', '.gz'],
      ] as const) {
        const copy = path.join(compressed, rel + ext);
        if (fs.existsSync(copy)) bodies[encoding] = fs.readFileSync(copy);
      }
      assets.set(PREFIX + rel, { type, bodies });
    }
    return new StaticAssets(assets);
  }

  get size(): number {
    return this.assets.size;
  }

  /** Answers a GET or HEAD of a built asset and returns true; false leaves the request to Next. */
  serve(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const url = req.url ?? '';
    if (!url.startsWith(PREFIX) || req.headers.range !== undefined) return false;
    const query = url.indexOf('?');
    const asset = this.assets.get(query === -1 ? url : url.slice(0, query));
    if (!asset) return false;
    const encoding = chooseEncoding(req.headers['accept-encoding'], asset.bodies);
    const body = asset.bodies[encoding]!;
    res.statusCode = 200;
    res.setHeader('Content-Type', asset.type);
    res.setHeader('Content-Length', body.length);
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    if (asset.bodies.br || asset.bodies.gzip) res.setHeader('Vary', 'Accept-Encoding');
    if (encoding !== 'identity') res.setHeader('Content-Encoding', encoding);
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  }
}

/**
 * The best encoding the client accepts among those the asset has: brotli, then gzip, then
 * the bytes as built. `q=0` refuses an encoding (RFC 9110, 12.5.3); `*` stands for any not
 * named. Identity is always possible: a client that refuses it too still gets the bytes.
 */
export function chooseEncoding(header: string | string[] | undefined, has: Partial<Record<Encoding, Buffer>>): Encoding {
  const accepted = new Map<string, number>();
  for (const part of (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p)).find(Boolean);
    accepted.set(name, q ? Number(q[1]) : 1);
  }
  const quality = (name: string) => accepted.get(name) ?? accepted.get('*') ?? 0;
  const offers = (['br', 'gzip'] as const).filter((e) => has[e] && quality(e) > 0);
  if (offers.length === 0) return 'identity';
  return offers.reduce((best, e) => (quality(e) > quality(best) ? e : best));
}
