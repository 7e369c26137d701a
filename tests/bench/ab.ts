/**
 * Two builds of our server side by side, typed into at the same time with the same load:
 * an A/B of a change to the keystroke path that the machine's noise cannot swing. `npm run
 * bench` runs ours and the reference one after the other, and on a machine shared with other
 * work the load moves between the two runs (a ratio from 2 rounds moves ±15% with nothing
 * changed). Here both servers run through the same seconds, so whatever else the machine
 * does lands on both.
 *
 *   git worktree add /tmp/base <commit> && (cd /tmp/base && cp -al <repo>/node_modules . && node scripts/build.mjs)
 *   node --import tsx tests/bench/ab.ts --a /tmp/base [--b .] [--rounds 3] [--text-clients 20] [--carets] [--out results.json]
 *     [--a-node-args='--flag …'] [--b-node-args='--flag …']   (node flags for one side: the same build with and without a V8 flag)
 *
 * Each round types the text-only phases of `npm run bench` (one typist among 20 clients at
 * 50 chars/s for 10 s, then 20 writers at 10 chars/s for 15 s) into both servers at once and
 * prints server CPU per 1,000 updates for each, and B ÷ A, with p50 and p99 latency; `--out`
 * writes every phase's result on both sides as JSON. Only processes it started are stopped,
 * by pid; the data directories are deleted at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { seed, signInAll, startOurs, type BenchServer } from './lib/servers';
import { ClientWorker } from './lib/workers';
import { runTyping, type TypingOptions, type TypingResult } from './scenarios/typing';

const { values: args } = parseArgs({
  options: {
    a: { type: 'string' },
    b: { type: 'string', default: path.resolve(__dirname, '..', '..') },
    rounds: { type: 'string', default: '3' },
    'text-clients': { type: 'string', default: '20' },
    carets: { type: 'boolean', default: false },
    out: { type: 'string' },
    'a-node-args': { type: 'string' },
    'b-node-args': { type: 'string' },
  },
});
if (!args.a) throw new Error('--a <checkout with a build> is required');

const USERS = 40;
const log = (msg: string) => process.stdout.write(`[ab ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

interface Side {
  name: 'A' | 'B';
  root: string;
  dataDir: string;
  server: BenchServer;
  workers: ClientWorker[];
  cookies: string[];
  rooms: string[];
}

async function main(): Promise<void> {
  const rounds = Number(args.rounds);
  const phases: (Omit<TypingOptions, 'room'> & { id: string })[] = [
    ...args['text-clients']!.split(',').map((n) => ({ id: `one typist, ${n} clients`, clients: Number(n), writers: 1, charsPerSecond: 50, durationS: 10 })),
    { id: '20 writers', clients: 20, writers: 20, charsPerSecond: 10, durationS: 15 },
  ].map((p) => ({ ...p, textOnly: !args.carets }));
  const sides: Side[] = [];
  try {
    for (const [name, root] of [
      ['A', path.resolve(args.a!)],
      ['B', path.resolve(args.b!)],
    ] as const) {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `communique-ab-${name}-`));
      const seeded = await seed(dataDir, USERS, rounds * (phases.length + 1) + 1);
      const server = await startOurs(dataDir, args[name === 'A' ? 'a-node-args' : 'b-node-args']?.split(' ').filter(Boolean) ?? [], root);
      const cookies = await signInAll(server.httpUrl!, seeded.emails);
      const workers = [new ClientWorker(0), new ClientWorker(1)];
      sides.push({ name, root, dataDir, server, workers, cookies, rooms: seeded.documentIds });
      log(`${name}: ${root} (pid ${server.pid})`);
    }
    const results = new Map<string, { a: number[]; b: number[] }>(phases.map((p) => [p.id, { a: [], b: [] }]));
    const recorded: { round: number; phase: string; at: string; a: TypingResult; b: TypingResult }[] = [];
    for (let round = 1; round <= rounds; round++) {
      const both = (opts: Omit<TypingOptions, 'room'>) =>
        Promise.all(sides.map((s) => runTyping(s.server, s.workers, s.cookies, { ...opts, room: s.rooms.shift()! })));
      await both({ clients: 20, writers: 20, charsPerSecond: 10, durationS: 8, textOnly: !args.carets }); // warm-up, not measured
      for (const phase of phases) {
        const [a, b] = await both(phase);
        const r = results.get(phase.id)!;
        r.a.push(a!.result.cpuSPer1000Updates);
        r.b.push(b!.result.cpuSPer1000Updates);
        recorded.push({ round, phase: phase.id, at: new Date().toISOString(), a: a!.result, b: b!.result });
        const lost = a!.result.lostDeliveries + b!.result.lostDeliveries;
        log(
          `round ${round}, ${phase.id}: A ${a!.result.cpuSPer1000Updates.toFixed(3)}, B ${b!.result.cpuSPer1000Updates.toFixed(3)} CPU-s/1k ` +
            `(B/A ${(b!.result.cpuSPer1000Updates / a!.result.cpuSPer1000Updates).toFixed(2)}); p50 A ${a!.result.latencyMs.p50.toFixed(1)} B ${b!.result.latencyMs.p50.toFixed(1)}, ` +
            `p99 A ${a!.result.latencyMs.p99.toFixed(1)} B ${b!.result.latencyMs.p99.toFixed(1)} ms; ` +
            `writes/update A ${(a!.result.serverWrites / a!.result.updates).toFixed(1)} B ${(b!.result.serverWrites / b!.result.updates).toFixed(1)}; ` +
            `other cores ${a!.result.otherCores.toFixed(2)}; lost ${lost}`,
        );
      }
    }
    const sum = (v: number[]) => v.reduce((x, y) => x + y, 0);
    process.stdout.write('\nserver CPU per 1,000 updates (s), mean of rounds\n');
    for (const [id, { a, b }] of results) {
      process.stdout.write(
        `  ${id.padEnd(24)} A ${(sum(a) / a.length).toFixed(3)}  B ${(sum(b) / b.length).toFixed(3)}  B/A ${(sum(b) / sum(a)).toFixed(2)}\n`,
      );
    }
    if (args.out) {
      const run = {
        a: path.resolve(args.a!),
        b: path.resolve(args.b!),
        aNodeArgs: args['a-node-args'] ?? '',
        bNodeArgs: args['b-node-args'] ?? '',
        rounds,
        carets: args.carets,
        phases: recorded,
      };
      fs.writeFileSync(args.out, `${JSON.stringify(run, null, 2)}\n`);
      log(`written to ${args.out}`);
    }
  } finally {
    for (const s of sides) {
      await Promise.all(s.workers.map((w) => w.stop()));
      await s.server.stop();
      fs.rmSync(s.dataDir, { recursive: true, force: true });
    }
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`ab failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
