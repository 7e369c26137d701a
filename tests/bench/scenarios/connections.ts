import type { BenchServer } from '@/tests/bench/lib/servers';
import type { ClientSpec } from '@/tests/bench/lib/protocol';
import type { ClientWorker } from '@/tests/bench/lib/workers';
import { cpuBetween, median, percentile, sampleCpu, sleep, type CpuUse } from '@/tests/bench/lib/measure';
import { rssBytes } from '@/tests/bench/lib/procstat';

export interface ConnectionsResult extends CpuUse {
  documents: number;
  setupMs: { p50: number; p99: number; max: number };
  rssBeforeMiB: number;
  rssAfterMiB: number;
  rssPerDocumentKiB: number;
  reconnects: number;
}

let runCounter = 0;

/** RSS now, as the median of five readings 100 ms apart (a single reading can catch a GC). */
async function steadyRss(pid: number): Promise<number> {
  const readings: number[] = [];
  for (let i = 0; i < 5; i++) {
    readings.push(rssBytes(pid));
    await sleep(100);
  }
  return median(readings);
}

/**
 * One client on each of `rooms.length` documents, opened one after another in each worker
 * (so set-up times are not queueing times). Measures connect → first sync (for ours that
 * includes the session check, the policy and loading the document) and the server's RSS
 * growth per open document. Call it on a freshly started server.
 */
export async function runConnections(
  server: BenchServer,
  workers: ClientWorker[],
  cookies: string[],
  rooms: string[],
  warmupRooms: string[],
): Promise<{ result: ConnectionsResult; samples: number[] }> {
  const base = 5_000_000 + 10_000 * ++runCounter;
  const spec = (room: string, i: number, prefix: string): ClientSpec => ({
    key: `${prefix}${i}`,
    clientId: base + i + (prefix === 'w' ? 5000 : 0),
    cookie: server.kind === 'ours' ? cookies[i % cookies.length] : undefined,
    name: `Bench Writer ${i}`,
    color: '#1f6feb',
    track: [],
    room,
  });
  const connect = (specs: ClientSpec[]) =>
    Promise.all(
      workers.map((worker, w) =>
        worker.call<number[]>(
          { cmd: 'connect', url: server.wsBase, room: null, clients: specs.filter((_, i) => i % workers.length === w), sequential: true, timeoutMs: 20_000 },
          300_000,
        ),
      ),
    );
  // Warm up the connection path (JIT, caches) on other documents, then let the server settle.
  await connect(warmupRooms.map((room, i) => spec(room, i, 'w')));
  await Promise.all(workers.map((worker) => worker.call({ cmd: 'closeAll' })));
  await sleep(1000);

  const rssBefore = await steadyRss(server.pid);
  const pids = workers.map((w) => w.pid);
  const before = sampleCpu(server.pid, pids);
  try {
    const samples = (await connect(rooms.map((room, i) => spec(room, i, 'c')))).flat();
    const after = sampleCpu(server.pid, pids);
    await sleep(2000);
    const rssAfter = await steadyRss(server.pid);
    const reports = (
      await Promise.all(workers.map((worker) => worker.call<{ reconnects: number }[]>({ cmd: 'collect', expected: {}, timeoutMs: 1000, report: true })))
    ).flat();
    return {
      samples,
      result: {
        ...cpuBetween(before, after),
        documents: rooms.length,
        setupMs: { p50: percentile(samples, 50), p99: percentile(samples, 99), max: percentile(samples, 100) },
        rssBeforeMiB: rssBefore / 2 ** 20,
        rssAfterMiB: rssAfter / 2 ** 20,
        rssPerDocumentKiB: (rssAfter - rssBefore) / rooms.length / 1024,
        reconnects: reports.reduce((sum, r) => sum + r.reconnects, 0),
      },
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.call({ cmd: 'closeAll' }, 60_000)));
  }
}
