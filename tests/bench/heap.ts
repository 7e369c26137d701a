/**
 * Where the memory per open document goes: our server, N documents opened with one client
 * each (as the connections phase of `npm run bench`), a heap snapshot before and after,
 * and the retained growth summed by constructor. A tool for finding regressions in RSS per
 * document; it prints, it does not assert.
 *
 *   node --import tsx tests/bench/heap.ts [--documents 200] [--root <checkout>]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sleep } from './lib/measure';
import { seed, signInAll, startOurs } from './lib/servers';
import { ClientWorker } from './lib/workers';

const { values: args } = parseArgs({ options: { documents: { type: 'string', default: '200' }, root: { type: 'string' }, out: { type: 'string' } } });

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** Self size summed by "type:name" (closures, arrays and strings by type, objects by constructor). */
function sizesByName(file: string): Map<string, { count: number; size: number }> {
  const heap = JSON.parse(fs.readFileSync(file, 'utf8')) as Snapshot;
  const fields = heap.snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const types = heap.snapshot.meta.node_types[0];
  const sums = new Map<string, { count: number; size: number }>();
  for (let i = 0; i < heap.nodes.length; i += width) {
    const type = types[heap.nodes[i + typeAt]!]!;
    const name = type === 'object' || type === 'closure' ? `${type}:${heap.strings[heap.nodes[i + nameAt]!]}` : type;
    const entry = sums.get(name) ?? { count: 0, size: 0 };
    entry.count++;
    entry.size += heap.nodes[i + sizeAt]!;
    sums.set(name, entry);
  }
  return sums;
}

async function snapshot(pid: number, httpUrl: string, dir: string, label: string): Promise<string> {
  const before = new Set(fs.readdirSync(dir));
  process.kill(pid, 'SIGUSR2');
  // Node writes the snapshot on the main thread: once the server answers again, the file is whole.
  await sleep(500);
  for (let attempt = 1; ; attempt++) {
    try {
      await fetch(`${httpUrl}/api/health`, { signal: AbortSignal.timeout(300_000) });
      break;
    } catch (err) {
      if (attempt >= 5) throw err; // a kept-alive socket the server closed meanwhile: ask again
      await sleep(500);
    }
  }
  const fresh = fs.readdirSync(dir).filter((f) => !before.has(f) && f.endsWith('.heapsnapshot'));
  if (fresh.length !== 1) throw new Error(`expected one new heap snapshot in ${dir}, found ${fresh.length}`);
  const named = path.join(dir, `${label}.heapsnapshot`);
  fs.renameSync(path.join(dir, fresh[0]!), named);
  return named;
}

async function main(): Promise<void> {
  const documents = Number(args.documents);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'communique-heap-'));
  const snapDir = args.out ?? fs.mkdtempSync(path.join(os.tmpdir(), 'communique-heap-snap-'));
  fs.mkdirSync(snapDir, { recursive: true });
  const seeded = await seed(dataDir, 10, documents + 20);
  const server = await startOurs(dataDir, ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${snapDir}`], args.root);
  const workers = [new ClientWorker(0), new ClientWorker(1)];
  try {
    const cookies = await signInAll(server.httpUrl!, seeded.emails);
    const connect = (rooms: string[], prefix: number) =>
      Promise.all(
        workers.map((worker, w) =>
          worker.call(
            {
              cmd: 'connect',
              url: server.wsBase,
              room: null,
              clients: rooms
                .map((room, i) => ({
                  key: `${prefix}-${i}`,
                  clientId: prefix + i,
                  cookie: cookies[i % cookies.length],
                  name: `Heap ${i}`,
                  color: '#1f6feb',
                  track: [],
                  room,
                }))
                .filter((_, i) => i % workers.length === w),
              sequential: true,
              timeoutMs: 20_000,
            },
            300_000,
          ),
        ),
      );
    await connect(seeded.documentIds.slice(documents), 7_000_000);
    await Promise.all(workers.map((worker) => worker.call({ cmd: 'closeAll' })));
    await sleep(2000);
    const a = await snapshot(server.pid, server.httpUrl!, snapDir, 'before');
    await connect(seeded.documentIds.slice(0, documents), 8_000_000);
    await sleep(2000);
    const b = await snapshot(server.pid, server.httpUrl!, snapDir, 'after');
    const sa = sizesByName(a);
    const sb = sizesByName(b);
    const rows = [...sb].map(([name, v]) => ({ name, count: v.count - (sa.get(name)?.count ?? 0), size: v.size - (sa.get(name)?.size ?? 0) }));
    rows.sort((x, y) => y.size - x.size);
    const total = rows.reduce((s, r) => s + r.size, 0);
    console.log(`heap growth ${(total / documents / 1024).toFixed(1)} KiB/doc (snapshots in ${snapDir})`);
    for (const r of rows.slice(0, 40))
      console.log(`${(r.size / documents).toFixed(0).padStart(8)} B/doc ${(r.count / documents).toFixed(2).padStart(8)} /doc  ${r.name}`);
  } finally {
    await Promise.all(workers.map((worker) => worker.call({ cmd: 'closeAll' }, 60_000).catch(() => {})));
    await Promise.all(workers.map((w) => w.stop()));
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
