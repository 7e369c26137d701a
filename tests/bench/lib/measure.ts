import { machineBusyTicks, processTicks, syscalls, TICKS_PER_SECOND, treeTicks } from './procstat';

/** CPU counters at one moment: the machine, everything this benchmark started, one server, the clients. */
export interface CpuSample {
  at: number;
  machine: number;
  bench: number;
  server: number;
  clients: number;
  serverSyscalls: { reads: number; writes: number };
}

/** CPU used between two samples, in seconds and in cores (CPU-seconds per wall second). */
export interface CpuUse {
  wallS: number;
  serverCpuS: number;
  clientCpuS: number;
  clientCores: number;
  /** The server's read-like and write-like system calls (exact, unlike CPU time on a noisy machine). */
  serverReads: number;
  serverWrites: number;
  /** CPU used by processes this benchmark did not start (another test run, the system). */
  otherCores: number;
}

export const now = (): number => Number(process.hrtime.bigint()) / 1e6;

export function sampleCpu(serverPid: number, clientPids: number[]): CpuSample {
  return {
    at: now(),
    machine: machineBusyTicks(),
    bench: treeTicks(process.pid),
    server: treeTicks(serverPid),
    clients: clientPids.reduce((sum, pid) => sum + processTicks(pid), 0),
    serverSyscalls: syscalls(serverPid),
  };
}

export function cpuBetween(a: CpuSample, b: CpuSample): CpuUse {
  const wallS = (b.at - a.at) / 1000;
  const s = (ticks: number) => ticks / TICKS_PER_SECOND;
  return {
    wallS,
    serverCpuS: s(b.server - a.server),
    clientCpuS: s(b.clients - a.clients),
    clientCores: s(b.clients - a.clients) / wallS,
    serverReads: b.serverSyscalls.reads - a.serverSyscalls.reads,
    serverWrites: b.serverSyscalls.writes - a.serverSyscalls.writes,
    otherCores: Math.max(0, s(b.machine - a.machine - (b.bench - a.bench)) / wallS),
  };
}

/** The p-th percentile (0–100) of the values, nearest rank; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((x, y) => x - y);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
