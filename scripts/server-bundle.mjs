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
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The packages on the keystroke path whose exports the server reads as plain variables (see `directExports`). */
const DIRECT_PACKAGES = /^(yjs|lib0(\/[\w-]+)?|y-protocols\/[\w-]+)$/;

/**
 * An esbuild plugin. A package left external is required, and esbuild wraps what `require`
 * returns for an `import * as Y from 'yjs'` in an object of getters (`__toESM`), one shared
 * getter function whose keyed load is megamorphic: every `Y.applyUpdate`, `decoding.readVarUint`
 * on the keystroke path went through it (1–2% of the server's CPU in text-only typing, and
 * inline-cache misses around it; docs/PERFORMANCE.md). For the Yjs packages, whose CommonJS
 * builds assign each export once when loaded (checked at build time: a package with a getter
 * among its exports keeps the wrapper), an import is instead a small module made here that
 * requires the same file and copies each export into a constant, which esbuild then inlines
 * as a plain variable. Same file, same module instance as Next's route handlers load.
 */
const directExports = {
  name: 'direct-exports',
  setup(build) {
    const requireHere = createRequire(path.join(root, 'package.json'));
    // A package whose exports include a getter (a lazy or live export) keeps esbuild's wrapper.
    const plain = (id) => Object.values(Object.getOwnPropertyDescriptors(requireHere(id))).every((d) => !d.get && !d.set);
    build.onResolve({ filter: DIRECT_PACKAGES }, (args) => {
      if (args.namespace === 'direct-exports') return { path: args.path, external: true };
      return plain(args.path) ? { path: args.path, namespace: 'direct-exports' } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'direct-exports' }, (args) => {
      const names = Object.keys(requireHere(args.path)).filter((name) => name !== 'default' && name !== '__esModule');
      const lines = [`const m = require(${JSON.stringify(args.path)});`];
      names.forEach((name, i) => lines.push(`const e${i} = m[${JSON.stringify(name)}];`, `export { e${i} as ${JSON.stringify(name)} };`));
      return { contents: lines.join('\n'), loader: 'js', resolveDir: root };
    });
  },
};

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
  plugins: [directExports],
};

/** Compiles the server into SERVER_BUNDLE; throws (with esbuild's messages) when it does not compile. */
export async function bundleServer() {
  const esbuild = await import('esbuild');
  await esbuild.build({ ...BUNDLE_OPTIONS, absWorkingDir: root, entryPoints: ['server/index.ts'], outfile: SERVER_BUNDLE });
}
