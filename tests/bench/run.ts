/**
 * `npm run bench`: our collaboration server against the reference y-websocket server
 * (@y/websocket-server 0.1.1), side by side, interleaved, repeated, as ratios. See
 * docs/PERFORMANCE.md for what is measured and how to read it.
 *
 *   npm run bench                 the full run (2 rounds, ~10 minutes on 2 cores)
 *   npm run bench -- --quick      shorter phases, 1 round (a smoke test, ~3 minutes)
 *   npm run bench -- --rounds 3   more rounds
 *   npm run bench -- --profile    also write CPU profiles of both servers (node --cpu-prof)
 *   npm run bench -- --only latency,writers --servers ours    some phases, one side (profiling)
 *   npm run bench -- --only text --text-clients 2,20          text-only typing (no carets), as scripts and imports send
 *   npm run bench -- --only cold                              cold load of a 60-page speech typed as small updates
 *   npm run bench -- --root ../base --ours-node-args='--no-memory-reducer'   another checkout's build of ours, with node flags
 *
 * Everything listens on 127.0.0.1; every loop and wait is bounded; only processes this
 * script started are stopped, by their pid.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cpuBetween, sampleCpu } from './lib/measure';
import { machineDescription } from './lib/procstat';
import { summarizeColdLoad, summarizeConnections, summarizeThroughput, summarizeTyping, table, type Run, type Scenario } from './lib/report';
import { seed, signInAll, startOurs, startReference, type BenchServer, type ServerKind } from './lib/servers';
import { ClientWorker } from './lib/workers';
import { runConnections, type ConnectionsResult } from './scenarios/connections';
import { runColdLoad, type ColdLoadResult } from './scenarios/cold-load';
import { HISTORY_CLIENT_ID, runThroughput, type ThroughputResult } from './scenarios/history';
import { runTyping, type TypingResult } from './scenarios/typing';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    out: { type: 'string', default: path.join(__dirname, 'results', 'latest.json') },
    quiet: { type: 'string', default: '0.15' },
    profile: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    only: { type: 'string' },
    servers: { type: 'string', default: 'ours,reference' },
    clients: { type: 'string' },
    'text-clients': { type: 'string' },
    /** Another checkout's build of our server (its tests/bench is not used). */
    root: { type: 'string' },
    /** Node flags for our server, space-separated (V8 flags, a --require to observe it). */
    'ours-node-args': { type: 'string' },
  },
});

/** `--only latency,writers` runs some phases (connections, latency, writers, text, history, cold); `--servers ours` one side (profiling). */
const phases = new Set((args.only ?? 'connections,latency,writers,text,history,cold').split(','));
/** `--clients 20` changes the latency phase's client counts (profiling one size). */
const latencyClients = args.clients ? args.clients.split(',').map(Number) : [2, 20, 100];
const sides = args.servers!.split(',') as ServerKind[];
/** `--text-clients 2,20`: the text-only phase's one-typist client counts (it also runs 20 writers). */
const textClients = args['text-clients'] ? args['text-clients'].split(',').map(Number) : [20];

const quick = args.quick!;
const config = {
  rounds: Number(args.rounds ?? (quick ? 1 : 2)),
  latency: { clients: latencyClients, charsPerSecond: 50, durationS: quick ? 4 : 10 },
  writers: { clients: 20, charsPerSecond: 10, durationS: quick ? 6 : 15 },
  /** Text without carets (scripts, bots, imports): one typist among `clients`, then 20 writers. */
  text: { clients: textClients },
  // 1000 even when quick: over 200 documents, RSS growth (≈ 4 MiB) is within the allocator's noise.
  documents: 1000,
  /** Typing before the first measured phase of a round (20 writers at 10 chars/s). */
  warmupS: 8,
  historyEdits: quick ? 50_000 : 200_000,
  /** The cold-load document: the benchmark speech, this many pages, typed as small updates (lib/speech.ts). */
  coldLoadPages: quick ? 15 : 60,
  /** A round whose runs saw other processes use this many cores or more is noisy. */
  quietCores: Number(args.quiet),
  users: 100,
  workers: 2,
};

const log = (msg: string) => process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

