import os from 'node:os';
import path from 'node:path';
import { fork, type ChildProcess } from 'node:child_process';
import type { LetterheadLogo, StatementInput } from './statement-data';
import type { ExportContent, StoredState } from './stored-content';
import { ROOT } from '../root';

export type ExportFormat = 'pdf' | 'docx';

/** What the rest of the process may ask of the export renderer (on the registry as `renderer`). */
export interface ExportRenderer {
  /** Renders one statement as a PDF or DOCX, off the event loop; resolves with the file's bytes. */
  render(statement: StatementInput, format: ExportFormat): Promise<Uint8Array>;
  /** The content (canonical JSON, hash) of a document's stored Yjs state, computed off the event loop. */
  content(stored: StoredState): Promise<ExportContent>;
  /** Resolves when Typst can draw the logo (it decodes and parses); rejects with why not. */
  checkLogo(logo: LetterheadLogo): Promise<void>;
  close(): Promise<void>;
}

/**
 * The fonts every PDF is set in, from npm packages (never the system): Noto Serif for the
 * text, Noto Sans for the letterhead, headings and footer. Both cover Latin (with ə İ ı ğ ş
 * ő ű and U+02BB), Cyrillic (Kazakh, Kyrgyz, Russian) and typographic punctuation.
 */
export function fontFiles(): string[] {
  const dir = (pkg: string) => path.dirname(require.resolve(`${pkg}/package.json`));
  const serif = dir('@expo-google-fonts/noto-serif');
  const sans = dir('@expo-google-fonts/noto-sans');
  return [
    path.join(serif, '400Regular', 'NotoSerif_400Regular.ttf'),
    path.join(serif, '400Regular_Italic', 'NotoSerif_400Regular_Italic.ttf'),
    path.join(serif, '700Bold', 'NotoSerif_700Bold.ttf'),
    path.join(serif, '700Bold_Italic', 'NotoSerif_700Bold_Italic.ttf'),
    path.join(sans, '400Regular', 'NotoSans_400Regular.ttf'),
    path.join(sans, '700Bold', 'NotoSans_700Bold.ttf'),
  ];
}

/** One message to a render process: render a statement, read a stored document's content, or check a logo. */
type JobMessage =
  | { kind: 'render'; format: ExportFormat; frame: string; body: string; logo: { type: 'png' | 'svg'; bytes: Uint8Array } | null; timestamp: number }
  | { kind: 'content'; stored: StoredState }
  | { kind: 'check-logo'; logo: LetterheadLogo };

interface Job {
  id: number;
  message: JobMessage;
  /** What the failure message names ("the PDF", "the document's text"). */
  what: string;
  /** Whether a process already died under this job (renders are pure: it is retried once). */
  retried: boolean;
  cancelTimer?: () => void;
  resolve: (result: unknown) => void;
  reject: (err: Error) => void;
}

interface Slot {
  child: ChildProcess;
  job: Job | null;
}

/** This folder, in the sources (the compiled server runs from elsewhere). */
const HERE = path.join(ROOT, 'server', 'export');
const TEMPLATE = path.join(HERE, 'pdf', 'statement.typ');
const MAX_QUEUE = 64;
const JOB_TIMEOUT_MS = 30_000;

/**
 * A small pool of render processes (server/export/render-worker.mjs), each with its own
 * Typst compiler and the DOCX writer, so that rendering never blocks the event loop that
 * relays keystrokes. Processes, not worker threads: the compiler is native code, and a crash
 * or abort inside it in a worker thread would end the whole server (every editor's
 * connection); in a process it fails one export. A process also shares no memory, allocator
 * or garbage collector with the server's main thread,
 * and can run at a lower priority as a whole. Processes start on the first export (that is
 * the "cold" time) and stay. Jobs wait in a bounded queue; a process that crashes or hangs
 * fails its job and is replaced.
 */
export class ProcessExportRenderer implements ExportRenderer {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly fonts: string[];
  private nextId = 1;
  private closed = false;

  /**
   * `size` processes: half the cores (one on a 2-core machine), so a core stays free for the
   * event loop that relays keystrokes. Typst also parallelises inside one compile (rayon);
   * unless the operator set RAYON_NUM_THREADS, each compile is kept to one thread, which
   * measured faster under concurrent exports and never starves the main thread.
   */
  constructor(private readonly size = Math.max(1, Math.floor(os.availableParallelism() / 2))) {
    this.fonts = fontFiles();
  }

