import type { ConnectionsResult } from '@/tests/bench/scenarios/connections';
import { SETTLE_MS, type ColdLoadResult } from '@/tests/bench/scenarios/cold-load';
import type { ThroughputResult } from '@/tests/bench/scenarios/history';
import { summarize, type LatencySummary, type TypingResult } from '@/tests/bench/scenarios/typing';
import { median } from './measure';
import type { ServerKind } from './servers';

/** One measurement of one server in one round. `samples` are raw latencies (not written to JSON). */
export interface Run<T> {
  round: number;
  server: ServerKind;
  result: T;
  samples?: number[];
}

export interface Scenario<T> {
  id: string;
  title: string;
  runs: Run<T>[];
}

export type Side = 'ours' | 'reference';

/** The rounds in which both servers ran while other processes used less than `quietCores`. */
export function quietRounds(runs: Run<{ otherCores: number }>[], quietCores: number): number[] {
  const rounds = [...new Set(runs.map((r) => r.round))];
  return rounds.filter((round) => {
    const pair = runs.filter((r) => r.round === round);
    return pair.length === 2 && pair.every((r) => r.result.otherCores < quietCores);
  });
}

/** The runs to judge: those of quiet rounds, or every run (marked noisy) when no round was quiet. */
function judged<T extends { otherCores: number }>(s: Scenario<T>, quietCores: number): { runs: Run<T>[]; quiet: number[]; noisy: boolean } {
  const quiet = quietRounds(s.runs, quietCores);
  return quiet.length ? { runs: s.runs.filter((r) => quiet.includes(r.round)), quiet, noisy: false } : { runs: s.runs, quiet, noisy: true };
}

const side = <T>(runs: Run<T>[], server: ServerKind) => runs.filter((r) => r.server === server);

export interface Metric {
  label: string;
  unit: string;
  ours: number;
  reference: number;
  /** ours ÷ reference; for rates (higher is better) still ours ÷ reference. */
  ratio: number;
  goal?: { max: number; stretch?: number };
}

export interface ScenarioSummary {
  id: string;
  title: string;
  quietRounds: number[];
  noisy: boolean;
  /** CPU used by other processes during each run judged, in cores (of 2 here). */
  otherCores: number[];
  metrics: Metric[];
  checks: { label: string; ok: boolean; detail: string }[];
}

const metric = (label: string, unit: string, ours: number, reference: number, goal?: Metric['goal']): Metric => ({
  label,
  unit,
  ours,
  reference,
  ratio: ours / reference,
  goal,
});

export function summarizeTyping(s: Scenario<TypingResult>, quietCores: number, goals: boolean): ScenarioSummary {
  const { runs, quiet, noisy } = judged(s, quietCores);
  const lat = (server: ServerKind): LatencySummary => summarize(side(runs, server).flatMap((r) => r.samples ?? []));
  const cpu = (server: ServerKind) => {
    const rs = side(runs, server);
    return (rs.reduce((a, r) => a + r.result.serverCpuS, 0) / rs.reduce((a, r) => a + r.result.updates, 0)) * 1000;
  };
  const [o, r] = [lat('ours'), lat('reference')];
  const converge = (server: ServerKind) => median(side(runs, server).map((x) => x.result.convergeMs));
  const perKeystroke = (server: ServerKind, f: (r: TypingResult) => number) => {
    const rs = side(runs, server);
    return rs.reduce((a, r) => a + f(r.result), 0) / rs.reduce((a, r) => a + r.result.updates, 0);
  };
  const clientCores = (server: ServerKind) => median(side(runs, server).map((x) => x.result.clientCores));
  const stall = (server: ServerKind) => Math.max(...side(runs, server).map((x) => x.result.clientLoopDelayMaxMs));
  const checks = (['ours', 'reference'] as const).flatMap((server) => {
    const all = side(s.runs, server);
    const lost = all.reduce((a, x) => a + x.result.lostDeliveries, 0);
    const reconnects = all.reduce((a, x) => a + x.result.reconnects, 0);
    return [
      { label: `${server}: lost deliveries`, ok: lost === 0, detail: String(lost) },
      {
        label: `${server}: identical state on every client`,
        ok: all.every((x) => x.result.identicalEverywhere),
        detail: all.map((x) => x.result.identicalEverywhere).join('/'),
      },
      { label: `${server}: reconnects`, ok: reconnects === 0, detail: String(reconnects) },
    ];
  });
  return {
    id: s.id,
    title: s.title,
    quietRounds: quiet,
    noisy,
    otherCores: runs.map((r) => r.result.otherCores),
    metrics: [
      metric('latency p50', 'ms', o.p50, r.p50),
      metric('latency p95', 'ms', o.p95, r.p95),
      metric('latency p99', 'ms', o.p99, r.p99, goals ? { max: 1 } : undefined),
      metric('latency max', 'ms', o.max, r.max),
      metric('server CPU per 1,000 updates', 's', cpu('ours'), cpu('reference'), goals ? { max: 1, stretch: 0.8 } : undefined),
      metric(
        'server write syscalls per keystroke',
        'n',
        perKeystroke('ours', (r) => r.serverWrites),
        perKeystroke('reference', (r) => r.serverWrites),
      ),
      metric(
        'server read syscalls per keystroke',
        'n',
        perKeystroke('ours', (r) => r.serverReads),
        perKeystroke('reference', (r) => r.serverReads),
      ),
      metric('converged after typing stopped', 'ms', converge('ours'), converge('reference')),
      metric('client CPU (all clients)', 'cores', clientCores('ours'), clientCores('reference')),
      metric('longest client event-loop stall', 'ms', stall('ours'), stall('reference')),
    ],
    checks,
  };
}

