// Watches a thread's event loop for the export benchmark (tests/bench/export.ts). Two
// numbers per period: the worst gap between two 5 ms timer ticks (what the issue's "no block
// over 50 ms" is about, as felt: it includes time the thread waited for a CPU on a loaded
// machine), and the most CPU time the thread itself used within one such gap (our own work
// that blocked the loop; from /proc/thread-self/schedstat, Linux). The third: the time the
// thread waited in the run queue within the worst gap (the machine's load, not our work).
//
// Loaded into the server under test with `--import` and COMMUNIQUE_LOOP_PROBE=1: on SIGUSR2
// it prints one JSON line on stderr, prefixed "LOOP-PROBE ", and starts a new period.
import fs from 'node:fs';

/** [on-CPU ns, run-queue wait ns] of the calling thread, or null where Linux schedstat is missing. */
function schedstat() {
  try {
    const [cpu, wait] = fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map(Number);
    return [cpu, wait];
  } catch {
    return null;
  }
}

/** Starts watching the calling thread's loop; `report()` returns the period's numbers and starts a new one. */
export function createLoopWatch(intervalMs = 5) {
  let last = { at: performance.now(), stat: schedstat() };
  let worst = { gapMs: 0, cpuMs: 0, waitMs: 0 };
  let maxCpuMs = 0;
  const timer = setInterval(() => {
    const now = { at: performance.now(), stat: schedstat() };
    const gapMs = now.at - last.at - intervalMs;
    const cpuMs = now.stat && last.stat ? (now.stat[0] - last.stat[0]) / 1e6 : Number.NaN;
    const waitMs = now.stat && last.stat ? (now.stat[1] - last.stat[1]) / 1e6 : Number.NaN;
    if (gapMs > worst.gapMs) worst = { gapMs, cpuMs, waitMs };
    if (cpuMs > maxCpuMs) maxCpuMs = cpuMs;
    last = now;
  }, intervalMs);
  timer.unref();
  return {
    report() {
      const result = { maxDelayMs: Math.max(0, worst.gapMs), maxOwnCpuMs: maxCpuMs, worstDelayRunQueueMs: worst.waitMs, worstDelayOwnCpuMs: worst.cpuMs };
      worst = { gapMs: 0, cpuMs: 0, waitMs: 0 };
      maxCpuMs = 0;
      return result;
    },
    stop() {
      clearInterval(timer);
    },
  };
}

if (process.env.COMMUNIQUE_LOOP_PROBE === '1') {
  const watch = createLoopWatch();
  process.on('SIGUSR2', () => process.stderr.write(`LOOP-PROBE ${JSON.stringify(watch.report())}\n`));
}
