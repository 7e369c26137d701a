// @ts-check
// The job loop of a pool process (server/process-pool.ts): the render worker
// (server/export/render-worker.mjs) and the import worker (server/import/import-worker.mjs)
// each pass their `run` here. Plain JavaScript: the process starts without the server's
// TypeScript loader.
import os from 'node:os';

/**
 * Serves jobs from the server: each IPC message `{id, ...job}` is answered with
 * `{id, result}` or `{id, error, code?, ref?}` (`code` and `ref` from an AppError, so the server can answer
 * with its status and sentence). The process runs at nice 10, so jobs wait rather than
 * keystrokes, and ends when the server does.
 * @param {(job: any) => Promise<unknown>} run
 */
export function serveJobs(run) {
  lowerPriority();
  process.on('disconnect', () => process.exit(0)); // the server is gone
  process.on('message', (/** @type {any} */ message) => {
    const { id, ...job } = message;
    run(job).then(
      // A view over a larger buffer would be sent whole: send exactly the result's bytes.
      (result) => process.send?.({ id, result: result instanceof Uint8Array && result.byteLength !== result.buffer.byteLength ? result.slice() : result }),
      (err) =>
        process.send?.({
          id,
          error: err instanceof Error ? err.message : String(err),
          ...(err instanceof Error && err.name === 'AppError' && 'code' in err ? { code: err.code } : {}),
          // The catalogue message of the sentence (AppError's `ref`), so the server answers in the reader's language.
          ...(err instanceof Error && err.name === 'AppError' && 'ref' in err && err.ref ? { ref: err.ref } : {}),
        }),
    );
  });
}

/**
 * Linux keeps a nice value per thread; the threads started after this (Typst's, libuv's)
 * inherit it. Where lowering is not permitted, nothing changes.
 */
function lowerPriority() {
  try {
    os.setPriority(10);
  } catch {
    // not permitted: the process keeps the server's priority
  }
}
