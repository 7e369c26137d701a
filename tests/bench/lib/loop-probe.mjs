// Loaded into the server under test with `--import` (tests/bench/export.ts): watches the
// server's own event loop. On SIGUSR2 it prints the worst delay since the last report
// (one JSON line on stderr, prefixed "LOOP-PROBE ") and starts over. Benchmarks only.
import { monitorEventLoopDelay } from 'node:perf_hooks';

const histogram = monitorEventLoopDelay({ resolution: 5 });
histogram.enable();
process.on('SIGUSR2', () => {
  const report = { maxMs: histogram.max / 1e6, p99Ms: histogram.percentile(99) / 1e6, meanMs: histogram.mean / 1e6, samples: histogram.count };
  histogram.reset();
  process.stderr.write(`LOOP-PROBE ${JSON.stringify(report)}\n`);
});