  /**
   * The frame (letterhead, labels, footer) is a small object serialised here; the body goes
   * to the worker as the canonical JSON string it already is, and is parsed only there.
   */
  render(statement: StatementInput, format: ExportFormat): Promise<Uint8Array> {
    const { logo, ...frame } = statement.frame;
    return this.enqueue<Uint8Array>(`the ${format.toUpperCase()}`, {
      kind: 'render',
      format,
      frame: JSON.stringify(frame),
      body: statement.bodyJson,
      logo: logo ? { type: logo.type, bytes: logo.bytes } : null,
      timestamp: Math.floor(Date.now() / 1000),
    });
  }

  content(stored: StoredState): Promise<ExportContent> {
    return this.enqueue<ExportContent>("the document's text", { kind: 'content', stored });
  }

  async checkLogo(logo: LetterheadLogo): Promise<void> {
    await this.enqueue<boolean>('the logo', { kind: 'check-logo', logo: { type: logo.type, bytes: logo.bytes } });
  }

  private enqueue<T>(what: string, message: JobMessage): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the export renderer is closed'));
    if (this.queue.length >= MAX_QUEUE) return Promise.reject(new Error('too many exports are waiting'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, message, what, retried: false, resolve: resolve as (result: unknown) => void, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.job && s.child.connected);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.job = job;
      const timer = setTimeout(() => this.crash(slot!, new Error('the export took too long to render'), false), JOB_TIMEOUT_MS);
      const done = job.resolve;
      const fail = job.reject;
      job.resolve = (result) => (clearTimeout(timer), done(result));
      job.reject = (err) => (clearTimeout(timer), fail(err));
      job.cancelTimer = () => clearTimeout(timer);
      slot.child.send({ id: job.id, ...job.message });
    }
  }

  private spawn(): Slot {
    const setup = { template: TEMPLATE, fontFiles: this.fonts, subsetWasm: require.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm') };
    const child = fork(path.join(HERE, 'render-worker.mjs'), [JSON.stringify(setup)], {
      execArgv: [], // plain JavaScript: no TypeScript loader, none of the server's flags
      serialization: 'advanced', // structured clone: bytes cross as bytes, not JSON arrays
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, RAYON_NUM_THREADS: process.env.RAYON_NUM_THREADS ?? '1' },
    });
    const slot: Slot = { child, job: null };
    child.on('message', (msg: { id: number; result?: unknown; error?: string }) => {
      const job = slot.job;
      if (!job || job.id !== msg.id) return;
      slot.job = null;
      if (msg.result !== undefined) job.resolve(msg.result);
      else job.reject(new Error(`rendering ${job.what} failed: ${msg.error ?? 'unknown error'}`));
      this.pump();
    });
    child.on('error', (err) => this.crash(slot, err, true));
    child.on('exit', (code, signal) => {
      if (this.slots.includes(slot)) this.crash(slot, new Error(`the export process exited (${signal ?? code})`), true);
    });
    this.slots.push(slot);
    return slot;
  }

  /**
   * Ends the slot's process; the next job starts a fresh one. Its job fails, unless the
   * process died (`retry`: not a timeout) and the job had not been retried yet: then it
   * goes back to the head of the queue.
   */
  private crash(slot: Slot, err: Error, retry: boolean): void {
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    const job = slot.job;
    slot.job = null;
    if (slot.child.exitCode === null && slot.child.signalCode === null) slot.child.kill('SIGKILL');
    if (job && retry && !job.retried && !this.closed) {
      job.retried = true;
      job.cancelTimer?.();
      this.queue.unshift(job);
    } else job?.reject(err);
    if (!this.closed) this.pump();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the server is shutting down'));
    await Promise.all(
      this.slots.splice(0).map(
        (slot) =>
          new Promise<void>((resolve) => {
            if (slot.child.exitCode !== null || slot.child.signalCode !== null) return resolve();
            slot.child.once('exit', () => resolve());
            slot.job?.reject(new Error('the server is shutting down'));
            slot.child.kill('SIGTERM');
          }),
      ),
    );
  }
}
