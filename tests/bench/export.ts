/**
 * PDF export benchmark (not a test): cold start, warm median and eight at once, for a
 * 3-page and a 30-page statement, rendered by the same worker pool the server uses. It
 * also watches the event loop of this (the "server") thread while rendering: the issue's
 * bound is no block over 50 ms. Run with `npm run bench:export`; it prints a table and
 * exits. Every loop is bounded by a fixed count.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { WorkerExportRenderer } from '../../server/export/renderer';
import { statementInput, type StatementInput } from '../../server/export/statement-data';
import { LANGUAGE_FIXTURES, type LanguageFixture } from '../fixtures/languages';
import { benchServerExports } from './export-server';

const WARM_RUNS = 15;
const CONCURRENT = 8;

/** The body of an Azerbaijani speech with Kazakh, Russian and other passages, `sections` sections long. */
function speechBody(sections: number): { type: 'doc'; content: object[] } {
  const content: object[] = [];
  const az = LANGUAGE_FIXTURES.find((f) => f.language === 'az')!;
  for (let i = 0; i < sections; i++) {
    const f: LanguageFixture = i % 3 === 0 ? az : LANGUAGE_FIXTURES[(i * 5) % LANGUAGE_FIXTURES.length]!;
    content.push({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: `${i + 1}. ${f.heading}` }] });
    for (const p of [...az.paragraphs, ...f.paragraphs]) content.push({ type: 'paragraph', content: [{ type: 'text', text: p }] });
    content.push({
      type: 'paragraph',
      content: [
        { type: 'text', text: f.items[0]!, marks: [{ type: 'bold' }] },
        { type: 'text', text: ` — ${f.quote} ` },
        { type: 'text', text: f.items[1]!, marks: [{ type: 'italic' }] },
      ],
    });
    content.push({ type: 'bulletList', content: f.items.map((t) => ({ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: t }] }] })) });
  }
  return { type: 'doc', content };
}

/** That speech as the statement data the renderer receives; `run` varies the audit head. */
function speech(sections: number, run = 0): StatementInput {
  return statementInput(
    {
      title: 'Prezidentin Astana sammitində çıxışı',
      kind: 'speech',
      language: 'az',
      datelinePlace: 'Astana',
      datelineDate: '2022-01-11',
      embargoUntil: null,
      state: 'approved',
      versionId: 'v_benchmark',
      uptoSeq: 1,
      contentJson: JSON.stringify(speechBody(sections)),
      contentHash: 'f'.repeat(64),
    },
    // A different audit head per run, so no render is a pure cache hit of the one before.
    { orgName: 'Ministry of Foreign Affairs', timeZone: 'Asia/Baku', auditHead: run.toString(16).padStart(64, '0'), logo: null },
  );
}

function pages(pdf: Uint8Array): number {
  const file = path.join(os.tmpdir(), `communique-bench-${process.pid}.pdf`);
  fs.writeFileSync(file, pdf);
  try {
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
  } catch {
    return -1; // pdfinfo (poppler-utils) missing: the page count is not shown
  } finally {
    fs.rmSync(file, { force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function measure(name: string, sections: number): Promise<void> {
  const renderer = new WorkerExportRenderer();
  const coldLoop = monitorEventLoopDelay({ resolution: 5 });
  const loop = monitorEventLoopDelay({ resolution: 5 });
  let run = 0;
  coldLoop.enable();
  try {
    let t = performance.now();
    const first = await renderer.render(speech(sections, run++), 'pdf');
    const cold = performance.now() - t;
    // Both workers started and warmed once, as on a server that has exported before.
    await Promise.all([renderer.render(speech(sections, run++), 'pdf'), renderer.render(speech(sections, run++), 'pdf')]);
    coldLoop.disable();

    loop.enable();
    const warm: number[] = [];
    for (let i = 0; i < WARM_RUNS; i++) {
      t = performance.now();
      await renderer.render(speech(sections, run++), 'pdf');
      warm.push(performance.now() - t);
    }

    t = performance.now();
    await Promise.all(Array.from({ length: CONCURRENT }, () => renderer.render(speech(sections, run++), 'pdf')));
    const together = performance.now() - t;
    loop.disable();

    console.log(
      [name.padEnd(10), `${pages(first)} pages`.padEnd(9), `${(first.length / 1024).toFixed(0)} KiB`.padEnd(8), `cold ${ms(cold)}`.padEnd(16), `warm median ${ms(median(warm))}`.padEnd(22), `${CONCURRENT} at once ${ms(together)}`.padEnd(24), `max event-loop delay: warm ${ms(loop.max / 1e6)}, cold start ${ms(coldLoop.max / 1e6)}`].join(' | '),
    );

    // DOCX, in the same workers: the first one loads the writer.
    const docxLoop = monitorEventLoopDelay({ resolution: 5 });
    docxLoop.enable();
    const docx: number[] = [];
    for (let i = 0; i < WARM_RUNS; i++) {
      t = performance.now();
      await renderer.render(speech(sections, run++), 'docx');
      docx.push(performance.now() - t);
    }
    docxLoop.disable();
    console.log(`${name.padEnd(10)} | DOCX first ${ms(docx[0]!)}, warm median ${ms(median(docx.slice(1)))} | max event-loop delay ${ms(docxLoop.max / 1e6)}`);
  } finally {
    await renderer.close();
  }
}

const ARG = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

async function main(): Promise<void> {
  const only = ARG('only'); // "workers" or "server"
  const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`Export benchmark, ${os.availableParallelism()} cores, Node ${process.version}, load average ${load()}`);
  if (only !== 'server') {
    console.log('\n## The render workers alone (this process plays the server)');
    // The same event-loop measure with nothing rendering: what the machine's load alone causes.
    const idle = monitorEventLoopDelay({ resolution: 5 });
    idle.enable();
    await new Promise((r) => setTimeout(r, 2000));
    idle.disable();
    console.log(`baseline: max event-loop delay while idle for 2 s ${ms(idle.max / 1e6)}`);
    await measure('3-page', 7);
    await measure('30-page', 79);
  }
  if (only !== 'workers') {
    console.log(`\n## Through the real server (HTTP export requests; the server's own event loop), load average ${load()}`);
    const { results, idleLoopMaxMs } = await benchServerExports(
      [
        { name: '3-page', body: speechBody(7) },
        { name: '30-page', body: speechBody(79) },
      ],
      { runs: Number(ARG('runs') ?? 9), concurrent: CONCURRENT, cpuProfileDir: ARG('cpu-prof') },
    );
    console.log(`server idle for 2 s: max event-loop delay ${ms(idleLoopMaxMs)}`);
    for (const r of results) {
      console.log(
        [
          r.name.padEnd(8),
          r.format.padEnd(5),
          `single: median ${ms(r.singleMedianMs)}, max loop delay ${ms(r.singleLoopMaxMs)}`.padEnd(48),
          `${CONCURRENT} at once: ${ms(r.concurrentMs)}, max loop delay ${ms(r.concurrentLoopMaxMs)}`,
        ].join(' | '),
      );
    }
  }
  console.log(`\nload average at the end ${load()}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
