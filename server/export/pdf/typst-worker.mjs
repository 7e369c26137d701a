// @ts-check
// A worker thread that owns one Typst compiler. It receives the template and the font
// files once, then compiles one statement per message, so rendering never runs on the
// server's event loop. Plain JavaScript on purpose: worker threads do not inherit the
// TypeScript loader the server runs under. The data model and every rule live in
// server/export/*.ts; this file only compiles.
import { parentPort, workerData } from 'node:worker_threads';
import fs from 'node:fs';
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';

/** @type {{ template: string, fontFiles: string[] }} */
const { template, fontFiles } = workerData;
const compiler = NodeCompiler.create({ fontArgs: [{ fontBlobs: fontFiles.map((f) => fs.readFileSync(f)) }] });
let compiled = 0;

parentPort?.on('message', (/** @type {{ id: number, data: string, timestamp: number }} */ job) => {
  try {
    const pdf = compiler.pdf({ mainFileContent: template, inputs: { data: job.data } }, { creationTimestamp: job.timestamp });
    const bytes = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength).slice();
    parentPort?.postMessage({ id: job.id, pdf: bytes }, [bytes.buffer]);
  } catch (err) {
    parentPort?.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) });
  }
  // Typst memoises aggressively; drop what the last few documents no longer share.
  if (++compiled % 16 === 0) compiler.evictCache(10);
});
