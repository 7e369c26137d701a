// @ts-check
// An import process (forked by server/import/converter.ts through server/process-pool.ts):
// converts one uploaded Markdown or DOCX file at a time into the editor's content, off the
// server's event loop and inside this process's memory cap, so a hostile file can exhaust
// only this process. The work lives in server/import/convert.ts, loaded through tsx's API;
// this file only dispatches. Plain JavaScript: the process starts without the server's
// TypeScript loader, found beside the sources from ROOT (server/root.ts) both under tsx and
// when the server runs compiled.
import { serveJobs } from '../process-worker.mjs';

/** @type {Promise<{ convertFile: (format: 'markdown' | 'docx', bytes: Uint8Array, options: { headingIsTitle?: boolean }) => Promise<unknown> }> | null} */
let convert = null;

function load() {
  convert ??= import('tsx/esm/api').then(({ tsImport }) => tsImport('./convert.ts', import.meta.url));
  return convert;
}

serveJobs(async (/** @type {{ format: 'markdown' | 'docx', bytes: Uint8Array, options?: { headingIsTitle?: boolean } }} */ job) =>
  (await load()).convertFile(job.format, job.bytes, job.options ?? {}),
);

// Load the converter now, so the first import does not wait for it.
void load().catch(() => {});
