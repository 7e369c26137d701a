// The production server as one compiled file: server/index.ts and everything of ours it
// imports, bundled by esbuild into .next/communique/server.cjs (packages stay in
// node_modules). `npm start`, the tests and the benchmark all run this file, so they run
// what users run. `npm run dev` still runs the sources under tsx.
//
// Why not tsx in production: tsx compiles each file on its own to CommonJS with esbuild's
// `keepNames`. Every call into another module then goes through a getter on a copied
// namespace object (one shared getter, so its property load is megamorphic), and every
// closure created on the keystroke path calls `__name` (Object.defineProperty). Measured in
// profiles of the 20-client benchmark: 5–7% of the server's main thread (docs/PERFORMANCE.md).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The compiled server; `next build` empties .next, so it is written after it. */
export const SERVER_BUNDLE = path.join(root, '.next', 'communique', 'server.cjs');

/** How node runs it: stack traces point into the TypeScript sources (server.cjs.map; once Next has started, server/log.ts maps them). */
export const SERVER_NODE_ARGS = ['--enable-source-maps'];

/** How esbuild compiles it (also used by tests/integration/log.test.ts for a program compiled the same way). */
export const BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external', // one copy of yjs, ws, better-sqlite3…: the ones Next's route handlers load too
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
};

/** Compiles the server into SERVER_BUNDLE; throws (with esbuild's messages) when it does not compile. */
export async function bundleServer() {
  const esbuild = await import('esbuild');
  await esbuild.build({ ...BUNDLE_OPTIONS, absWorkingDir: root, entryPoints: ['server/index.ts'], outfile: SERVER_BUNDLE });
}
