import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SERVER_BUNDLE, SERVER_NODE_ARGS } from '@/scripts/server-bundle.mjs';

const ROOT = path.resolve(__dirname, '..', '..');

export interface TestServer {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  dataDir: string;
  /** The server's PostgreSQL database, when it runs on one (TEST_STORAGE=postgres, or DATABASE_URL given); else its SQLite file is in dataDir. */
  databaseUrl: string | null;
  proc: ChildProcess;
  /** Everything the server wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM and wait for exit (a graceful shutdown). */
  stop(): Promise<void>;
  /** SIGKILL: the process dies at once, nothing is flushed. */
  kill9(): Promise<void>;
}

export interface StartOptions {
  dataDir?: string;
  port?: number;
  env?: Record<string, string>;
  /** Extra node options before the script, such as `--cpu-prof` (not allowed in NODE_OPTIONS). */
  nodeArgs?: string[];
  /** Another checkout whose build to run (tests/bench/ab.ts compares two builds); default this one. */
  root?: string;
}

/**
 * Node's arguments for the production server exactly as `npm start` runs it: the compiled
 * server/index.ts. Needs a production build (`npm test` makes one first).
 */
export function serverArgs(nodeArgs: string[] = [], root = ROOT): string[] {
  const bundle = path.join(root, path.relative(ROOT, SERVER_BUNDLE));
  if (!fs.existsSync(bundle)) throw new Error(`no compiled server at ${bundle}: run \`node scripts/build.mjs\` first`);
  return [...nodeArgs, ...SERVER_NODE_ARGS, bundle];
}

/**
 * Starts the real production server (the same process `npm start` runs) on a free loopback
 * port with its own data directory, and resolves when it is ready.
 */
export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'communique-test-'));
  const storageEnv = process.env.TEST_STORAGE === 'postgres' && !options.env?.DATABASE_URL ? await postgresFor(dataDir) : {};
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: String(options.port ?? 0),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    // Tests poll verification every 20 ms while waiting for an embargo; the allowance of one
    // address is tested on its own (tests/integration/verify-file.test.ts).
    VERIFY_LOOKUPS_PER_MINUTE: '100000',
    ...storageEnv,
    ...options.env,
  };
  // Same origin, as out of the box: unset, not empty (next-auth's client module, rendered
  // on the server, throws on an empty NEXTAUTH_URL).
  if (!options.env?.NEXTAUTH_URL) delete env.NEXTAUTH_URL;
  const proc = spawn(process.execPath, serverArgs(options.nodeArgs, options.root), {
    cwd: options.root ?? ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${output}`)), 60_000);
    const onData = () => {
      const match = /ready on http:\/\/localhost:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        proc.stdout!.off('data', onData);
        resolve(Number(match[1]));
      }
    };
    proc.stdout!.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it was ready:\n${output}`));
    });
  });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    databaseUrl: env.DATABASE_URL || null,
    proc,
    output: () => output,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
    },
    async kill9() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * `TEST_STORAGE=postgres npx vitest run <file>` runs any integration file against
 * PostgreSQL: one database per data directory (a restart with the same directory finds its
 * data), created on first use. A manual mode for checking the app on PostgreSQL; the
 * databases are left for `DROP DATABASE` (named cq_dir_…).
 */
async function postgresFor(dataDir: string): Promise<Record<string, string>> {
  const { ensureDatabase } = await import('./services');
  const name = `cq_dir_${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`;
  return { DATABASE_URL: await ensureDatabase(name), NEXTAUTH_SECRET: 'test-storage-postgres-secret-0123456789' };
}

/** Polls `condition` every 20 ms until it holds; fails with `what` after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