async function main(): Promise<void> {
  const started = Date.now();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'communique-bench-'));
  const profileDir = path.join(__dirname, 'results', 'profiles');
  const profileArgs = (kind: ServerKind) => (args.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, kind)}`] : []);
  const oursArgs = [...(args['ours-node-args']?.split(' ').filter(Boolean) ?? []), ...profileArgs('ours')];
  const oursRoot = args.root ? path.resolve(args.root) : undefined;
  const perRound = 5 + textClients.length + 1; // documents per round: warm-up typing, 3 latency, 20 writers, text-only; plus the history
  const warmupRooms = 20;
  log(`seeding ${config.users} users and ${config.documents} documents in ${dataDir}`);
  const seeded = await seed(dataDir, config.users, config.documents + warmupRooms + config.rounds * (perRound + 1) + 2);
  const connectionRooms = seeded.documentIds.slice(0, config.documents);
  const warmup = seeded.documentIds.slice(config.documents, config.documents + warmupRooms);
  const pool = seeded.documentIds.slice(config.documents + warmupRooms);
  const takeRoom = () => pool.shift()!;

  const workers = Array.from({ length: config.workers }, (_, i) => new ClientWorker(i));
  const servers: Partial<Record<ServerKind, BenchServer>> = {};
  const scenarios = {
    connections: { id: 'connections', title: `${config.documents} documents, one client each`, runs: [] } as Scenario<ConnectionsResult>,
    latency: config.latency.clients.map(
      (n) =>
        ({
          id: `latency-${n}`,
          title: `${n} clients, one typist at ${config.latency.charsPerSecond} chars/s for ${config.latency.durationS} s`,
          runs: [],
        }) as Scenario<TypingResult>,
    ),
    writers: {
      id: 'writers-20',
      title: `${config.writers.clients} writers at ${config.writers.charsPerSecond} chars/s each for ${config.writers.durationS} s`,
      runs: [],
    } as Scenario<TypingResult>,
    text: [
      ...config.text.clients.map(
        (n) =>
          ({
            id: `text-${n}`,
            title: `text only: ${n} clients, one typist at ${config.latency.charsPerSecond} chars/s for ${config.latency.durationS} s, no carets`,
            runs: [],
          }) as Scenario<TypingResult>,
      ),
      {
        id: 'text-writers-20',
        title: `text only: ${config.writers.clients} writers at ${config.writers.charsPerSecond} chars/s each for ${config.writers.durationS} s, no carets`,
        runs: [],
      } as Scenario<TypingResult>,
    ],
    throughput: {
      id: 'throughput',
      title: `${config.historyEdits.toLocaleString('en')} single-character edits sent as fast as possible`,
      runs: [],
    } as Scenario<ThroughputResult>,
    coldLoad: {
      id: 'cold-load',
      title: `cold load of a ${config.coldLoadPages}-page speech typed as small updates, on a process that has not loaded it (ours: its SQLite log; the reference: the same state handed to its persistence)`,
      runs: [],
    } as Scenario<ColdLoadResult & { otherCores: number }>,
  };

  try {
    log(`generating a ${config.historyEdits}-edit history in a client worker`);
    const history = workers[0]!.call<{ updates: number; textLength: number; finalClock: number }>(
      { cmd: 'generateHistory', edits: config.historyEdits, clientId: HISTORY_CLIENT_ID },
      300_000,
    );
    const stateDir = path.join(dataDir, 'reference-state');
    const coldRoom = phases.has('cold') ? pool.pop()! : null;
    fs.mkdirSync(stateDir, { recursive: true });
    const speech = coldRoom
      ? workers[1]!.call<{ updates: number; textLength: number; finalClock: number; pages: number }>(
          { cmd: 'generateSpeech', pages: config.coldLoadPages, clientId: HISTORY_CLIENT_ID, stateFile: path.join(stateDir, `${coldRoom}.yjs`) },
          300_000,
        )
      : null;
    servers.ours = await startOurs(dataDir, oursArgs, oursRoot);
    log(`our server is up (pid ${servers.ours.pid}); signing in ${config.users} users`);
    const cookies = await signInAll(servers.ours.httpUrl!, seeded.emails);
    const { textLength, finalClock, updates } = await history;
    log(`history: ${updates} updates, ${textLength} characters of text`);
    const speechDoc = await speech;
    if (coldRoom && speechDoc && sides.includes('ours')) {
      // Typed into ours once, as its users would have: every update through the socket, each
      // committed to the log; the document then leaves memory (sealed snapshot) and the
      // rounds load it on freshly started processes.
      const load = await runThroughput(
        servers.ours!,
        workers[1]!,
        workers[0]!,
        workers,
        cookies[0],
        coldRoom,
        speechDoc.finalClock,
        speechDoc.updates,
        'speech',
      );
      if (!load.complete) throw new Error('the cold-load document did not reach our server whole');
      log(`cold-load document: ${speechDoc.updates} updates, ${speechDoc.textLength} characters (${speechDoc.pages.toFixed(0)} pages), typed into ours`);
    }

    /** `withState`: the reference loads rooms from the cold-load document's state (reference-server.mjs). */
    const restart = async (kind: ServerKind, withState = false) => {
      await servers[kind]?.stop();
      servers[kind] =
        kind === 'ours' ? await startOurs(dataDir, oursArgs, oursRoot) : await startReference(profileArgs('reference'), withState ? stateDir : undefined);
      log(`${kind} server (re)started, pid ${servers[kind]!.pid}`);
    };
    const cookieFor = (kind: ServerKind) => (kind === 'ours' ? cookies[0] : undefined);

    for (let round = 1; round <= config.rounds; round++) {
      const order = (round % 2 === 1 ? (['ours', 'reference'] as const) : (['reference', 'ours'] as const)).filter((k) => sides.includes(k));
      log(`round ${round} of ${config.rounds} (${order.join(' first, then ')})`);
      for (const kind of order) await restart(kind);

      for (const kind of phases.has('connections') ? order : []) {
        const { result, samples } = await runConnections(servers[kind]!, workers, cookies, connectionRooms, warmup);
        scenarios.connections.runs.push({ round, server: kind, result, samples });
        log(
          `  ${kind}: ${config.documents} documents, set-up p50 ${result.setupMs.p50.toFixed(1)} ms, p99 ${result.setupMs.p99.toFixed(1)} ms, ${result.rssPerDocumentKiB.toFixed(1)} KiB/doc`,
        );
      }

      // Both servers type for a while before anything is measured: per-update CPU goes on
      // falling for tens of seconds after a start while V8 optimises the hot code (measured:
      // over four 10-s phases in a row, ours 2.46 → 1.94 CPU-s per 1,000 updates, the
      // reference 1.68 → 1.52), and a server in use has run for days.
      const warmRoom = takeRoom();
      for (const kind of order) {
        await runTyping(servers[kind]!, workers, cookies, {
          clients: 20,
          writers: 20,
          charsPerSecond: 10,
          durationS: quick ? 2 : config.warmupS,
          room: warmRoom,
        });
      }

      const typing = [
        ...config.latency.clients.map((clients, i) => ({ ...config.latency, scenario: scenarios.latency[i]!, clients, writers: 1 })),
        { ...config.writers, scenario: scenarios.writers, writers: config.writers.clients },
      ].map((t) => ({ ...t, phase: t.writers === 1 ? 'latency' : 'writers', textOnly: false }));
      typing.push(
        ...config.text.clients.map((clients, i) => ({
          ...config.latency,
          scenario: scenarios.text[i]!,
          clients,
          writers: 1,
          phase: 'text',
          textOnly: true,
        })),
        { ...config.writers, scenario: scenarios.text.at(-1)!, writers: config.writers.clients, phase: 'text', textOnly: true },
      );
      for (const t of typing.filter((x) => phases.has(x.phase))) {
        const room = takeRoom();
        for (const kind of order) {
          const { result, samples } = await runTyping(servers[kind]!, workers, cookies, { ...t, room });
          t.scenario.runs.push({ round, server: kind, result, samples });
          log(
            `  ${kind}: ${t.scenario.id}: p50 ${result.latencyMs.p50.toFixed(1)} p99 ${result.latencyMs.p99.toFixed(1)} max ${result.latencyMs.max.toFixed(1)} ms, ` +
              `${result.cpuSPer1000Updates.toFixed(3)} CPU-s/1k, lost ${result.lostDeliveries}, other ${result.otherCores.toFixed(2)} cores`,
          );
        }
      }

      if (phases.has('history')) {
        const historyRoom = takeRoom();
        for (const kind of order) {
          const result = await runThroughput(servers[kind]!, workers[0]!, workers[1]!, workers, cookieFor(kind), historyRoom, finalClock, updates);
          scenarios.throughput.runs.push({ round, server: kind, result });
          log(`  ${kind}: ${Math.round(result.updatesPerSecond)} updates/s, complete ${result.complete}`);
        }
      }

      if (coldRoom && speechDoc) {
        // Both processes new: neither has loaded the document.
        for (const kind of order) await restart(kind, true);
        for (const kind of order) {
          const pids = workers.map((w) => w.pid);
          const before = sampleCpu(servers[kind]!.pid, pids);
          const result = await runColdLoad(servers[kind]!, workers[1]!, cookieFor(kind), coldRoom, speechDoc.textLength);
          const { otherCores } = cpuBetween(before, sampleCpu(servers[kind]!.pid, pids));
          scenarios.coldLoad.runs.push({ round, server: kind, result: { ...result, otherCores } });
          log(
            `  ${kind}: cold load ${result.timeToSyncMs.toFixed(1)} ms, server CPU ${result.cpuToSyncMs.toFixed(0)} ms to sync, ` +
              `${result.cpuSettledMs.toFixed(0)} ms settled, ${result.textLength} characters, other ${otherCores.toFixed(2)} cores`,
          );
        }
      }
    }
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await servers.ours?.stop();
    await servers.reference?.stop();
    if (!args.keep) fs.rmSync(dataDir, { recursive: true, force: true });
  }

  const q = config.quietCores;
  const summaries = [
    ...scenarios.latency.map((s, i) => summarizeTyping(s, q, config.latency.clients[i]! >= 20)),
    summarizeTyping(scenarios.writers, q, true),
    ...scenarios.text.map((s) => summarizeTyping(s, q, false)),
    summarizeConnections(scenarios.connections, q),
    summarizeColdLoad(scenarios.coldLoad, q),
    summarizeThroughput(scenarios.throughput, q),
  ];
  const strip = <T>(runs: Run<T>[]) => runs.map(({ samples: _samples, ...rest }) => rest);
  const output = {
    benchmark: 'Communiqué collaboration server vs @y/websocket-server 0.1.1',
    date: new Date().toISOString(),
    durationS: Math.round((Date.now() - started) / 1000),
    machine: machineDescription(),
    commit: gitDescription(),
    config,
    summaries,
    runs: {
      connections: strip(scenarios.connections.runs),
      latency: Object.fromEntries(scenarios.latency.map((s) => [s.id, strip(s.runs)])),
      writers: strip(scenarios.writers.runs),
      text: Object.fromEntries(scenarios.text.map((s) => [s.id, strip(s.runs)])),
      throughput: strip(scenarios.throughput.runs),
      coldLoad: strip(scenarios.coldLoad.runs),
    },
  };
  fs.mkdirSync(path.dirname(args.out!), { recursive: true });
  fs.writeFileSync(args.out!, `${JSON.stringify(output, null, 2)}\n`);
  const m = output.machine;
  process.stdout.write(
    `\n${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Linux ${m.kernel}, Node ${m.node}; ${config.rounds} round(s), ${output.durationS} s\n`,
  );
  process.stdout.write(`${table(summaries)}\n\nWrote ${path.relative(process.cwd(), args.out!)}\n`);
  const failed = summaries.flatMap((s) => s.checks.filter((c) => !c.ok));
  if (failed.length) process.exitCode = 1;
}

/** The commit measured, and whether the work tree had changes on top of it. */
/** The commit of the checkout whose build of ours ran (`--root`, else this one). */
function gitDescription(): string {
  const cwd = args.root ? path.resolve(args.root) : undefined;
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', cwd }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { encoding: 'utf8', cwd }).trim() !== '';
    return dirty ? `${head} with uncommitted changes` : head;
  } catch {
    return 'unknown';
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
