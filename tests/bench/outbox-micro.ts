/**
 * The outbox alone (server/collab/outbox.ts), two versions in turn in one process: this
 * checkout's and another checkout's (`--a`), over real loopback sockets. A child process
 * holds `--clients` websocket clients that read everything; this process broadcasts one
 * keystroke-sized update (30 bytes) to all of them per tick, `--ticks` times, and counts its
 * own CPU time (our JS, node's streams and the kernel's socket writes, as in the server).
 * Then the same with two messages per recipient per tick (an update and its caret).
 *
 *   node --import tsx tests/bench/outbox-micro.ts --a /work/main [--clients 19] [--ticks 3000] [--runs 5]
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { WebSocketServer, type WebSocket } from 'ws';

const { values: args } = parseArgs({
  options: {
    a: { type: 'string' },
    clients: { type: 'string', default: '19' },
    ticks: { type: 'string', default: '3000' },
    runs: { type: 'string', default: '5' },
  },
});
if (!args.a) throw new Error('--a <checkout> is required');
const CLIENTS = Number(args.clients);
const TICKS = Number(args.ticks);
const RUNS = Number(args.runs);

interface Box {
  send(to: object, message: Uint8Array): void;
  broadcast(recipients: Iterable<object>, message: Uint8Array | readonly Uint8Array[], except: unknown): void;
  flush(): void;
}
type OutboxClass = new () => Box;

/** The clients: each reads every message and answers a message starting with 0xff with one byte. */
const CLIENT_CODE = `
const { WebSocket } = require(${JSON.stringify(require.resolve('ws'))});
for (let i = 0; i < ${CLIENTS}; i++) {
  const ws = new WebSocket(process.argv[1], { perMessageDeflate: false });
  ws.binaryType = 'nodebuffer';
  ws.on('message', (data) => { if (data[0] === 0xff) ws.send(Buffer.of(1)); });
}
`;

async function main(): Promise<void> {
  const { Outbox: OutboxA } = (await import(path.resolve(args.a!, 'server/collab/outbox.ts'))) as { Outbox: OutboxClass };
  const { Outbox: OutboxB } = (await import(path.resolve(__dirname, '../../server/collab/outbox.ts'))) as { Outbox: OutboxClass };
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await once(server, 'listening');
  const recipients: { ws: WebSocket; socket: IncomingMessage['socket']; lastSentAt: number; outFirst: null; outMore: null }[] = [];
  let acks = 0;
  let acked: (() => void) | null = null;
  let allConnected: () => void = () => {};
  const connected = new Promise<void>((resolve) => {
    allConnected = resolve;
  });
  server.on('connection', (ws, req) => {
    recipients.push({ ws, socket: req.socket, lastSentAt: 0, outFirst: null, outMore: null });
    if (recipients.length === CLIENTS) allConnected();
    ws.on('message', () => {
      if (++acks === CLIENTS) acked?.();
    });
  });
  const child = spawn(process.execPath, ['-e', CLIENT_CODE, `ws://127.0.0.1:${(server.address() as AddressInfo).port}`], { stdio: 'inherit' });
  // Until every client has connected, for at most 30 s.
  let limit: NodeJS.Timeout | undefined;
  const inTime = await Promise.race([connected.then(() => true), new Promise<false>((resolve) => (limit = setTimeout(() => resolve(false), 30_000)))]);
  clearTimeout(limit);
  if (!inTime) {
    child.kill();
    server.close();
    throw new Error(`only ${recipients.length} of ${CLIENTS} clients connected in 30 s`);
  }

  const update = Uint8Array.from({ length: 30 }, (_, i) => i + 1);
  const caret = Uint8Array.from({ length: 60 }, (_, i) => i + 2);
  /** CPU µs per tick: `perTick` messages to every recipient per tick, then a marker round trip. */
  async function run(Outbox: OutboxClass, perTick: number): Promise<number> {
    const outbox = new Outbox();
    const start = process.cpuUsage();
    for (let t = 0; t < TICKS; t++) {
      outbox.broadcast(recipients, [update.subarray(0, 2), update.subarray(2)], null);
      if (perTick > 1) outbox.broadcast(recipients, caret, null);
      await new Promise((resolve) => setImmediate(resolve));
    }
    acks = 0;
    const done = new Promise<void>((resolve) => (acked = resolve));
    outbox.broadcast(recipients, Uint8Array.of(0xff), null);
    await done;
    const used = process.cpuUsage(start);
    return (used.user + used.system) / TICKS;
  }

  for (const O of [OutboxA, OutboxB]) await run(O, 1); // warm-up
  const results: Record<string, number[]> = { 'A, 1 a tick': [], 'B, 1 a tick': [], 'A, 2 a tick': [], 'B, 2 a tick': [] };
  for (let r = 0; r < RUNS; r++) {
    for (const perTick of [1, 2]) {
      results[`A, ${perTick} a tick`]!.push(await run(OutboxA, perTick));
      results[`B, ${perTick} a tick`]!.push(await run(OutboxB, perTick));
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`µs of this process's CPU per tick (${CLIENTS} recipients, ${TICKS} ticks a run, ${RUNS} runs, A and B in turn):`);
  for (const [name, xs] of Object.entries(results)) {
    console.log(
      `  ${name.padEnd(12)} ${xs.map((x) => x.toFixed(0)).join(', ')}  median ${median(xs).toFixed(0)} (${(median(xs) / CLIENTS).toFixed(2)} per recipient)`,
    );
  }
  for (const perTick of [1, 2]) {
    const a = results[`A, ${perTick} a tick`]!;
    const b = results[`B, ${perTick} a tick`]!;
    console.log(`  B/A, ${perTick} a tick: per run ${a.map((x, i) => (b[i]! / x).toFixed(2)).join(', ')}; medians ${(median(b) / median(a)).toFixed(2)}`);
  }
  child.kill();
  for (const r of recipients) r.ws.terminate();
  server.close();
}

void main();
