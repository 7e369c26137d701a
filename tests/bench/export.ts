/**
 * Export benchmark (not a test), two halves. The render workers alone: cold start, warm
 * median and eight at once, for a 3-page and a 30-page statement, PDF and DOCX, rendered by
 * the same worker pool the server uses. Then the real server (export-server.ts): exports
 * requested over HTTP, one at a time and eight at once, with the server's own event loop
 * watched from inside it. The bound is no block over 50 ms; each loop figure names
 * the worst delay, the most CPU the thread itself used between two ticks (our own work),
 * and how long, in the worst delay, the thread only waited for a CPU (the machine's load).
 * Run with `npm run bench:export` (`--only=workers|server`, `--runs=N`, `--cpu-prof=DIR`);
 * it prints its numbers and exits. Every loop is bounded by a fixed count.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProcessExportRenderer } from '@/server/export/renderer';
import { statementInput, type StatementInput } from '@/server/export/statement-data';
import { LANGUAGE_FIXTURES, type LanguageFixture } from '@/tests/fixtures/languages';
import { benchServerExports } from './export-server';
import { createLoopWatch, type LoopReport } from './lib/loop-probe.mjs';

/** "12.3 ms (own CPU 4.0 ms)": the worst delay, and the most CPU the thread used between two ticks. */
const loop = (r: LoopReport) =>
  `${r.maxDelayMs.toFixed(1)} ms (own CPU ≤ ${r.maxOwnCpuMs.toFixed(1)} ms; in the worst: ${r.worstDelayRunQueueMs.toFixed(0)} ms waiting for a CPU)`;

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
    content.push({
      type: 'bulletList',
      content: f.items.map((t) => ({ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: t }] }] })),
    });
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
    {
      orgName: 'Ministry of Foreign Affairs',
      timeZone: 'Asia/Baku',
      auditHead: run.toString(16).padStart(64, '0'),
      logo: null,
      origin: 'https://press.example.org',
    },
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
  const renderer = new ProcessExportRenderer();
  const watch = createLoopWatch();
  let run = 0;
  try {
    let t = performance.now();
    const first = await renderer.render(speech(sections, run++), 'pdf');
    const cold = performance.now() - t;
    const pageCount = pages(first); // pdfinfo, a child process waited for: counted in no period below
    const coldLoop = watch.report();
    // The workers warmed once more, as on a server that has exported before.
    await Promise.all([renderer.render(speech(sections, run++), 'pdf'), renderer.render(speech(sections, run++), 'pdf')]);
    watch.report();

    const warm: number[] = [];
    for (let i = 0; i < WARM_RUNS; i++) {
      t = performance.now();
      await renderer.render(speech(sections, run++), 'pdf');
      warm.push(performance.now() - t);
    }
    const warmLoop = watch.report();

    t = performance.now();
    await Promise.all(Array.from({ length: CONCURRENT }, () => renderer.render(speech(sections, run++), 'pdf')));
    const together = performance.now() - t;
    const togetherLoop = watch.report();

    console.log(
      `${name}: ${pageCount} pages, ${(first.length / 1024).toFixed(0)} KiB | PDF cold ${ms(cold)} | warm median ${ms(median(warm))} (fastest ${ms(Math.min(...warm))}) | ${CONCURRENT} at once ${ms(together)}`,
    );
    console.log(`  loop: cold ${loop(coldLoop)}\n        warm ${loop(warmLoop)}\n        ${CONCURRENT} at once ${loop(togetherLoop)}`);

    // DOCX, in the same workers (the TypeScript half loads while the worker starts).
    const docx: number[] = [];
    for (let i = 0; i < WARM_RUNS; i++) {
      t = performance.now();
      await renderer.render(speech(sections, run++), 'docx');
      docx.push(performance.now() - t);
    }
    console.log(`  DOCX first ${ms(docx[0]!)}, warm median ${ms(median(docx.slice(1)))} | loop ${loop(watch.report())}`);
  } finally {
    watch.stop();
    await renderer.close();
  }
}

const ARG = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

async function main(): Promise<void> {
  const only = ARG('only'); // "workers" or "server"
  const load = () =>
    os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ');
  console.log(`Export benchmark, ${os.availableParallelism()} cores, Node ${process.version}, load average ${load()}`);
  if (only !== 'server') {
    console.log('\n## The render workers alone (this process plays the server)');
    // The same measure with nothing rendering: what the machine's load alone causes.
    const idle = createLoopWatch();
    await new Promise((r) => setTimeout(r, 2000));
    console.log(`baseline, idle for 2 s: loop ${loop(idle.report())}`);
    idle.stop();
    await measure('3-page', 7);
    await measure('30-page', 79);
  }
  if (only !== 'workers') {
    console.log(`\n## Through the real server (HTTP export requests; the server's own event loop), load average ${load()}`);
    const { results, idleLoop } = await benchServerExports(
      [
        { name: '3-page', body: speechBody(7) },
        { name: '30-page', body: speechBody(79) },
      ],
      { runs: Number(ARG('runs') ?? 9), concurrent: CONCURRENT, cpuProfileDir: ARG('cpu-prof') },
    );
    console.log(`server idle for 2 s: loop ${loop(idleLoop)}`);
    for (const r of results) {
      console.log(`${r.name} ${r.format}: single median ${ms(r.singleMedianMs)}, loop ${loop(r.singleLoop)}`);
      console.log(`${r.name} ${r.format}: ${CONCURRENT} at once ${ms(r.concurrentMs)}, loop ${loop(r.concurrentLoop)}`);
    }
  }
  console.log(`\nload average at the end ${load()}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
