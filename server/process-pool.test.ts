import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ProcessJobError, ProcessPool } from './process-pool';

// A worker on the real job loop: `echo` answers, `grow` allocates until its heap cap ends it, `spin` never answers.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'communique-pool-'));
const script = path.join(dir, 'worker.mjs');
fs.writeFileSync(
  script,
  `import { serveJobs } from ${JSON.stringify(path.join(__dirname, 'process-worker.mjs'))};
serveJobs(async (job) => {
  if (job.kind === 'grow') { const kept = []; for (;;) kept.push(new Array(100_000).fill(kept.length)); }
  if (job.kind === 'spin') for (;;);
  if (job.kind === 'refuse') { const err = new Error('A sentence.'); err.name = 'AppError'; err.code = 'too_large'; throw err; }
  return job.text;
});`,
);

describe('the process pool that imports and exports run on', () => {
  const pool = new ProcessPool({ script, execArgv: ['--max-old-space-size=32'], size: 1, maxQueue: 4, timeoutMs: 3_000, retryOnExit: false, noun: 'test job' });
  afterAll(async () => {
    await pool.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (err: unknown) => err as ProcessJobError,
    );

  it('a job that exhausts its process’s memory cap fails alone (exited), and the next job gets a fresh process', async () => {
    expect((await failure(pool.run('growing', { kind: 'grow' })))?.reason).toBe('exited');
    expect(await pool.run('echoing', { kind: 'echo', text: 'still here' })).toBe('still here');
  });

  it('a job that never answers is ended at the time limit (timeout), and the next job runs', async () => {
    expect((await failure(pool.run('spinning', { kind: 'spin' })))?.reason).toBe('timeout');
    expect(await pool.run('echoing', { kind: 'echo', text: 'again' })).toBe('again');
  });

  it('an AppError in the worker comes back with its code and sentence', async () => {
    const err = await failure(pool.run('refusing', { kind: 'refuse' }));
    expect(err).toMatchObject({ reason: 'failed', answer: { code: 'too_large', message: 'A sentence.' } });
  });
});
