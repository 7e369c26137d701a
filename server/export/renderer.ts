import os from 'node:os';
import path from 'node:path';
import type { BilingualInput } from './bilingual';
import type { LetterheadLogo, StatementInput } from './statement-data';
import type { ExportContent, StoredState } from './stored-content';
import { ProcessPool } from '@/server/process-pool';
import { ROOT } from '@/server/root';

export type ExportFormat = 'pdf' | 'docx';

/** What the rest of the process may ask of the export renderer (on the registry as `renderer`). */
export interface ExportRenderer {
  /** Renders one statement as a PDF or DOCX, off the event loop; resolves with the file's bytes. */
  render(statement: StatementInput, format: ExportFormat): Promise<Uint8Array>;
  /** Renders a master and one translation side by side as one PDF (issue 23), off the event loop. */
  renderBilingual(input: BilingualInput): Promise<Uint8Array>;
  /** The content (canonical JSON, hash) of a document's stored Yjs state, computed off the event loop. */
  content(stored: StoredState): Promise<ExportContent>;
  /** Resolves when Typst can draw the logo (it decodes and parses); rejects with why not. */
  checkLogo(logo: LetterheadLogo): Promise<void>;
  /** Whether it takes exports now (/readyz): `busy` while its queue is full, `closed` when shutting down. */
  readonly state: 'ok' | 'busy' | 'closed';
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
  | { kind: 'render-bilingual'; frame: string; left: string; right: string; logo: { type: 'png' | 'svg'; bytes: Uint8Array } | null; timestamp: number }
  | { kind: 'content'; stored: StoredState }
  | { kind: 'check-logo'; logo: LetterheadLogo };

/** This folder, in the sources (the compiled server runs from elsewhere). */
const HERE = path.join(ROOT, 'server', 'export');
/** The Typst layouts, each compiled as blocks.typ (how a body is drawn) followed by the layout itself. */
const TEMPLATES = {
  statement: [path.join(HERE, 'pdf', 'blocks.typ'), path.join(HERE, 'pdf', 'statement.typ')],
  bilingual: [path.join(HERE, 'pdf', 'blocks.typ'), path.join(HERE, 'pdf', 'bilingual.typ')],
};
const MAX_QUEUE = 64;
const JOB_TIMEOUT_MS = 30_000;

/**
 * A small pool of render processes (server/export/render-worker.mjs, run by ProcessPool),
 * each with its own Typst compiler and the DOCX writer, so that rendering never blocks the
 * event loop that relays keystrokes. Processes, not worker threads: the compiler is native
 * code, and a crash or abort inside it in a worker thread would end the whole server; in a
 * process it fails one export. Processes start on the first export (that is the "cold"
 * time) and stay. Renders are pure: a job whose process died is tried once more.
 */
export class ProcessExportRenderer implements ExportRenderer {
  private readonly pool: ProcessPool;

  /**
   * `size` processes: half the cores (one on a 2-core machine), so a core stays free for the
   * event loop that relays keystrokes. Typst also parallelises inside one compile (rayon);
   * unless the operator set RAYON_NUM_THREADS, each compile is kept to one thread, which
   * measured faster under concurrent exports and never starves the main thread.
   */
  constructor(size = Math.max(1, Math.floor(os.availableParallelism() / 2))) {
    const setup = { templates: TEMPLATES, fontFiles: fontFiles(), subsetWasm: require.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm') };
    this.pool = new ProcessPool({
      script: path.join(HERE, 'render-worker.mjs'),
      args: [JSON.stringify(setup)],
      env: { ...process.env, RAYON_NUM_THREADS: process.env.RAYON_NUM_THREADS ?? '1' },
      size,
      maxQueue: MAX_QUEUE,
      timeoutMs: JOB_TIMEOUT_MS,
      retryOnExit: true,
      noun: 'export',
    });
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

  /** Like render: the frame serialised here, both bodies passed on as the canonical JSON strings they are. */
  renderBilingual(input: BilingualInput): Promise<Uint8Array> {
    const { logo, ...frame } = input.frame;
    return this.enqueue<Uint8Array>('the bilingual PDF', {
      kind: 'render-bilingual',
      frame: JSON.stringify(frame),
      left: input.masterJson,
      right: input.translationJson,
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

  get state(): 'ok' | 'busy' | 'closed' {
    return this.pool.state;
  }

  private enqueue<T>(what: string, message: JobMessage): Promise<T> {
    return this.pool.run<T>(`rendering ${what}`, message);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
