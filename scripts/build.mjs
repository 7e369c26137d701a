// Builds the app when there is no production build or the sources changed since the last
// one (a hash of the sources is kept beside the build): the Next app (`next build`), then the
// compiled server (scripts/server-bundle.mjs). `--force` always builds.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { precompressStatic } from './precompress.mjs';
import { SERVER_BUNDLE, bundleServer } from './server-bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const INPUTS = [
  'app',
  'components',
  'lib',
  'server',
  'i18n',
  'messages',
  'next.config.js',
  'tsconfig.json',
  'package-lock.json',
  'scripts/server-bundle.mjs',
  'scripts/precompress.mjs',
];
const stamp = path.join(root, '.next', 'communique-source-hash');

function hashInputs() {
  const hash = createHash('sha256');
  const visit = (rel) => {
    const abs = path.join(root, rel);
    if (!fs.existsSync(abs)) return;
    const stat = fs.statSync(abs);
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(abs).sort()) visit(path.join(rel, name));
    } else if (!rel.endsWith('.test.ts')) {
      hash.update(rel).update('\0').update(fs.readFileSync(abs)).update('\0');
    }
  };
  INPUTS.forEach(visit);
  return hash.digest('hex');
}

const current = hashInputs();
const complete = [path.join(root, '.next', 'BUILD_ID'), stamp, SERVER_BUNDLE].every((f) => fs.existsSync(f));
const built = complete ? fs.readFileSync(stamp, 'utf8') : null;
if (!process.argv.includes('--force') && built === current) {
  console.log('Production build is up to date.');
  process.exit(0);
}
console.log('Building the app (next build)…');
const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
});
if (result.status !== 0) process.exit(result.status ?? 1);
console.log('Compressing the scripts and styles (brotli, gzip)…');
const compressed = await precompressStatic(path.join(root, '.next'));
console.log(`${compressed.files} files, ${Math.round(compressed.before / 1024)} KiB → ${Math.round(compressed.after / 1024)} KiB (brotli)`);
console.log('Compiling the server (esbuild)…');
try {
  await bundleServer();
} catch (err) {
  console.error(`The server did not compile: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}
fs.writeFileSync(stamp, current);
