// @ts-check
// A worker thread that renders exports, so that no rendering runs on the server's event
// loop: PDFs with its own Typst compiler (template and font files received once), DOCX
// with server/export/docx.ts (loaded through tsx's API on the first DOCX job). Plain
// JavaScript on purpose: worker threads do not inherit the TypeScript loader the server
// runs under. The data model and every rule live in server/export/*.ts; this file only renders.
import { parentPort, workerData } from 'node:worker_threads';
import fs from 'node:fs';
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';

/** @type {{ template: string, fontFiles: string[] }} */
const { template, fontFiles } = workerData;
const compiler = NodeCompiler.create({ fontArgs: [{ fontBlobs: fontFiles.map((f) => fs.readFileSync(f)) }] });
let compiled = 0;
/** @type {Promise<(data: unknown) => Promise<Uint8Array>> | null} */
let docxWriter = null;

function loadDocxWriter() {
  docxWriter ??= import('tsx/esm/api').then(async ({ tsImport }) => (await tsImport('./docx.ts', import.meta.url)).statementDocx);
  return docxWriter;
}

/** @param {{ id: number, format: 'pdf' | 'docx', data: string, timestamp: number }} job */
async function render(job) {
  if (job.format === 'docx') return (await loadDocxWriter())(JSON.parse(job.data));
  const pdf = compiler.pdf({ mainFileContent: template, inputs: { data: job.data } }, { creationTimestamp: job.timestamp });
  // Typst memoises aggressively; drop what the last few documents no longer share.
  if (++compiled % 16 === 0) compiler.evictCache(10);
  return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
}

parentPort?.on('message', (/** @type {{ id: number, format: 'pdf' | 'docx', data: string, timestamp: number }} */ job) => {
  render(job).then(
    (result) => {
      const bytes = result.slice();
      parentPort?.postMessage({ id: job.id, bytes }, [bytes.buffer]);
    },
    (err) => parentPort?.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