export function summarizeConnections(s: Scenario<ConnectionsResult>, quietCores: number): ScenarioSummary {
  const { runs, quiet, noisy } = judged(s, quietCores);
  const setup = (server: ServerKind) => side(runs, server).flatMap((r) => r.samples ?? []);
  const pooled = (server: ServerKind, p: number) => {
    const v = [...setup(server)].sort((a, b) => a - b);
    return v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))]!;
  };
  const rss = (server: ServerKind) => median(side(runs, server).map((r) => r.result.rssPerDocumentKiB));
  const reconnects = s.runs.reduce((a, r) => a + r.result.reconnects, 0);
  return {
    id: s.id,
    title: s.title,
    quietRounds: quiet,
    noisy,
    otherCores: runs.map((r) => r.result.otherCores),
    metrics: [
      metric('set-up p50 (connect → first sync)', 'ms', pooled('ours', 50), pooled('reference', 50)),
      metric('set-up p99', 'ms', pooled('ours', 99), pooled('reference', 99)),
      metric('server RSS per open document', 'KiB', rss('ours'), rss('reference'), { max: 1 }),
    ],
    checks: [{ label: 'reconnects while open', ok: reconnects === 0, detail: String(reconnects) }],
  };
}

export function summarizeThroughput(s: Scenario<ThroughputResult>, quietCores: number): ScenarioSummary {
  const { runs, quiet, noisy } = judged(s, quietCores);
  const m = (server: ServerKind, f: (r: ThroughputResult) => number) => median(side(runs, server).map((r) => f(r.result)));
  return {
    id: s.id,
    title: s.title,
    quietRounds: quiet,
    noisy,
    otherCores: runs.map((r) => r.result.otherCores),
    metrics: [
      metric(
        'updates per second (ours: committed to SQLite first)',
        '/s',
        m('ours', (r) => r.updatesPerSecond),
        m('reference', (r) => r.updatesPerSecond),
      ),
      metric(
        'server CPU per 1,000 updates',
        's',
        m('ours', (r) => r.cpuSPer1000Updates),
        m('reference', (r) => r.cpuSPer1000Updates),
      ),
    ],
    checks: s.runs.map((r) => ({ label: `${r.server} round ${r.round}: every edit arrived`, ok: r.result.complete, detail: String(r.result.complete) })),
  };
}

export function summarizeColdLoad(s: Scenario<ColdLoadResult & { otherCores: number }>, quietCores: number): ScenarioSummary {
  const { runs, quiet, noisy } = judged(s, quietCores);
  const m = (server: ServerKind, f: (r: ColdLoadResult) => number) => median(side(runs, server).map((r) => f(r.result)));
  const both = (label: string, f: (r: ColdLoadResult) => number, goal?: Metric['goal']) => metric(label, 'ms', m('ours', f), m('reference', f), goal);
  return {
    id: s.id,
    title: s.title,
    quietRounds: quiet,
    noisy,
    otherCores: runs.map((r) => r.result.otherCores),
    metrics: [
      both('time to first sync (connect → first sync; median)', (r) => r.timeToSyncMs, { max: 1 }),
      both('server CPU, connect → first sync', (r) => r.cpuToSyncMs),
      both(`server CPU, connect → ${SETTLE_MS / 1000} s after the sync (deferred work included)`, (r) => r.cpuSettledMs, { max: 1 }),
    ],
    checks: s.runs.map((r) => ({
      label: `${r.server} round ${r.round}: full text received`,
      ok: r.result.complete,
      detail: `${r.result.textLength} characters`,
    })),
  };
}

const fmt = (v: number) => (!Number.isFinite(v) ? '—' : Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

/** The table printed at the end of a run (also pasted into docs/PERFORMANCE.md). */
export function table(summaries: ScenarioSummary[]): string {
  const lines: string[] = [];
  const row = (a: string, b: string, c: string, d: string, e: string) => `${a.padEnd(58)} ${b.padStart(10)} ${c.padStart(10)} ${d.padStart(7)}  ${e}`;
  lines.push(row('', 'ours', 'reference', 'ratio', 'goal'));
  for (const s of summaries) {
    const other = `other processes ≤ ${Math.max(...s.otherCores).toFixed(2)} cores`;
    lines.push(`${s.title}  [${s.noisy ? 'no quiet round: judged from all rounds' : `quiet rounds: ${s.quietRounds.join(', ')}`}; ${other}]`);
    for (const m of s.metrics) {
      let goal = '';
      if (m.goal) {
        const met = m.ratio <= m.goal.max;
        goal = `≤ ${m.goal.max.toFixed(1)}× ${met ? 'met' : 'MISSED'}`;
        if (m.goal.stretch !== undefined) goal += `; stretch ≤ ${m.goal.stretch}× ${m.ratio <= m.goal.stretch ? 'met' : 'not met'}`;
      }
      lines.push(row(`  ${m.label} (${m.unit})`, fmt(m.ours), fmt(m.reference), `${fmt(m.ratio)}×`, goal));
    }
    for (const c of s.checks) if (!c.ok) lines.push(`  CHECK FAILED: ${c.label}: ${c.detail}`);
  }
  return lines.join('\n');
}
