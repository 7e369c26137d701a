import type { BenchServer } from '@/tests/bench/lib/servers';
import type { BlastResult } from '@/tests/bench/lib/protocol';
import type { ClientWorker } from '@/tests/bench/lib/workers';
import { cpuBetween, now, sampleCpu, type CpuUse } from '@/tests/bench/lib/measure';

export interface ThroughputResult extends CpuUse {
  updates: number;
  updatesPerSecond: number;
  cpuSPer1000Updates: number;
  complete: boolean;
}

export const HISTORY_CLIENT_ID = 4_242_424;

/** The text length (UTF-16 units, as Yjs counts) of an XmlFragment's toString(), tags removed. */
export function textLength(content: string): number {
  return content.replace(/<[^>]*>/g, '').length;
}

/**
 * One writer sends the whole pre-generated history (one edit per message) as fast as its
 * socket takes it; an observer client on the same document times when the last edit has
 * reached it. Updates per second = edits / (last arrival − first send). For ours every edit
 * is committed to SQLite before it is relayed.
 */
export async function runThroughput(
  server: BenchServer,
  writer: ClientWorker,
  observer: ClientWorker,
  allWorkers: ClientWorker[],
  cookie: string | undefined,
  room: string,
  finalClock: number,
  updates: number,
  history: 'edits' | 'speech' = 'edits',
): Promise<ThroughputResult> {
  await observer.call({
    cmd: 'connect',
    url: server.wsBase,
    room,
    clients: [{ key: 'observer', clientId: 7_000_001, cookie, name: 'Observer', color: '#1f6feb', track: [HISTORY_CLIENT_ID] }],
    sequential: false,
    timeoutMs: 20_000,
  });
  const pids = allWorkers.map((w) => w.pid);
  const before = sampleCpu(server.pid, pids);
  try {
    const blast = await writer.call<BlastResult>({ cmd: 'blast', url: `${server.wsBase}/${room}`, cookie, timeoutMs: 300_000, history }, 310_000);
    const done = await observer.call<boolean>({ cmd: 'collect', expected: { [HISTORY_CLIENT_ID]: finalClock }, timeoutMs: 300_000, report: false }, 310_000);
    const finished = now();
    const after = sampleCpu(server.pid, pids);
    const cpu = cpuBetween(before, after);
    return {
      ...cpu,
      updates,
      updatesPerSecond: updates / ((finished - blast.firstSendAt) / 1000),
      cpuSPer1000Updates: (cpu.serverCpuS / updates) * 1000,
      complete: done,
    };
  } finally {
    await Promise.all([writer.call({ cmd: 'closeAll' }), observer.call({ cmd: 'closeAll' })]);
  }
}
