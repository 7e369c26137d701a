import type { BenchServer } from '@/tests/bench/lib/servers';
import type { ClientReport, ClientSpec, SendRecord } from '@/tests/bench/lib/protocol';
import type { ClientWorker } from '@/tests/bench/lib/workers';
import { cpuBetween, now, percentile, sampleCpu, type CpuUse } from '@/tests/bench/lib/measure';

export interface TypingOptions {
  clients: number;
  writers: number;
  charsPerSecond: number;
  durationS: number;
  room: string;
  /** No caret update with each keystroke: a script, a bot or an import sends text only. */
  textOnly?: boolean;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface TypingResult extends CpuUse {
  latencyMs: LatencySummary;
  /** Keystrokes typed (document updates; each also moved the caret: one presence update). */
  updates: number;
  cpuSPer1000Updates: number;
  /** (receiver, keystroke) pairs that never arrived. */
  lostDeliveries: number;
  /** From the last keystroke sent to the last arrival anywhere. */
  convergeMs: number;
  identicalEverywhere: boolean;
  reconnects: number;
  /** The longest event-loop stall in any client worker while typing (harness health). */
  clientLoopDelayMaxMs: number;
}

let runCounter = 0;

export function summarize(latencies: readonly number[]): LatencySummary {
  return {
    count: latencies.length,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: percentile(latencies, 100),
  };
}

/**
 * `clients` real y-websocket clients open one document; the first `writers` of them type
 * into their own paragraph at `charsPerSecond` for `durationS`, each keystroke followed by
 * a caret (presence) update unless `textOnly`. Every other client times every keystroke's arrival. Returns the
 * latencies (kept raw in `samples` for pooling), CPU, and whether everyone converged.
 */
export async function runTyping(
  servers: BenchServer | readonly BenchServer[],
  workers: ClientWorker[],
  cookies: string[],
  opts: TypingOptions,
): Promise<{ result: TypingResult; samples: number[] }> {
  // Several servers (processes of one cluster): worker w's clients connect to server w mod n.
  const cluster = Array.isArray(servers) ? (servers as readonly BenchServer[]) : [servers as BenchServer];
  const server = cluster[0]!;
  const serverOf = (w: number) => cluster[w % cluster.length]!;
  const base = 1_000_000 + 10_000 * ++runCounter;
  const writerIds = Array.from({ length: opts.writers }, (_, i) => base + i);
  const specs: ClientSpec[] = Array.from({ length: opts.clients }, (_, i) => ({
    key: `c${i}`,
    clientId: base + i,
    cookie: server.kind === 'ours' ? cookies[i % cookies.length] : undefined,
    name: `Bench Writer ${i}`,
    color: `#${((i * 2654435761) >>> 8).toString(16).padStart(6, '0').slice(-6)}`,
    track: writerIds.filter((id) => id !== base + i),
  }));
  const byWorker = workers.map((_, w) => specs.filter((_, i) => i % workers.length === w));
  const writersOf = (w: number) => byWorker[w]!.filter((s) => writerIds.includes(s.clientId));

  await Promise.all(
    workers.map((worker, w) =>
      worker.call({ cmd: 'connect', url: serverOf(w).wsBase, room: opts.room, clients: byWorker[w]!, sequential: false, timeoutMs: 60_000 }),
    ),
  );
  try {
    const paragraphClocks: Record<number, number> = {};
    for (const [w, worker] of workers.entries()) {
      const keys = writersOf(w).map((s) => s.key);
      if (!keys.length) continue;
      const clocks = await worker.call<Record<string, number>>({ cmd: 'addParagraphs', keys });
      for (const [key, clock] of Object.entries(clocks)) paragraphClocks[specs.find((s) => s.key === key)!.clientId] = clock;
    }
    const ready = await Promise.all(
      workers.map((worker) => worker.call<boolean>({ cmd: 'collect', expected: paragraphClocks, timeoutMs: 30_000, report: false })),
    );
    if (!ready.every(Boolean)) throw new Error('the writers’ paragraphs did not reach every client');

    const pids = workers.map((w) => w.pid);
    const before = sampleCpu(server.pid, pids);
    const intervalMs = 1000 / opts.charsPerSecond;
    const count = Math.round(opts.charsPerSecond * opts.durationS);
    const startAt = now() + 300;
    const sentByWorker = await Promise.all(
      workers.map((worker, w) => {
        const plan = writersOf(w).map((s) => ({
          key: s.key,
          intervalMs,
          count,
          startAt: startAt + (intervalMs * (s.clientId - base)) / opts.writers,
        }));
        return plan.length
          ? worker.call<SendRecord[][]>({ cmd: 'type', writers: plan, carets: !opts.textOnly }, 60_000 + opts.durationS * 2000)
          : Promise.resolve([]);
      }),
    );
    const sent = new Map<number, SendRecord[]>();
    sentByWorker.forEach((records, w) => writersOf(w).forEach((s, i) => sent.set(s.clientId, records[i]!)));
    const lastSent = Math.max(...[...sent.values()].map((r) => r.at(-1)!.t));
    const expected = Object.fromEntries([...sent].map(([id, r]) => [id, r.at(-1)!.clock + 1]));
    const reports = (
      await Promise.all(workers.map((worker) => worker.call<ClientReport[]>({ cmd: 'collect', expected, timeoutMs: 20_000, report: true })))
    ).flat();
    const after = sampleCpu(server.pid, pids);

    const samples: number[] = [];
    let lost = 0;
    let lastArrival = lastSent;
    for (const report of reports) {
      for (const [writer, records] of sent) {
        const arrivals = report.arrivals[writer];
        if (!arrivals) continue; // the writer itself
        for (const { clock, t } of records) {
          const arrived = arrivals[clock];
          if (arrived === undefined || arrived === null) lost++;
          else {
            samples.push(arrived - t);
            if (arrived > lastArrival) lastArrival = arrived;
          }
        }
      }
    }
    const cpu = cpuBetween(before, after);
    const updates = count * opts.writers;
    const first = reports[0]!;
    return {
      samples,
      result: {
        ...cpu,
        latencyMs: summarize(samples),
        updates,
        cpuSPer1000Updates: (cpu.serverCpuS / updates) * 1000,
        lostDeliveries: lost,
        convergeMs: lastArrival - lastSent,
        identicalEverywhere: reports.every((r) => r.stateVector === first.stateVector && r.content === first.content),
        reconnects: reports.reduce((sum, r) => sum + r.reconnects, 0),
        clientLoopDelayMaxMs: Math.max(...reports.map((r) => r.loopDelayMaxMs)),
      },
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.call({ cmd: 'closeAll' })));
  }
}
