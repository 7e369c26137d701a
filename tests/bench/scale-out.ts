/**
 * `npm run bench:scale-out`: keystroke latency across processes. One typist and 19 readers
 * (20 clients) on one document: first all on process A, then split over processes A and B
 * (two client workers, one per process; the typist is on A), in the same run, interleaved
 * round by round, on the same PostgreSQL + Redis cluster. Reports p50/p99 of each and the
 * p99 ratio split/single: what the relay (commit, publish, Redis, the other process's apply)
 * adds. Needs PostgreSQL at 127.0.0.1:5432 and Redis at 127.0.0.1:6379 (TEST_POSTGRES_URL,
 * TEST_REDIS_URL) and a production build.
 *
 *   npm run bench:scale-out               2 rounds of 10 s each side (~2 minutes)
 *   npm run bench:scale-out -- --quick    1 round of 4 s (a smoke test)
 *
 * Everything listens on 127.0.0.1; every wait is bounded; only processes this script
 * started are stopped, by their pid; its database is dropped at the end.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { hashPassword } from '@/server/auth/password';
import { PostgresStorage } from '@/server/storage/postgres';
import { startServer, type TestServer } from '@/tests/helpers/server';
import { freshDatabase, freshRedisPrefix, probePostgres, probeRedis, REDIS_TEST_URL, type FreshDatabase } from '@/tests/helpers/services';
import { percentile } from './lib/measure';
import { BENCH_PASSWORD, signInAll, type BenchServer } from './lib/servers';
import { ClientWorker } from './lib/workers';
import { runTyping } from './scenarios/typing';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    out: { type: 'string', default: path.join(__dirname, 'results', 'scale-out.json') },
  },
});
const quick = args.quick!;
const config = { rounds: Number(args.rounds ?? (quick ? 1 : 2)), clients: 20, charsPerSecond: 50, durationS: quick ? 4 : 10 };
const SECRET = 'bench-scale-out-secret-0123456789abcdef';

const log = (msg: string) => process.stdout.write(`[scale-out] ${msg}\n`);

async function seedCluster(url: string, users: number, documents: number): Promise<{ emails: string[]; documentIds: string[] }> {
  const storage = new PostgresStorage({ connectionString: url });
  await storage.open();
  try {
    const passwordHash = await hashPassword(BENCH_PASSWORD);
    const emails: string[] = [];
    let creator = '';
    for (let i = 0; i < users; i++) {
      const email = `bench-${String(i).padStart(3, '0')}@example.org`;
      const user = await storage.createUser({ email, name: `Bench Writer ${i}`, role: 'drafter', passwordHash });
      creator ||= user.id;
      emails.push(email);
    }
    const documentIds: string[] = [];
    for (let i = 0; i < documents; i++) {
      const doc = await storage.createDocument({
        title: `Scale-out ${i}`,
        kind: 'statement',
        language: 'en',
        datelinePlace: null,
        datelineDate: null,
        createdBy: creator,
      });
      documentIds.push(doc.id);
    }
    return { emails, documentIds };
  } finally {
    await storage.close();
  }
}

function asBench(server: TestServer): BenchServer {
  return { kind: 'ours', pid: server.proc.pid!, wsBase: `ws://127.0.0.1:${server.port}/collab`, httpUrl: server.url, stop: () => server.stop() };
}

async function main(): Promise<void> {
  const problems = (await Promise.all([probePostgres(), probeRedis()])).filter(Boolean);
  if (problems.length) throw new Error(problems.join('; '));
  let database: FreshDatabase | null = null;
  const processes: TestServer[] = [];
  const workers = [new ClientWorker(0), new ClientWorker(1)];
  try {
    database = await freshDatabase('cq_bench');
    const seeded = await seedCluster(database.url, config.clients, 2 + 2 * config.rounds);
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: REDIS_TEST_URL,
      REDIS_PREFIX: freshRedisPrefix(),
      NEXTAUTH_SECRET: SECRET,
      SEED_DEMO_USERS: 'false',
      LOG_LEVEL: 'error',
    };
    processes.push(await startServer({ env }), await startServer({ env }));
    const [a, b] = processes.map(asBench) as [BenchServer, BenchServer];
    log(`processes up: A pid ${a.pid}, B pid ${b.pid}; signing in ${config.clients} users`);
    const cookies = await signInAll(a.httpUrl!, seeded.emails);
    const rooms = [...seeded.documentIds];
    const opts = { clients: config.clients, writers: 1, charsPerSecond: config.charsPerSecond, durationS: config.durationS };

    // Warm-up: both layouts once, unmeasured.
    await runTyping(a, workers, cookies, { ...opts, durationS: 2, room: rooms.shift()! });
    await runTyping([a, b], workers, cookies, { ...opts, durationS: 2, room: rooms.shift()! });

    const samples = { single: [] as number[], split: [] as number[] };
    const lost = { single: 0, split: 0 };
    for (let round = 1; round <= config.rounds; round++) {
      const order = round % 2 === 1 ? (['single', 'split'] as const) : (['split', 'single'] as const);
      for (const layout of order) {
        const { result, samples: s } = await runTyping(layout === 'single' ? a : [a, b], workers, cookies, { ...opts, room: rooms.shift()! });
        samples[layout].push(...s);
        lost[layout] += result.lostDeliveries;
        log(
          `round ${round}, ${layout}: p50 ${result.latencyMs.p50.toFixed(1)} ms, p99 ${result.latencyMs.p99.toFixed(1)} ms, identical everywhere: ${result.identicalEverywhere}`,
        );
      }
    }
    const summary = (xs: number[]) => ({ count: xs.length, p50: percentile(xs, 50), p99: percentile(xs, 99), max: percentile(xs, 100) });
    const output = {
      at: new Date().toISOString(),
      config,
      single: { ...summary(samples.single), lost: lost.single },
      split: { ...summary(samples.split), lost: lost.split },
      p99Ratio: percentile(samples.split, 99) / percentile(samples.single, 99),
    };
    fs.mkdirSync(path.dirname(args.out!), { recursive: true });
    fs.writeFileSync(args.out!, `${JSON.stringify(output, null, 2)}\n`);
    log(`single process p99 ${output.single.p99.toFixed(1)} ms; split over two p99 ${output.split.p99.toFixed(1)} ms; ratio ${output.p99Ratio.toFixed(2)}`);
    if (lost.single || lost.split) process.exitCode = 1;
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await Promise.all(processes.map((p) => p.stop()));
    await database?.drop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
