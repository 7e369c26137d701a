// Compresses the build's immutable assets once, at build time, so that the server sends
// them as they are instead of compressing every response (server/edge/static-assets.ts).
// For each text asset in .next/static (scripts, style sheets, SVG, JSON) it writes a
// brotli and a gzip copy under .next/compressed, at the same relative path plus `.br` or
// `.gz`, and only where the copy is smaller. Fonts and images are compressed already.
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

/** Extensions worth compressing (the server's types for them are in static-assets.ts). */
const COMPRESSIBLE = new Set(['.js', '.css', '.svg', '.json', '.txt', '.map']);
/** Below this, compression saves less than a packet. */
const MIN_BYTES = 1024;

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Every file under `dir`, as paths relative to it with forward slashes (server/files.ts's `listFiles`, in plain JavaScript: this runs before anything is compiled). */
function filesUnder(dir, rel = '') {
  const out = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...filesUnder(dir, child));
    else if (entry.isFile()) out.push(child);
  }
  return out;
}

/** Writes .next/compressed from .next/static (replacing what was there); returns what it did. */
export async function precompressStatic(distDir) {
  const source = path.join(distDir, 'static');
  const target = path.join(distDir, 'compressed');
  fs.rmSync(target, { recursive: true, force: true });
  let files = 0;
  let before = 0;
  let after = 0;
  const todo = filesUnder(source).filter((rel) => COMPRESSIBLE.has(path.extname(rel)));
  // Two at a time: zlib runs on libuv's thread pool, and the machine may have two cores.
  for (let i = 0; i < todo.length; i += 2) {
    await Promise.all(
      todo.slice(i, i + 2).map(async (rel) => {
        const data = fs.readFileSync(path.join(source, rel));
        if (data.length < MIN_BYTES) return;
        const [br, gz] = await Promise.all([
          brotli(data, {
            params: {
              [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
              [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
              [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
            },
          }),
          gzip(data, { level: zlib.constants.Z_BEST_COMPRESSION }),
        ]);
        fs.mkdirSync(path.dirname(path.join(target, rel)), { recursive: true });
        if (br.length < data.length) fs.writeFileSync(path.join(target, `${rel}.br`), br);
        if (gz.length < data.length) fs.writeFileSync(path.join(target, `${rel}.gz`), gz);
        files += 1;
        before += data.length;
        after += Math.min(br.length, data.length);
      }),
    );
  }
  return { files, before, after };
}
