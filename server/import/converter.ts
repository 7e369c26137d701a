import os from 'node:os';
import path from 'node:path';
import { AppError, ERRORS, type ErrorCode } from '@/server/errors';
import { ProcessJobError, ProcessPool } from '@/server/process-pool';
import { ROOT } from '@/server/root';
import type { ConvertedFile, ConvertOptions, ImportFormat } from './convert';
import { sentence } from '@/lib/i18n/sentence';

/** What the rest of the process may ask of the import converter (on the registry as `importer`). */
export interface ImportConverter {
  /** Converts an uploaded file off the event loop; rejects with an AppError (413, 422, 503) and a sentence. */
  convert(format: ImportFormat, bytes: Uint8Array, options?: ConvertOptions): Promise<ConvertedFile>;
  close(): Promise<void>;
}

/**
 * The import process's limits. Memory: a heap of 512 MB holds the parse of any file within
 * the caps (a 10 MB Word file, 64 MB unpacked; 9 MB of Markdown) with room to spare, and a
 * file built to exhaust memory ends this process, not the server. Time: the largest
 * acceptable file converts in a few seconds on a loaded machine; 20 s ends what will not.
 */
export const IMPORT_PROCESS = { heapMb: 512, timeoutMs: 20_000, maxQueue: 8 } as const;

/**
 * Runs imports in a process of their own (server/import/import-worker.mjs on ProcessPool),
 * capped in memory (--max-old-space-size) and time. A job whose process dies is never
 * retried: the file is what killed it. One process per two cores, like exports.
 */
export class ProcessImportConverter implements ImportConverter {
  private readonly pool = new ProcessPool({
    script: path.join(ROOT, 'server', 'import', 'import-worker.mjs'),
    execArgv: [`--max-old-space-size=${IMPORT_PROCESS.heapMb}`],
    size: Math.max(1, Math.floor(os.availableParallelism() / 2)),
    maxQueue: IMPORT_PROCESS.maxQueue,
    timeoutMs: IMPORT_PROCESS.timeoutMs,
    retryOnExit: false,
    noun: 'import',
  });

  async convert(format: ImportFormat, bytes: Uint8Array, options: ConvertOptions = {}): Promise<ConvertedFile> {
    try {
      return await this.pool.run<ConvertedFile>('converting the file', { format, bytes, options });
    } catch (err) {
      throw importError(err);
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** The user's sentence for a failed conversion; the pool's error stays as the cause for the log. */
function importError(err: unknown): AppError {
  if (!(err instanceof ProcessJobError)) return new AppError('internal', undefined, { cause: err });
  const code = err.answer?.code;
  if (err.reason === 'failed' && code && code in ERRORS) return new AppError(code as ErrorCode, err.answer!.message, { cause: err, ref: err.answer!.ref });
  if (err.reason === 'exited') {
    return new AppError('unprocessable', sentence('commandErrors.import.outOfMemory'), { cause: err });
  }
  if (err.reason === 'timeout') {
    return new AppError('unprocessable', sentence('commandErrors.import.tooSlow', { seconds: IMPORT_PROCESS.timeoutMs / 1000 }), { cause: err });
  }
  if (err.reason === 'busy' || err.reason === 'closed') return new AppError('unavailable', sentence('commandErrors.import.busy'), { cause: err });
  return new AppError('unprocessable', sentence('commandErrors.import.failed'), { cause: err });
}
