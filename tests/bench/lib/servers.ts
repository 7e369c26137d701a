import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { hashPassword } from '@/server/auth/password';
import { SqliteStorage } from '@/server/storage/sqlite';
import { startServer } from '@/tests/helpers/server';
import { signIn } from '@/tests/helpers/session';

const ROOT = path.resolve(__dirname, '..', '..', '..');

export type ServerKind = 'ours' | 'reference';

/** A running server under test: its process, and where clients connect. */
export interface BenchServer {
  kind: ServerKind;
  pid: number;
  /** The y-websocket `serverUrl`: a client opens `${wsBase}/${room}`. */
  wsBase: string;
  /** Our server's HTTP origin (sign-in); the reference has no HTTP API. */
  httpUrl?: string;
  stop(): Promise<void>;
}

/**
 * Our server exactly as `npm start` runs it: the production build, server/index.ts with
 * auth, SQLite in `dataDir`, the collaboration websocket on the same port. `nodeArgs`
 * (`--cpu-prof` for profiling) go to node; `root` runs another checkout's build (ab.ts).
 */
export async function startOurs(dataDir: string, nodeArgs: string[] = [], root?: string): Promise<BenchServer> {
  const server = await startServer({ dataDir, nodeArgs, root, env: { SEED_DEMO_USERS: 'false', LOG_LEVEL: 'error' } });
  return {
    kind: 'ours',
    pid: server.proc.pid!,
    wsBase: `ws://127.0.0.1:${server.port}/collab`,
    httpUrl: server.url,
    stop: () => server.stop(),
  };
}

/**
 * The reference server of @y/websocket-server 0.1.1, as its `y-websocket` bin runs it: in
 * memory, no auth. With `stateDir`, through reference-server.mjs: the same server, loading a
 * room from `<stateDir>/<room>.yjs` when it first opens it (the cold-load phase).
 */
export async function startReference(nodeArgs: string[] = [], stateDir?: string): Promise<BenchServer> {
  const port = await freePort();
  const bin = stateDir ? path.join(__dirname, '..', 'reference-server.mjs') : path.join(ROOT, 'node_modules', '@y', 'websocket-server', 'src', 'server.js');
  // When profiling, exit on SIGTERM through process.exit so that node writes the profile.
  const script = nodeArgs.length ? ['-e', `process.on('SIGTERM', () => process.exit(0)); import(${JSON.stringify(pathToFileURL(bin).href)});`] : [bin];
  const proc = spawn(process.execPath, [...nodeArgs, ...script], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ...(stateDir ? { STATE_DIR: stateDir } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the reference server did not start in 20 s:\n${output}`)), 20_000);
    const onData = () => {
      if (!output.includes('running at')) return;
      clearTimeout(timer);
      proc.stdout.off('data', onData);
      resolve();
    };
    proc.stdout.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the reference server exited with ${code}:\n${output}`));
    });
  });
  return {
    kind: 'reference',
    pid: proc.pid!,
    wsBase: `ws://127.0.0.1:${port}`,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
}

/** A loopback port that was free a moment ago (the reference server takes no port 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface Seeded {
  emails: string[];
  documentIds: string[];
}

export const BENCH_PASSWORD = 'bench-password';

/**
 * Prepares our data directory before the first start: `users` drafters (one per client in
 * the largest document, so presence is per person as in real use) and `documents` empty
 * drafts. The reference server uses the same ids as room names.
 */
export async function seed(dataDir: string, users: number, documents: number): Promise<Seeded> {
  const storage = new SqliteStorage(path.join(dataDir, 'communique.db'));
  await storage.open();
  try {
    const passwordHash = await hashPassword(BENCH_PASSWORD);
    const emails: string[] = [];
    let firstUserId = '';
    for (let i = 0; i < users; i++) {
      const email = `bench-${String(i).padStart(3, '0')}@example.org`;
      const user = await storage.createUser({ email, name: `Bench Writer ${i}`, role: 'drafter', passwordHash });
      firstUserId ||= user.id;
      emails.push(email);
    }
    const documentIds: string[] = [];
    for (let i = 0; i < documents; i++) {
      const doc = await storage.createDocument({
        title: `Benchmark statement ${i}`,
        kind: 'statement',
        language: 'en',
        datelinePlace: null,
        datelineDate: null,
        createdBy: firstUserId,
      });
      documentIds.push(doc.id);
    }
    return { emails, documentIds };
  } finally {
    await storage.close();
  }
}

/** Signs every user in through next-auth's credentials flow, two at a time; returns their cookies. */
export async function signInAll(httpUrl: string, emails: string[]): Promise<string[]> {
  const cookies: string[] = new Array(emails.length);
  let next = 0;
  const lane = async () => {
    while (next < emails.length) {
      const i = next++;
      cookies[i] = await signIn(httpUrl, emails[i]!, BENCH_PASSWORD);
    }
  };
  await Promise.all([lane(), lane()]);
  return cookies;
}
