// @ts-check
// A render process (forked by server/export/renderer.ts) that does the export work, so that
// none of it runs on, or shares memory with, the server's event loop: PDFs with its own
// Typst compiler (template and font files read once), DOCX with server/export/docx.ts, and
// the reading of a document's stored Yjs state into canonical JSON
// (server/export/stored-content.ts); both TypeScript modules are loaded through tsx's API
// (server/export/worker-jobs.ts). Plain JavaScript on purpose: the process starts without
// the TypeScript loader the server runs under. Jobs and results are IPC messages (structured
// clone); the process ends when the server does. The data model and every rule live in
// server/export/*.ts; this file only dispatches.
import fs from 'node:fs';
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
import { serveJobs } from '../process-worker.mjs';

// First: at nice 10 (renders wait rather than keystrokes) before Typst starts its threads,
// which inherit it. No job is read before this module has finished setting up.
serveJobs(run);

/** @type {{ templates: { statement: string[], bilingual: string[] }, fontFiles: string[], subsetWasm: string }} */
const setup = JSON.parse(process.argv[2] ?? '{}');
const { fontFiles, subsetWasm } = setup;
/** Each layout as one Typst source: its files (blocks.typ, then the layout) read once and joined. */
/** @param {string[]} files */
const source = (files) => files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
const template = source(setup.templates.statement);
const bilingualTemplate = source(setup.templates.bilingual);
const fontBlobs = fontFiles.map((f) => fs.readFileSync(f));
/** For the DOCX: the same font files, embedded as subsets made by hb-subset. */
const embedding = { files: fontBlobs, subsetWasm: fs.readFileSync(subsetWasm) };
/**
 * Typst's project root: a directory that does not exist, so the compiler can read no file
 * of this machine; the only file it sees is the logo, shown to it under this root.
 */
const WORKSPACE = '/communique-export';
const compiler = NodeCompiler.create({ workspace: WORKSPACE, fontArgs: [{ fontBlobs }] });
let compiled = 0;
/** @type {Promise<{ statementDocx: (data: unknown, fonts: unknown) => Promise<Uint8Array>, contentOfStoredState: (stored: unknown) => unknown, withoutUnsafeLinksJson: (json: string) => string }> | null} */
let jobs = null;

/** The fixed name under which the letterhead logo's bytes are shown to Typst (never a path from user input). */
const LOGO_PATH = '/letterhead-logo';
const LOGO_FILE = `${WORKSPACE}${LOGO_PATH}`;

function loadJobs() {
  jobs ??= import('tsx/esm/api').then(({ tsImport }) => tsImport('./worker-jobs.ts', import.meta.url));
  return jobs;
}

/**
 * @param {{ kind: 'check-logo', logo: { type: 'png' | 'svg', bytes: Uint8Array } } | { kind: 'render', format: 'pdf' | 'docx', frame: string, body: string, logo: { type: 'png' | 'svg', bytes: Uint8Array } | null, timestamp: number }
 *   | { kind: 'render-bilingual', frame: string, left: string, right: string, logo: { type: 'png' | 'svg', bytes: Uint8Array } | null, timestamp: number }
 *   | { kind: 'content', stored: unknown }} job
 * @returns {Promise<unknown>}
 */
async function run(job) {
  if (job.kind === 'content') return (await loadJobs()).contentOfStoredState(job.stored);
  if (job.kind === 'check-logo') return checkLogo(job.logo);
  if (job.kind === 'render-bilingual') {
    // Both bodies are already JSON: spliced in as they are, parsed once, by Typst.
    const [left, right] = [await safeLinks(job.left), await safeLinks(job.right)];
    const data = `${job.frame.slice(0, -1)},"logo":${JSON.stringify(job.logo?.type ?? null)},"left":${left},"right":${right}}`;
    return typst(bilingualTemplate, data, job.logo, job.timestamp);
  }
  const body = await safeLinks(job.body);
  if (job.format === 'docx') {
    const data = { ...JSON.parse(job.frame), body: JSON.parse(body), logo: job.logo };
    return (await loadJobs()).statementDocx(data, embedding);
  }
  // The body is already JSON: spliced in as it is, parsed once, by Typst.
  const data = `${job.frame.slice(0, -1)},"logo":${JSON.stringify(job.logo?.type ?? null)},"body":${body}}`;
  return typst(template, data, job.logo, job.timestamp);
}

/**
 * Links that are not http, https or mailto are printed as plain text (lib/editor/links.ts);
 * a body without links is passed on unparsed.
 * @param {string} body
 */
async function safeLinks(body) {
  return body.includes('"link"') ? (await loadJobs()).withoutUnsafeLinksJson(body) : body;
}

/**
 * One PDF from a layout and its data, with the logo (if any) shown to Typst under its fixed name.
 * @param {string} main
 * @param {string} data
 * @param {{ type: 'png' | 'svg', bytes: Uint8Array } | null} logo
 * @param {number} timestamp
 */
function typst(main, data, logo, timestamp) {
  compiler.resetShadow();
  if (logo) compiler.mapShadow(LOGO_FILE, Buffer.from(logo.bytes.buffer, logo.bytes.byteOffset, logo.bytes.byteLength));
  const pdf = compiler.pdf({ mainFileContent: main, inputs: { data } }, { creationTimestamp: timestamp });
  // Typst memoises aggressively; drop what the last few documents no longer share.
  if (++compiled % 16 === 0) compiler.evictCache(10);
  return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
}

/**
 * Draws the logo once on an otherwise empty page: Typst decodes the PNG or parses the SVG
 * exactly as it will in every letterhead, so a file that passes here cannot break an export.
 * @param {{ type: 'png' | 'svg', bytes: Uint8Array }} logo
 */
function checkLogo(logo) {
  if (logo.type !== 'png' && logo.type !== 'svg') throw new Error('unknown logo type');
  compiler.resetShadow();
  compiler.mapShadow(LOGO_FILE, Buffer.from(logo.bytes.buffer, logo.bytes.byteOffset, logo.bytes.byteLength));
  try {
    const main = `#set page(width: 10cm, height: 4cm, margin: 0.5cm)\n#image("${LOGO_PATH}", format: "${logo.type}", height: 2cm)`;
    compiler.pdf({ mainFileContent: main });
    return true;
  } finally {
    compiler.resetShadow();
  }
}

// Load the TypeScript half now, while the first job (usually a PDF) needs only Typst.
void loadJobs().catch(() => {});
