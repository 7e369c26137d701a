// The production server as one compiled file: server/index.ts and everything of ours it
// imports, bundled by esbuild into .next/communique/server-core.cjs (packages stay in
// node_modules, but for @tiptap/y-tiptap), started through a small loader,
// .next/communique/server.cjs (see `oneYjs`). `npm start`, the tests and the benchmark all
// run the loader, so they run what users run. `npm run dev` still runs the sources under tsx.
//
// Why not tsx in production: tsx compiles each file on its own to CommonJS with esbuild's
// `keepNames`. Every call into another module then goes through a getter on a copied
// namespace object (one shared getter, so its property load is megamorphic), and every
// closure created on the keystroke path calls `__name` (Object.defineProperty). Measured in
// profiles of the 20-client benchmark: 5–7% of the server's main thread (docs/PERFORMANCE.md).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The packages the server shares with Next's route handlers and server rendering as ES
 * modules: Yjs, lib0 and y-protocols. Next imports them (`serverExternalPackages`, turbopack
 * loads them with `import()`), which gives their ESM builds: `yjs.mjs`, lib0's `*.js`.
 */
const SHARED_ESM = /^(yjs|lib0(\/[\w-]+)*|y-protocols\/[\w-]+)$/;
/** Packages compiled into the server from their ESM build, so that their Yjs is the shared one (see `oneYjs`). */
const BUNDLED_ESM = /^@tiptap\/y-tiptap$/;
/** Where the loader (`loaderSource`) leaves the shared modules for the compiled server: id → module namespace. */
const SHARED_KEY = 'communique.shared-esm';

/**
 * Exports a shared module may reassign (`export let`), known to be final once it has run: the
 * compiled server copies each export once, so any other would be read stale (the build stops).
 */
const SETTLED_LETS = { 'lib0/string': ['utf8TextDecoder'] };

/**
 * An esbuild plugin: one copy of Yjs in the server process, its ESM build.
 *
 * Yjs must be loaded once per process: one Y.Doc must never meet a second copy's classes
 * (`instanceof` checks fail, and Yjs logs "Yjs was already imported"). Next loads the ESM
 * build (yjs.mjs) the first time a page or route handler needs Yjs. A CommonJS bundle that
 * `require`s yjs gets yjs.cjs, a second copy, and runs Yjs as CommonJS: every lib0 function
 * through a namespace getter (docs/PERFORMANCE.md, issue 18 §6). So:
 * - the loader (SERVER_BUNDLE) imports every shared package with `import()` (the same module
 *   instances Next's `import()` gets later) and then requires the compiled server;
 * - in the compiled server, an import of a shared package is a small module made here that
 *   copies each export of that namespace into a constant, which esbuild inlines as a plain
 *   variable (`Y.applyUpdate` is a call of a variable, not a getter). The namespaces are
 *   complete when copied: the modules have run (an `export let` outside SETTLED_LETS stops
 *   the build);
 * - @tiptap/y-tiptap (restores, imports, the search text) is compiled in from its ESM build,
 *   so its Yjs, lib0 and y-protocols are these same ones; its ProseMirror stays the CommonJS
 *   one our code requires.
 * The shared ids the compiled server needs are collected while it is compiled (`used`).
 */
function oneYjs(used) {
  return {
    name: 'one-yjs',
    setup(build) {
      build.onResolve({ filter: SHARED_ESM }, (args) => {
        if (args.namespace === 'shared-esm') return undefined;
        used.add(args.path);
        return { path: args.path, namespace: 'shared-esm' };
      });
      // import.meta.resolve: as an ES module resolves it (the "import" condition), from this
      // file, whose node_modules are the server's.
      build.onResolve({ filter: BUNDLED_ESM }, (args) => ({ path: fileURLToPath(import.meta.resolve(args.path)) }));
      build.onLoad({ filter: /.*/, namespace: 'shared-esm' }, async (args) => {
        const url = import.meta.resolve(args.path);
        const namespace = await import(url);
        for (const [, name] of fs.readFileSync(fileURLToPath(url), 'utf8').matchAll(/^export (?:let|var) (\w+)/gm)) {
          if (!SETTLED_LETS[args.path]?.includes(name))
            throw new Error(`${args.path} exports \`${name}\` as a variable: the compiled server would read it stale`);
        }
        const lines = [
          `const m = globalThis[Symbol.for(${JSON.stringify(SHARED_KEY)})]?.get(${JSON.stringify(args.path)});`,
          `if (!m) throw new Error(${JSON.stringify(`${args.path} was not loaded: run the compiled server through its loader (${path.relative(root, SERVER_BUNDLE)})`)});`,
        ];
        Object.keys(namespace).forEach((name, i) => lines.push(`const e${i} = m[${JSON.stringify(name)}];`, `export { e${i} as ${JSON.stringify(name)} };`));
        return { contents: lines.join('\n'), loader: 'js', resolveDir: root };
      });
    },
  };
}

/**
 * What node runs: the loader, which imports the shared ES modules (see `oneYjs`) and then
 * requires the compiled server (SERVER_CORE). `next build` empties .next, so both are written
 * after it.
 */
export const SERVER_BUNDLE = path.join(root, '.next', 'communique', 'server.cjs');
/** The compiled server: server/index.ts and everything of ours it imports. */
export const SERVER_CORE = path.join(root, '.next', 'communique', 'server-core.cjs');

/** How node runs it: stack traces point into the TypeScript sources (server-core.cjs.map; once Next has started, server/log.ts maps them). */
export const SERVER_NODE_ARGS = ['--enable-source-maps'];

/**
 * How esbuild compiles it (also used by tests/integration/log.test.ts for a program compiled
 * the same way; `bundleServer` adds the plugin that shares Yjs, which needs the loader).
 */
export const BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external', // one copy of ws, better-sqlite3, next…: the ones Next's route handlers load too
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
};

/** The loader's source: the shared modules first (sorted: the same build writes the same file), then the server. */
function loaderSource(ids) {
  return `'use strict';
// Written by scripts/server-bundle.mjs: loads Yjs, lib0 and y-protocols as ES modules, the
// instances Next's route handlers import too, then the compiled server, which reads them.
const ids = ${JSON.stringify(ids)};
Promise.all(ids.map((id) => import(id)))
  .then((modules) => {
    globalThis[Symbol.for(${JSON.stringify(SHARED_KEY)})] = new Map(ids.map((id, i) => [id, modules[i]]));
    require(${JSON.stringify(`./${path.basename(SERVER_CORE)}`)});
  })
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
`;
}

/** Compiles the server into SERVER_CORE and writes its loader, SERVER_BUNDLE; throws (with esbuild's messages) when it does not compile. */
export async function bundleServer() {
  const esbuild = await import('esbuild');
  const used = new Set();
  await esbuild.build({ ...BUNDLE_OPTIONS, plugins: [oneYjs(used)], absWorkingDir: root, entryPoints: ['server/index.ts'], outfile: SERVER_CORE });
  fs.writeFileSync(SERVER_BUNDLE, loaderSource([...used].sort()));
}
