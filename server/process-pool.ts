import { fork, type ChildProcess } from 'node:child_process';
import type { MessageRef } from '@/lib/i18n/format';

/** How a pool's process is started and how long a job may run. */
export interface ProcessPoolOptions {
  /** The worker script: plain JavaScript, found from ROOT (server/root.ts), answering `{id, result}` or `{id, error, code?, ref?}`. */
  script: string;
  /** Arguments after the script (its setup). */
  args?: string[];
  /** Node's flags for the worker, such as a memory cap (`--max-old-space-size`); none of the server's. */
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
  /** Processes at most; they start on the first job and stay. */
  size: number;
  /** Jobs waiting at most; past it a job is refused at once (`busy`). */
  maxQueue: number;
  /** A job still running after this is ended with its process (`timeout`). */
  timeoutMs: number;
  /** Whether a job whose process died is tried once more: yes for pure renders, never for untrusted input that may be what killed it. */
  retryOnExit: boolean;
  /** What the jobs are called in messages for the log ("export", "import"). */
  noun: string;
}

/**
 * Why a job failed: `failed` (the worker answered with an error: its `answer`, with the
 * AppError code and catalogue message when it was one),
 * `exited` (the process died under it: a crash or its memory cap), `timeout`, `busy` (the
 * queue was full) or `closed` (the server is shutting down).
 */
export class ProcessJobError extends Error {
  constructor(
    message: string,
    readonly reason: 'failed' | 'exited' | 'timeout' | 'busy' | 'closed',
    readonly answer?: { message: string; code?: string; ref?: MessageRef },
  ) {
    super(message);
    this.name = 'ProcessJobError';
  }
}

interface Job {
  id: number;
  message: object;
  /** What the failure message names ("rendering the PDF", "converting the file"). */
  what: string;
  retried: boolean;
  cancelTimer?: () => void;
  resolve: (result: unknown) => void;
  reject: (err: Error) => void;
}

interface Slot {
  child: ChildProcess;
  job: Job | null;
}

/**
 * A small pool of child processes that run jobs off the server's event loop: the export
 * renderer (server/export/renderer.ts) and the import converter (server/import/converter.ts).
 * Processes, not worker threads: a crash, an abort or an exhausted heap inside one ends that
 * process and fails one job, never the server (every editor's connection); a process shares
 * no memory, allocator or garbage collector with the main thread and can be capped and run
 * at a lower priority as a whole. Jobs wait in a bounded queue; a process that crashes or
 * hangs fails its job and is replaced by the next job.
 */
export class ProcessPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: ProcessPoolOptions) {}

  /**
   * Whether the pool takes jobs now (/readyz): `ok`, `busy` while its queue is full (a job
   * would be refused), `closed` once the server is shutting down. Processes start on the
   * first job, so a pool with none running yet is ready.
   */
  get state(): 'ok' | 'busy' | 'closed' {
    if (this.closed) return 'closed';
    return this.queue.length >= this.options.maxQueue ? 'busy' : 'ok';
  }

  /** Runs one job (`message` goes to the worker as it is, structured-cloned); resolves with the worker's result. */
  run<T>(what: string, message: object): Promise<T> {
    const { noun, maxQueue } = this.options;
    if (this.closed) return Promise.reject(new ProcessJobError(`the ${noun} processes are closed`, 'closed'));
    if (this.queue.length >= maxQueue) return Promise.reject(new ProcessJobError(`too many ${noun}s are waiting`, 'busy'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, message, what, retried: false, resolve: resolve as (result: unknown) => void, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.job && s.child.connected);
      if (!slot && this.slots.length < this.options.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.job = job;
      const timeout = new ProcessJobError(`the ${this.options.noun} took too long (over ${this.options.timeoutMs / 1000} s)`, 'timeout');
      const timer = setTimeout(() => this.crash(slot!, timeout, false), this.options.timeoutMs);
      const done = job.resolve;
      const fail = job.reject;
      job.resolve = (result) => (clearTimeout(timer), done(result));
      job.reject = (err) => (clearTimeout(timer), fail(err));
      job.cancelTimer = () => clearTimeout(timer);
      slot.child.send({ id: job.id, ...job.message });
    }
  }

  private spawn(): Slot {
    const { script, args = [], execArgv = [], env = process.env, noun } = this.options;
    const child = fork(script, args, {
      execArgv, // plain JavaScript: no TypeScript loader, none of the server's flags
      serialization: 'advanced', // structured clone: bytes cross as bytes, not JSON arrays
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env,
    });
    const slot: Slot = { child, job: null };
    child.on('message', (msg: { id: number; result?: unknown; error?: string; code?: string; ref?: MessageRef }) => {
      const job = slot.job;
      if (!job || job.id !== msg.id) return;
      slot.job = null;
      if (msg.result !== undefined) job.resolve(msg.result);
      else {
        const message = msg.error ?? 'unknown error';
        job.reject(
          new ProcessJobError(`${job.what} failed: ${message}`, 'failed', {
            message,
            ...(msg.code ? { code: msg.code } : {}),
            ...(msg.ref ? { ref: msg.ref } : {}),
          }),
        );
      }
      this.pump();
    });
    child.on('error', (err) => this.crash(slot, new ProcessJobError(`the ${noun} process failed: ${err.message}`, 'exited'), true));
    child.on('exit', (code, signal) => {
      if (this.slots.includes(slot)) this.crash(slot, new ProcessJobError(`the ${noun} process exited (${signal ?? code})`, 'exited'), true);
    });
    this.slots.push(slot);
    return slot;
  }

  /**
   * Ends the slot's process; the next job starts a fresh one. Its job fails, unless the
   * process died (`retry`: not a timeout), the pool retries, and the job had not been
   * retried yet: then it goes back to the head of the queue.
   */
  private crash(slot: Slot, err: Error, retry: boolean): void {
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    const job = slot.job;
    slot.job = null;
    if (slot.child.exitCode === null && slot.child.signalCode === null) slot.child.kill('SIGKILL');
    if (job && retry && this.options.retryOnExit && !job.retried && !this.closed) {
      job.retried = true;
      job.cancelTimer?.();
      this.queue.unshift(job);
    } else job?.reject(err);
    if (!this.closed) this.pump();
  }

  /** Fails what waits and ends every process (the server is shutting down). */
  async close(): Promise<void> {
    this.closed = true;
    const shuttingDown = () => new ProcessJobError('the server is shutting down', 'closed');
    for (const job of this.queue.splice(0)) job.reject(shuttingDown());
    await Promise.all(
      this.slots.splice(0).map(
        (slot) =>
          new Promise<void>((resolve) => {
            if (slot.child.exitCode !== null || slot.child.signalCode !== null) return resolve();
            slot.child.once('exit', () => resolve());
            slot.job?.reject(shuttingDown());
            slot.child.kill('SIGTERM');
          }),
      ),
    );
  }
}
