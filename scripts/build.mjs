// Builds the Next app when there is no production build or the sources changed since the
// last one (a hash of the sources is kept beside the build). `--force` always builds.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const INPUTS = ['app', 'components', 'lib', 'server', 'next.config.js', 'tsconfig.json', 'package-lock.json'];
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
const built = fs.existsSync(path.join(root, '.next', 'BUILD_ID')) && fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8') : null;
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
fs.writeFileSync(stamp, current);
