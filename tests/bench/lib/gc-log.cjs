// Preloaded into a server under test with `--require <absolute path>` (the server runs in its
// own checkout), e.g. run.ts --ours-node-args="--require $PWD/tests/bench/lib/gc-log.cjs".
// Logs every GC (kind, V8's callback flags, wall duration) and, each second, the heap spaces'
// sizes, appended to $GC_LOG_DIR/gc-<pid>.log. Observation only. A worker thread of the
// process (the SQLite checkpointer) writes its own, smaller heap lines to the same file.
// flags=32 (kGCCallbackFlagCollectAllExternalMemory) marks the memory reducer's GCs;
// flags=64 GCs are scheduled idle-time GCs.
const fs = require('node:fs');
const v8 = require('node:v8');
const { PerformanceObserver, constants } = require('node:perf_hooks');

const dir = process.env.GC_LOG_DIR || '/tmp';
const out = fs.openSync(`${dir}/gc-${process.pid}.log`, 'a');
const kinds = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incr',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak',
};
const clock = (ms) => new Date(ms).toISOString().slice(11, 23);

new PerformanceObserver((list) => {
  let lines = '';
  for (const e of list.getEntries()) {
    lines += `${clock(performance.timeOrigin + e.startTime)} gc ${kinds[e.detail.kind] ?? e.detail.kind} flags=${e.detail.flags} ${e.duration.toFixed(2)}ms\n`;
  }
  fs.writeSync(out, lines);
}).observe({ entryTypes: ['gc'] });

setInterval(() => {
  const spaces = v8
    .getHeapSpaceStatistics()
    .map((s) => `${s.space_name.replace('_space', '')}=${(s.space_size / 1048576).toFixed(1)}/${(s.space_used_size / 1048576).toFixed(1)}`)
    .join(' ');
  const cpu = process.cpuUsage();
  fs.writeSync(out, `${clock(Date.now())} heap ${spaces} cpu=${((cpu.user + cpu.system) / 1000).toFixed(0)}ms\n`);
}, 1000).unref();
