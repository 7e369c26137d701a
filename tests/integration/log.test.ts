import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BUNDLE_OPTIONS, SERVER_NODE_ARGS } from '@/scripts/server-bundle.mjs';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * A program compiled as the server is (scripts/server-bundle.mjs: esbuild, linked source
 * map), run as `npm start` runs the server: it starts Next on the production build, as the
 * server does before anything can fail, then logs an error thrown in its own code.
 */
const PROGRAM = `import next from 'next';
import { createLogger } from '${path.join(ROOT, 'server', 'log')}';

function refuseTheDraft(): never {
  throw new Error('the draft was refused');
}

async function main(): Promise<void> {
  await next({ dev: false, dir: ${JSON.stringify(ROOT)} }).prepare();
  try {
    refuseTheDraft();
  } catch (err) {
    createLogger().error('a command failed', { err });
  }
  process.exit(0);
}
void main();
`;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'communique-log-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it("an error in the log names the TypeScript file and line it was thrown at, not the compiled server's", async () => {
  const source = path.join(dir, 'program.ts');
  fs.writeFileSync(source, PROGRAM);
  const outfile = path.join(dir, 'program.cjs');
  await build({ ...BUNDLE_OPTIONS, entryPoints: [source], outfile, logLevel: 'silent' });

  const { stderr } = await promisify(execFile)(process.execPath, [...SERVER_NODE_ARGS, outfile], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', NODE_PATH: path.join(ROOT, 'node_modules') },
    timeout: 60_000,
  });
  const line = stderr.split('\n').find((l) => l.includes('"a command failed"'));
  expect(line, stderr).toBeDefined();
  const { err } = JSON.parse(line!) as { err: { message: string; stack: string } };
  expect(err.message).toBe('the draft was refused');
  // Line 5 of PROGRAM is the throw, line 11 the call.
  expect(err.stack).toContain(`refuseTheDraft (${source}:5:`);
  expect(err.stack).toContain(`main (${source}:11:`);
  expect(err.stack).not.toContain('program.cjs');
});
