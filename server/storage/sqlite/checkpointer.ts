import path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * How often the checkpoint thread folds the WAL back into the database file, when anything
 * was committed since. Each checkpoint fsyncs twice and copies every page changed since the
 * last one once (a page rewritten by 1,000 commits is copied once), so rarer is cheaper; the
 * WAL then holds a few seconds of commits (a few MB while typing flat out).
 */
const CHECKPOINT_INTERVAL_MS = 5000;
/**
 * WAL pages after which a committing call checkpoints by itself: only a backstop for when the
 * checkpoint thread cannot keep up (SQLite's default is 1,000).
 */
export const AUTOCHECKPOINT_BACKSTOP_PAGES = 20_000;

/**
 * The checkpoint thread's code, evaluated as a worker (no file to locate in any bundle). It
 * opens its own connection to the same database and runs a PASSIVE checkpoint every
 * interval: PASSIVE never blocks a writer, and it runs beside the event loop, not in it.
 */
const CHECKPOINT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const commits = new Int32Array(workerData.commits);
let seen = 0;
const timer = setInterval(() => {
  const now = Atomics.load(commits, 0);
  if (now === seen) return;
  seen = now;
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (err) { parentPort.postMessage(String(err)); }
}, workerData.intervalMs);
parentPort.once('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

/**
 * Moves WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside
 * whichever commit crosses 1,000 WAL pages and, with synchronous=NORMAL, fsyncs twice: the
 * keystroke that happens to commit then (and every message queued behind it) waits tens of
 * milliseconds. A worker thread checkpoints every few seconds instead (when the log was
 * appended to: other writes, rarer, reach the WAL too and are folded at the next one, or by
 * SQLite's own backstop); commits themselves are unchanged (each is in the WAL, as durable
 * as before, before anything is relayed). `commits` counts appends (wrapping), shared with
 * the thread so it skips idle intervals.
 */
export function startCheckpointer(file: string, commits: Int32Array): Worker {
  const worker = new Worker(CHECKPOINT_WORKER, {
    eval: true,
    workerData: {
      // The same better-sqlite3 as ours, wherever the process was started from.
      module: typeof require === 'function' ? require.resolve('better-sqlite3') : 'better-sqlite3',
      file: path.resolve(file),
      intervalMs: CHECKPOINT_INTERVAL_MS,
      commits: commits.buffer,
    },
  });
  worker.on('message', (err: string) => process.emitWarning(`SQLite checkpoint failed: ${err}`));
  worker.on('error', (err) => process.emitWarning(`SQLite checkpoint thread stopped: ${err.message}`));
  worker.unref();
  return worker;
}

/** Stops the thread (it closes its connection first); ends it by force after 2 s. */
export async function stopCheckpointer(worker: Worker): Promise<void> {
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.postMessage('close');
  const timer = setTimeout(() => void worker.terminate(), 2000);
  await exited;
  clearTimeout(timer);
}
