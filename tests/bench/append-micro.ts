/**
 * The JavaScript around a single-update commit (server/storage/sqlite/index.ts `append`),
 * apart from SQLite: better-sqlite3 alone on a WAL file (synchronous=NORMAL, as the server),
 * one one-update INSERT per commit, three ways in turn in one process:
 *
 * - `before`: the append as it was (a Buffer made for the update, the position in a
 *   Map<string, number> read and written, Date.now, Atomics.add);
 * - `after`: as it is now (the Uint8Array bound as it is, the position in a box updated in place);
 * - `floor`: the same INSERT with nothing around it (the update bound as it is, no Map, no Atomics).
 *
 * and the JavaScript pieces alone, without the INSERT, in ns per call.
 *
 *   node --import tsx tests/bench/append-micro.ts [--commits 20000] [--runs 5]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';

const { values: args } = parseArgs({ options: { commits: { type: 'string', default: '20000' }, runs: { type: 'string', default: '5' } } });
const COMMITS = Number(args.commits);
const RUNS = Number(args.runs);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'communique-append-'));
const db = new Database(path.join(dir, 'append.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(
  'CREATE TABLE document_updates (document_id TEXT NOT NULL, seq INTEGER NOT NULL, user_id TEXT, data BLOB NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (document_id, seq))',
);
const insert = db.prepare<[string, number, string, Uint8Array, number]>(
  'INSERT INTO document_updates (document_id, seq, user_id, data, created_at) VALUES (?, ?, ?, ?, ?)',
);
const commits = new Int32Array(new SharedArrayBuffer(4));
/** A one-character update as a client sends it, a view into a larger message (as the server reads it). */
const message = Uint8Array.from({ length: 40 }, (_, i) => (i * 7) % 256);
const update = message.subarray(4, 31);
const toBytes = (data: Uint8Array): Buffer => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

let doc = 0;
const variants: Record<string, (n: number) => void> = {
  before(n) {
    const id = `before-${doc++}`;
    const lastSeq = new Map<string, number>([[id, 0]]);
    for (let i = 0; i < n; i++) {
      const known = lastSeq.get(id)!;
      insert.run(id, known + 1, 'user', toBytes(update), Date.now());
      if (lastSeq.size >= 10_000 && !lastSeq.has(id)) lastSeq.clear();
      lastSeq.set(id, known + 1);
      Atomics.add(commits, 0, 1);
    }
  },
  after(n) {
    const id = `after-${doc++}`;
    const lastSeq = new Map<string, { seq: number }>([[id, { seq: 0 }]]);
    for (let i = 0; i < n; i++) {
      const known = lastSeq.get(id)!;
      const seq = known.seq + 1;
      insert.run(id, seq, 'user', update, Date.now());
      known.seq = seq;
      Atomics.add(commits, 0, 1);
    }
  },
  floor(n) {
    const id = `floor-${doc++}`;
    for (let i = 0; i < n; i++) insert.run(id, i + 1, 'user', update, 0);
  },
};

function cpuMicros(fn: () => void): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return used.user + used.system;
}

for (const run of Object.values(variants)) run(2000); // warm-up
const results: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
for (let r = 0; r < RUNS; r++) {
  for (const [name, run] of Object.entries(variants)) results[name]!.push(cpuMicros(() => run(COMMITS)) / COMMITS);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`µs of CPU per one-update commit, ${COMMITS} commits a run, ${RUNS} runs in turn:`);
for (const [name, xs] of Object.entries(results))
  console.log(`  ${name.padEnd(7)} ${xs.map((x) => x.toFixed(1)).join(', ')}  (median ${median(xs).toFixed(1)})`);

/** ns per call of each JavaScript piece alone. */
const N = 2_000_000;
const pieces: Record<string, () => unknown> = {
  'Date.now()': () => Date.now(),
  'toBytes (Buffer.from a view)': () => toBytes(update),
  'Map<string, number> get + set': (() => {
    const m = new Map([['doc', 0]]);
    return () => m.set('doc', m.get('doc')! + 1);
  })(),
  'Map<string, box> get, box written': (() => {
    const m = new Map([['doc', { seq: 0 }]]);
    return () => m.get('doc')!.seq++;
  })(),
  'Atomics.add (shared)': () => Atomics.add(commits, 0, 1),
  'performance.now()': () => performance.now(),
};
console.log(`ns per call, ${N} calls:`);
for (const [name, fn] of Object.entries(pieces)) {
  for (let i = 0; i < 100_000; i++) fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) fn();
  console.log(`  ${name.padEnd(36)} ${(Number(process.hrtime.bigint() - start) / N).toFixed(1)}`);
}
db.close();
fs.rmSync(dir, { recursive: true, force: true });
