/** The numbers of one period (see loop-probe.mjs). */
export interface LoopReport {
  /** Worst gap between two timer ticks beyond their interval (ms). */
  maxDelayMs: number;
  /** The most CPU time the thread itself used between two ticks (ms; NaN without Linux schedstat). */
  maxOwnCpuMs: number;
  /** Within the worst gap: time spent waiting for a CPU, and on one (ms). */
  worstDelayRunQueueMs: number;
  worstDelayOwnCpuMs: number;
}
export function createLoopWatch(intervalMs?: number): { report(): LoopReport; stop(): void };
