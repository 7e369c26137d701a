/**
 * The server half of `npm run bench:export`: the real server (tests/helpers/server.ts, the
 * process `npm start` runs) with a probe on its own event loop (lib/loop-probe.mjs), and
 * exports requested over HTTP as a browser would, so everything an export does on the
 * server's main thread is measured: finding the text (Yjs → ProseMirror JSON, hash), the
 * statement data, handing it to the render worker, receiving the file, the audit entry and
 * writing the response. Every loop is bounded by a fixed count.
 */
import path from 'node:path';
import type { LoopReport } from './lib/loop-probe.mjs';
import { writeBody } from '@/tests/helpers/content';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

export interface ServerExportResult {
  name: string;
  format: 'pdf' | 'docx';
  /** Median time of one export request, warm. */
  singleMedianMs: number;
  /** The server's event loop during the single exports. */
  singleLoop: LoopReport;
  /** Wall time of `concurrent` exports requested at once. */
  concurrentMs: number;
  concurrentLoop: LoopReport;
}

/** Asks the probe in the server for its numbers since the last report (and starts a new period). */
async function loopReport(server: TestServer): Promise<LoopReport> {
  const before = server.output().length;
  server.proc.kill('SIGUSR2');
  let line: string | undefined;
  await waitFor(() => {
    line = /LOOP-PROBE (\{.*\})/.exec(server.output().slice(before))?.[1];
    return line !== undefined;
  }, 'the event-loop probe to report');
  return JSON.parse(line!) as LoopReport;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Measures exports of each body through the real server: `runs` single exports one after
 * another, then `concurrent` at once, for PDF and DOCX; the server's event loop is read
 * before and after each phase. `cpuProfileDir` runs the server with --cpu-prof.
 */
export async function benchServerExports(
  bodies: { name: string; body: object }[],
  options: { runs: number; concurrent: number; cpuProfileDir?: string },
): Promise<{ results: ServerExportResult[]; idleLoop: LoopReport }> {
  const nodeArgs = ['--import', path.join(__dirname, 'lib', 'loop-probe.mjs')];
  if (options.cpuProfileDir) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`);
  const server = await startServer({ nodeArgs, env: { ORG_NAME: 'Ministry of Foreign Affairs', ORG_TIMEZONE: 'Asia/Baku', COMMUNIQUE_LOOP_PROBE: '1' } });
  const results: ServerExportResult[] = [];
  try {
    const cookie = await signIn(server.url, 'drafter@example.org');
    const exportOnce = async (id: string, format: string) => {
      const res = await fetch(`${server.url}/api/documents/${id}/export.${format}`, { headers: { Cookie: cookie } });
      if (res.status !== 200) throw new Error(`export failed: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    };
    await loopReport(server);
    await new Promise((r) => setTimeout(r, 2000));
    const idleLoop = await loopReport(server);
    for (const { name, body } of bodies) {
      const created = await api<{ id: string }>(server.url, cookie, 'POST', '/api/documents', {
        title: 'Prezidentin Astana sammitində çıxışı',
        kind: 'speech',
        language: 'az',
        dateline: { place: 'Astana', date: '2022-01-11' },
      });
      const id = created.body.id;
      await writeBody(server.url, id, cookie, body);
      for (const format of ['pdf', 'docx'] as const) {
        await exportOnce(id, format); // the worker's first job of this format (cold) is not counted
        await loopReport(server);
        const times: number[] = [];
        for (let i = 0; i < options.runs; i++) {
          const t = performance.now();
          await exportOnce(id, format);
          times.push(performance.now() - t);
        }
        const singleLoop = await loopReport(server);
        const t = performance.now();
        await Promise.all(Array.from({ length: options.concurrent }, () => exportOnce(id, format)));
        const concurrentMs = performance.now() - t;
        const concurrentLoop = await loopReport(server);
        results.push({ name, format, singleMedianMs: median(times), singleLoop, concurrentMs, concurrentLoop });
      }
    }
    return { results, idleLoop };
  } finally {
    await server.stop();
  }
}
