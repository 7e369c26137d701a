import fs from 'node:fs';
import path from 'node:path';

/**
 * The project's folder (the one with package.json and next.config.js: `.next` has a
 * package.json of its own), found from where this code runs:
 * server/ when the sources run under tsx (`npm run dev`, tests), .next/communique/ when the
 * compiled server runs (`npm start`). Files the server reads beside its sources (the PDF
 * template, the render process) are found from here, never from `__dirname`.
 */
export const ROOT = findRoot(__dirname);

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (['package.json', 'next.config.js'].every((f) => fs.existsSync(path.join(dir, f)))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json beside next.config.js in ${from} or any folder above it`);
  }
}
