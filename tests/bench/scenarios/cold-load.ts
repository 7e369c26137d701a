import type { BenchServer } from '@/tests/bench/lib/servers';
import type { ClientReport } from '@/tests/bench/lib/protocol';
import type { ClientWorker } from '@/tests/bench/lib/workers';
import { cpuNs } from '@/tests/bench/lib/procstat';
import { sleep } from '@/tests/bench/lib/measure';
import { textLength } from './history';

/**
 * How long after a client's first sync the server's CPU is still counted: ours serves a sealed
 * snapshot as stored and builds its own Y.Doc from it at the latest a second after the first
 * connection (server/collab/live-document.ts), work the load caused as much as the sync did.
 */
export const SETTLE_MS = 1500;

export interface ColdLoadResult {
  /** connect() → the client's first complete sync (`sync` event), ms. */
  timeToSyncMs: number;
  /** The server's on-CPU time (every thread) from just before connect to the first sync, ms. */
  cpuToSyncMs: number;
  /** The same, up to SETTLE_MS after the sync (what the load caused, deferred work included), ms. */
  cpuSettledMs: number;
  textLength: number;
  complete: boolean;
}

/**
 * A fresh client opens a large document on a server process that has not loaded it (the
 * caller restarted it): the time from connect to its first sync, the server's CPU for it,
 * and whether the client then holds the whole text.
 */
export async function runColdLoad(
  server: BenchServer,
  worker: ClientWorker,
  cookie: string | undefined,
  room: string,
  expectedLength: number,
): Promise<ColdLoadResult> {
  try {
    const before = cpuNs(server.pid);
    const [setupMs] = await worker.call<number[]>({
      cmd: 'connect',
      url: server.wsBase,
      room,
      clients: [{ key: 'reader', clientId: 7_100_001 + Math.floor(Math.random() * 1e6), cookie, name: 'Reader', color: '#1f6feb', track: [] }],
      sequential: false,
      timeoutMs: 60_000,
    });
    const synced = cpuNs(server.pid);
    await sleep(SETTLE_MS);
    const settled = cpuNs(server.pid);
    const [report] = await worker.call<ClientReport[]>({ cmd: 'collect', expected: {}, timeoutMs: 1000, report: true });
    const length = textLength(report!.content);
    return {
      timeToSyncMs: setupMs!,
      cpuToSyncMs: (synced - before) / 1e6,
      cpuSettledMs: (settled - before) / 1e6,
      textLength: length,
      complete: length === expectedLength,
    };
  } finally {
    await worker.call({ cmd: 'closeAll' });
  }
}
